import { ruleTester } from '../../../../test/support/ruleTester';

const DEBIAN_RUN = 'RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app';
const ALPINE_RUN = 'RUN addgroup -S app && adduser -S -G app -H -s /sbin/nologin app';

ruleTester('BH101', {
  valid: [
    'FROM debian:12\nUSER 1000\nCMD ["bash"]\n',
    'FROM debian:12\nUSER app:app\n',
    { name: 'only a build stage runs as root', code: 'FROM golang:1.22 AS build\nRUN go build\nFROM debian:12\nUSER 10001\nCMD ["/app"]\n' },
    { name: 'non-root user inherited from a stage', code: 'FROM debian:12 AS base\nUSER app\nFROM base\nCMD ["x"]\n' },
    { name: 'USER root then a non-root user', code: 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n' },
    { name: 'ARG default resolves to a non-root user', code: 'FROM debian:12\nARG APP_USER=app\nUSER ${APP_USER}\n' },
    { name: 'unresolvable USER is not judged', code: 'FROM debian:12\nARG U\nUSER $U\n' },
    { name: 'distroless nonroot image', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'chainguard image', code: 'FROM cgr.dev/chainguard/static:latest\nCOPY app /app\n' },
    { name: 'target stage runs as non-root', code: 'FROM debian:12 AS prod\nUSER 1000\nFROM debian:12 AS debug\n', config: { target: 'prod' } },
    { name: 'ONBUILD USER root does not count', code: 'FROM debian:12\nUSER app\nONBUILD USER root\n' },
    { name: 'image configured as non-root', code: 'FROM registry.example.com/base/node:20\nCMD ["node"]\n', options: { nonRootImages: ['registry.example.com/base/*'] } },
  ],
  invalid: [
    {
      name: 'no USER, Debian-based image: creates a user before CMD and its comment',
      code: 'FROM node:20-bookworm-slim\nWORKDIR /app\n# Start\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6, endLine: 1, endColumn: 27 }],
      output: `FROM node:20-bookworm-slim\nWORKDIR /app\nUSER node\n# Start\nCMD ["node", "server.js"]\n`,
      fixTitles: [/existing user "node"/],
    },
    {
      name: 'Debian image without a built-in user',
      code: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6, endColumn: 22 }],
      output: `FROM python:3.12-slim\nCOPY . /app\n${DEBIAN_RUN}\nUSER app\nCMD ["python", "/app/main.py"]\n`,
    },
    {
      name: 'Alpine image',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nENTRYPOINT ["curl"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: `FROM alpine:3.20\nRUN apk add --no-cache curl\n${ALPINE_RUN}\nUSER app\nENTRYPOINT ["curl"]\n`,
    },
    {
      name: 'alpine variant tag of another image',
      code: 'FROM golang:1.22-alpine\nCMD ["go"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: `FROM golang:1.22-alpine\n${ALPINE_RUN}\nUSER app\nCMD ["go"]\n`,
    },
    {
      name: 'RHEL-like image',
      code: 'FROM rockylinux:9\nCMD ["bash"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: 'FROM rockylinux:9\nRUN groupadd -r app && useradd -r -g app -M -s /sbin/nologin app\nUSER app\nCMD ["bash"]\n',
    },
    {
      name: 'distroless image without the nonroot tag',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'scratch: numeric user, appended at the end without a final newline',
      code: 'FROM scratch\nCOPY app /app',
      errors: [{ messageId: 'noUser', line: 1, column: 6, endColumn: 13 }],
      output: 'FROM scratch\nCOPY app /app\nUSER 65532:65532',
    },
    {
      name: 'unknown image: numeric user',
      code: 'FROM example.com/team/runtime:4\nCMD ["run"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: 'FROM example.com/team/runtime:4\nUSER 10001:10001\nCMD ["run"]\n',
    },
    {
      name: 'USER root',
      code: 'FROM debian:12\nUSER root\nCMD ["bash"]\n',
      errors: [{ messageId: 'explicitRoot', line: 2, column: 6, endColumn: 10 }],
      output: `FROM debian:12\nUSER root\n${DEBIAN_RUN}\nUSER app\nCMD ["bash"]\n`,
    },
    { name: 'USER 0', code: 'FROM debian:12\nUSER 0\n', errors: [{ messageId: 'explicitRoot', line: 2, column: 6, endColumn: 7 }], output: `FROM debian:12\nUSER 0\n${DEBIAN_RUN}\nUSER app\n` },
    { name: 'USER root:root', code: 'FROM debian:12\nUSER root:root\n', errors: [{ message: /`root:root`/, line: 2, column: 6 }], output: `FROM debian:12\nUSER root:root\n${DEBIAN_RUN}\nUSER app\n` },
    { name: 'USER 0:0', code: 'FROM debian:12\nUSER 0:0\n', errors: [{ messageId: 'explicitRoot', line: 2, column: 6 }], output: `FROM debian:12\nUSER 0:0\n${DEBIAN_RUN}\nUSER app\n` },
    { name: 'USER from an ARG default that is root', code: 'FROM debian:12\nARG RUN_AS=root\nUSER ${RUN_AS}\n', errors: [{ messageId: 'explicitRoot', line: 3, column: 6, endColumn: 15 }], output: `FROM debian:12\nARG RUN_AS=root\nUSER ${'${RUN_AS}'}\n${DEBIAN_RUN}\nUSER app\n` },
    { name: 'USER root after a non-root user: switches back to that user', code: 'FROM debian:12\nUSER svc\nUSER root\nRUN apt-get update\n', errors: [{ messageId: 'explicitRoot', line: 3, column: 6 }], output: 'FROM debian:12\nUSER svc\nUSER root\nRUN apt-get update\nUSER svc\n', fixTitles: [/existing user "svc"/] },
    {
      name: 'root inherited from a parent stage',
      code: 'FROM debian:12 AS base\nUSER root\nFROM base\nCMD ["x"]\n',
      errors: [{ messageId: 'inheritsRoot', message: /stage `base`/, line: 3, column: 6, endColumn: 10 }],
      output: `FROM debian:12 AS base\nUSER root\nFROM base\n${DEBIAN_RUN}\nUSER app\nCMD ["x"]\n`,
    },
    {
      name: 'reuses a user created with useradd',
      code: 'FROM debian:12\nRUN useradd -r -u 1001 -g users appuser\nCOPY . /app\nCMD ["/app/run"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: 'FROM debian:12\nRUN useradd -r -u 1001 -g users appuser\nCOPY . /app\nUSER appuser\nCMD ["/app/run"]\n',
      fixTitles: [/existing user "appuser"/],
    },
    {
      name: 'reuses a user created with busybox adduser in a parent stage',
      code: 'FROM alpine:3.20 AS base\nRUN addgroup -S svc && adduser -S -G svc svc\nFROM base\nCMD ["sh"]\n',
      errors: [{ messageId: 'noUser', line: 3, column: 6 }],
      output: 'FROM alpine:3.20 AS base\nRUN addgroup -S svc && adduser -S -G svc svc\nFROM base\nUSER svc\nCMD ["sh"]\n',
    },
    {
      name: 'lower-case instructions and indentation are kept',
      code: 'from alpine:3.20\n  run echo hi\n  cmd ["sh"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: 'from alpine:3.20\n  run echo hi\n  run addgroup -S app && adduser -S -G app -H -s /sbin/nologin app\n  user app\n  cmd ["sh"]\n',
    },
    {
      name: 'the target stage is the one that counts',
      code: 'FROM debian:12 AS prod\nCMD ["x"]\nFROM debian:12 AS other\nUSER 1000\n',
      config: { target: 'prod' },
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: `FROM debian:12 AS prod\n${DEBIAN_RUN}\nUSER app\nCMD ["x"]\nFROM debian:12 AS other\nUSER 1000\n`,
    },
    {
      name: 'heredoc RUN before CMD',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nCMD ["sh"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: `FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\n${ALPINE_RUN}\nUSER app\nCMD ["sh"]\n`,
    },
    {
      name: 'no CMD: appended after the last instruction, heredoc included',
      code: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\n',
      errors: [{ messageId: 'noUser', line: 1, column: 6 }],
      output: `FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\n${ALPINE_RUN}\nUSER app\n`,
    },
    { name: 'ARG-resolved base image family', code: 'ARG BASE=alpine:3.20\nFROM ${BASE}\nCMD ["sh"]\n', errors: [{ messageId: 'noUser', line: 2, column: 6 }], output: `ARG BASE=alpine:3.20\nFROM \${BASE}\n${ALPINE_RUN}\nUSER app\nCMD ["sh"]\n` },
    { name: 'a -dev Chainguard image runs as root', code: 'FROM cgr.dev/chainguard/node:latest-dev\nCMD ["node"]\n', errors: [{ messageId: 'noUser', line: 1, column: 6 }], output: 'FROM cgr.dev/chainguard/node:latest-dev\nUSER nonroot:nonroot\nCMD ["node"]\n' },
  ],
});
