import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH227', {
  valid: [
    'services:\n  web:\n    image: a:1\n    cpus: 0.5\n',
    { name: 'cpus as a string', code: 'services:\n  web:\n    image: a:1\n    cpus: "1.5"\n' },
    { name: 'cpu_shares: CIS 5.12 CPU priority', code: 'services:\n  web:\n    image: a:1\n    cpu_shares: 512\n' },
    { name: 'cpu_quota', code: 'services:\n  web:\n    image: a:1\n    cpu_quota: 50000\n' },
    { name: 'cpuset', code: 'services:\n  web:\n    image: a:1\n    cpuset: "0,1"\n' },
    { name: 'deploy limits', code: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          cpus: "0.50"\n' },
    { name: 'from a merge key', code: 'x-l: &l\n  cpus: 2\nservices:\n  web:\n    <<: *l\n' },
    { name: 'an unset variable is not judged', code: 'services:\n  web:\n    image: a:1\n    cpus: ${CPUS}\n' },
    {
      name: 'the override file sets a limit',
      code: 'services:\n  web:\n    image: nginx:1\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    cpus: 0.5\n' },
    },
    {
      name: 'a one-shot service is skipped',
      code: 'services:\n  init:\n    image: a:1\n  web:\n    image: a:1\n    cpus: 1\n    depends_on: {init: {condition: service_completed_successfully}}\n',
    },
    { name: 'a limit next to an unlimited value', code: 'services:\n  web:\n    image: a:1\n    cpus: 1\n    cpu_shares: 0\n' },
  ],
  invalid: [
    {
      name: 'missing: cpus after mem_limit',
      code: 'services:\n  web:\n    image: a:1\n    mem_limit: 1g\n    restart: always\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, severity: 'info' }],
      fixTitles: ['Limit the service to 1 CPU (adjust to what it needs)'],
      output: 'services:\n  web:\n    image: a:1\n    mem_limit: 1g\n    cpus: 1\n    restart: always\n',
    },
    {
      name: 'missing with deploy limits present',
      code: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits: {memory: 1G}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits: {memory: 1G, cpus: 1}\n',
    },
    {
      name: 'cpus: 0',
      code: 'services:\n  web:\n    image: a:1\n    cpus: 0\n',
      errors: [{ messageId: 'unlimited', line: 4, column: 11 }],
      output: 'services:\n  web:\n    image: a:1\n    cpus: 1\n',
    },
    {
      name: 'cpu_quota: -1 is reported without a value fix',
      code: 'services:\n  web:\n    image: a:1\n    cpu_quota: -1\n',
      errors: [{ message: /sets `cpu_quota: -1`/, line: 4, column: 16 }],
      output: null,
    },
    {
      name: 'cpus: 0 in an anchor: one finding naming both services',
      code: 'x-c: &c\n  cpus: "0"\nservices:\n  a:\n    <<: *c\n  b:\n    <<: *c\n',
      errors: [{ messageId: 'unlimitedShared', message: /^Services `a` and `b` set `cpus: "0"`/, line: 2, column: 9 }],
      output: 'x-c: &c\n  cpus: 1\nservices:\n  a:\n    <<: *c\n  b:\n    <<: *c\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: x, mem_limit: 1g}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web: {image: x, mem_limit: 1g, cpus: 1}\n',
    },
  ],
});
