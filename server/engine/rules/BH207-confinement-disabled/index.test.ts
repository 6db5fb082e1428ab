import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH207', {
  valid: [
    'services:\n  web:\n    image: a:1\n    security_opt: [no-new-privileges:true]\n',
    { name: 'a custom AppArmor profile', code: 'services:\n  web:\n    security_opt: [apparmor=docker-nginx]\n' },
    { name: 'SELinux labels that confine', code: 'services:\n  web:\n    security_opt:\n      - label=level:s0:c100,c200\n      - label=type:svirt_apache_t\n' },
    { name: 'systempaths only as Compose reads it', code: 'services:\n  web:\n    security_opt: ["systempaths:unconfined"]\n' },
    { name: 'writable-cgroups false', code: 'services:\n  web:\n    security_opt: [writable-cgroups=false]\n' },
    { name: 'case matters to Docker', code: 'services:\n  web:\n    security_opt: [apparmor=Unconfined, label=Disable]\n' },
    { name: 'seccomp is BH206', code: 'services:\n  web:\n    security_opt: [seccomp=unconfined]\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    security_opt: ["apparmor=${PROFILE}"]\n' },
  ],
  invalid: [
    {
      name: 'apparmor, block list: the only entry takes the key',
      code: 'services:\n  web:\n    security_opt:\n      - apparmor:unconfined\n    image: a:1\n',
      errors: [
        {
          message:
            "Service `web` runs without AppArmor (`apparmor:unconfined`): Docker's default profile no longer stops writes to `/proc` and `/sys`, mounts, or access to kernel interfaces it denies. Remove it, or load a profile of your own.",
          line: 4,
          column: 9,
          endColumn: 28,
          severity: 'warning',
        },
      ],
      fixTitles: ["Remove apparmor:unconfined (Docker's default AppArmor profile applies again)"],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'label=disable in a flow list',
      code: 'services:\n  web:\n    security_opt: [no-new-privileges:true, label=disable]\n',
      errors: [{ messageId: 'selinux', message: /^Service `web` runs without SELinux labels \(`label=disable`\)/, line: 3, column: 44, endColumn: 57, severity: 'warning' }],
      output: 'services:\n  web:\n    security_opt: [no-new-privileges:true]\n',
    },
    {
      name: 'label:disable and the spc_t type',
      code: 'services:\n  a:\n    security_opt: ["label:disable"]\n  b:\n    security_opt:\n      - label=type:spc_t\n      - no-new-privileges\n',
      errors: [
        { messageId: 'selinux', line: 3, column: 20 },
        { message: /^Service `b` runs with the SELinux type `spc_t`, which is not confined/, line: 6, column: 9 },
      ],
      output: 'services:\n  a: {}\n  b:\n    security_opt:\n      - no-new-privileges\n',
    },
    {
      name: 'systempaths=unconfined is an error',
      code: 'services:\n  web:\n    security_opt:\n      - systempaths=unconfined\n      - no-new-privileges:true\n',
      errors: [{ messageId: 'systempaths', line: 4, column: 9, severity: 'error' }],
      fixTitles: ['Remove systempaths=unconfined (/proc and /sys are masked again)'],
      output: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      name: 'writable cgroups, Go boolean',
      code: 'services:\n  web:\n    security_opt: [writable-cgroups=1, no-new-privileges]\n',
      errors: [{ messageId: 'writableCgroups', line: 3, column: 20 }],
      output: 'services:\n  web:\n    security_opt: [no-new-privileges]\n',
    },
    {
      name: 'every entry flagged: removed one at a time, the key goes',
      code: 'services:\n  web:\n    image: a:1\n    security_opt:\n      - apparmor=unconfined\n      - label=disable\n',
      errors: [{ messageId: 'apparmor', line: 5, column: 9 }, { messageId: 'selinux', line: 6, column: 9 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'interpolated: reported on the line with the ${…}',
      code: 'services:\n  web:\n    security_opt:\n      - no-new-privileges\n      - "apparmor=${AA:-unconfined}"\n',
      errors: [{ messageId: 'apparmor', line: 5, column: 9 }],
      output: 'services:\n  web:\n    security_opt:\n      - no-new-privileges\n',
    },
    {
      name: 'an entry in a shared anchor: one finding naming both services',
      code: 'x-base: &base\n  image: a:1\n  security_opt: [apparmor:unconfined, no-new-privileges]\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ message: /^Services `a` and `b` run, through this shared entry, without AppArmor/, line: 3, column: 18 }],
      output: 'x-base: &base\n  image: a:1\n  security_opt: [no-new-privileges]\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
  ],
});
