import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH143', {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    'FROM alpine:3.20\nRUN --network=none make test\n',
    'FROM alpine:3.20\nRUN --network=default make test\n',
    'FROM alpine:3.20\nRUN --security=sandbox make test\n',
    { name: 'a mount is not a network flag', code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache make\n' },
    { name: 'the words in the command are not flags', code: 'FROM alpine:3.20\nRUN echo --network=host --security=insecure\n' },
    { name: 'docker run inside a RUN is not a build flag', code: 'FROM docker:27\nRUN docker run --network=host alpine true\n' },
    { name: 'COPY has no such flags', code: 'FROM alpine:3.20\nCOPY . /src\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN --security=insecure make install\n',
      errors: [{ message: 'RUN runs with `--security=insecure`: the step is privileged (every capability, host devices, no seccomp or AppArmor) and can take over the builder host. Remove the flag, or do the privileged work outside the build.', line: 2, column: 5, endColumn: 24, severity: 'error' }],
      output: 'FROM alpine:3.20\nRUN make install\n',
      fixTitles: ['Remove --security=insecure (changes what the step can do)'],
    },
    {
      code: 'FROM alpine:3.20\nRUN --network=host curl -fsS http://localhost:8080/health\n',
      errors: [{ messageId: 'networkHost', line: 2, column: 5, endColumn: 19, severity: 'warning' }],
      output: 'FROM alpine:3.20\nRUN curl -fsS http://localhost:8080/health\n',
    },
    {
      name: 'both flags, with a mount between',
      code: 'FROM alpine:3.20\nRUN --network=host --mount=type=cache,target=/c --security=insecure make\n',
      errors: [{ messageId: 'networkHost', line: 2, column: 5 }, { messageId: 'securityInsecure', line: 2, column: 49 }],
      output: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/c make\n',
    },
    {
      name: 'ONBUILD RUN',
      code: 'FROM alpine:3.20\nONBUILD RUN --network=host make\n',
      errors: [{ message: /^An ONBUILD RUN runs with `--network=host`/, line: 2, column: 13 }],
      output: 'FROM alpine:3.20\nONBUILD RUN make\n',
    },
    {
      name: 'flag on its own continuation line',
      code: 'FROM alpine:3.20\nRUN \\\n  --security=insecure \\\n  make install\n',
      errors: [{ messageId: 'securityInsecure', line: 3, column: 3 }],
      output: 'FROM alpine:3.20\nRUN \\\n  make install\n',
    },
    {
      name: 'every stage, lower-case keyword, exec form',
      code: 'FROM golang:1.22 AS build\nrun --network=host ["go", "build"]\nFROM alpine:3.20\n',
      errors: [{ messageId: 'networkHost', line: 2, column: 5 }],
      output: 'FROM golang:1.22 AS build\nrun ["go", "build"]\nFROM alpine:3.20\n',
    },
    {
      name: 'heredoc',
      code: 'FROM alpine:3.20\nRUN --security=insecure <<EOF\nmount -t tmpfs none /mnt\nEOF\n',
      errors: [{ messageId: 'securityInsecure', line: 2, column: 5 }],
      output: 'FROM alpine:3.20\nRUN <<EOF\nmount -t tmpfs none /mnt\nEOF\n',
    },
    { name: 'severity override applies to network=host', code: 'FROM alpine:3.20\nRUN --network=host make\n', config: { rules: { BH143: { severity: 'error', options: {} } } }, errors: [{ line: 2, column: 5, severity: 'error' }], output: 'FROM alpine:3.20\nRUN make\n' },
  ],
});
