import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH208', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'value bridge', code: 'services:\n  web:\n    network_mode: bridge\n' },
    { name: 'value none', code: 'services:\n  web:\n    network_mode: none\n' },
    { name: 'value "service:vpn"', code: 'services:\n  web:\n    network_mode: "service:vpn"\n' },
    { name: 'value "container:abc"', code: 'services:\n  web:\n    network_mode: "container:abc"\n' },
    { name: 'value Host', code: 'services:\n  web:\n    network_mode: Host\n' },
    { name: 'interpolated to something else', code: 'services:\n  web:\n    network_mode: ${MODE:-private}\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    network_mode: ${MODE}\n' },
    { name: 'outside services', code: 'x-notes:\n  network_mode: host\nservices:\n  web:\n    image: a:1\n' },
    { name: 'the service overrides the anchor', code: 'x-b: &b\n  network_mode: host\nservices:\n  web:\n    <<: *b\n    network_mode: "service:db"\n' },
    { name: 'commented out', code: 'services:\n  web:\n    image: a:1\n    # network_mode: host\n' },
    { name: 'sharing the network of a service that is not on the host', code: 'services:\n  vpn:\n    image: v:1\n  app:\n    network_mode: service:vpn\n' },
    { name: 'a network of the project called host', code: 'services:\n  web:\n    networks: [host]\nnetworks:\n  host: {}\n' },
    { name: 'an external network with another name', code: 'services:\n  web:\n    networks: [proxy]\nnetworks:\n  proxy:\n    external: true\n    name: traefik\n' },
    { name: 'the host network defined but unused', code: 'services:\n  web:\n    networks: [other]\nnetworks:\n  hostnet:\n    external: true\n    name: host\n  other: {}\n' },
    { name: 'a service cycle', code: 'services:\n  a:\n    network_mode: service:b\n  b:\n    network_mode: service:a\n' },
  ],
  invalid: [
    {
      name: 'block style: the line goes',
      code: 'services:\n  web:\n    image: a:1\n    network_mode: host # for now\n    restart: always\n',
      errors: [{ messageId: 'hostNetwork', message: /^Service `web` /, line: 4, column: 5, endLine: 4, endColumn: 23, severity: 'warning' }],
      fixTitles: ['Remove network_mode: host (the service gets its own network; publish the ports it needs)'],
      output: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    },
    {
      name: 'quoted, in a flow-style service',
      code: 'services:\n  web: {image: x, network_mode: "host"}\n',
      errors: [{ messageId: 'hostNetwork', line: 2, column: 19 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'interpolated: reported on the line that holds the ${…}',
      code: 'services:\n  web:\n    network_mode: ${MODE:-host}\n    image: a:1\n',
      errors: [{ messageId: 'hostNetwork', line: 3, column: 5 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'a shared anchor: one finding naming both services, fixed in the anchor',
      code: 'x-base: &base\n  image: a:1\n  network_mode: host\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ messageId: 'hostNetworkShared', message: /^Services `a` and `b` /, line: 3, column: 3 }],
      output: 'x-base: &base\n  image: a:1\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'two services, the last line without a line break',
      code: 'services:\n  a:\n    image: a:1\n    network_mode: host\n  b:\n    network_mode: host',
      errors: [
        { message: /^Service `a` /, line: 4, column: 5 },
        { message: /^Service `b` /, line: 6, column: 5 },
      ],
      output: 'services:\n  a:\n    image: a:1\n  b: {}',
    },
    {
      name: 'a service on the network of a host-network service: reported, no fix',
      code: 'services:\n  vpn:\n    image: v:1\n    network_mode: host\n  app:\n    image: a:1\n    network_mode: "service:vpn"\n',
      errors: [
        { messageId: 'hostNetwork', line: 4, column: 5 },
        {
          message:
            "Service `app` shares the network namespace of `vpn`, which uses the host's network stack: it is on the host's network too, with the same exposure. Move `vpn` off the host network.",
          line: 7,
          column: 5,
          endColumn: 32,
        },
      ],
      output: 'services:\n  vpn:\n    image: v:1\n  app:\n    image: a:1\n    network_mode: "service:vpn"\n',
    },
    {
      name: 'through two service hops',
      code: 'services:\n  a:\n    network_mode: service:b\n  b:\n    network_mode: service:c\n  c:\n    network_mode: ${NET:-host}\n',
      errors: [
        { messageId: 'hostNetworkViaService', message: /^Service `a` shares the network namespace of `b`/, line: 3, column: 5 },
        { messageId: 'hostNetworkViaService', message: /^Service `b` shares the network namespace of `c`/, line: 5, column: 5 },
        { messageId: 'hostNetwork', line: 7, column: 5 },
      ],
      output: 'services:\n  a:\n    network_mode: service:b\n  b:\n    network_mode: service:c\n  c: {}\n',
    },
    {
      name: 'the external host network, attached by name',
      code: 'services:\n  web:\n    image: a:1\n    networks: [hostnet]\n  db:\n    image: b:1\nnetworks:\n  hostnet:\n    external: true\n    name: host\n',
      errors: [
        {
          message:
            "Network `hostnet` is Docker's host network (`name: host`): service `web`, attached to it, uses the host's network stack, with the same exposure as `network_mode: host`. Use a network of the project instead.",
          line: 10,
          column: 5,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'the default network made the host network (old external syntax): every service without networks',
      code: 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    networks:\n      other: {}\n  c:\n    image: c:1\nnetworks:\n  default:\n    external:\n      name: host\n  other: {}\n',
      errors: [{ messageId: 'hostNetworkByNameShared', message: /services `a` and `c`, attached to it, use/, line: 13, column: 7 }],
    },
  ],
});
