import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH110', {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    'FROM alpine:3.19\nRUN apk update && apk add curl\n',
    'FROM alpine:3.19\nRUN apk add --no-cache curl\n',
    'FROM rockylinux:9\nRUN dnf makecache && dnf install -y git\n',
    { name: 'yum and dnf share a database', code: 'FROM centos:7\nRUN yum makecache && dnf install -y git\n' },
    { name: 'update then upgrade', code: 'FROM debian:12\nRUN apt-get update && apt-get -y dist-upgrade\n' },
    { name: 'update in a heredoc with install', code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n' },
    { name: 'sh -c string', code: "FROM debian:12\nRUN sh -c 'apt-get update && apt-get install -y curl'\n" },
    { name: 'a script may install', code: 'FROM debian:12\nRUN apt-get update && ./install-deps.sh\n' },
    { name: 'script by path', code: 'FROM php:8.3\nRUN apt-get update && /usr/local/bin/install-php-extensions gd\n' },
    { name: 'bash script', code: 'FROM debian:12\nRUN apt-get update && bash /tmp/setup\n' },
    { name: 'escaped sh -c string is not read, so it may install', code: 'FROM debian:12\nRUN apt-get update && bash -c "apt-get install -y \\"$P\\""\n' },
    { name: 'the index is removed again', code: 'FROM debian:12\nRUN apt-get update && apt-get purge -y imagemagick && rm -rf /var/lib/apt/lists/*\n' },
    { name: 'apk index removed', code: 'FROM alpine:3\nRUN apk update && rm -rf /var/cache/apk/*\n' },
    { name: 'helper that installs', code: 'FROM bitnami/minideb:bookworm\nRUN apt-get update && install_packages curl\n' },
    { name: 'apt with apt-get', code: 'FROM debian:12\nRUN apt update && apt-get install -y curl\n' },
    { name: 'not a package manager', code: 'FROM debian:12\nRUN echo apt-get update\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n',
      errors: [
        {
          message:
            '`apt-get update` runs in a RUN that installs nothing, so its layer (and the index it fetched) is cached on its own: later installs use a stale index and miss security updates. Run the update and the install in the same RUN (`apt-get update && … install …`).',
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 19,
          severity: 'warning',
        },
      ],
    },
    { name: 'apt with options', code: 'FROM ubuntu:22.04\nRUN apt-get -qq update\n', errors: [{ line: 2, column: 5, endColumn: 23 }] },
    { name: 'apk update', code: 'FROM alpine:3.19\nRUN apk update\nRUN apk add curl\n', errors: [{ message: /`apk update` runs/, line: 2, column: 5 }] },
    { name: 'yum makecache', code: 'FROM centos:7\nRUN yum makecache fast\n', errors: [{ message: /`yum makecache` runs.*`yum makecache && …/, line: 2, column: 5 }] },
    { name: 'zypper refresh', code: 'FROM opensuse/leap:15\nRUN zypper --non-interactive ref\n', errors: [{ message: /`zypper --non-interactive ref` runs.*`zypper refresh &&/, line: 2, column: 5 }] },
    { name: 'apt-get clean does not remove lists', code: 'FROM debian:12\nRUN apt-get update && apt-get clean\n', errors: [{ line: 2, column: 5 }] },
    { name: 'install of another manager', code: 'FROM debian:12\nRUN apt-get update && pip install flask\n', errors: [{ line: 2, column: 5 }] },
    { name: 'through sudo', code: 'FROM debian:12\nRUN sudo apt-get update\n', errors: [{ line: 2, column: 10, endColumn: 24 }] },
    { name: 'every stage', code: 'FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nRUN apt update\n', errors: [{ line: 2, column: 5 }, { line: 4, column: 5, endColumn: 15 }] },
    { name: 'heredoc', code: 'FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n', errors: [{ line: 3, column: 1, endColumn: 15 }] },
    { name: 'ONBUILD trigger', code: 'FROM debian:12\nONBUILD RUN apt-get update\n', errors: [{ line: 2, column: 13 }] },
    { name: 'continuation line', code: 'FROM debian:12\nRUN set -eux; \\\n    apt-get update\n', errors: [{ line: 3, column: 5 }] },
    { name: 'a shell by its path', code: "FROM debian:12\nRUN /bin/sh -c 'apt-get update'\n", errors: [{ line: 2, column: 17 }] },
    { name: 'a package manager by its path', code: 'FROM debian:12\nRUN /usr/bin/apt-get update\n', errors: [{ line: 2, column: 5, endColumn: 28 }] },
    { name: 'inside sh -c', code: "FROM debian:12\nRUN sh -c 'apt-get update'\n", errors: [{ line: 2, column: 12 }] },
  ],
});
