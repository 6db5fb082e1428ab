import { ruleTester } from '../../../../test/support/ruleTester';

const PUBLIC =
  "Service `web` publishes port 8080 (container port 80) on every host interface: anyone who can reach the host can connect, and Docker's own firewall rules let the traffic past host firewalls such as ufw. Bind it to `127.0.0.1` if only this host needs it, or to the one interface that should serve it.";

ruleTester('BH218', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'loopback and specific interfaces', code: 'services:\n  web:\n    ports:\n      - "127.0.0.1:8080:80"\n      - "[::1]:8081:81"\n      - 10.0.0.5:8082:82\n      - "127.0.0.1::83"\n' },
    { name: 'reverse-proxy ports 80 and 443', code: 'services:\n  proxy:\n    ports: ["80:80", "443:8443", {target: 443, published: 443, protocol: udp}]\n' },
    { name: 'long syntax with host_ip', code: 'services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n' },
    { name: 'expose is not publishing', code: 'services:\n  db:\n    image: postgres:16\n    expose: ["5432"]\n' },
    { name: 'an unresolved whole entry', code: 'services:\n  web:\n    ports: ["${SPEC}"]\n' },
    { name: 'unresolved host address', code: 'services:\n  web:\n    ports: ["${BIND_ADDR}:8080:80"]\n' },
    { name: 'network_mode host ignores ports', code: 'services:\n  web:\n    network_mode: host\n    ports: ["8080:80"]\n' },
    { name: 'publicPorts option', code: 'services:\n  web:\n    ports: ["8443:8443"]\n', options: { publicPorts: ['8443'] } },
  ],
  invalid: [
    {
      name: 'short syntax: 127.0.0.1 is prepended',
      code: 'services:\n  web:\n    ports:\n      - "8080:80"\n',
      errors: [{ message: PUBLIC, line: 4, column: 9, endColumn: 18, severity: 'info' }],
      fixTitles: ['Publish on 127.0.0.1 only'],
      output: 'services:\n  web:\n    ports:\n      - "127.0.0.1:8080:80"\n',
    },
    {
      name: 'database port: warning',
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - 5432:5432\n      - 15672:15672\n',
      errors: [
        { message: /^Service `db` publishes port 5432 \(PostgreSQL\) on every host interface:.*do not publish it/, line: 5, column: 9, endColumn: 18, severity: 'warning' },
        { message: /port 15672 \(RabbitMQ management\)/, line: 6, column: 9, severity: 'warning' },
      ],
      output: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - 127.0.0.1:5432:5432\n      - 127.0.0.1:15672:15672\n',
    },
    {
      name: 'a lone container port: ephemeral host port on every interface',
      code: 'services:\n  cache:\n    ports:\n      - "6379"\n      - 9090\n',
      errors: [
        { message: /^Service `cache` publishes container port 6379 \(Redis\) on an ephemeral host port on every host interface/, line: 4, column: 9, severity: 'warning' },
        { message: /publishes container port 9090 on an ephemeral host port/, line: 5, column: 9, endColumn: 13, severity: 'info' },
      ],
      output: 'services:\n  cache:\n    ports:\n      - "127.0.0.1::6379"\n      - 127.0.0.1::9090\n',
    },
    {
      name: '0.0.0.0 and [::] are every interface; the address is replaced',
      code: "services:\n  web:\n    ports: ['0.0.0.0:8080:80', \"[::]:9090:9090/udp\"]\n",
      errors: [
        { messageId: 'public', line: 3, column: 13 },
        { message: /publishes port 9090\/udp on every host interface/, line: 3, column: 32 },
      ],
      output: "services:\n  web:\n    ports: ['127.0.0.1:8080:80', \"127.0.0.1:9090:9090/udp\"]\n",
    },
    {
      name: 'a range covering a database port',
      code: 'services:\n  db:\n    ports:\n      - "3300-3310:3300-3310"\n',
      errors: [{ message: /port 3300-3310 \(MySQL\/MariaDB\) on every host interface/, line: 4, column: 9, severity: 'warning' }],
      output: 'services:\n  db:\n    ports:\n      - "127.0.0.1:3300-3310:3300-3310"\n',
    },
    {
      name: 'long syntax: host_ip inserted, reported on published',
      code: 'services:\n  web:\n    ports:\n      - target: 80\n        published: "8080"\n        protocol: tcp\n',
      errors: [{ messageId: 'public', line: 5, column: 20, endColumn: 26 }],
      output: 'services:\n  web:\n    ports:\n      - target: 80\n        published: "8080"\n        protocol: tcp\n        host_ip: "127.0.0.1"\n',
    },
    {
      name: 'long syntax: host_ip 0.0.0.0 replaced; flow style; no published',
      code: 'services:\n  web:\n    ports:\n      - {target: 27017, host_ip: "0.0.0.0"}\n',
      errors: [{ message: /container port 27017 \(MongoDB\) on an ephemeral host port/, line: 4, column: 18, endColumn: 23, severity: 'warning' }],
      output: 'services:\n  web:\n    ports:\n      - {target: 27017, host_ip: "127.0.0.1"}\n',
    },
    {
      name: 'interpolated host port: reported on the entry, fixed in front',
      code: 'services:\n  web:\n    ports:\n      - ${PORT:-8080}:80\n',
      errors: [{ message: PUBLIC, line: 4, column: 9, endColumn: 25 }],
      output: 'services:\n  web:\n    ports:\n      - 127.0.0.1:${PORT:-8080}:80\n',
    },
    {
      name: 'an unresolved host port is still on every interface',
      code: 'services:\n  web:\n    ports: ["${WEB_PORT}:80"]\n',
      errors: [{ message: /^Service `web` publishes port \$WEB_PORT \(container port 80\) on every host interface/, line: 3, column: 13, endColumn: 29 }],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:${WEB_PORT}:80"]\n',
    },
    {
      name: 'a variable holding the whole spec: no fix',
      code: 'services:\n  web:\n    ports:\n      - ${SPEC}\n',
      files: { '/work/.env': 'SPEC=8080:80\n' },
      errors: [{ messageId: 'public', line: 4, column: 9, endColumn: 16 }],
      output: null,
    },
    {
      name: 'an anchor shared by two services: one finding, fixed in the anchor',
      code: 'x-p: &p\n  ports: ["9200:9200"]\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n',
      errors: [{ message: /^Services `a` and `b` publish port 9200 \(Elasticsearch\/OpenSearch\)/, line: 2, column: 11, severity: 'warning' }],
      output: 'x-p: &p\n  ports: ["127.0.0.1:9200:9200"]\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n',
    },
    {
      name: 'sensitivePorts option',
      code: 'services:\n  web:\n    ports: ["8080:8080"]\n',
      options: { sensitivePorts: ['8080'] },
      errors: [{ messageId: 'sensitive', line: 3, column: 13, severity: 'warning' }],
      output: 'services:\n  web:\n    ports: ["127.0.0.1:8080:8080"]\n',
    },
  ],
});
