import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH132', {
  valid: [
    'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/\n',
    { name: 'local files', code: 'FROM alpine:3.20\nADD app.tar.gz /opt/\nADD . /src\n' },
    { name: 'git sources are not files to checksum', code: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\nADD --keep-git-dir=true "https://github.com/opencontainers/runc.git#$RUNC_VERSION" .\nADD git@github.com:o/r.git /r\n' },
    { name: 'COPY is not ADD', code: 'FROM alpine:3.20\nCOPY https://example.com/x /x\n' },
    { name: 'a variable without a value is not judged', code: 'FROM alpine:3.20\nARG SRC\nADD $SRC /x\n' },
    { name: 'exec form with a checksum', code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d ["https://example.com/a", "/a"]\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /tmp/\n',
      errors: [{ messageId: 'noChecksum', message: '`ADD` downloads `https://example.com/tool.tar.gz` without `--checksum`: the build trusts whatever the server returns. Add `--checksum=sha256:<digest>` (BuildKit), or download and verify with `sha256sum -c`.', line: 2, column: 5, endColumn: 36, severity: 'warning' }],
    },
    {
      name: 'plain http, other flags, lower case',
      code: 'FROM alpine:3.20\nadd --chown=1000:1000 --chmod=644 http://example.com/agent.jar /opt/agent.jar\n',
      errors: [{ messageId: 'plainHttp', line: 2, column: 35 }],
    },
    {
      name: 'URL from an ARG default, in a build stage',
      code: 'FROM alpine:3.20 AS fetch\nARG URL=https://example.com/a.bin\nADD ${URL} /a.bin\nFROM scratch\nCOPY --from=fetch /a.bin /a.bin\n',
      errors: [{ messageId: 'noChecksum', message: /`https:\/\/example\.com\/a\.bin`/, line: 3, column: 5, endColumn: 11 }],
    },
    {
      name: 'credentials in the URL are never shown',
      code: 'FROM alpine:3.20\nADD https://bob:pa55word@example.com/x.bin /x\n',
      errors: [{ message: /downloads `https:\/\/example\.com\/x\.bin`/, line: 2, column: 5 }],
    },
    {
      name: 'ONBUILD, exec form, several sources',
      code: 'FROM alpine:3.20\nONBUILD ADD https://example.com/a /a\nADD ["https://example.com/b", "local.txt", "/dst/"]\n',
      errors: [{ line: 2, column: 13 }, { line: 3, column: 6 }],
    },
    {
      name: 'continuation lines; a variable in the version',
      code: 'FROM eclipse-temurin:21\nARG V\nADD \\\n  https://github.com/o/r/releases/download/v$V/agent.jar \\\n  /opt/agent.jar\n',
      errors: [{ line: 4, column: 3 }],
    },
    {
      name: 'an empty --checksum does not count',
      code: 'FROM alpine:3.20\nADD --checksum= https://example.com/a /a\n',
      errors: [{ line: 2, column: 17 }],
    },
  ],
});
