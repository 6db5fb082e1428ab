import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH211', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'value "keep-id"', code: 'services:\n  web:\n    userns_mode: "keep-id"\n' },
    { name: 'value Host', code: 'services:\n  web:\n    userns_mode: Host\n' },
    { name: 'interpolated to something else', code: 'services:\n  web:\n    userns_mode: ${MODE:-private}\n' },
    { name: 'an unresolved variable', code: 'services:\n  web:\n    userns_mode: ${MODE}\n' },
    { name: 'outside services', code: 'x-notes:\n  userns_mode: host\nservices:\n  web:\n    image: a:1\n' },
    { name: 'the service overrides the anchor', code: 'x-b: &b\n  userns_mode: host\nservices:\n  web:\n    <<: *b\n    userns_mode: "service:db"\n' },
    { name: 'commented out', code: 'services:\n  web:\n    image: a:1\n    # userns_mode: host\n' },
  ],
  invalid: [
    {
      name: 'block style: the line goes',
      code: 'services:\n  web:\n    image: a:1\n    userns_mode: host # for now\n    restart: always\n',
      errors: [{ messageId: 'hostUserns', message: /^Service `web` /, line: 4, column: 5, endLine: 4, endColumn: 22, severity: 'warning' }],
      fixTitles: ["Remove userns_mode: host (the daemon's user remapping applies again)"],
      output: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    },
    {
      name: 'quoted, in a flow-style service',
      code: 'services:\n  web: {image: x, userns_mode: "host"}\n',
      errors: [{ messageId: 'hostUserns', line: 2, column: 19 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'interpolated: reported on the line that holds the ${…}',
      code: 'services:\n  web:\n    userns_mode: ${MODE:-host}\n    image: a:1\n',
      errors: [{ messageId: 'hostUserns', line: 3, column: 5 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'a shared anchor: one finding naming both services, fixed in the anchor',
      code: 'x-base: &base\n  image: a:1\n  userns_mode: host\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ messageId: 'hostUsernsShared', message: /^Services `a` and `b` /, line: 3, column: 3 }],
      output: 'x-base: &base\n  image: a:1\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'two services, the last line without a line break',
      code: 'services:\n  a:\n    image: a:1\n    userns_mode: host\n  b:\n    userns_mode: host',
      errors: [
        { message: /^Service `a` /, line: 4, column: 5 },
        { message: /^Service `b` /, line: 6, column: 5 },
      ],
      output: 'services:\n  a:\n    image: a:1\n  b: {}',
    },
  ],
});
