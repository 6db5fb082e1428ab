import { ruleTester } from '../../../../test/support/ruleTester';

const MSG =
  'Service `web` runs privileged: it gets every capability and every host device, without seccomp or AppArmor, so escaping to the host is trivial. Grant only the capabilities or devices it needs.';

ruleTester('BH201', {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n',
    { name: 'a string compose reads as false', code: 'services:\n  web:\n    privileged: "no"\n' },
    { name: 'off', code: 'services:\n  web:\n    privileged: off\n' },
    { name: 'interpolated to false', code: 'services:\n  web:\n    privileged: ${PRIV:-false}\n' },
    { name: 'privileged outside services', code: 'x-notes:\n  privileged: true\nservices:\n  web:\n    image: a:1\n' },
    { name: 'the service overrides the anchor', code: 'x-b: &b\n  privileged: true\nservices:\n  web:\n    <<: *b\n    privileged: false\n' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'block style: the whole line goes',
      code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports:\n      - "80:80"\n',
      errors: [{ message: MSG, line: 4, column: 5, endLine: 4, endColumn: 21, severity: 'error' }],
      fixTitles: ['Remove privileged mode'],
      output: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'comments on other lines stay',
      code: 'services:\n  web:\n    # needs devices\n    privileged: true # for now\n    image: a:1\n',
      errors: [{ messageId: 'privileged', line: 4, column: 5, endColumn: 21 }],
      output: 'services:\n  web:\n    # needs devices\n    image: a:1\n',
    },
    {
      name: 'flow-style service, pair in the middle',
      code: 'services:\n  web: {image: "a:1", privileged: true, restart: always}\n',
      errors: [{ messageId: 'privileged', line: 2, column: 23, endColumn: 39 }],
      output: 'services:\n  web: {image: "a:1", restart: always}\n',
    },
    {
      name: 'flow-style service, last pair',
      code: 'services:\n  web: {image: x, privileged: true}\n',
      errors: [{ messageId: 'privileged', line: 2, column: 19, endColumn: 35 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'flow-style service, first pair',
      code: 'services:\n  web: {privileged: true, image: x}\n',
      errors: [{ messageId: 'privileged', line: 2, column: 9, endColumn: 25 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'quoted string "true"',
      code: 'services:\n  web:\n    privileged: "true"\n    image: a:1\n',
      errors: [{ messageId: 'privileged', line: 3, column: 5, endColumn: 23 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'yes and TRUE, as compose reads them',
      code: 'services:\n  a:\n    privileged: yes\n    image: a:1\n  b:\n    privileged: TRUE\n    image: b:1\n',
      errors: [
        { message: /^Service `a` runs privileged/, line: 3, column: 5, endColumn: 20 },
        { message: /^Service `b` runs privileged/, line: 6, column: 5, endColumn: 21 },
      ],
      output: 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n',
    },
    {
      name: 'interpolated from .env',
      code: 'services:\n  web:\n    privileged: ${PRIV}\n    image: a:1\n',
      files: { '/work/.env': 'PRIV=true\n' },
      errors: [{ messageId: 'privileged', line: 3, column: 5, endColumn: 24 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'through a merge key: reported and fixed where it is written',
      code: 'x-base: &base\n  privileged: true\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: a:1\n',
      errors: [{ message: MSG, line: 2, column: 3, endColumn: 19 }],
      output: 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: a:1\n',
    },
    {
      name: 'an anchor shared by two services: one finding naming both',
      code: 'x-base: &base\n  restart: always\n  privileged: true\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [
        {
          message:
            'Services `a` and `b` run privileged through this shared setting: they get every capability and every host device, without seccomp or AppArmor, so escaping to the host is trivial. Grant only the capabilities or devices they need.',
          line: 3,
          column: 3,
          endColumn: 19,
        },
      ],
      output: 'x-base: &base\n  restart: always\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'an aliased value: the pair in the service goes',
      code: 'x-on: &on true\nservices:\n  web:\n    image: a:1\n    privileged: *on\n',
      errors: [{ messageId: 'privileged', line: 5, column: 5, endColumn: 20 }],
      output: 'x-on: &on true\nservices:\n  web:\n    image: a:1\n',
    },
    {
      name: 'two services, last line without a line break',
      code: 'services:\n  a:\n    privileged: true\n    image: a:1\n  b:\n    image: b:1\n    privileged: true',
      errors: [{ line: 3, column: 5 }, { line: 7, column: 5, endColumn: 21 }],
      output: 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1',
    },
    {
      name: 'four-space indentation',
      code: 'services:\n    web:\n        privileged: true\n        image: a:1\n',
      errors: [{ line: 3, column: 9, endColumn: 25 }],
      output: 'services:\n    web:\n        image: a:1\n',
    },
    {
      name: 'the only key of the service leaves an empty map',
      code: 'services:\n  web:\n    privileged: true\n  db:\n    image: b:1\n',
      errors: [{ messageId: 'privileged', line: 3, column: 5, endColumn: 21 }],
      output: 'services:\n  web: {}\n  db:\n    image: b:1\n',
    },
    {
      name: 'list of ports under it stays intact',
      code: 'services:\n  web:\n    ports:\n      - "80:80"\n    privileged: true\n    devices:\n      - /dev/fuse\n',
      errors: [{ messageId: 'privileged', line: 5, column: 5 }],
      output: 'services:\n  web:\n    ports:\n      - "80:80"\n    devices:\n      - /dev/fuse\n',
    },
  ],
});
