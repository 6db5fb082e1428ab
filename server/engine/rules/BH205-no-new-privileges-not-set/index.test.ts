import { ruleTester } from '../../../../test/support/ruleTester';

const missing = (service: string): string =>
  `Service \`${service}\` does not set \`no-new-privileges:true\`: a setuid binary or a file capability in the image can raise its privileges. Add it to the service's \`security_opt\`.`;

ruleTester('BH205', {
  valid: [
    'services:\n  web:\n    image: a:1\n    security_opt: [no-new-privileges:true]\n',
    { name: 'block list, = separator', code: 'services:\n  web:\n    security_opt:\n      - label=type:svirt_apache_t\n      - no-new-privileges=true\n' },
    { name: 'bare option', code: 'services:\n  web:\n    security_opt: ["no-new-privileges"]\n' },
    { name: 'Go booleans: 1 and TRUE', code: 'services:\n  a:\n    security_opt: [no-new-privileges:1]\n  b:\n    security_opt: ["no-new-privileges=TRUE"]\n' },
    { name: 'the last entry wins', code: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:false\n      - no-new-privileges:true\n' },
    { name: 'interpolated with a default', code: 'services:\n  web:\n    security_opt: ["no-new-privileges:${NNP:-true}"]\n' },
    { name: 'an unresolved variable is not judged', code: 'services:\n  web:\n    security_opt: ["${SECOPT}"]\n' },
    { name: 'a value Docker rejects is not judged', code: 'services:\n  web:\n    security_opt: [no-new-privileges:yes]\n' },
    { name: 'from a merge key', code: 'x-hardened: &h\n  security_opt: [no-new-privileges:true]\nservices:\n  web:\n    <<: *h\n    image: a:1\n' },
    { name: 'an aliased list', code: 'x-opts: &opts [no-new-privileges:true]\nservices:\n  web:\n    security_opt: *opts\n' },
    { name: 'an aliased entry', code: 'x-nnp: &nnp no-new-privileges:true\nservices:\n  web:\n    security_opt: [*nnp]\n' },
    { name: 'no services', code: 'version: "3.8"\n' },
    { name: 'an entry written as a mapping (Compose rejects the file) is not judged', code: 'services:\n  web:\n    security_opt:\n      - no-new-privileges: true\n' },
    {
      name: 'extends from another file that sets it',
      code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { '/work/common.yaml': 'services:\n  base:\n    image: nginx:1\n    security_opt: [no-new-privileges:true]\n' },
    },
    {
      name: 'the override file adds it to a list written here',
      code: 'services:\n  web:\n    image: nginx:1\n    security_opt: [label=disable]\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n' },
    },
    {
      name: 'the base file sets it (linting the override file)',
      code: 'services:\n  web:\n    ports: ["80:80"]\n',
      filename: '/work/docker-compose.override.yml',
      files: { '/work/docker-compose.yml': 'services:\n  web:\n    image: nginx:1\n    security_opt: [no-new-privileges:true]\n' },
    },
  ],
  invalid: [
    {
      name: 'block service: new key after image, in the file\'s list style',
      code: 'services:\n  web:\n    image: a:1\n    ports:\n      - "80:80"\n',
      errors: [{ message: missing('web'), line: 2, column: 3, endColumn: 6, severity: 'warning' }],
      fixTitles: ['Add no-new-privileges:true (setuid binaries stop raising privileges)'],
      output: 'services:\n  web:\n    image: a:1\n    security_opt:\n      - no-new-privileges:true\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'after cap_drop, flow style file',
      code: 'services:\n  web:\n    image: a:1\n    cap_drop: [ALL]\n    dns: [1.1.1.1]\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    cap_drop: [ALL]\n    security_opt: [no-new-privileges:true]\n    dns: [1.1.1.1]\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: x}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, endColumn: 6 }],
      output: 'services:\n  web: {image: x, security_opt: [no-new-privileges:true]}\n',
    },
    {
      name: 'a privileged service is reported too',
      code: 'services:\n  web:\n    image: a:1\n    privileged: true\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    security_opt:\n      - no-new-privileges:true\n    privileged: true\n',
    },
    {
      name: 'an empty service gets a body',
      code: 'services:\n  web:\n  db:\n    image: b:1\n    security_opt: [no-new-privileges:true]\n',
      errors: [{ message: missing('web'), line: 2, column: 3 }],
      output: 'services:\n  web:\n    security_opt: [no-new-privileges:true]\n  db:\n    image: b:1\n    security_opt: [no-new-privileges:true]\n',
    },
    {
      name: 'a list without it: appended, reported on the key',
      code: 'services:\n  web:\n    security_opt:\n      - seccomp=./seccomp.json # tuned\n    image: a:1\n',
      errors: [{ messageId: 'missingInList', line: 3, column: 5, endColumn: 17 }],
      output: 'services:\n  web:\n    security_opt:\n      - seccomp=./seccomp.json # tuned\n      - no-new-privileges:true\n    image: a:1\n',
    },
    {
      name: 'a flow list of quoted entries gets a quoted entry',
      code: 'services:\n  web:\n    security_opt: ["label:disable"]\n',
      errors: [{ messageId: 'missingInList', line: 3, column: 5 }],
      output: 'services:\n  web:\n    security_opt: ["label:disable", "no-new-privileges:true"]\n',
    },
    {
      name: 'an empty security_opt gets a list',
      code: 'services:\n  web:\n    security_opt:\n    image: a:1\n',
      errors: [{ message: missing('web'), line: 3, column: 5, endColumn: 17 }],
      output: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n    image: a:1\n',
    },
    {
      name: 'explicit opt-out, reported on the entry and turned on',
      code: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:false\n',
      errors: [
        {
          message:
            'Service `web` turns no-new-privileges off explicitly: setuid binaries and file capabilities can raise its privileges again. Set it to true unless a process really has to gain privileges.',
          line: 4,
          column: 9,
          endColumn: 32,
        },
      ],
      fixTitles: ['Set no-new-privileges to true (setuid binaries stop raising privileges)'],
      output: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      name: 'opt-out with = and quotes, the last entry wins',
      code: 'services:\n  web:\n    security_opt: [no-new-privileges, "no-new-privileges=False"]\n',
      errors: [{ messageId: 'optOut', line: 3, column: 39 }],
      output: 'services:\n  web:\n    security_opt: [no-new-privileges, "no-new-privileges=true"]\n',
    },
    {
      name: 'opt-out through interpolation: reported where the ${…} is written',
      code: 'services:\n  web:\n    security_opt:\n      - "no-new-privileges:${NNP:-false}"\n',
      errors: [{ messageId: 'optOut', line: 4, column: 9 }],
      output: 'services:\n  web:\n    security_opt:\n      - "no-new-privileges:true"\n',
    },
    {
      name: 'a shared anchor list without it: one finding naming both services, fixed in the anchor',
      code: 'x-base: &base\n  security_opt:\n    - label=type:svirt_apache_t\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        {
          message:
            'Services `a` and `b` share this `security_opt` list, which lacks `no-new-privileges:true`: a setuid binary or a file capability in the image can raise their privileges. Add it to the list.',
          line: 2,
          column: 3,
        },
      ],
      output: 'x-base: &base\n  security_opt:\n    - label=type:svirt_apache_t\n    - no-new-privileges:true\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'a shared opt-out entry',
      code: 'x-base: &base\n  security_opt: [no-new-privileges:false]\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ messageId: 'optOutShared', line: 2, column: 18 }],
      output: 'x-base: &base\n  security_opt: [no-new-privileges:true]\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'a service made of a merge key: the key goes into the service',
      code: 'x-base: &base\n  image: a:1\nservices:\n  web:\n    <<: *base\n',
      errors: [{ messageId: 'missing', line: 4, column: 3 }],
      output: 'x-base: &base\n  image: a:1\nservices:\n  web:\n    <<: *base\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      name: 'extends a file that does not set it',
      code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { '/work/common.yaml': 'services:\n  base:\n    image: nginx:1\n' },
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      name: 'several services, the last line without a line break',
      code: 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1',
      errors: [
        { message: missing('a'), line: 2, column: 3 },
        { message: missing('b'), line: 4, column: 3 },
      ],
      output: 'services:\n  a:\n    image: a:1\n    security_opt:\n      - no-new-privileges:true\n  b:\n    image: b:1\n    security_opt:\n      - no-new-privileges:true',
    },
  ],
});
