import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH142', {
  valid: [
    'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=1\n',
    { name: 'any value other than a false one turns it on', code: 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=yes\nARG DOCKER_CONTENT_TRUST=true\n' },
    { name: 'an ARG without a default', code: 'FROM docker:27-cli\nARG DOCKER_CONTENT_TRUST\n' },
    { name: 'a build arg overrides the default', code: 'FROM docker:27-cli\nARG DOCKER_CONTENT_TRUST=0\n', config: { buildArgs: { DOCKER_CONTENT_TRUST: '1' } } },
    { name: 'an unexported shell variable; --disable-content-trust=false', code: 'FROM docker:27-cli\nRUN DOCKER_CONTENT_TRUST=0; docker pull --disable-content-trust=false alpine:3.20\n' },
    { name: 'an unresolved reference', code: 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=$DCT\n' },
  ],
  invalid: [
    {
      code: 'FROM docker:27-cli\nENV DOCKER_CONTENT_TRUST=0\n',
      errors: [{ messageId: 'env', message: 'ENV sets `DOCKER_CONTENT_TRUST=0`, which turns Docker Content Trust off: docker commands that use it pull and run unsigned images. Remove it (or set it to 1).', line: 2, column: 5, endColumn: 27, severity: 'warning' }],
      output: 'FROM docker:27-cli\n',
      fixTitles: ["Remove DOCKER_CONTENT_TRUST (content trust back to the caller's setting)"],
    },
    {
      name: 'false spellings, empty value, ARG default, one pair of several',
      code: 'FROM docker:27-cli\nENV A=1 DOCKER_CONTENT_TRUST=false\nARG DOCKER_CONTENT_TRUST=F\nENV DOCKER_CONTENT_TRUST=""\n',
      errors: [{ line: 2, column: 9 }, { message: /^ARG sets `DOCKER_CONTENT_TRUST=F`/, line: 3, column: 5 }, { line: 4, column: 5 }],
      output: 'FROM docker:27-cli\nENV A=1\n',
    },
    {
      name: 'value from a build arg; legacy ENV syntax',
      code: 'FROM docker:27-cli\nARG DCT=0\nENV DOCKER_CONTENT_TRUST=${DCT}\nFROM docker:27-cli AS b\nENV DOCKER_CONTENT_TRUST 0\n',
      errors: [{ message: /`DOCKER_CONTENT_TRUST=0`/, line: 3, column: 5 }, { line: 5, column: 5 }],
      output: 'FROM docker:27-cli\nARG DCT=0\nFROM docker:27-cli AS b\n',
    },
    {
      name: 'configured build arg turns it off',
      code: 'FROM docker:27-cli\nARG DOCKER_CONTENT_TRUST=1\n',
      config: { buildArgs: { DOCKER_CONTENT_TRUST: '0' } },
      errors: [{ line: 2, column: 5 }],
      output: 'FROM docker:27-cli\n',
    },
    {
      name: 'RUN: prefix, export, env, --disable-content-trust',
      code: 'FROM docker:27-cli\nRUN DOCKER_CONTENT_TRUST=0 docker pull alpine:3.20\nRUN export DOCKER_CONTENT_TRUST=0 && docker pull alpine:3.20\nRUN env DOCKER_CONTENT_TRUST=0 docker pull alpine:3.20\nRUN docker pull --disable-content-trust alpine:3.20\n',
      errors: [{ message: /^RUN sets/, line: 2, column: 5, endColumn: 27 }, { message: /^An `export` in RUN sets/, line: 3, column: 12 }, { line: 4, column: 9 }, { messageId: 'flag', message: '`docker --disable-content-trust` skips Docker Content Trust: the image is used without checking its signature. Remove the flag.', line: 5, column: 17 }],
      output: 'FROM docker:27-cli\nRUN docker pull alpine:3.20\nRUN export DOCKER_CONTENT_TRUST=0 && docker pull alpine:3.20\nRUN env docker pull alpine:3.20\nRUN docker pull alpine:3.20\n',
    },
    {
      name: 'ONBUILD and heredoc',
      code: 'FROM docker:27-cli\nONBUILD ENV DOCKER_CONTENT_TRUST=0\nRUN <<EOF\nDOCKER_CONTENT_TRUST=0 docker build --disable-content-trust=true .\nEOF\n',
      errors: [{ message: /^ONBUILD ENV sets/, line: 2, column: 13 }, { line: 4, column: 1 }, { line: 4, column: 37 }],
      output: 'FROM docker:27-cli\nRUN <<EOF\ndocker build .\nEOF\n',
    },
  ],
});
