import { ruleTester } from '../../../../test/support/ruleTester';

const MSG =
  'Service `web` discards its logs (`logging.driver: none`): nothing it writes is kept, so there is no trail of what happened when it fails or is attacked, and `docker logs` shows nothing. Use the default driver with size limits (`json-file` or `local`, `max-size`), or ship logs to a central store.';

ruleTester('BH221', {
  valid: [
    'services:\n  web:\n    image: a:1\n',
    { name: 'another driver', code: 'services:\n  web:\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n' },
    { name: 'driver none outside services', code: 'x-notes:\n  logging:\n    driver: none\nservices:\n  web:\n    image: a:1\n' },
    { name: 'the service overrides the anchor', code: 'x-l: &l\n  logging:\n    driver: none\nservices:\n  web:\n    <<: *l\n    logging:\n      driver: local\n' },
    { name: 'the override file sets another driver', code: 'services:\n  web:\n    logging:\n      driver: none\n', files: { '/work/compose.override.yaml': 'services:\n  web:\n    logging:\n      driver: journald\n' } },
    { name: 'interpolated to another driver', code: 'services:\n  web:\n    logging:\n      driver: ${LOG_DRIVER:-json-file}\n' },
  ],
  invalid: [
    {
      name: 'the only key: the logging key goes',
      code: 'services:\n  web:\n    image: a:1\n    logging:\n      driver: none\n    restart: always\n',
      errors: [{ message: MSG, line: 5, column: 7, endColumn: 19, severity: 'warning' }],
      fixTitles: ['Remove `driver: none` (use the default logging driver)'],
      output: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    },
    {
      name: 'with options: the logging key goes with them',
      code: 'services:\n  web:\n    logging:\n      driver: "none"\n      options: {}\n    image: a:1\n',
      errors: [{ messageId: 'none', line: 4, column: 7, endColumn: 21 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
    {
      name: 'other keys stay: only the driver goes',
      code: 'services:\n  web:\n    logging: {driver: none, x-note: quiet}\n',
      errors: [{ messageId: 'none', line: 3, column: 15, endColumn: 27 }],
      output: 'services:\n  web:\n    logging: {x-note: quiet}\n',
    },
    {
      name: 'an anchor shared by two services: one finding, fixed in the anchor',
      code: 'x-nolog: &nolog\n  driver: none\nservices:\n  a:\n    logging: *nolog\n  b:\n    logging: *nolog\n',
      errors: [{ message: /^Services `a` and `b` discard their logs through this shared setting/, line: 2, column: 3, endColumn: 15 }],
      output: 'x-nolog: &nolog\n  {}\nservices:\n  a:\n    logging: *nolog\n  b:\n    logging: *nolog\n',
    },
    {
      name: 'through a merge key',
      code: 'x-base: &base\n  logging:\n    driver: none\n  restart: always\nservices:\n  web:\n    <<: *base\n',
      errors: [{ message: MSG, line: 3, column: 5, endColumn: 17 }],
      output: 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n',
    },
    {
      name: 'interpolated from .env',
      code: 'services:\n  web:\n    logging:\n      driver: ${LOG_DRIVER}\n    image: a:1\n',
      files: { '/work/.env': 'LOG_DRIVER=none\n' },
      errors: [{ messageId: 'none', line: 4, column: 7, endColumn: 28 }],
      output: 'services:\n  web:\n    image: a:1\n',
    },
  ],
});
