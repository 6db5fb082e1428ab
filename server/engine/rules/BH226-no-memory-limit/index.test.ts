import { ruleTester } from '../../../../test/support/ruleTester';

const TITLE = 'Limit memory to 512 MiB (adjust to what the service needs)';

ruleTester('BH226', {
  valid: [
    'services:\n  web:\n    image: a:1\n    mem_limit: 256m\n',
    { name: 'bytes as a number', code: 'services:\n  web:\n    image: a:1\n    mem_limit: 268435456\n' },
    { name: 'deploy limits', code: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n' },
    { name: 'from a merge key', code: 'x-l: &l\n  mem_limit: 1g\nservices:\n  web:\n    <<: *l\n    image: a:1\n' },
    { name: 'deploy through a merge key', code: 'x-d: &d\n  resources:\n    limits: {memory: 1gb}\nservices:\n  web:\n    image: a:1\n    deploy: *d\n' },
    { name: 'interpolated default', code: 'services:\n  web:\n    image: a:1\n    mem_limit: ${MEM:-512m}\n' },
    { name: 'an unset variable is not judged', code: 'services:\n  web:\n    image: a:1\n    mem_limit: ${MEM}\n' },
    { name: 'extends in the same file', code: 'services:\n  base:\n    image: a:1\n    mem_limit: 1g\n  web:\n    extends: base\n' },
    {
      name: 'the override file sets it',
      code: 'services:\n  web:\n    image: nginx:1\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n' },
    },
    {
      name: 'a one-shot service is skipped',
      code: 'services:\n  migrate:\n    image: a:1\n  web:\n    image: a:1\n    mem_limit: 1g\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n',
    },
  ],
  invalid: [
    {
      name: 'missing: mem_limit after image',
      code: 'services:\n  web:\n    image: a:1\n    ports:\n      - "80:80"\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, endColumn: 6, severity: 'info' }],
      fixTitles: [TITLE],
      output: 'services:\n  web:\n    image: a:1\n    mem_limit: 512m\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'missing with deploy limits present: memory joins them',
      code: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 512M\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: x}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web: {image: x, mem_limit: 512m}\n',
    },
    {
      name: 'one-shot services are reported when the option is off',
      code: 'services:\n  migrate:\n    image: a:1\n  web:\n    image: a:1\n    mem_limit: 1g\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n',
      options: { skipOneShot: false },
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  migrate:\n    image: a:1\n    mem_limit: 512m\n  web:\n    image: a:1\n    mem_limit: 1g\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n',
    },
    {
      name: 'mem_limit: 0 is unlimited',
      code: 'services:\n  web:\n    image: a:1\n    mem_limit: 0\n',
      errors: [{ message: /^Service `web` sets `mem_limit: 0`, which means no memory limit/, line: 4, column: 16, endColumn: 17 }],
      output: 'services:\n  web:\n    image: a:1\n    mem_limit: 512m\n',
    },
    {
      name: 'unlimited in an anchor: one finding naming both services',
      code: 'x-r: &r\n  deploy:\n    resources:\n      limits:\n        memory: "0"\nservices:\n  a:\n    <<: *r\n  b:\n    <<: *r\n',
      errors: [{ messageId: 'unlimitedShared', message: /^Services `a` and `b` set `memory: "0"`/, line: 5, column: 17 }],
      output: 'x-r: &r\n  deploy:\n    resources:\n      limits:\n        memory: 512M\nservices:\n  a:\n    <<: *r\n  b:\n    <<: *r\n',
    },
    {
      name: 'an interpolated 0 is reported on the ${…} and not rewritten',
      code: 'services:\n  web:\n    image: a:1\n    mem_limit: ${MEM:-0}\n',
      errors: [{ messageId: 'unlimited', line: 4, column: 16 }],
      output: null,
    },
    {
      name: 'the .env value is what compose uses',
      code: 'services:\n  web:\n    image: a:1\n    mem_limit: ${MEM:-1g}\n',
      files: { '/work/.env': 'MEM=0\n' },
      errors: [{ messageId: 'unlimited', line: 4, column: 16 }],
      output: null,
    },
  ],
});
