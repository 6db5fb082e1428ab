import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH209', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'value "service:app"', code: 'services:\n  web:\n    pid: "service:app"\n' },
    { name: 'value "container:abc"', code: 'services:\n  web:\n    pid: "container:abc"\n' },
    { name: 'value HOST', code: 'services:\n  web:\n    pid: HOST\n' },
    { name: 'interpolated to something else', code: 'services:\n  web:\n    pid: ${MODE:-private}\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    pid: ${MODE}\n' },
    { name: 'outside services', code: 'x-notes:\n  pid: host\nservices:\n  web:\n    image: a:1\n' },
    { name: 'the service overrides the anchor', code: 'x-b: &b\n  pid: host\nservices:\n  web:\n    <<: *b\n    pid: "service:db"\n' },
    { name: 'commented out', code: 'services:\n  web:\n    image: a:1\n    # pid: host\n' },
  ],
  invalid: [
    {
      name: 'block style: the line goes',
      code: 'services:\n  web:\n    image: a:1\n    pid: host # for now\n    restart: always\n',
      errors: [{ messageId: 'hostPid', message: /^Service `web` /, line: 4, column: 5, endLine: 4, endColumn: 14, severity: 'warning' }],
      fixTitles: ['Remove pid: host (the service gets its own process namespace)'],
      output: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    },
    {
      name: 'quoted, in a flow-style service',
      code: 'services:\n  web: {image: x, pid: "host"}\n',
      errors: [{ messageId: 'hostPid', line: 2, column: 19 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'interpolated: reported on the line that holds the ${…}',
      code: 'services:\n  web:\n    pid: ${MODE:-host}\n    image: a:1\n',
      errors: [{ messageId: 'hostPid', line: 3, column: 5 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'a shared anchor: one finding naming both services, fixed in the anchor',
      code: 'x-base: &base\n  image: a:1\n  pid: host\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ messageId: 'hostPidShared', message: /^Services `a` and `b` /, line: 3, column: 3 }],
      output: 'x-base: &base\n  image: a:1\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'two services, the last line without a line break',
      code: 'services:\n  a:\n    image: a:1\n    pid: host\n  b:\n    pid: host',
      errors: [
        { message: /^Service `a` /, line: 4, column: 5 },
        { message: /^Service `b` /, line: 6, column: 5 },
      ],
      output: 'services:\n  a:\n    image: a:1\n  b: {}',
    },
    {
      name: 'sharing the process namespace of a service that uses the host one: reported, no fix',
      code: 'services:\n  agent:\n    pid: host\n  debug:\n    pid: "service:agent"\n',
      errors: [
        { messageId: 'hostPid', line: 3, column: 5 },
        { messageId: 'hostPidViaService', message: /^Service `debug` shares the process namespace of `agent`, which is the host's/, line: 5, column: 5 },
      ],
      output: 'services:\n  agent: {}\n  debug:\n    pid: "service:agent"\n',
    },
  ],
});
