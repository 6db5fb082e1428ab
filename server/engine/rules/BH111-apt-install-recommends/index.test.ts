import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH111', {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    { name: 'option before the subcommand', code: 'FROM debian:12\nRUN apt-get --no-install-recommends install -y curl\n' },
    { name: '-o APT::Install-Recommends=false', code: 'FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n' },
    { name: '-o with quotes and 0', code: 'FROM debian:12\nRUN apt-get -o "APT::Install-Recommends=0" install -y curl\n' },
    { name: 'apt.conf.d written earlier', code: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n' },
    { name: 'apt.conf.d written with escaped quotes', code: 'FROM debian:12\nRUN echo "APT::Install-Recommends \\"0\\";" >> /etc/apt/apt.conf.d/01norecommend\nRUN apt-get install -y curl\n' },
    { name: 'apt.conf.d written in the parent stage', code: 'FROM debian:12 AS base\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\nFROM base\nRUN apt-get install -y curl\n' },
    { name: 'COPY of a file into apt.conf.d', code: 'FROM debian:12\nCOPY 99-norecommends /etc/apt/apt.conf.d/\nRUN apt-get install -y curl\n' },
    { name: 'COPY heredoc into apt.conf.d', code: 'FROM debian:12\nCOPY <<EOF /etc/apt/apt.conf.d/99norecommends\nAPT::Install-Recommends "false";\nEOF\nRUN apt-get install -y curl\n' },
    { name: 'build stage that is not in the image', code: 'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12\nRUN true\n' },
    { name: 'simulation only', code: 'FROM debian:12\nRUN if apt-get install -s "pg-jit" > /dev/null 2>&1; then echo yes; fi\n' },
    { name: 'no packages', code: 'FROM debian:12\nRUN apt-get install -f -y\n' },
    { name: 'ONBUILD trigger runs in a child image', code: 'FROM debian:12\nONBUILD RUN apt-get install -y curl\n' },
    { name: 'not apt', code: 'FROM alpine:3\nRUN apk add curl\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: [
        {
          message: '`apt-get install` also installs the packages these recommend, which grows the image and its attack surface with software nobody asked for: add `--no-install-recommends`.',
          line: 2,
          column: 23,
          endColumn: 38,
          severity: 'info',
        },
      ],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
      fixTitles: ['Add --no-install-recommends (recommended packages are no longer installed)'],
    },
    {
      name: 'options before install',
      code: 'FROM ubuntu:22.04\nRUN apt-get -qq -y install git\n',
      errors: [{ line: 2, column: 5, endColumn: 27, message: /^`apt-get -qq -y install` / }],
      output: 'FROM ubuntu:22.04\nRUN apt-get -qq -y install --no-install-recommends git\n',
    },
    { name: 'apt', code: 'FROM debian:12\nRUN apt install -y curl\n', errors: [{ line: 2, column: 5 }], output: 'FROM debian:12\nRUN apt install --no-install-recommends -y curl\n' },
    { name: 'recommends turned on', code: 'FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=true curl\n', errors: [{ line: 2, column: 5 }], output: 'FROM debian:12\nRUN apt-get install --no-install-recommends -y -o APT::Install-Recommends=true curl\n' },
    {
      name: 'continuation lines',
      code: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 3, column: 5 }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n      curl \\\n && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'final stage of a multi-stage build, and the stage it is built from',
      code: 'FROM debian:12 AS base\nRUN apt-get install -y ca-certificates\nFROM golang:1.22 AS build\nRUN apt-get install -y gcc\nFROM base\nRUN apt-get install -y curl\n',
      errors: [{ line: 2, column: 5 }, { line: 6, column: 5 }],
      output: 'FROM debian:12 AS base\nRUN apt-get install --no-install-recommends -y ca-certificates\nFROM golang:1.22 AS build\nRUN apt-get install -y gcc\nFROM base\nRUN apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: '--target selects the stage',
      code: 'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12\nRUN true\n',
      config: { target: 'build' },
      errors: [{ line: 2, column: 5 }],
      output: 'FROM debian:12 AS build\nRUN apt-get install --no-install-recommends -y gcc\nFROM debian:12\nRUN true\n',
    },
    {
      name: 'apt.conf.d written after the install does not count',
      code: 'FROM debian:12\nRUN apt-get install -y curl\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\n',
      errors: [{ line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\n',
    },
    {
      name: 'heredoc COPY with another setting',
      code: 'FROM debian:12\nCOPY <<EOF /etc/apt/apt.conf.d/90proxy\nAcquire::http::Proxy "http://p:3128";\nEOF\nRUN apt-get install -y curl\n',
      errors: [{ line: 5, column: 5 }],
      output: 'FROM debian:12\nCOPY <<EOF /etc/apt/apt.conf.d/90proxy\nAcquire::http::Proxy "http://p:3128";\nEOF\nRUN apt-get install --no-install-recommends -y curl\n',
    },
    { name: 'heredoc RUN', code: 'FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n', errors: [{ line: 3, column: 1 }], output: 'FROM debian:12\nRUN <<EOF\napt-get install --no-install-recommends -y curl\nEOF\n' },
    { name: 'inside sh -c', code: "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n", errors: [{ line: 2, column: 12 }], output: "FROM debian:12\nRUN sh -c 'apt-get install --no-install-recommends -y curl'\n" },
    { name: 'through sudo, ARG package', code: 'FROM debian:12\nARG PKG=curl\nRUN sudo apt-get install -y $PKG\n', errors: [{ line: 3, column: 10 }], output: 'FROM debian:12\nARG PKG=curl\nRUN sudo apt-get install --no-install-recommends -y $PKG\n' },
  ],
});
