import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH219', {
  valid: [
    'services:\n  web:\n    ports: ["8080:80", "127.0.0.1:8443:443"]\n',
    { name: '80 and 443 are allowed by default', code: 'services:\n  proxy:\n    ports:\n      - 80:80\n      - "443:443"\n      - {target: 443, published: 443, protocol: udp}\n' },
    { name: 'ephemeral host port for a privileged container port', code: 'services:\n  web:\n    ports: ["22", "53/udp"]\n' },
    { name: 'expose is not publishing', code: 'services:\n  dind:\n    image: docker:27-dind\n    expose: ["2375"]\n' },
    { name: 'unresolved host port', code: 'services:\n  web:\n    ports: ["${SSH_PORT}:22"]\n' },
    { name: 'allowedPrivilegedPorts option', code: 'services:\n  dns:\n    ports: ["53:53/udp"]\n', options: { allowedPrivilegedPorts: ['53', '80', '443'] } },
    { name: 'network_mode host', code: 'services:\n  web:\n    network_mode: host\n    ports: ["22:22"]\n' },
  ],
  invalid: [
    {
      name: 'the Docker daemon port: error',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    ports:\n      - "2375:2375"\n',
      errors: [
        {
          message:
            "Service `dind` publishes port 2375, the Docker daemon's unencrypted, unauthenticated API port: anyone who can connect controls that daemon — and, for Docker-in-Docker or a socket proxy, the containers and host behind it. Do not publish it; let the services that need it reach it over an internal Compose network.",
          line: 5,
          column: 9,
          endColumn: 20,
          severity: 'error',
        },
      ],
    },
    {
      name: 'the daemon port on loopback and remapped, and the TLS port',
      code: 'services:\n  dind:\n    ports: ["127.0.0.1:12375:2375", 2376:2376]\n',
      errors: [
        { message: /^Service `dind` publishes port 12375 \(container port 2375\), the Docker daemon's unencrypted/, line: 3, column: 13, severity: 'error' },
        { message: /publishes port 2376, the Docker daemon's TLS API port/, line: 3, column: 37, severity: 'warning' },
      ],
    },
    {
      name: 'long syntax daemon port',
      code: 'services:\n  proxy:\n    ports:\n      - target: 2375\n        published: "2375"\n',
      errors: [{ messageId: 'daemon', line: 5, column: 20, endColumn: 26, severity: 'error' }],
    },
    {
      name: 'privileged host ports: info',
      code: "services:\n  ssh:\n    ports:\n      - '22:22'\n      - 127.0.0.1:81:8080\n      - 53:53/udp\n",
      errors: [
        { message: /^Service `ssh` maps host port 22, a privileged port \(below 1024\)/, line: 4, column: 9, endColumn: 16, severity: 'info' },
        { message: /maps host port 81 \(container port 8080\)/, line: 5, column: 9, severity: 'info' },
        { message: /maps host port 53\/udp/, line: 6, column: 9, severity: 'info' },
      ],
    },
    {
      name: 'a range reaching below 1024, past the allowed 80',
      code: 'services:\n  web:\n    ports: ["80-82:80-82"]\n',
      errors: [{ message: /maps host port 80-82/, line: 3, column: 13 }],
    },
    {
      name: 'an anchor shared by two services, interpolated default',
      code: 'x-p: &p\n  ports: ["${SSH:-2222}:22", "${SMTP:-25}:25"]\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n',
      errors: [{ message: /^Services `a` and `b` map host port 25, a privileged port/, line: 2, column: 30 }],
    },
  ],
});
