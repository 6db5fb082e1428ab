import { ruleTester } from '../../../../test/support/ruleTester';

const MSG =
  "Service `web` mounts `/mnt/data` at `/data` with `rshared` propagation: mounts made inside the container under `/data` appear on the host, and the host's appear in the container. Use the default (`rprivate`), or `rslave` if the container must see the host's new mounts.";

ruleTester('BH217', {
  valid: [
    'services:\n  web:\n    volumes:\n      - /mnt/data:/data\n      - ./x:/x:ro,z\n',
    { name: 'slave and private propagation', code: 'services:\n  web:\n    volumes: ["/mnt:/mnt:rslave", "/a:/a:private"]\n' },
    { name: 'long syntax, rslave', code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind:\n          propagation: rslave\n' },
    { name: 'a target named shared', code: 'services:\n  web:\n    volumes: ["./shared:/shared"]\n' },
  ],
  invalid: [
    {
      name: 'short syntax, only option: the colon goes too',
      code: 'services:\n  web:\n    volumes:\n      - /mnt/data:/data:rshared\n',
      errors: [{ message: MSG, line: 4, column: 25, endColumn: 32, severity: 'warning' }],
      fixTitles: ['Remove rshared propagation'],
      output: 'services:\n  web:\n    volumes:\n      - /mnt/data:/data\n',
    },
    {
      name: 'short syntax among other options, quoted',
      code: 'services:\n  web:\n    volumes:\n      - "/mnt:/mnt:ro,shared,z"\n      - /b:/b:z,rshared\n',
      errors: [
        { message: /`\/mnt` at `\/mnt` with `shared` propagation/, line: 4, column: 23, endColumn: 29 },
        { message: /`\/b` at `\/b` with `rshared` propagation/, line: 5, column: 17, endColumn: 24 },
      ],
      output: 'services:\n  web:\n    volumes:\n      - "/mnt:/mnt:ro,z"\n      - /b:/b:z\n',
    },
    {
      name: 'long syntax: the bind key goes when propagation is all it holds',
      code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /mnt/data\n        target: /data\n        bind:\n          propagation: rshared\n        read_only: true\n',
      errors: [{ messageId: 'shared', line: 8, column: 24, endColumn: 31 }],
      output: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /mnt/data\n        target: /data\n        read_only: true\n',
    },
    {
      name: 'long syntax: other bind options stay',
      code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind: {create_host_path: true, propagation: shared}\n',
      errors: [{ message: /with `shared` propagation/, line: 7, column: 53, endColumn: 59 }],
      output: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind: {create_host_path: true}\n',
    },
    {
      name: 'an anchor shared by two services: one finding',
      code: 'x-v: &v /mnt:/mnt:rshared\nservices:\n  a:\n    volumes: [*v]\n  b:\n    volumes: [*v]\n',
      errors: [{ message: /^Services `a` and `b` mount `\/mnt` at `\/mnt` with `rshared` propagation/, line: 1, column: 19, endColumn: 26 }],
      output: 'x-v: &v /mnt:/mnt\nservices:\n  a:\n    volumes: [*v]\n  b:\n    volumes: [*v]\n',
    },
    {
      name: 'interpolated mode',
      code: 'services:\n  web:\n    volumes:\n      - /mnt:/mnt:${PROP:-rshared}\n',
      errors: [{ message: /with `rshared` propagation/, line: 4, column: 19, endColumn: 35 }],
      output: null,
    },
  ],
});
