import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH109', {
  valid: [
    'FROM debian:12\nWORKDIR /app\nCOPY . .\n',
    { name: 'a binary into /usr/local/bin and /usr/bin', code: 'FROM debian:12\nCOPY app /usr/local/bin/app\nCOPY tool /usr/bin/tool\n' },
    { name: 'a config file into /etc/nginx', code: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY conf.d/ /etc/nginx/conf.d/\n' },
    { name: 'build outputs from a stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch\nCOPY --from=build /out/app /usr/bin/app\nCOPY --from=build / /\n' },
    { name: 'a single script into /', code: 'FROM debian:12\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\n' },
    { name: 'a filesystem overlay into /', code: 'FROM alpine:3.20\nCOPY rootfs/ /\nCOPY bin/ /usr/bin/\n' },
    { name: 'WORKDIR / as a reset', code: 'FROM debian:12\nWORKDIR /\nCMD ["supervisord"]\n' },
    { name: 'WORKDIR /root in a tool image', code: 'FROM debian:12\nWORKDIR /root\n' },
    { name: 'relative COPY without a known WORKDIR', code: 'FROM node:20\nCOPY . .\n' },
    { name: 'a build stage that does not reach the image', code: 'FROM debian:12 AS gen\nCOPY . /\nWORKDIR /etc\nFROM debian:12\nCOPY --from=gen /out /app\n' },
    { name: 'heredoc file into /etc', code: 'FROM debian:12\nCOPY <<EOF /etc/motd\nhello\nEOF\n' },
    { name: 'an unresolved destination', code: 'FROM debian:12\nARG DEST\nCOPY . $DEST\n' },
    { name: 'ONBUILD COPY . . into the child image\'s WORKDIR (unknown)', code: 'FROM debian:12\nWORKDIR /\nONBUILD COPY . .\n' },
    { name: 'configured directories', code: 'FROM debian:12\nCOPY . /etc\n', options: { systemDirectories: ['/bin'] } },
  ],
  invalid: [
    { name: 'COPY . /', code: 'FROM debian:12\nCOPY . /\n', errors: [{ messageId: 'context', message: /`\/`/, line: 2, column: 8, endColumn: 9, severity: 'warning' }] },
    { name: 'ADD ./ /etc/ and COPY * /usr/bin', code: 'FROM debian:12\nADD ./ /etc/\nCOPY --chown=app * /usr/bin\n', errors: [{ messageId: 'context', message: /`\/etc`/, line: 2, column: 8 }, { messageId: 'context', message: /`\/usr\/bin`/, line: 3, column: 20, endColumn: 28 }] },
    { name: 'WORKDIR / then COPY . .', code: 'FROM python:3.12-slim\nWORKDIR /\nCOPY . .\nCMD ["python", "app.py"]\n', errors: [{ messageId: 'contextViaWorkdir', message: /`\/`/, line: 3, column: 8, endColumn: 9 }] },
    { name: 'WORKDIR /usr/bin', code: 'FROM debian:12\nWORKDIR /usr/bin\nCMD ["./zoom"]\n', errors: [{ messageId: 'workdir', message: /`\/usr\/bin`/, line: 2, column: 9, endColumn: 17 }] },
    { name: 'relative WORKDIR resolving to /etc', code: 'FROM debian:12\nWORKDIR /\nWORKDIR etc\n', errors: [{ messageId: 'workdir', message: /`\/etc`/, line: 3, column: 9 }] },
    { name: 'ARG-resolved WORKDIR and destination', code: 'FROM debian:12\nARG APP_DIR=/usr/lib\nWORKDIR ${APP_DIR}\nCOPY . ./\n', errors: [{ messageId: 'workdir', line: 3, column: 9, endColumn: 19 }, { messageId: 'contextViaWorkdir', message: /`\/usr\/lib`/, line: 4, column: 8, endColumn: 10 }] },
    { name: 'WORKDIR inherited from a parent stage', code: 'FROM debian:12 AS base\nWORKDIR /etc\nFROM base\nCOPY . .\n', errors: [{ messageId: 'workdir', line: 2, column: 9 }, { messageId: 'contextViaWorkdir', line: 4, column: 8 }] },
    { name: 'exec-form COPY', code: 'FROM debian:12\nCOPY [".", "/"]\n', errors: [{ messageId: 'context', line: 2, column: 12, endColumn: 15 }] },
    { name: 'an application directory into /usr/bin', code: 'FROM debian:12\nCOPY app/ /usr/bin/\n', errors: [{ messageId: 'directoryIntoBin', message: /`app\/`/, line: 2, column: 6, endColumn: 10 }] },
    { name: 'the target stage chain is the one judged', code: 'FROM debian:12 AS prod\nCOPY . /\nFROM prod AS dev\nWORKDIR /etc\n', config: { target: 'prod' }, errors: [{ messageId: 'context', line: 2, column: 8 }] },
    { name: 'ONBUILD COPY . / lands in every child image', code: 'FROM debian:12\nONBUILD COPY . /\n', errors: [{ messageId: 'context', line: 2, column: 16, endColumn: 17 }] },
    { name: 'continuation line', code: 'FROM debian:12\nCOPY --chown=1000:1000 \\\n  . \\\n  /root/\n', errors: [{ messageId: 'context', message: /`\/root`/, line: 4, column: 3, endColumn: 9 }] },
  ],
});
