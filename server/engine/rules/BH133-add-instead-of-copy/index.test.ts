import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH133', {
  valid: [
    'FROM alpine:3.20\nCOPY app /app\n',
    { name: 'local archives are unpacked by ADD', code: 'FROM alpine:3.20\nADD rootfs.tar.gz /\nADD app.tgz /opt/\nADD bin/derby.tar.bz2 /usr\nADD x.txz /\nADD y.tar.zst /\nADD z.tar /\nADD bin/eclipse*.gz /u01/\n' },
    { name: 'URLs and git sources', code: 'FROM alpine:3.20\nADD https://example.com/a.jar /a.jar\nADD https://github.com/o/r.git#v1 /src\nADD git@github.com:o/r.git /r\n' },
    { name: 'a quoted git source', code: 'FROM alpine:3.20\nARG V\nADD --keep-git-dir=true "https://github.com/opencontainers/runc.git#$V" .\n' },
    { name: 'a variable that may name an archive', code: 'FROM alpine:3.20\nARG PKG\nADD $PKG /opt/\n' },
    { name: 'an ARG default that is an archive', code: 'FROM alpine:3.20\nARG PKG=dist/app.tar.gz\nADD ${PKG} /opt/\n' },
    { name: 'wildcards that may match archives', code: 'FROM alpine:3.20\nADD dist/* /opt/\n' },
    { name: 'a heredoc', code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nADD app /app\n',
      errors: [{ messageId: 'useCopy', message: 'Use `COPY` instead of `ADD` for local files and folders: `ADD` also fetches URLs and unpacks archives, so it can do more than it says.', line: 2, column: 1, endColumn: 4, severity: 'info' }],
      output: 'FROM alpine:3.20\nCOPY app /app\n',
      fixTitles: ['Replace ADD with COPY'],
    },
    {
      name: 'lower case and mixed case keywords keep their case; several sources',
      code: 'from alpine:3.20\nadd check.sh main.sh /app/\nAdd . /src\n',
      errors: [{ line: 2, column: 1 }, { line: 3, column: 1 }],
      output: 'from alpine:3.20\ncopy check.sh main.sh /app/\nCopy . /src\n',
    },
    {
      name: 'flags COPY accepts are kept',
      code: 'FROM alpine:3.20\nADD --chown=app:app --chmod=755 --link start.sh /usr/local/bin/\n',
      errors: [{ line: 2, column: 1 }],
      output: 'FROM alpine:3.20\nCOPY --chown=app:app --chmod=755 --link start.sh /usr/local/bin/\n',
    },
    {
      name: 'an ADD-only flag: no fix',
      code: 'FROM alpine:3.20\nADD --keep-git-dir=true src /src\n',
      errors: [{ line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'exec form, a .rpm and a .jar (not unpacked), ARG-resolved source',
      code: 'FROM oraclelinux:9\nARG JAR=lib/app.jar\nADD ["oracle-instantclient.rpm", "/tmp/"]\nADD $JAR /opt/\n',
      errors: [{ line: 3, column: 1 }, { line: 4, column: 1 }],
      output: 'FROM oraclelinux:9\nARG JAR=lib/app.jar\nCOPY ["oracle-instantclient.rpm", "/tmp/"]\nCOPY $JAR /opt/\n',
    },
    {
      name: 'ONBUILD trigger and an earlier stage',
      code: 'FROM alpine:3.20 AS a\nADD conf /etc/conf\nFROM alpine:3.20\nONBUILD ADD . /app\n',
      errors: [{ line: 2, column: 1 }, { line: 4, column: 9 }],
      output: 'FROM alpine:3.20 AS a\nCOPY conf /etc/conf\nFROM alpine:3.20\nONBUILD COPY . /app\n',
    },
    {
      name: 'continuation lines',
      code: 'FROM alpine:3.20\nADD \\\n  ./provisioning \\\n  /etc/grafana/provisioning\n',
      errors: [{ line: 2, column: 1 }],
      output: 'FROM alpine:3.20\nCOPY \\\n  ./provisioning \\\n  /etc/grafana/provisioning\n',
    },
  ],
});
