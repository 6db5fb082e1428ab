import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH112', {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    { name: 'client only', code: 'FROM debian:12\nRUN apt-get install -y openssh-client\n' },
    { name: 'build stage only', code: 'FROM debian:12 AS build\nRUN apt-get install -y sudo openssh-server\nFROM debian:12\nCOPY --from=build /x /x\n' },
    { name: 'removed in the same RUN', code: 'FROM debian:12\nRUN apt-get install -y sudo && sudo -u nobody true && apt-get purge -y sudo\n' },
    { name: 'removed in a later RUN', code: 'FROM alpine:3\nRUN apk add sudo\nRUN apk del sudo\n' },
    { name: 'apk virtual group removed', code: 'FROM alpine:3\nRUN apk add --no-cache --virtual .tmp sudo && apk del .tmp\n' },
    { name: 'apt-mark auto and purge --auto-remove', code: 'FROM debian:12\nRUN saved="$(apt-mark showmanual)"; apt-get install -y sudo; apt-mark auto \'.*\' > /dev/null; apt-mark manual $saved; apt-get purge -y --auto-remove\n' },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN apt-get install -y sudo\n' },
    { name: 'expansion is not known', code: 'FROM debian:12\nRUN apt-get install -y $PKGS\n' },
    { name: 'dry run', code: 'FROM debian:12\nRUN apt-get install -s sudo\n' },
    { name: 'configured lists', code: 'FROM debian:12\nRUN apt-get install -y sudo\n', options: { privilegePackages: [] } },
    { name: 'RHEL openssh is the common files, not the server', code: 'FROM rockylinux:9\nRUN dnf install -y openssh openssh-clients && dnf clean all\n' },
    { name: 'pip package of the same name', code: 'FROM python:3\nRUN pip install sudo\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*\n',
      errors: [
        {
          message:
            '`openssh-server` puts a remote-login server in the image: it is one more network service to secure and a way in that bypasses the container runtime. Use `docker exec` for access, or run the server in its own dedicated image.',
          line: 2,
          column: 66,
          endColumn: 80,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'sudo with a version, through a continuation',
      code: 'FROM debian:12\nRUN apt-get install -y \\\n      curl \\\n      sudo=1.9.13p3-1\n',
      errors: [{ message: /^`sudo` in the image lets a process/, line: 4, column: 7, endColumn: 22 }],
    },
    { name: 'apk dropbear', code: 'FROM alpine:3\nRUN apk add --no-cache dropbear\n', errors: [{ messageId: 'remoteAccess', line: 2, column: 24 }] },
    { name: 'alpine openssh is client and server', code: 'FROM alpine:3\nRUN apk add openssh\n', errors: [{ messageId: 'remoteAccess', line: 2, column: 13 }] },
    { name: 'yum', code: 'FROM rockylinux:9\nRUN yum install -y openssh-server sudo && yum clean all\n', errors: [{ messageId: 'remoteAccess', line: 2, column: 20 }, { messageId: 'privilege', line: 2, column: 35 }] },
    { name: 'telnetd', code: 'FROM debian:12\nRUN apt-get install -y inetutils-telnetd\n', errors: [{ messageId: 'remoteAccess', line: 2, column: 24 }] },
    { name: 'removing another package does not count', code: 'FROM alpine:3\nRUN apk add sudo && apk del curl\n', errors: [{ messageId: 'privilege', line: 2, column: 13 }] },
    { name: 'removing in another manager does not count', code: 'FROM debian:12\nRUN apt-get install -y sudo && pip uninstall -y sudo\n', errors: [{ messageId: 'privilege', line: 2, column: 24 }] },
    { name: 'final stage of a multi-stage build', code: 'FROM golang:1.22 AS build\nRUN true\nFROM debian:12\nRUN apt-get install -y sudo\n', errors: [{ messageId: 'privilege', line: 4, column: 24 }] },
    { name: 'parent stage of the final stage', code: 'FROM debian:12 AS base\nRUN apt-get install -y sudo\nFROM base\nRUN true\n', errors: [{ messageId: 'privilege', line: 2, column: 24 }] },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\napt-get install -y sudo\nEOF\n', errors: [{ messageId: 'privilege', line: 3, column: 20 }] },
    { name: 'manager prefix in a custom list', code: 'FROM rockylinux:9\nRUN dnf install -y tigervnc-server\n', options: { remoteAccessPackages: ['rpm:tigervnc-server'] }, errors: [{ messageId: 'remoteAccess', line: 2, column: 20 }] },
    { name: 'custom list', code: 'FROM debian:12\nRUN apt-get install -y x11vnc\n', options: { remoteAccessPackages: ['x11vnc', '*vnc-server'] }, errors: [{ messageId: 'remoteAccess', line: 2, column: 24 }] },
  ],
});
