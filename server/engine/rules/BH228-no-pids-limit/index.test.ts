import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH228', {
  valid: [
    'services:\n  web:\n    image: a:1\n    pids_limit: 200\n',
    { name: 'deploy limits', code: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          pids: 100\n' },
    { name: 'from a merge key', code: 'x-l: &l\n  pids_limit: 100\nservices:\n  web:\n    <<: *l\n' },
    { name: 'extends a service with a limit', code: 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: web\n', files: { '/work/base.yaml': 'services:\n  web:\n    image: a:1\n    pids_limit: 50\n' } },
    { name: 'interpolated', code: 'services:\n  web:\n    image: a:1\n    pids_limit: ${PIDS:-100}\n' },
    {
      name: 'the override file sets it',
      code: 'services:\n  web:\n    image: nginx:1\n    pids_limit: 0\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    pids_limit: 100\n' },
    },
  ],
  invalid: [
    {
      name: 'missing',
      code: 'services:\n  web:\n    image: a:1\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, severity: 'info' }],
      fixTitles: ['Limit the service to 1024 processes and threads (adjust to what it needs)'],
      output: 'services:\n  web:\n    image: a:1\n    pids_limit: 1024\n',
    },
    {
      name: 'pids_limit: -1',
      code: 'services:\n  web:\n    image: a:1\n    pids_limit: -1\n',
      errors: [{ message: /^Service `web` sets `pids_limit: -1`, which means no process limit/, line: 4, column: 17 }],
      output: 'services:\n  web:\n    image: a:1\n    pids_limit: 1024\n',
    },
    {
      name: 'deploy pids: 0',
      code: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          pids: 0\n',
      errors: [{ messageId: 'unlimited', line: 7, column: 17 }],
      output: 'services:\n  web:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          pids: 1024\n',
    },
    {
      name: 'empty service',
      code: 'services:\n  web:\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    pids_limit: 1024\n',
    },
    {
      name: 'in an anchor: one finding naming both services',
      code: 'x-p: &p\n  pids_limit: 0\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n',
      errors: [{ messageId: 'unlimitedShared', line: 2, column: 15 }],
      output: 'x-p: &p\n  pids_limit: 1024\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n',
    },
    {
      name: 'extends a service without a limit',
      code: 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: web\n',
      files: { '/work/base.yaml': 'services:\n  web:\n    image: a:1\n' },
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: web\n    pids_limit: 1024\n',
    },
  ],
});
