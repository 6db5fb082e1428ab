import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH210', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'value shareable', code: 'services:\n  web:\n    ipc: shareable\n' },
    { name: 'value private', code: 'services:\n  web:\n    ipc: private\n' },
    { name: 'value "service:app"', code: 'services:\n  web:\n    ipc: "service:app"\n' },
    { name: 'interpolated to something else', code: 'services:\n  web:\n    ipc: ${MODE:-private}\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    ipc: ${MODE}\n' },
    { name: 'outside services', code: 'x-notes:\n  ipc: host\nservices:\n  web:\n    image: a:1\n' },
    { name: 'the service overrides the anchor', code: 'x-b: &b\n  ipc: host\nservices:\n  web:\n    <<: *b\n    ipc: "service:db"\n' },
    { name: 'commented out', code: 'services:\n  web:\n    image: a:1\n    # ipc: host\n' },
  ],
  invalid: [
    {
      name: 'block style: the line goes',
      code: 'services:\n  web:\n    image: a:1\n    ipc: host # for now\n    restart: always\n',
      errors: [{ messageId: 'hostIpc', message: /^Service `web` /, line: 4, column: 5, endLine: 4, endColumn: 14, severity: 'warning' }],
      fixTitles: ['Remove ipc: host (the service gets its own IPC namespace)'],
      output: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    },
    {
      name: 'quoted, in a flow-style service',
      code: 'services:\n  web: {image: x, ipc: "host"}\n',
      errors: [{ messageId: 'hostIpc', line: 2, column: 19 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'interpolated: reported on the line that holds the ${…}',
      code: 'services:\n  web:\n    ipc: ${MODE:-host}\n    image: a:1\n',
      errors: [{ messageId: 'hostIpc', line: 3, column: 5 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'a shared anchor: one finding naming both services, fixed in the anchor',
      code: 'x-base: &base\n  image: a:1\n  ipc: host\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ messageId: 'hostIpcShared', message: /^Services `a` and `b` /, line: 3, column: 3 }],
      output: 'x-base: &base\n  image: a:1\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'two services, the last line without a line break',
      code: 'services:\n  a:\n    image: a:1\n    ipc: host\n  b:\n    ipc: host',
      errors: [
        { message: /^Service `a` /, line: 4, column: 5 },
        { message: /^Service `b` /, line: 6, column: 5 },
      ],
      output: 'services:\n  a:\n    image: a:1\n  b: {}',
    },
    {
      name: 'sharing the IPC namespace of a service that uses the host one: reported, no fix',
      code: 'services:\n  a:\n    ipc: host\n    image: a:1\n  b:\n    ipc: service:a\n',
      errors: [
        { messageId: 'hostIpc', line: 3, column: 5 },
        { messageId: 'hostIpcViaService', line: 6, column: 5 },
      ],
      output: 'services:\n  a:\n    image: a:1\n  b:\n    ipc: service:a\n',
    },
  ],
});
