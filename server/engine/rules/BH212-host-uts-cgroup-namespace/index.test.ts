import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH212', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'private cgroup namespace', code: 'services:\n  web:\n    cgroup: private\n' },
    { name: 'case matters to Docker', code: 'services:\n  web:\n    uts: Host\n' },
    { name: 'an empty cgroup_parent', code: 'services:\n  web:\n    cgroup_parent:\n  api:\n    cgroup_parent: ""\n  db:\n    cgroup_parent: ~\n' },
    { name: 'cgroup_parent from an unset variable', code: 'services:\n  web:\n    cgroup_parent: ${CGROUP_PARENT}\n' },
    { name: 'cgroup_parent from an empty default', code: 'services:\n  web:\n    cgroup_parent: ${CGROUP_PARENT:-}\n' },
    { name: 'cgroup_parent outside services', code: 'x-base:\n  cgroup_parent: /custom\nservices:\n  web:\n    image: a:1\n' },
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
    {
      name: 'cgroup_parent, block style',
      code: 'services:\n  web:\n    image: a:1\n    cgroup_parent: m-executor-abcd\n',
      errors: [
        {
          messageId: 'cgroupParent',
          message:
            "Service `web` is placed under the host cgroup `m-executor-abcd` (`cgroup_parent`) instead of Docker's own hierarchy: limits and accounting Docker sets up for its containers no longer cover it. Make sure this is deliberate and that the parent cgroup limits it.",
          line: 4,
          column: 5,
          endColumn: 35,
          severity: 'info',
        },
      ],
      output: null,
    },
    {
      name: 'cgroup_parent in a flow-style service',
      code: 'services:\n  web: {image: a:1, cgroup_parent: "/custom", restart: always}\n',
      errors: [{ messageId: 'cgroupParent', message: /`\/custom`/, line: 2, column: 21, endColumn: 45, severity: 'info' }],
      output: null,
    },
    {
      name: 'cgroup_parent in a shared anchor',
      code: 'x-base: &base\n  cgroup_parent: workers.slice\nservices:\n  a:\n    <<: *base\n    image: a:1\n  b:\n    <<: *base\n    image: b:1\n',
      errors: [{ messageId: 'cgroupParentShared', message: /^Services `a` and `b` are placed under the host cgroup `workers\.slice`/, line: 2, column: 3, endColumn: 31 }],
      output: null,
    },
    {
      name: 'cgroup_parent interpolated with a default',
      code: 'services:\n  web:\n    image: a:1\n    cgroup_parent: ${CG:-/custom}\n',
      errors: [{ messageId: 'cgroupParent', message: /`\/custom`/, line: 4, column: 5, endColumn: 34 }],
      output: null,
    },
    {
      name: 'cgroup: host and cgroup_parent in one service',
      code: 'services:\n  web:\n    cgroup: host\n    cgroup_parent: /custom\n',
      errors: [
        { messageId: 'hostCgroup', line: 3, column: 5 },
        { messageId: 'cgroupParent', line: 4, column: 5 },
      ],
      output: 'services:\n  web:\n    cgroup_parent: /custom\n',
    },
  ],
});
