import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH202', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'capabilities in the default set or harmless', code: 'services:\n  web:\n    cap_add:\n      - CHOWN\n      - NET_BIND_SERVICE\n' },
    { name: 'cap_drop is not cap_add', code: 'services:\n  web:\n    cap_drop: [SYS_ADMIN, ALL]\n' },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: a:1\n    cap_add:\n      - NET_BIND_SERVICE\n      - SYS_ADMIN\n',
      errors: [{ messageId: 'dangerous', message: /`SYS_ADMIN`/, line: 6, column: 9, endColumn: 18, severity: 'error' }],
      output: 'services:\n  web:\n    image: a:1\n    cap_add:\n      - NET_BIND_SERVICE\n',
    },
    {
      name: 'the only entry: the whole key goes',
      code: 'services:\n  web:\n    cap_add:\n      - SYS_PTRACE\n    image: a:1\n',
      errors: [{ messageId: 'dangerous', line: 4, column: 9, severity: 'warning' }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'flow list, CAP_ prefix and lower case',
      code: 'services:\n  web:\n    cap_add: [cap_net_admin, CHOWN]\n',
      errors: [{ message: /`NET_ADMIN`/, line: 3, column: 15, endColumn: 28 }],
      output: 'services:\n  web:\n    cap_add: [CHOWN]\n',
    },
    {
      name: 'ALL is an error',
      code: 'services:\n  web:\n    cap_add: [ALL]\n    image: a:1\n',
      errors: [{ severity: 'error', line: 3, column: 15 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'one finding per entry; each fix removes its own entry',
      code: 'services:\n  web:\n    cap_add:\n    - SYS_MODULE\n    - BPF\n    - CHOWN\n',
      errors: [{ message: /SYS_MODULE/, line: 4, column: 7 }, { message: /BPF/, line: 5, column: 7 }],
      output: 'services:\n  web:\n    cap_add:\n    - CHOWN\n',
    },
    {
      name: 'quoted entry',
      code: 'services:\n  web:\n    cap_add:\n      - "DAC_READ_SEARCH"\n      - CHOWN\n',
      errors: [{ line: 4, column: 9, endColumn: 26 }],
      output: 'services:\n  web:\n    cap_add:\n      - CHOWN\n',
    },
    {
      name: 'through an anchor',
      code: 'x-caps: &caps\n  - SYS_TIME\n  - CHOWN\nservices:\n  web:\n    cap_add: *caps\n',
      errors: [{ line: 2, column: 5 }],
      output: 'x-caps: &caps\n  - CHOWN\nservices:\n  web:\n    cap_add: *caps\n',
    },
  ],
});
