import { ruleTester } from '../../../../test/support/ruleTester';

const missing = (service: string): string =>
  `Service \`${service}\` keeps Docker's default capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, …): add \`cap_drop: [ALL]\` and add back with \`cap_add\` only what it needs.`;

ruleTester('BH203', {
  valid: [
    'services:\n  web:\n    image: a:1\n    cap_drop: [ALL]\n',
    { name: 'block list, lowercase', code: 'services:\n  web:\n    cap_drop:\n      - NET_RAW\n      - all\n' },
    { name: 'an unresolved variable is not judged', code: 'services:\n  web:\n    cap_drop: ["${DROP}"]\n' },
    { name: 'from a merge key', code: 'x-hardened: &h\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *h\n    image: a:1\n' },
    { name: 'an aliased list', code: 'x-all: &all [ALL]\nservices:\n  web:\n    cap_drop: *all\n' },
    { name: 'no services', code: 'version: "3.8"\n' },
    {
      name: 'extends from another file that drops ALL',
      code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { '/work/common.yaml': 'services:\n  base:\n    image: nginx:1\n    cap_drop: [ALL]\n' },
    },
    { name: 'extends in the same file', code: 'services:\n  base:\n    image: a:1\n    cap_drop: [ALL]\n  web:\n    extends: base\n' },
    {
      name: 'the override file drops ALL',
      code: 'services:\n  web:\n    image: nginx:1\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    cap_drop:\n      - ALL\n' },
    },
    {
      name: 'the base file drops ALL (linting the override file)',
      code: 'services:\n  web:\n    ports: ["80:80"]\n',
      filename: '/work/docker-compose.override.yml',
      files: { '/work/docker-compose.yml': 'services:\n  web:\n    image: nginx:1\n    cap_drop: [ALL]\n' },
    },
  ],
  invalid: [
    {
      name: 'extends a file that does not drop ALL',
      code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { '/work/common.yaml': 'services:\n  base:\n    image: nginx:1\n' },
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n    cap_drop:\n      - ALL\n',
    },
    {
      name: 'a privileged service is reported too',
      code: 'services:\n  web:\n    image: a:1\n    privileged: true\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    cap_drop:\n      - ALL\n    privileged: true\n',
    },
    {
      name: 'block service: after image, items indented like the rest of the file',
      code: 'services:\n  web:\n    image: a:1\n    ports:\n      - "80:80"\n',
      errors: [{ message: missing('web'), line: 2, column: 3, endColumn: 6, severity: 'warning' }],
      fixTitles: ['Drop all capabilities'],
      output: 'services:\n  web:\n    image: a:1\n    cap_drop:\n      - ALL\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'after cap_add, which stays; items not indented under their key',
      code: 'services:\n  web:\n    image: a:1\n    cap_add:\n    - NET_BIND_SERVICE\n    restart: always\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    cap_add:\n    - NET_BIND_SERVICE\n    cap_drop:\n    - ALL\n    restart: always\n',
    },
    {
      name: 'a file that writes lists in flow style',
      code: 'services:\n  web:\n    image: a:1\n    cap_add: [CHOWN]\n    dns: [1.1.1.1]\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    cap_add: [CHOWN]\n    cap_drop: [ALL]\n    dns: [1.1.1.1]\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: x}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, endColumn: 6 }],
      output: 'services:\n  web: {image: x, cap_drop: [ALL]}\n',
    },
    {
      name: 'flow-style service with cap_add first',
      code: 'services:\n  web: {cap_add: [KILL], image: x}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web: {cap_add: [KILL], cap_drop: [ALL], image: x}\n',
    },
    {
      name: 'an incomplete block cap_drop gets ALL; reported on its key',
      code: 'services:\n  web:\n    image: a:1\n    cap_drop:\n      - NET_RAW # no ping\n    restart: always\n',
      errors: [
        { message: 'Service `web` drops some capabilities but not ALL: drop ALL and add back with `cap_add` only what it needs.', line: 4, column: 5, endColumn: 13 },
      ],
      output: 'services:\n  web:\n    image: a:1\n    cap_drop:\n      - NET_RAW # no ping\n      - ALL\n    restart: always\n',
    },
    {
      name: 'an incomplete flow cap_drop',
      code: 'services:\n  web:\n    cap_drop: [NET_RAW, "MKNOD"]\n',
      errors: [{ messageId: 'incomplete', line: 3, column: 5, endColumn: 13 }],
      output: 'services:\n  web:\n    cap_drop: [NET_RAW, "MKNOD", ALL]\n',
    },
    {
      name: 'CAP_ALL is not ALL to Docker',
      code: 'services:\n  web:\n    cap_drop: [CAP_ALL]\n',
      errors: [{ messageId: 'incomplete', line: 3, column: 5 }],
      output: 'services:\n  web:\n    cap_drop: [CAP_ALL, ALL]\n',
    },
    {
      name: 'an empty service gets a body',
      code: 'services:\n  web:\n  db:\n    image: b:1\n    cap_drop: [ALL]\n',
      errors: [{ message: missing('web'), line: 2, column: 3, endColumn: 6 }],
      output: 'services:\n  web:\n    cap_drop: [ALL]\n  db:\n    image: b:1\n    cap_drop: [ALL]\n',
    },
    {
      name: 'an empty service at the end of the file without a line break',
      code: 'services:\n  web: ~',
      errors: [{ message: missing('web'), line: 2, column: 3, endColumn: 6 }],
      output: 'services:\n  web:\n    cap_drop:\n      - ALL',
    },
    {
      name: 'an empty cap_drop gets a list; reported on its key',
      code: 'services:\n  web:\n    cap_drop:\n    image: a:1\n',
      errors: [{ message: missing('web'), line: 3, column: 5, endColumn: 13 }],
      output: 'services:\n  web:\n    cap_drop:\n      - ALL\n    image: a:1\n',
    },
    {
      name: 'four-space indentation',
      code: 'services:\n    web:\n        image: a:1\n        environment:\n            - A=1\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 8 }],
      output: 'services:\n    web:\n        image: a:1\n        cap_drop:\n            - ALL\n        environment:\n            - A=1\n',
    },
    {
      name: 'after a build block',
      code: 'services:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile.prod\n    restart: always\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile.prod\n    cap_drop:\n      - ALL\n    restart: always\n',
    },
    {
      name: 'no image or build: at the end, after comments indented under the last key',
      code: 'services:\n  web:\n    extra_hosts:\n      - "a:10.0.0.1"\n      # - "b:10.0.0.2"\n  # db is below\n  db:\n    image: b:1\n    cap_drop: [ALL]\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output:
        'services:\n  web:\n    extra_hosts:\n      - "a:10.0.0.1"\n      # - "b:10.0.0.2"\n    cap_drop:\n      - ALL\n  # db is below\n  db:\n    image: b:1\n    cap_drop: [ALL]\n',
    },
    {
      name: 'a service made of a merge key: the key goes into the service, not the anchor',
      code: 'x-base: &base\n  image: a:1\nservices:\n  web:\n    <<: *base\n',
      errors: [{ messageId: 'missing', line: 4, column: 3 }],
      output: 'x-base: &base\n  image: a:1\nservices:\n  web:\n    <<: *base\n    cap_drop:\n      - ALL\n',
    },
    {
      name: 'an incomplete list in a shared anchor: one finding, fixed in the anchor',
      code: 'x-base: &base\n  cap_drop:\n    - MKNOD\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        {
          message: 'Services `a` and `b` drop some capabilities through this shared list but not ALL: drop ALL and add back with `cap_add` only what they need.',
          line: 2,
          column: 3,
          endColumn: 11,
        },
      ],
      output: 'x-base: &base\n  cap_drop:\n    - MKNOD\n    - ALL\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'several services, last line without a line break',
      code: 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1',
      errors: [
        { message: missing('a'), line: 2, column: 3 },
        { message: missing('b'), line: 4, column: 3 },
      ],
      output: 'services:\n  a:\n    image: a:1\n    cap_drop:\n      - ALL\n  b:\n    image: b:1\n    cap_drop:\n      - ALL',
    },
  ],
});
