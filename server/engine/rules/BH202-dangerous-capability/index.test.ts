import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH202', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'harmless capabilities', code: 'services:\n  web:\n    cap_add:\n      - CHOWN\n      - NET_BIND_SERVICE\n' },
    { name: 'cap_drop is not cap_add', code: 'services:\n  web:\n    cap_drop: [SYS_ADMIN, ALL]\n' },
    { name: "members of Docker's default set are left to BH203", code: 'services:\n  web:\n    cap_add: [NET_RAW, DAC_OVERRIDE, SETFCAP]\n' },
    { name: 'an unresolved variable is not judged', code: 'services:\n  web:\n    cap_add: ["${CAP}"]\n' },
    { name: 'cap_add outside services', code: 'x-notes:\n  cap_add: [SYS_ADMIN]\nservices:\n  web:\n    image: a:1\n' },
  ],
  invalid: [
    {
      name: 'block list: the entry line goes',
      code: 'services:\n  web:\n    image: a:1\n    cap_add:\n      - NET_BIND_SERVICE\n      - SYS_ADMIN\n',
      errors: [
        {
          message: 'Service `web` adds capability `SYS_ADMIN`, which allows mounts, new namespaces and most kernel administration: the usual way out of a container.',
          line: 6,
          column: 9,
          endColumn: 18,
          severity: 'error',
        },
      ],
      fixTitles: ['Remove capability SYS_ADMIN'],
      output: 'services:\n  web:\n    image: a:1\n    cap_add:\n      - NET_BIND_SERVICE\n',
    },
    {
      name: 'the only entry: the whole key goes',
      code: 'services:\n  web:\n    cap_add:\n      - SYS_PTRACE\n    image: a:1\n',
      errors: [{ messageId: 'dangerous', line: 4, column: 9, endColumn: 19, severity: 'warning' }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'flow list: the element and its comma go',
      code: 'services:\n  web:\n    cap_add: [CHOWN, NET_ADMIN, KILL]\n',
      errors: [{ message: /`NET_ADMIN`, which reconfigures interfaces/, line: 3, column: 22, endColumn: 31, severity: 'warning' }],
      output: 'services:\n  web:\n    cap_add: [CHOWN, KILL]\n',
    },
    {
      name: 'flow list, last element',
      code: 'services:\n  web:\n    cap_add: [CHOWN, SYS_TIME]\n    image: a:1\n',
      errors: [{ message: /`SYS_TIME`/, line: 3, column: 22, endColumn: 30 }],
      output: 'services:\n  web:\n    cap_add: [CHOWN]\n    image: a:1\n',
    },
    {
      name: 'flow list with one element: the key goes',
      code: 'services:\n  web:\n    image: a:1\n    cap_add: [SYS_PTRACE]\n    restart: always\n',
      errors: [{ messageId: 'dangerous', line: 4, column: 15, endColumn: 25 }],
      output: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    },
    {
      name: 'CAP_ prefix, lowercase and quotes',
      code: 'services:\n  web:\n    cap_add:\n      - cap_sys_module\n      - "CAP_BPF"\n      - chown\n',
      errors: [
        { message: /adds capability `SYS_MODULE`, which loads kernel modules/, line: 4, column: 9, endColumn: 23 },
        { message: /adds capability `BPF`, which loads BPF programs/, line: 5, column: 9, endColumn: 18 },
      ],
      fixTitles: ['Remove capability SYS_MODULE'],
      output: 'services:\n  web:\n    cap_add:\n      - chown\n',
    },
    {
      name: 'every entry dangerous: fix-all ends with the key removed, not an empty key',
      code: 'services:\n  web:\n    cap_add:\n      - SYS_ADMIN\n      - NET_ADMIN\n    image: a:1\n',
      errors: [
        { messageId: 'dangerous', line: 4, column: 9, severity: 'error' },
        { messageId: 'dangerous', line: 5, column: 9, severity: 'warning' },
      ],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'comments on other lines stay',
      code: 'services:\n  web:\n    cap_add:\n      # for the VPN tunnel\n      - NET_ADMIN\n      - CHOWN # files\n',
      errors: [{ messageId: 'dangerous', line: 5, column: 9 }],
      output: 'services:\n  web:\n    cap_add:\n      # for the VPN tunnel\n      - CHOWN # files\n',
    },
    {
      name: 'through a merge key shared by two services: one finding, fixed in the anchor',
      code: 'x-base: &base\n  cap_add:\n    - SYS_RESOURCE\n    - KILL\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        {
          message: 'Services `a` and `b` add capability `SYS_RESOURCE` through this shared list; it overrides resource limits and quotas that protect the host.',
          line: 3,
          column: 7,
          endColumn: 19,
        },
      ],
      output: 'x-base: &base\n  cap_add:\n    - KILL\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'an aliased list: the entry goes from the anchor',
      code: 'x-caps: &caps [CHOWN, DAC_READ_SEARCH]\nservices:\n  web:\n    cap_add: *caps\n',
      errors: [{ message: /`DAC_READ_SEARCH`, which bypasses read permission checks/, line: 1, column: 23, endColumn: 38 }],
      output: 'x-caps: &caps [CHOWN]\nservices:\n  web:\n    cap_add: *caps\n',
    },
    {
      name: 'an aliased entry: reported where the value is written, removed from the list that uses it',
      code: 'x-cap: &admin SYS_ADMIN\nservices:\n  web:\n    cap_add: [*admin, CHOWN]\n',
      errors: [{ message: /^Service `web` adds capability `SYS_ADMIN`/, line: 1, column: 15, endColumn: 24, severity: 'error' }],
      output: 'x-cap: &admin SYS_ADMIN\nservices:\n  web:\n    cap_add: [CHOWN]\n',
    },
    {
      name: 'four-space indentation, items not indented under the key',
      code: 'services:\n    web:\n        cap_add:\n        - CHOWN\n        - SYSLOG\n        image: a:1\n',
      errors: [{ message: /`SYSLOG`/, line: 5, column: 11, endColumn: 17 }],
      output: 'services:\n    web:\n        cap_add:\n        - CHOWN\n        image: a:1\n',
    },
    {
      name: 'ALL is an error',
      code: 'services:\n  web: {image: x, cap_add: [ALL]}\n',
      errors: [{ message: /adds capability `ALL`, which grants every capability/, line: 2, column: 29, endColumn: 32, severity: 'error' }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'interpolated from .env',
      code: 'services:\n  web:\n    cap_add:\n      - ${EXTRA_CAP}\n      - CHOWN\n',
      files: { '/work/.env': 'EXTRA_CAP=MAC_ADMIN\n' },
      errors: [{ message: /`MAC_ADMIN`, which changes the AppArmor or SELinux policy/, line: 4, column: 9, endColumn: 21 }],
      output: 'services:\n  web:\n    cap_add:\n      - CHOWN\n',
    },
    {
      name: 'two services, last line without a line break',
      code: 'services:\n  a:\n    cap_add: [LINUX_IMMUTABLE]\n  b:\n    cap_add:\n      - KILL\n      - AUDIT_CONTROL',
      errors: [
        { message: /^Service `a` adds capability `LINUX_IMMUTABLE`/, line: 3, column: 15, endColumn: 30 },
        { message: /^Service `b` adds capability `AUDIT_CONTROL`/, line: 7, column: 9, endColumn: 22 },
      ],
      output: 'services:\n  a: {}\n  b:\n    cap_add:\n      - KILL',
    },
    {
      name: 'the list is an anchor used elsewhere: the entry goes, the list stays',
      code: 'services:\n  a:\n    cap_add: &caps\n      - CHECKPOINT_RESTORE\n  b:\n    cap_add: *caps\n',
      errors: [{ message: /^Services `a` and `b` add capability `CHECKPOINT_RESTORE`/, line: 4, column: 9, endColumn: 27 }],
      output: 'services:\n  a:\n    cap_add: &caps\n      []\n  b:\n    cap_add: *caps\n',
    },
  ],
});
