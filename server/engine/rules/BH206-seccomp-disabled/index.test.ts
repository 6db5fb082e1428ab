import { ruleTester } from '../../../../test/support/ruleTester';

const UNCONFINED =
  "Service `web` runs without a seccomp filter (`seccomp:unconfined`): every system call reaches the host kernel, including those Docker blocks by default (`keyctl`, `bpf`, `userfaultfd`, `unshare`…), which makes kernel exploits and escapes easier. Remove it, or use a profile that allows only what is needed.";

const ALLOW_ALL = '{\n  "defaultAction": "SCMP_ACT_ALLOW"\n}\n';
const ALLOW_WITH_RULES = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ALLOW' }, { names: ['ptrace'], action: 'SCMP_ACT_LOG' }] });
const DENYING = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['keyctl'], action: 'SCMP_ACT_ERRNO' }] });
const STRICT = JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' }] });

ruleTester('BH206', {
  valid: [
    'services:\n  web:\n    image: a:1\n    security_opt: [no-new-privileges:true]\n',
    { name: 'builtin profile', code: 'services:\n  web:\n    security_opt: [seccomp=builtin]\n' },
    { name: 'a profile that denies by default', code: 'services:\n  web:\n    security_opt: ["seccomp=./strict.json"]\n', files: { '/work/strict.json': STRICT } },
    { name: 'allow by default with a denying rule', code: 'services:\n  web:\n    security_opt: ["seccomp:profile.json"]\n', files: { '/work/profile.json': DENYING } },
    { name: 'a profile file that is missing: nothing said', code: 'services:\n  web:\n    security_opt: ["seccomp:./missing.json"]\n' },
    { name: 'a profile that is not JSON', code: 'services:\n  web:\n    security_opt: ["seccomp:./p.json"]\n', files: { '/work/p.json': 'defaultAction: SCMP_ACT_ALLOW' } },
    { name: 'case matters to Docker: Unconfined is a file name', code: 'services:\n  web:\n    security_opt: [seccomp=Unconfined]\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    security_opt: ["seccomp=${PROFILE}"]\n' },
    { name: 'outside services', code: 'x-notes:\n  security_opt: [seccomp:unconfined]\nservices:\n  web:\n    image: a:1\n' },
    { name: 'commented out', code: 'services:\n  web:\n    image: a:1\n    # security_opt:\n    #   - seccomp:unconfined\n' },
  ],
  invalid: [
    {
      name: 'block list, only entry: the key goes',
      code: 'services:\n  web:\n    image: a:1\n    security_opt:\n      - seccomp:unconfined\n    ports: ["80:80"]\n',
      errors: [{ message: UNCONFINED, line: 5, column: 9, endColumn: 27, severity: 'warning' }],
      fixTitles: ["Remove the seccomp option (Docker's default filter applies again)"],
      output: 'services:\n  web:\n    image: a:1\n    ports: ["80:80"]\n',
    },
    {
      name: '= separator in a flow list with another entry',
      code: 'services:\n  web:\n    security_opt: [no-new-privileges:true, "seccomp=unconfined"]\n',
      errors: [{ messageId: 'unconfined', message: /\(`seccomp=unconfined`\)/, line: 3, column: 44, endColumn: 64 }],
      output: 'services:\n  web:\n    security_opt: [no-new-privileges:true]\n',
    },
    {
      name: 'interpolated: reported where the ${…} is written',
      code: 'services:\n  web:\n    security_opt:\n      - apparmor=unconfined\n      - seccomp=${SECCOMP:-unconfined}\n',
      errors: [{ messageId: 'unconfined', line: 5, column: 9 }],
      output: 'services:\n  web:\n    security_opt:\n      - apparmor=unconfined\n',
    },
    {
      name: 'a profile file that allows everything, relative to the compose file',
      code: 'services:\n  web:\n    security_opt:\n      - seccomp:./seccomp/allow.json\n',
      filename: '/work/app/compose.yaml',
      files: { '/work/app/seccomp/allow.json': ALLOW_ALL },
      errors: [
        {
          message:
            "Service `web` uses the seccomp profile `./seccomp/allow.json`, which allows every system call: it is the same as no filter at all. Remove it to get Docker's default profile, or make the profile deny by default.",
          line: 4,
          column: 9,
        },
      ],
      output: 'services:\n  web: {}\n',
    },
    {
      name: 'a profile whose rules only allow or log',
      code: 'services:\n  web:\n    image: a:1\n    security_opt: ["seccomp=/etc/docker/allow.json"]\n',
      files: { '/etc/docker/allow.json': ALLOW_WITH_RULES },
      errors: [{ messageId: 'allowAll', line: 4, column: 20 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'a shared anchor entry: one finding naming both services',
      code: 'x-debug: &debug\n  security_opt:\n    - seccomp:unconfined\n    - label:disable\nservices:\n  a:\n    <<: *debug\n  b:\n    <<: *debug\n',
      errors: [{ messageId: 'unconfinedShared', message: /^Services `a` and `b` run/, line: 3, column: 7 }],
      output: 'x-debug: &debug\n  security_opt:\n    - label:disable\nservices:\n  a:\n    <<: *debug\n  b:\n    <<: *debug\n',
    },
    {
      name: 'an anchored entry used through aliases in two services: one finding on the anchor, both uses removed',
      code: 'x-u: &u seccomp:unconfined\nservices:\n  a:\n    security_opt: [*u, label:disable]\n  b:\n    security_opt: [*u, label:disable]\n',
      errors: [{ messageId: 'unconfinedShared', line: 1, column: 9 }],
      output: 'x-u: &u seccomp:unconfined\nservices:\n  a:\n    security_opt: [label:disable]\n  b:\n    security_opt: [label:disable]\n',
    },
    {
      name: 'two unconfined entries: fixed one at a time, the key goes',
      code: 'services:\n  web:\n    security_opt:\n      - seccomp:unconfined\n      - seccomp=unconfined\n    image: a:1\n',
      errors: [{ messageId: 'unconfined', line: 4, column: 9 }, { messageId: 'unconfined', line: 5, column: 9 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
  ],
});
