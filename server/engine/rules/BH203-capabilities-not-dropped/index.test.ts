import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH203', {
  valid: [
    'services:\n  web:\n    image: a:1\n    cap_drop: [ALL]\n',
    'services:\n  web:\n    image: a:1\n    cap_drop:\n      - all\n',
    { name: 'through a merge key', code: 'x-hard: &hard\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *hard\n    image: a:1\n' },
    { name: 'a service with no body is not judged', code: 'services:\n  web:\n' },
    { name: 'CAP_ prefix', code: 'services:\n  web:\n    cap_drop: [CAP_ALL]\n' },
  ],
  invalid: [
    {
      name: 'block style, indented sequences: inserted after cap_add',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - NET_BIND_SERVICE\n    restart: always\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, endColumn: 6 }],
      output: 'services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - NET_BIND_SERVICE\n    cap_drop:\n      - ALL\n    restart: always\n',
    },
    {
      name: 'sequences written under their key without indentation',
      code: 'services:\n  web:\n    image: a:1\n    ports:\n    - "80:80"\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    cap_drop:\n    - ALL\n    ports:\n    - "80:80"\n',
    },
    {
      name: 'a file that writes lists in flow style',
      code: 'services:\n  web:\n    image: a:1\n    ports: ["80:80"]\n    command: [run]\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    cap_drop: [ALL]\n    ports: ["80:80"]\n    command: [run]\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: "a:1"}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web: {image: "a:1", cap_drop: [ALL]}\n',
    },
    {
      name: 'an incomplete cap_drop gets ALL',
      code: 'services:\n  web:\n    cap_drop:\n      - NET_RAW\n    image: a:1\n',
      errors: [{ messageId: 'incomplete', line: 3, column: 5, endColumn: 13 }],
      output: 'services:\n  web:\n    cap_drop:\n      - NET_RAW\n      - ALL\n    image: a:1\n',
    },
    {
      name: 'an empty cap_drop',
      code: 'services:\n  web:\n    cap_drop:\n    image: a:1\n',
      errors: [{ messageId: 'incomplete', line: 3, column: 5 }],
      output: 'services:\n  web:\n    cap_drop:\n      - ALL\n    image: a:1\n',
    },
    {
      name: 'four-space indentation, comments kept, every service',
      code: 'services:\n    a:\n        # the API\n        image: a:1\n    b:\n        build: .\n',
      errors: [{ line: 2, column: 5 }, { line: 5, column: 5 }],
      output: 'services:\n    a:\n        # the API\n        image: a:1\n        cap_drop:\n            - ALL\n    b:\n        build: .\n        cap_drop:\n            - ALL\n',
    },
    {
      name: 'privileged services are reported too',
      code: 'services:\n  web:\n    image: a:1\n    privileged: true\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: a:1\n    privileged: true\n    cap_drop:\n      - ALL\n',
    },
  ],
});
