import { ruleTester } from '../../../../test/support/ruleTester';

const MSG =
  'Service `db` (postgres:16) is on network `default` with `web`, which publishes ports: a compromised public service reaches `db` directly, and the network lets `db` reach the outside. Put `db` on a network with `internal: true` that only the services using it join.';

ruleTester('BH220', {
  valid: [
    'services:\n  db:\n    image: postgres:16\n  worker:\n    image: example/worker:1\n',
    {
      name: 'the backend on an internal network',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    networks: [front, back]\n  db:\n    image: postgres:16\n    networks: [back]\nnetworks:\n  front: {}\n  back:\n    internal: true\n',
    },
    { name: 'different networks', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    networks: [front]\n  db:\n    image: mysql:8\n    networks: [back]\n' },
    { name: 'the publisher only on loopback', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n  db:\n    image: redis:7\n' },
    { name: 'the publisher uses the host network', code: 'services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n    ports: ["8080:80"]\n  db:\n    image: redis:7\n' },
    { name: 'the backend publishes its own port (BH218)', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  db:\n    image: redis:7\n    ports: ["6379:6379"]\n' },
    { name: 'the publisher is in an inactive profile', code: 'services:\n  adminer:\n    image: adminer:4\n    ports: ["8080:8080"]\n    profiles: [debug]\n  db:\n    image: postgres:16\n' },
    { name: 'not a backend image', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  api:\n    image: example/postgres-api-gateway:1\n' },
    { name: 'exporters and sidecars named after a backend', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  exp:\n    image: prometheuscommunity/postgres-exporter:v0.15\n  rexp:\n    image: oliver006/redis_exporter\n  gui:\n    image: redis/redisinsight:2\n' },
    { name: 'an image from a variable', code: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  db:\n    image: ${DB_IMAGE}\n' },
  ],
  invalid: [
    {
      name: 'everything on the default network',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n  db:\n    image: postgres:16\n',
      errors: [{ message: MSG, line: 6, column: 3, endColumn: 5, severity: 'info' }],
    },
    {
      name: 'a shared network that is not internal; two publishers; registry paths',
      code: 'services:\n  cache:\n    image: docker.io/bitnami/redis:7.2@sha256:0123\n    networks: [back]\n  api:\n    image: example/api:1\n    ports: ["3000:3000"]\n    networks: [back]\n  admin:\n    image: example/admin:1\n    ports: [{target: 80}]\n    networks:\n      back: {}\n  mssql:\n    image: mcr.microsoft.com/mssql/server:2022-latest\n    networks: [back]\nnetworks:\n  back:\n    internal: false\n',
      errors: [
        { message: /^Service `cache` \(docker.io\/bitnami\/redis:7.2@sha256:0123\) is on network `back` with `api` and `admin`, which publish ports/, line: 2, column: 3 },
        { message: /^Service `mssql` \(mcr.microsoft.com\/mssql\/server:2022-latest\) is on network `back`/, line: 14, column: 3 },
      ],
    },
    {
      name: 'network_mode service: shares the target service\'s networks',
      code: 'services:\n  vpn:\n    image: example/vpn:1\n    ports: ["1194:1194/udp"]\n  app:\n    image: example/app:1\n    network_mode: "service:vpn"\n  queue:\n    image: rabbitmq:3-management\n',
      errors: [{ message: /^Service `queue` \(rabbitmq:3-management\) is on network `default` with `vpn`, which publishes ports/, line: 8, column: 3 }],
    },
    {
      name: 'the publisher in an active profile',
      code: 'services:\n  adminer:\n    image: adminer:4\n    ports: ["8080:8080"]\n    profiles: [debug]\n  db:\n    image: mariadb:11\n',
      config: { composeProfiles: ['debug'] },
      errors: [{ message: /^Service `db` \(mariadb:11\) is on network `default` with `adminer`/, line: 6, column: 3 }],
    },
    {
      name: 'ports added by the override file',
      code: 'services:\n  web:\n    image: nginx:1.27\n  db:\n    image: mongo:7\n',
      files: { '/work/compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80"]\n' },
      errors: [{ message: /^Service `db` \(mongo:7\) is on network `default` with `web`/, line: 4, column: 3 }],
    },
  ],
});
