import { ruleTester } from '../../../../test/support/ruleTester';

const multi = (run: string) => `FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM debian:12\n${run}\nCOPY --from=build /app /app\nCMD ["/app"]\n`;

ruleTester('BH191', {
  valid: [
    { name: 'single stage: compiling native modules is common', code: 'FROM python:3.12\nRUN apt-get install -y gcc\nCMD ["python"]\n' },
    { name: 'in the build stage', code: 'FROM debian:12 AS build\nRUN apt-get install -y gcc make\nFROM debian:12\nCOPY --from=build /a /a\nCMD ["/a"]\n' },
    { name: 'removed again', code: multi('RUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps') },
    { name: 'apt purge with a glob', code: multi("RUN apt-get install -y gcc-12 && apt-get purge -y 'gcc*'") },
    { name: 'final stage without CMD is a base or SDK image', code: 'FROM debian:12 AS build\nRUN true\nFROM debian:12\nRUN apt-get install -y gcc\n' },
    { name: 'libraries are not compilers', code: multi('RUN apt-get install -y gcc-12-base libgcc-s1') },
    { name: 'no network tools', code: 'FROM debian:12\nRUN apt-get install -y curl\n' },
  ],
  invalid: [
    {
      code: multi('RUN apt-get install -y --no-install-recommends gcc g++-12 gdb'),
      errors: [
        {
          message:
            '`gcc` is installed in the final stage although this Dockerfile has a build stage: compilers and debuggers in the runtime image help an attacker build and inspect tools. Install it in the build stage and COPY --from only the results.',
          line: 4,
          column: 48,
          endColumn: 51,
          severity: 'info',
        },
        { messageId: 'buildTool', line: 4, column: 52, endColumn: 58 },
        { messageId: 'buildTool', line: 4, column: 59 },
      ],
    },
    { name: 'apk build-base', code: multi('RUN apk add --no-cache build-base'), errors: [{ messageId: 'buildTool', line: 4, column: 24 }] },
    { name: 'dnf group', code: multi('RUN dnf group install -y "Development Tools"'), errors: [{ messageId: 'buildTool', line: 4, column: 26 }] },
    { name: 'option for single-stage images', code: 'FROM debian:12\nRUN apt-get install -y build-essential\n', options: { buildToolsInSingleStage: true }, errors: [{ messageId: 'buildTool', line: 2, column: 24 }] },
    {
      name: 'netcat in any image',
      code: 'FROM debian:12\nRUN apt-get install -y netcat-openbsd\n',
      errors: [{ message: /^`netcat-openbsd` stays in the image: netcat-style tools/, line: 2, column: 24, endColumn: 38 }],
    },
    { name: 'removed package is another one', code: multi('RUN apk add gcc && apk del musl-dev'), errors: [{ messageId: 'buildTool', line: 4, column: 13 }] },
    { name: 'inherited CMD stage chain', code: 'FROM golang:1 AS build\nRUN true\nFROM debian:12 AS base\nCMD ["x"]\nFROM base\nRUN apt-get install -y strace\n', errors: [{ messageId: 'buildTool', line: 6, column: 24 }] },
  ],
});
