import { ruleTester } from '../../../../test/support/ruleTester';

const TMP = 'Make the root filesystem read-only, with a tmpfs at /tmp (check which paths the service writes)';
const PLAIN = 'Make the root filesystem read-only (check which paths the service writes)';

ruleTester('BH225', {
  valid: [
    'services:\n  web:\n    image: a:1\n    read_only: true\n',
    { name: 'YAML 1.1 yes, as compose reads it', code: 'services:\n  web:\n    image: a:1\n    read_only: "yes"\n' },
    { name: 'from a merge key', code: 'x-h: &h\n  read_only: true\nservices:\n  web:\n    <<: *h\n    image: a:1\n' },
    { name: 'interpolated true', code: 'services:\n  web:\n    image: a:1\n    read_only: ${RO:-true}\n' },
    { name: 'an unset variable is not judged', code: 'services:\n  web:\n    image: a:1\n    read_only: ${RO}\n' },
    { name: 'extends in the same file', code: 'services:\n  base:\n    image: a:1\n    read_only: true\n  web:\n    extends: base\n' },
    {
      name: 'the override file sets it',
      code: 'services:\n  web:\n    image: nginx:1\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    read_only: true\n' },
    },
    { name: 'no services', code: 'version: "3.8"\n' },
  ],
  invalid: [
    {
      name: 'missing: adds read_only and tmpfs after image',
      code: 'services:\n  web:\n    image: a:1\n    ports:\n      - "80:80"\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, endColumn: 6, severity: 'info' }],
      fixTitles: [TMP],
      output: 'services:\n  web:\n    image: a:1\n    read_only: true\n    tmpfs:\n      - /tmp\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'missing, flow-style lists in the file',
      code: 'services:\n  web:\n    build: .\n    ports: ["80:80"]\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    build: .\n    read_only: true\n    tmpfs: [/tmp]\n    ports: ["80:80"]\n',
    },
    {
      name: 'already has a tmpfs at /tmp: only read_only',
      code: 'services:\n  web:\n    image: a:1\n    tmpfs: /tmp:size=64m\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      fixTitles: [PLAIN],
      output: 'services:\n  web:\n    image: a:1\n    read_only: true\n    tmpfs: /tmp:size=64m\n',
    },
    {
      name: 'a volume at /tmp counts',
      code: 'services:\n  web:\n    image: a:1\n    volumes:\n      - scratch:/tmp\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      fixTitles: [PLAIN],
      output: 'services:\n  web:\n    image: a:1\n    read_only: true\n    volumes:\n      - scratch:/tmp\n',
    },
    {
      name: 'an own tmpfs list without /tmp gets /tmp',
      code: 'services:\n  web:\n    image: a:1\n    tmpfs:\n      - /run\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      fixTitles: [TMP],
      output: 'services:\n  web:\n    image: a:1\n    read_only: true\n    tmpfs:\n      - /run\n      - /tmp\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: x}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web: {image: x, read_only: true, tmpfs: [/tmp]}\n',
    },
    {
      name: 'empty service',
      code: 'services:\n  web:\n  db:\n    image: a:1\n    read_only: true\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    read_only: true\n    tmpfs:\n      - /tmp\n  db:\n    image: a:1\n    read_only: true\n',
    },
    {
      name: 'explicit false: its own message, on the value',
      code: 'services:\n  web:\n    image: a:1\n    read_only: false # needs to write\n',
      errors: [{ messageId: 'disabled', line: 4, column: 16, endColumn: 21 }],
      fixTitles: [PLAIN],
      output: 'services:\n  web:\n    image: a:1\n    read_only: true # needs to write\n',
    },
    {
      name: 'quoted "off"',
      code: 'services:\n  web:\n    image: a:1\n    read_only: "off"\n',
      errors: [{ messageId: 'disabled', line: 4, column: 16 }],
      output: 'services:\n  web:\n    image: a:1\n    read_only: "true"\n',
    },
    {
      name: 'false in an anchor: one finding naming both services',
      code: 'x-c: &c\n  read_only: false\nservices:\n  a:\n    <<: *c\n  b:\n    <<: *c\n',
      errors: [{ message: /^Services `a` and `b` set `read_only: false`/, line: 2, column: 14 }],
      output: 'x-c: &c\n  read_only: true\nservices:\n  a:\n    <<: *c\n  b:\n    <<: *c\n',
    },
    {
      name: 'interpolated false default: reported on the ${…}, not rewritten',
      code: 'services:\n  web:\n    image: a:1\n    read_only: ${RO:-false}\n',
      errors: [{ messageId: 'disabled', line: 4, column: 16 }],
      output: null,
    },
    {
      name: 'extends a service that does not set it',
      code: 'services:\n  base:\n    image: a:1\n    read_only: true\n  web:\n    extends:\n      file: common.yaml\n      service: other\n',
      files: { '/work/common.yaml': 'services:\n  other:\n    image: a:1\n' },
      errors: [{ messageId: 'missing', line: 5, column: 3 }],
      output: 'services:\n  base:\n    image: a:1\n    read_only: true\n  web:\n    extends:\n      file: common.yaml\n      service: other\n    read_only: true\n    tmpfs:\n      - /tmp\n',
    },
  ],
});
