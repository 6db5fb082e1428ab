import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH213', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    {
      name: 'GPU reservations are not host device paths',
      code: 'services:\n  ml:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n',
    },
    { name: 'a CDI device name', code: 'services:\n  ml:\n    devices: ["nvidia.com/gpu=all"]\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    devices: ["${DEVICE}:/dev/x"]\n' },
    { name: 'outside services', code: 'x-notes:\n  devices: [/dev/sda]\nservices:\n  web:\n    image: a:1\n' },
    { name: 'not a cgroup rule Docker reads', code: 'services:\n  web:\n    device_cgroup_rules: ["x 1:2 r"]\n' },
  ],
  invalid: [
    {
      name: 'short syntax, severity by device',
      code: 'services:\n  box:\n    devices:\n      - /dev/sda:/dev/xvda:rwm\n      - "/dev/mem"\n      - /dev/ttyUSB0:/dev/ttyUSB0\n      - /dev/net/tun\n      - /dev/dri/renderD128\n',
      errors: [
        {
          message:
            'Service `box` gets the raw host disk `/dev/sda`: the container can read every file on it, secrets included, and change them past every permission check, which is an escape.',
          line: 4,
          column: 9,
          endColumn: 31,
          severity: 'error',
        },
        { messageId: 'memory', line: 5, column: 9, severity: 'error' },
        { messageId: 'other', line: 6, column: 9, severity: 'warning' },
        { messageId: 'expected', line: 7, column: 9, severity: 'info' },
        { messageId: 'expected', line: 8, column: 9, severity: 'info' },
      ],
    },
    {
      name: 'flow list, NVMe and the whole /dev',
      code: 'services:\n  box:\n    devices: [/dev/nvme0n1, "/dev:/dev"]\n',
      errors: [
        { messageId: 'disk', line: 3, column: 15, severity: 'error' },
        { messageId: 'allDevices', message: /every host device under `\/dev`/, line: 3, column: 29, severity: 'error' },
      ],
    },
    {
      name: 'long syntax: reported on the source',
      code: 'services:\n  box:\n    devices:\n      - source: /dev/kmem\n        target: /dev/kmem\n        permissions: r\n',
      errors: [{ messageId: 'memory', line: 4, column: 17, endColumn: 26, severity: 'error' }],
    },
    {
      name: 'interpolated: reported on the line that holds the ${…}',
      code: 'services:\n  box:\n    devices:\n      - ${DISK:-/dev/sdb}:/dev/sdb\n',
      errors: [{ messageId: 'disk', message: /`\/dev\/sdb`/, line: 4, column: 9 }],
    },
    {
      name: 'a shared anchor entry: one finding naming both services',
      code: 'x-gpu: &gpu\n  devices:\n    - /dev/nvidia0:/dev/nvidia0\nservices:\n  a:\n    <<: *gpu\n  b:\n    <<: *gpu\n',
      errors: [{ message: /^Services `a` and `b` get, through this shared entry, the host device `\/dev\/nvidia0`/, line: 3, column: 7, severity: 'info' }],
    },
    {
      name: 'device cgroup rules',
      code: 'services:\n  box:\n    device_cgroup_rules:\n      - "a *:* rwm"\n      - "b 8:* rwm"\n      - "c 189:* rmw"\n      - "b *:* r"\n',
      errors: [
        {
          message:
            'Service `box` may use every block and character device of the host (`a *:* rwm`): with the default MKNOD capability it can create a node for a host disk and read or write it, which is an escape.',
          line: 4,
          column: 9,
          severity: 'error',
        },
        { messageId: 'block', line: 5, column: 9, severity: 'warning' },
        { messageId: 'char', line: 6, column: 9, severity: 'info' },
        { messageId: 'allRules', message: /every block device of the host/, line: 7, column: 9, severity: 'error' },
      ],
    },
  ],
});
