import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH212', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'private cgroup namespace', code: 'services:\n  web:\n    cgroup: private\n' },
    { name: 'case matters to Docker', code: 'services:\n  web:\n    uts: Host\n' },
    { name: 'cgroup_parent is not a namespace', code: 'services:\n  web:\n    cgroup_parent: m-executor-abcd\n' },
    { name: 'outside services', code: 'x-notes:\n  uts: host\nservices:\n  web:\n    image: a:1\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    cgroup: ${CGROUPNS}\n' },
  ],
  invalid: [
    {
      name: 'uts: host, block style',
      code: 'services:\n  web:\n    image: a:1\n    uts: host\n',
      errors: [
        {
          message:
            "Service `web` shares the host's UTS namespace (`uts: host`): it sees the host's hostname and, with SYS_ADMIN, can change it for the whole host. Remove it.",
          line: 4,
          column: 5,
          endColumn: 14,
          severity: 'info',
        },
      ],
      fixTitles: ['Remove uts: host (the service gets its own hostname)'],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'cgroup: host in a flow-style service',
      code: 'services:\n  cadvisor: {image: x, cgroup: host, restart: always}\n',
      errors: [{ messageId: 'hostCgroup', line: 2, column: 24, endColumn: 36, severity: 'info' }],
      fixTitles: ['Remove cgroup: host (the service gets its own cgroup namespace)'],
      output: 'services:\n  cadvisor: {image: x, restart: always}\n',
    },
    {
      name: 'both in one service, and interpolated',
      code: 'services:\n  web:\n    uts: "host"\n    cgroup: ${CG:-host}\n    image: a:1\n',
      errors: [
        { messageId: 'hostUts', line: 3, column: 5 },
        { messageId: 'hostCgroup', line: 4, column: 5 },
      ],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'a shared anchor',
      code: 'x-base: &base\n  cgroup: host\nservices:\n  a:\n    <<: *base\n    image: a:1\n  b:\n    <<: *base\n    image: b:1\n',
      errors: [{ messageId: 'hostCgroupShared', message: /^Services `a` and `b` use/, line: 2, column: 3 }],
      output: 'x-base: &base\n  {}\nservices:\n  a:\n    <<: *base\n    image: a:1\n  b:\n    <<: *base\n    image: b:1\n',
    },
  ],
});
