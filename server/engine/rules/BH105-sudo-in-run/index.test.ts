import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH105', {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y sudo\n',
    { name: 'looking sudo up is not running it', code: 'FROM debian:12\nRUN command -v sudo && which sudo && type sudo\n' },
    { name: 'sudo as an argument', code: 'FROM debian:12\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app && chmod 0440 /etc/sudoers.d/app && echo sudo\n' },
    { name: 'sudo only as the fallback of a non-root build', code: 'FROM example.com/base:1\nRUN if [ "$(id -u)" -ne 0 ]; then sudo apt-get update; else apt-get update; fi\n' },
    { name: 'EUID guard', code: 'FROM example.com/base:1\nRUN [ "$EUID" = 0 ] || SUDO=sudo; $SUDO apt-get update; if [ $EUID -ne 0 ]; then sudo true; fi\n' },
    { name: 'gosu is not sudo', code: 'FROM debian:12\nRUN gosu app true\nCMD ["gosu", "app", "server"]\n' },
    { name: 'sudo in CMD is not a RUN', code: 'FROM debian:12\nCMD ["sudo", "-u", "app", "server"]\n' },
  ],
  invalid: [
    {
      name: 'plain sudo in an official image that runs as root: safe removal',
      code: 'FROM debian:12\nRUN sudo apt-get update\n',
      errors: [{ messageId: 'sudoRoot', line: 2, column: 5, endColumn: 9, severity: 'warning' }],
      output: 'FROM debian:12\nRUN apt-get update\n',
      fixTitles: ['Remove `sudo` (the build runs as root here)'],
    },
    {
      name: 'sudo -E and sudo -u root with USER root',
      code: 'FROM example.com/base:1\nUSER root\nRUN sudo -E make install && sudo -u root ldconfig && sudo -- true\n',
      errors: [
        { messageId: 'sudoRoot', line: 3, column: 5, endColumn: 9 },
        { messageId: 'sudoRoot', line: 3, column: 29, endColumn: 33 },
        { messageId: 'sudoRoot', line: 3, column: 54, endColumn: 58 },
      ],
      output: 'FROM example.com/base:1\nUSER root\nRUN make install && ldconfig && true\n',
    },
    {
      name: 'after USER app: no fix (the step needs root)',
      code: 'FROM debian:12\nUSER app\nRUN sudo apt-get update\n',
      errors: [{ messageId: 'sudo', line: 3, column: 5, endColumn: 9 }],
      output: null,
    },
    {
      name: 'sudo -u another user: a message of its own, no fix',
      code: 'FROM debian:12\nARG USERNAME=dev\nRUN sudo -u ${USERNAME} npm install -g pnpm && sudo --user=dev true\n',
      errors: [
        { messageId: 'sudoUser', message: /`sudo -u \$USERNAME`.*`USER \$USERNAME`/, line: 3, column: 5 },
        { messageId: 'sudoUser', message: /`USER dev`/, line: 3, column: 48 },
      ],
      output: null,
    },
    {
      name: 'unknown base image: removal offered, not safe',
      code: 'FROM example.com/tools:1\nRUN sudo apt-get update\n',
      errors: [{ messageId: 'sudo', line: 2, column: 5 }],
      output: 'FROM example.com/tools:1\nRUN apt-get update\n',
      fixTitles: [/base image's user is not known/],
    },
    {
      name: 'ONBUILD trigger: the child image\'s user is not known',
      code: 'FROM debian:12\nONBUILD RUN sudo make install\n',
      errors: [{ messageId: 'sudo', line: 2, column: 13, endColumn: 17 }],
      output: 'FROM debian:12\nONBUILD RUN make install\n',
    },
    {
      name: 'heredoc script',
      code: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\nsudo apt-get update\nEOF\n',
      errors: [{ messageId: 'sudoRoot', line: 4, column: 1, endColumn: 5 }],
      output: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\napt-get update\nEOF\n',
    },
    {
      name: 'inside sh -c',
      code: "FROM alpine:3.20\nRUN sh -c 'sudo apk add curl'\n",
      errors: [{ messageId: 'sudoRoot', line: 2, column: 12, endColumn: 16 }],
      output: "FROM alpine:3.20\nRUN sh -c 'apk add curl'\n",
    },
    {
      name: 'every stage counts, and continuation lines keep their shape',
      code: 'FROM golang:1.22 AS build\nRUN apt-get update \\\n && sudo apt-get install -y make\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
      errors: [{ messageId: 'sudoRoot', line: 3, column: 5 }],
      output: 'FROM golang:1.22 AS build\nRUN apt-get update \\\n && apt-get install -y make\nFROM scratch\nCOPY --from=build /go/bin/app /app\n',
    },
    {
      name: 'sudo behind env and by its path',
      code: 'FROM debian:12\nRUN env DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl; /usr/bin/sudo -n true\n',
      errors: [
        { messageId: 'sudoRoot', line: 2, column: 40, endColumn: 44 },
        { messageId: 'sudoRoot', line: 2, column: 70, endColumn: 83 },
      ],
      output: 'FROM debian:12\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install -y curl; true\n',
    },
    {
      name: 'options that are not known to be neutral: no fix',
      code: 'FROM debian:12\nRUN echo pw | sudo -S apt-get update\n',
      errors: [{ messageId: 'sudoRoot', line: 2, column: 15 }],
      output: null,
    },
    {
      name: 'ARG-resolved root USER makes the removal safe',
      code: 'FROM example.com/base:1\nARG BUILD_USER=0\nUSER ${BUILD_USER}\nRUN sudo ls\n',
      errors: [{ messageId: 'sudoRoot', line: 4, column: 5 }],
      output: 'FROM example.com/base:1\nARG BUILD_USER=0\nUSER ${BUILD_USER}\nRUN ls\n',
    },
    {
      name: 'ARG-resolved non-root USER: no fix',
      code: 'FROM debian:12\nARG BUILD_USER=app\nUSER ${BUILD_USER}\nRUN sudo ls\n',
      errors: [{ messageId: 'sudo', line: 4, column: 5 }],
      output: null,
    },
    {
      name: 'root inherited from a parent stage',
      code: 'FROM example.com/base:1 AS base\nUSER root\nFROM base\nRUN sudo ls\n',
      errors: [{ messageId: 'sudoRoot', line: 4, column: 5 }],
      output: 'FROM example.com/base:1 AS base\nUSER root\nFROM base\nRUN ls\n',
    },
    {
      name: 'non-root inherited from a parent stage, exec form sh -c',
      code: 'FROM debian:12 AS base\nUSER app\nFROM base\nRUN ["sh", "-c", "sudo ls"]\n',
      errors: [{ messageId: 'sudo', line: 4, column: 19 }],
      output: null,
    },
  ],
});
