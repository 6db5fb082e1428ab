import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH201', {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n',
    { name: 'a string that is not true', code: 'services:\n  web:\n    privileged: "no"\n' },
    { name: 'interpolated to false', code: 'services:\n  web:\n    privileged: ${PRIV:-false}\n' },
    { name: 'privileged outside services', code: 'x-notes:\n  privileged: true\nservices:\n  web:\n    image: a:1\n' },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports:\n      - "80:80"\n',
      errors: [{ messageId: 'privileged', line: 4, column: 5, endLine: 4, endColumn: 21, severity: 'error' }],
      output: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'comments on other lines stay',
      code: 'services:\n  web:\n    # needs devices\n    privileged: true # for now\n    image: a:1\n',
      errors: [{ messageId: 'privileged', line: 4, column: 5 }],
      output: 'services:\n  web:\n    # needs devices\n    image: a:1\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: "a:1", privileged: true, restart: always}\n',
      errors: [{ messageId: 'privileged', line: 2, column: 23, endColumn: 39 }],
      output: 'services:\n  web: {image: "a:1", restart: always}\n',
    },
    {
      name: 'quoted string true',
      code: 'services:\n  web:\n    privileged: "true"\n    image: a:1\n',
      errors: [{ messageId: 'privileged', line: 3, column: 5, endColumn: 23 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'interpolated from .env',
      code: 'services:\n  web:\n    privileged: ${PRIV}\n    image: a:1\n',
      files: { '/work/.env': 'PRIV=true\n' },
      errors: [{ messageId: 'privileged', line: 3, column: 5 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'through a merge key: reported and fixed where it is written',
      code: 'x-base: &base\n  privileged: true\n  restart: always\nservices:\n  a:\n    <<: *base\n    image: a:1\n',
      errors: [{ messageId: 'privilegedFromAnchor', line: 2, column: 3, endColumn: 19 }],
      output: 'x-base: &base\n  restart: always\nservices:\n  a:\n    <<: *base\n    image: a:1\n',
    },
    {
      name: 'two services, last line without a line break',
      code: 'services:\n  a:\n    privileged: true\n    image: a:1\n  b:\n    image: b:1\n    privileged: true',
      errors: [{ line: 3, column: 5 }, { line: 7, column: 5 }],
      output: 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1',
    },
    {
      name: 'four-space indentation',
      code: 'services:\n    web:\n        privileged: true\n        image: a:1\n',
      errors: [{ line: 3, column: 9 }],
      output: 'services:\n    web:\n        image: a:1\n',
    },
  ],
});
