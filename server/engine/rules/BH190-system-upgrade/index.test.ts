import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH190', {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    { name: 'upgrading named packages', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --only-upgrade openssl && apt-get upgrade -y libssl3\n' },
    { name: 'yum update of a package', code: 'FROM centos:7\nRUN yum update -y openssl\n' },
    { name: 'apk add --upgrade of a package', code: 'FROM alpine:3\nRUN apk add --no-cache --upgrade openssl\n' },
    { name: 'pip upgrade is not an OS upgrade', code: 'FROM python:3.12\nRUN pip install --upgrade pip\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n',
      errors: [
        {
          message:
            '`apt-get upgrade` upgrades every package of the base image at build time: the result depends on the build date and drifts from the tested base image. Prefer a newer (patched) base image tag, or upgrade only the packages you need.',
          line: 2,
          column: 23,
          endColumn: 38,
          severity: 'info',
        },
      ],
    },
    { name: 'dist-upgrade with options first', code: 'FROM debian:12\nRUN apt-get update && apt-get -qq -y dist-upgrade\n', errors: [{ message: /^`apt-get -qq -y dist-upgrade` /, line: 2, column: 23 }] },
    { name: 'full-upgrade', code: 'FROM debian:12\nRUN apt full-upgrade -y\n', errors: [{ line: 2, column: 5, endColumn: 21 }] },
    { name: 'apk upgrade', code: 'FROM alpine:3\nRUN apk upgrade --no-cache\n', errors: [{ line: 2, column: 5, endColumn: 16 }] },
    { name: 'yum update alone', code: 'FROM centos:7\nRUN yum -y update && yum clean all\n', errors: [{ line: 2, column: 5, endColumn: 18 }] },
    { name: 'microdnf upgrade', code: 'FROM ubi9-minimal:9.3\nRUN microdnf upgrade -y\n', errors: [{ line: 2, column: 5 }] },
    { name: 'zypper dup', code: 'FROM opensuse/leap:15\nRUN zypper -n dup\n', errors: [{ line: 2, column: 5, endColumn: 18 }] },
    { name: 'every stage, ONBUILD', code: 'FROM debian:12 AS b\nRUN apt-get upgrade\nFROM debian:12\nONBUILD RUN apt-get dist-upgrade\n', errors: [{ line: 2, column: 5 }, { line: 4, column: 13 }] },
    { name: 'heredoc', code: 'FROM alpine:3\nRUN <<EOF\napk upgrade\nEOF\n', errors: [{ line: 3, column: 1 }] },
    { name: 'severity is configurable', code: 'FROM alpine:3\nRUN apk upgrade\n', config: { rules: { BH190: { severity: 'warning' } } }, errors: [{ line: 2, column: 5, severity: 'warning' }] },
  ],
});
