import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH124', {
  valid: [
    'FROM alpine:3.20\nRUN adduser -D -u 10001 app\n',
    { name: 'locking and unlocking accounts', code: 'FROM debian:12\nRUN passwd -l root && passwd -u git && usermod -p \'*\' app && useradd -p \'!\' -m svc\n' },
    { name: 'password from a secret mount', code: 'FROM debian:12\nRUN --mount=type=secret,id=pw echo "root:$(cat /run/secrets/pw)" | chpasswd\nRUN --mount=type=secret,id=pw chpasswd < /run/secrets/pw\n' },
    { name: 'openssl passwd reading stdin', code: 'FROM debian:12\nRUN --mount=type=secret,id=pw openssl passwd -6 -stdin < /run/secrets/pw\n' },
    { name: 'htpasswd prompting (no -b)', code: 'FROM httpd:2.4\nRUN htpasswd -c /etc/apache2/.htpasswd admin < /dev/null || true\n' },
    { name: 'echo that is not piped into chpasswd', code: 'FROM debian:12\nRUN echo "root:x:0:0" > /tmp/a && chpasswd --help\n' },
    { name: 'an unknown variable is not judged', code: 'FROM debian:12\nRUN echo "app:$PASSWORD" | chpasswd\n' },
  ],
  invalid: [
    {
      name: 'echo user:pw | chpasswd',
      code: "FROM debian:12\nRUN echo 'root:hunter22' | chpasswd\n",
      errors: [{ messageId: 'literal', message: '`chpasswd` sets a password written in the Dockerfile (********): every container of the image has this known password, and the `RUN` line is in the image history. Lock the account (`passwd -l`), or read the password from a build secret (`RUN --mount=type=secret`).', line: 2, column: 16, endColumn: 24, severity: 'error' }],
    },
    {
      name: 'printf and a here-string, chpasswd -e with a hash',
      code: "FROM debian:12\nRUN printf '%s\\n' 'app:s3cret99' | chpasswd\nRUN chpasswd -e <<< 'root:$6$salt$Qk0.abc'\n",
      errors: [
        { messageId: 'literal', line: 2, column: 24, endColumn: 32 },
        { messageId: 'hash', message: /^`chpasswd` sets a password hash written in the Dockerfile \(\*{8}\)/, line: 3, column: 27, endColumn: 42, severity: 'warning' },
      ],
    },
    {
      name: 'passwd fed by echo -e',
      code: 'FROM debian:12\nRUN echo -e "pw12345\\npw12345" | passwd app\n',
      errors: [{ messageId: 'literal', message: /^`passwd` sets a password/, line: 2, column: 14, endColumn: 21 }],
    },
    {
      name: 'usermod -p and useradd --password with a hash',
      code: "FROM debian:12\nRUN usermod -p '$1$abc$def' root && useradd -m --password '$6$xyz$abc' bob\n",
      errors: [
        { messageId: 'hash', message: /^`usermod -p` sets a password hash/, line: 2, column: 17, endColumn: 27 },
        { messageId: 'hash', message: /^`useradd --password` sets a password hash/, line: 2, column: 60, endColumn: 70 },
      ],
    },
    {
      name: 'openssl passwd with a literal inside useradd -p',
      code: 'FROM debian:12\nRUN useradd -m -p "$(openssl passwd -1 s3cret-pw)" bob\n',
      errors: [{ messageId: 'literal', message: /^`openssl passwd` sets a password written/, line: 2, column: 40, endColumn: 49 }],
    },
    {
      name: 'htpasswd -b',
      code: 'FROM nginx:1.27\nRUN htpasswd -bc /etc/nginx/.htpasswd admin adminpw1 && htpasswd -nb user pw2x\n',
      errors: [
        { messageId: 'literal', message: /^`htpasswd -b`/, line: 2, column: 45, endColumn: 53 },
        { messageId: 'literal', line: 2, column: 75, endColumn: 79 },
      ],
    },
    {
      name: 'a build argument, ONBUILD, continuation and sudo',
      code: 'FROM debian:12\nARG ROOT_PW\nRUN echo "root:${ROOT_PW}" \\\n    | sudo chpasswd\nONBUILD RUN echo "app:onbuild1" | chpasswd\n',
      errors: [
        { messageId: 'fromArg', message: '`chpasswd` sets a password from build argument `ROOT_PW`: build argument values are kept in the image history (`docker history`). Pass it as a build secret (`RUN --mount=type=secret,env=ROOT_PW`).', line: 3, column: 16, endColumn: 26, severity: 'warning' },
        { messageId: 'literal', line: 5, column: 23, endColumn: 31 },
      ],
    },
    {
      name: 'heredoc RUN and an ENV from the parent stage',
      code: 'FROM debian:12 AS base\nENV APP_PW=x\nFROM base\nRUN <<EOF\necho "app:$APP_PW" | chpasswd\necho "root:t00r-pw" | chpasswd\nEOF\n',
      errors: [
        { messageId: 'fromEnv', line: 5, column: 11, endColumn: 18 },
        { messageId: 'literal', line: 6, column: 12, endColumn: 19 },
      ],
    },
  ],
});
