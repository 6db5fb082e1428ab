import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH115', {
  valid: [
    'FROM debian:12\nRUN chmod 755 /app && chmod +x /entrypoint.sh && chmod 644 /etc/app.conf && chmod 775 /data\n',
    { name: 'sticky world-writable temporary directories', code: 'FROM debian:12\nRUN mkdir -p /tmp/cache && chmod 1777 /tmp/cache && chmod a+rwxt /var/tmp/x && chmod o+w,+t /scratch\n' },
    { name: '+w without a who is limited by the umask', code: 'FROM debian:12\nRUN chmod +xw /app/run.sh && chmod u+w,g+w /data\n' },
    { name: 'setgid on a directory sets the group of new files', code: 'FROM debian:12\nRUN chmod g+s /srv/shared && chmod 2775 /srv/data\n' },
    { name: 'removing write and setuid', code: 'FROM debian:12\nRUN chmod o-w /app && chmod u-s /usr/bin/newgrp && chmod a-s /usr/bin/*\n' },
    { name: 'a temporary directory removed in the same RUN', code: 'FROM debian:12\nRUN tempDir="$(mktemp -d)" && chmod 777 "$tempDir" && make -C "$tempDir" && rm -rf "$tempDir"\n' },
    { name: 'a build stage that does not reach the image', code: 'FROM debian:12 AS build\nRUN chmod 777 /out && chmod u+s /out/tool\nFROM debian:12\nCOPY --from=build /out/tool /usr/local/bin/tool\n' },
    { name: 'modes from variables are not judged', code: 'FROM debian:12\nRUN chmod "$MODE" /app\nCOPY --chmod=$PERMS a /a\n' },
    { name: 'COPY --chmod=755', code: 'FROM debian:12\nCOPY --chmod=755 run.sh /usr/local/bin/run\nADD --chmod=644 app.conf /etc/app.conf\n' },
    { name: 'install and mkdir with ordinary modes', code: 'FROM debian:12\nRUN install -m 0755 app /usr/local/bin/app && mkdir -m 700 /root/.ssh && install -d -m 2775 /srv/x\n' },
    { name: 'find -exec chmod g+s on directories', code: 'FROM debian:12\nRUN find /opt -type d -exec chmod g+s {} \\; && find /srv -exec chmod 755 {} +\n' },
    { name: 'chmod --reference', code: 'FROM debian:12\nRUN chmod --reference=/etc/passwd /etc/app\n' },
  ],
  invalid: [
    {
      name: 'chmod 777',
      code: 'FROM debian:12\nRUN chmod -R 777 /app\n',
      errors: [{ messageId: 'worldWritable', message: /`777` makes `\/app` world-writable/, line: 2, column: 14, endColumn: 17, severity: 'warning' }],
      output: 'FROM debian:12\nRUN chmod -R 755 /app\n',
      fixTitles: [/Use mode 755 \(drops group and other write/],
    },
    { name: 'chmod 0666', code: 'FROM debian:12\nRUN chmod 0666 /etc/sudoers\n', errors: [{ messageId: 'worldWritable', line: 2, column: 11, endColumn: 15 }], output: 'FROM debian:12\nRUN chmod 0644 /etc/sudoers\n' },
    {
      name: 'symbolic world-writable modes: no fix',
      code: 'FROM debian:12\nRUN chmod o+w /a && chmod a+rwx /b && chmod -R ugo+rw /c d\n',
      errors: [
        { messageId: 'worldWritable', line: 2, column: 11, endColumn: 14 },
        { messageId: 'worldWritable', line: 2, column: 27, endColumn: 32 },
        { messageId: 'worldWritable', message: /`\/c` and 1 more/, line: 2, column: 48, endColumn: 54 },
      ],
      output: null,
    },
    { name: 'setuid, symbolic', code: 'FROM debian:12\nRUN chmod +s /sbin/gosu\n', errors: [{ messageId: 'setuid', message: /`\+s` sets the setuid bit on `\/sbin\/gosu`/, line: 2, column: 11, endColumn: 13 }], output: null },
    { name: 'setuid, octal', code: 'FROM debian:12\nRUN chmod 4755 /usr/local/bin/tool\n', errors: [{ messageId: 'setuid', line: 2, column: 11 }], output: 'FROM debian:12\nRUN chmod 0755 /usr/local/bin/tool\n', fixTitles: ['Use mode 0755 (drops the setuid/setgid bits)'] },
    { name: 'setgid on an executable', code: 'FROM debian:12\nRUN chmod g+s /usr/bin/tool\n', errors: [{ messageId: 'setgid', line: 2, column: 11 }], output: null },
    {
      name: 'setuid and world-writable: two findings, one fix',
      code: 'FROM debian:12\nRUN chmod 6777 /usr/bin/tool\n',
      errors: [{ messageId: 'setuid', line: 2, column: 11 }, { messageId: 'worldWritable', line: 2, column: 11 }],
      output: 'FROM debian:12\nRUN chmod 0755 /usr/bin/tool\n',
    },
    {
      name: 'COPY --chmod and ADD --chmod',
      code: 'FROM debian:12\nCOPY --chmod=777 data/ /data/\nADD --chmod=4755 tool /usr/local/bin/tool\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 14, endColumn: 17 }, { messageId: 'setuid', line: 3, column: 13, endColumn: 17 }],
      output: 'FROM debian:12\nCOPY --chmod=755 data/ /data/\nADD --chmod=0755 tool /usr/local/bin/tool\n',
    },
    {
      name: 'ARG-resolved --chmod: reported, not rewritten',
      code: 'FROM debian:12\nARG MODE=777\nCOPY --chmod=${MODE} a /a\n',
      errors: [{ messageId: 'worldWritable', message: /`777`/, line: 3, column: 14, endColumn: 21 }],
      output: null,
    },
    {
      name: 'install -m and mkdir -m',
      code: 'FROM debian:12\nRUN install -m 4755 tool /usr/local/bin/tool && mkdir -p -m 777 /data && mkdir --mode=0777 /cache\n',
      errors: [
        { messageId: 'setuid', line: 2, column: 16, endColumn: 20 },
        { messageId: 'worldWritable', line: 2, column: 61, endColumn: 64 },
        { messageId: 'worldWritable', line: 2, column: 87, endColumn: 91 },
      ],
      output: 'FROM debian:12\nRUN install -m 0755 tool /usr/local/bin/tool && mkdir -p -m 755 /data && mkdir --mode=0755 /cache\n',
    },
    {
      name: 'heredoc, sh -c, continuation lines',
      code: "FROM alpine:3.20\nRUN <<EOF\nchmod 777 /srv\nEOF\nRUN sh -c 'chmod 777 /opt' \\\n && chmod \\\n   a+w /x\n",
      errors: [
        { messageId: 'worldWritable', line: 3, column: 7, endColumn: 10 },
        { messageId: 'worldWritable', line: 5, column: 18, endColumn: 21 },
        { messageId: 'worldWritable', line: 7, column: 4, endColumn: 7 },
      ],
      output: "FROM alpine:3.20\nRUN <<EOF\nchmod 755 /srv\nEOF\nRUN sh -c 'chmod 755 /opt' \\\n && chmod \\\n   a+w /x\n",
    },
    {
      name: 'find -exec chmod and xargs chmod',
      code: 'FROM debian:12\nRUN find /data -type d -exec chmod 777 {} + && find /opt -type d | xargs chmod o+w\n',
      errors: [
        { messageId: 'worldWritable', message: /the files `find \/data` selects/, line: 2, column: 36, endColumn: 39 },
        { messageId: 'worldWritable', line: 2, column: 80, endColumn: 83 },
      ],
      output: 'FROM debian:12\nRUN find /data -type d -exec chmod 755 {} + && find /opt -type d | xargs chmod o+w\n',
    },
    {
      name: 'ONBUILD of the image runs in a child image',
      code: 'FROM debian:12 AS build\nONBUILD RUN chmod 777 /tmp/x\nFROM debian:12\nONBUILD COPY --chmod=0777 . /app\n',
      errors: [{ messageId: 'worldWritable', line: 4, column: 22 }],
      output: 'FROM debian:12 AS build\nONBUILD RUN chmod 777 /tmp/x\nFROM debian:12\nONBUILD COPY --chmod=0755 . /app\n',
    },
    {
      name: 'the parent stage of the final one counts',
      code: 'FROM debian:12 AS base\nRUN chmod 777 /data\nFROM base\nUSER 1000\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 11 }],
      output: 'FROM debian:12 AS base\nRUN chmod 755 /data\nFROM base\nUSER 1000\n',
    },
  ],
});
