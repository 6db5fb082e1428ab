import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH106', {
  valid: [
    'FROM debian:12\nEXPOSE 80 443 8022 220 2222\n',
    { name: 'UDP port 22 is not SSH', code: 'FROM debian:12\nEXPOSE 22/udp\n' },
    { name: 'a build stage that is not in the image', code: 'FROM debian:12 AS build\nEXPOSE 22\nCMD ["/usr/sbin/sshd", "-D"]\nFROM debian:12\nCOPY --from=build /out /out\nCMD ["/out/app"]\n' },
    { name: 'ssh clients and build-time ssh', code: 'FROM debian:12\nRUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts && service ssh start\nCMD ["ssh", "-N", "tunnel@example.com"]\n' },
    { name: 'reading sshd_config is not running sshd', code: 'FROM debian:12\nCMD ["cat", "/etc/ssh/sshd_config"]\n' },
    { name: 'an overridden CMD does not count', code: 'FROM debian:12\nCMD ["/usr/sbin/sshd", "-D"]\nCMD ["nginx", "-g", "daemon off;"]\n' },
    { name: 'an ENTRYPOINT of the parent stage replaced in the child', code: 'FROM debian:12 AS base\nENTRYPOINT ["/usr/sbin/sshd", "-D"]\nFROM base\nENTRYPOINT ["/app"]\n' },
    { name: 'an inherited CMD is reset by a new ENTRYPOINT', code: 'FROM debian:12 AS base\nCMD /usr/sbin/sshd -D\nFROM base\nENTRYPOINT ["/app"]\n' },
    { name: 'an unresolved port', code: 'FROM debian:12\nARG PORT\nEXPOSE $PORT\n' },
    { name: 'the target stage has no SSH', code: 'FROM debian:12 AS prod\nEXPOSE 8080\nFROM prod AS debug\nEXPOSE 22\n', config: { target: 'prod' } },
    { name: 'ONBUILD EXPOSE is the child image\'s', code: 'FROM debian:12\nONBUILD EXPOSE 22\n' },
  ],
  invalid: [
    { name: 'EXPOSE 22', code: 'FROM debian:12\nEXPOSE 22\n', errors: [{ messageId: 'exposed', message: /`EXPOSE 22`/, line: 2, column: 8, endColumn: 10, severity: 'warning' }] },
    {
      name: '22/tcp among other ports, and a range',
      code: 'FROM debian:12\nEXPOSE 80 22/tcp\nexpose 20-25\n',
      errors: [
        { messageId: 'exposed', line: 2, column: 11, endColumn: 17 },
        { messageId: 'exposed', line: 3, column: 8, endColumn: 13 },
      ],
    },
    {
      name: 'ARG-resolved port, build arg too',
      code: 'ARG SSH_PORT=2222\nFROM debian:12\nARG SSH_PORT\nEXPOSE ${SSH_PORT}\n',
      config: { buildArgs: { SSH_PORT: '22' } },
      errors: [{ messageId: 'exposed', message: /`EXPOSE \$SSH_PORT` = `22`/, line: 4, column: 8, endColumn: 19 }],
    },
    {
      name: 'EXPOSE in a stage the final one is built from',
      code: 'FROM debian:12 AS base\nEXPOSE 22\nFROM base\nCMD ["bash"]\n',
      errors: [{ messageId: 'exposed', line: 2, column: 8 }],
    },
    {
      name: 'exec-form sshd',
      code: 'FROM debian:12\nCMD ["/usr/sbin/sshd", "-D", "-e"]\n',
      errors: [{ messageId: 'daemon', message: /`\/usr\/sbin\/sshd`/, line: 2, column: 6, endColumn: 22 }],
    },
    {
      name: 'shell-form sshd over a continuation line',
      code: 'FROM alpine:3.20\nCMD /usr/sbin/sshd \\\n    -D\n',
      errors: [{ messageId: 'daemon', message: /`\/usr\/sbin\/sshd \\ -D`/, line: 2, column: 5, endLine: 3, endColumn: 7 }],
    },
    {
      name: 'service ssh start in shell form',
      code: 'FROM ubuntu:24.04\nCMD service ssh start && tail -f /dev/null\n',
      errors: [{ messageId: 'daemon', message: /`service ssh start`/, line: 2, column: 5, endColumn: 22 }],
    },
    {
      name: 'sh -c in an exec-form ENTRYPOINT',
      code: 'FROM ubuntu:24.04\nENTRYPOINT ["sh", "-c", "service ssh start && exec nginx -g \'daemon off;\'"]\n',
      errors: [{ messageId: 'daemon', line: 2, column: 26, endColumn: 43 }],
    },
    {
      name: 'init script and a wrapper',
      code: 'FROM debian:12\nENTRYPOINT ["tini", "--", "/etc/init.d/ssh", "start"]\n',
      errors: [{ messageId: 'daemon', message: /`\/etc\/init\.d\/ssh start`/, line: 2, column: 27, endColumn: 53 }],
    },
    {
      name: 'a start script named for sshd',
      code: 'FROM debian:12\nENTRYPOINT ["/usr/local/share/ssh-init.sh"]\nCMD ["sleep", "infinity"]\n',
      errors: [{ messageId: 'daemon', line: 2, column: 13, endColumn: 43 }],
    },
    {
      name: 'CMD inherited from the parent stage, with both findings',
      code: 'FROM debian:12 AS base\nEXPOSE 22\nCMD ["/usr/sbin/sshd", "-D"]\nFROM base AS final\nRUN echo hi\n',
      errors: [
        { messageId: 'exposed', line: 2, column: 8 },
        { messageId: 'daemon', line: 3, column: 6 },
      ],
    },
    {
      name: 'the target stage is the one judged',
      code: 'FROM debian:12 AS debug\nCMD ["dropbear", "-F"]\nFROM debian:12 AS prod\nCMD ["app"]\n',
      config: { target: 'debug' },
      errors: [{ messageId: 'daemon', message: /`dropbear`/, line: 2, column: 6 }],
    },
  ],
});
