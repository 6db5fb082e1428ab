import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH214', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'harmless namespaced sysctls', code: 'services:\n  db:\n    sysctls:\n      net.core.somaxconn: 1024\n      kernel.shmmax: 68719476736\n' },
    { name: 'turned off', code: 'services:\n  web:\n    sysctls: [net.ipv4.ip_forward=0, net.ipv4.conf.all.route_localnet=0]\n' },
    { name: 'allowed by option', code: 'services:\n  vpn:\n    sysctls:\n      - net.ipv4.ip_forward=1\n', options: { allowed: ['net.ipv4.ip_forward'] } },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    sysctls:\n      - net.ipv4.ip_forward=${FWD}\n' },
    { name: 'outside services', code: 'x-notes:\n  sysctls: {net.ipv4.ip_forward: 1}\nservices:\n  web:\n    image: a:1\n' },
  ],
  invalid: [
    {
      name: 'map form',
      code: 'services:\n  web:\n    sysctls:\n      net.ipv4.conf.all.route_localnet: 1\n      net.core.somaxconn: 1024\n',
      errors: [
        {
          message:
            'Service `web` sets `net.ipv4.conf.all.route_localnet=1`: packets from the network may be routed to 127.0.0.0/8, so services in the container that listen only on localhost (admin ports, debug endpoints) become reachable from other containers. Remove it.',
          line: 4,
          column: 7,
          endColumn: 42,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'list form, forwarding is info',
      code: 'services:\n  vpn:\n    sysctls:\n      - net.ipv4.ip_forward=1\n      - "net.ipv6.conf.all.forwarding=1"\n      - net/ipv4/conf/eth0/forwarding=1\n',
      errors: [
        { messageId: 'forwarding', line: 4, column: 9, endColumn: 30, severity: 'info' },
        { messageId: 'forwarding', line: 5, column: 9, severity: 'info' },
        { messageId: 'forwarding', line: 6, column: 9, severity: 'info' },
      ],
    },
    {
      name: 'flow map, quoted value',
      code: 'services:\n  web: {image: x, sysctls: {net.ipv4.conf.default.route_localnet: "1"}}\n',
      errors: [{ messageId: 'routeLocalnet', line: 2, column: 29 }],
    },
    {
      name: 'interpolated: reported on the line that holds the ${…}',
      code: 'services:\n  web:\n    sysctls:\n      - net.ipv4.ip_forward=${FWD:-1}\n',
      errors: [{ messageId: 'forwarding', line: 4, column: 9 }],
    },
    {
      name: 'a shared anchor: one finding naming both services',
      code: 'x-net: &net\n  sysctls:\n    net.ipv4.ip_forward: 1\nservices:\n  a:\n    <<: *net\n  b:\n    <<: *net\n',
      errors: [{ message: /^Services `a` and `b` set, through this shared setting, `net.ipv4.ip_forward=1`/, line: 3, column: 5 }],
    },
  ],
});
