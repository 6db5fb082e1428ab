import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH233', {
  valid: [
    'services:\n  web:\n    image: a:1\n    restart: always\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost/"]\n',
    { name: 'no restart policy', code: 'services:\n  web:\n    image: a:1\n' },
    { name: 'on-failure with a limit', code: 'services:\n  web:\n    image: a:1\n    restart: on-failure:5\n' },
    { name: 'restart: "no"', code: 'services:\n  web:\n    image: a:1\n    restart: "no"\n' },
    { name: 'max_attempts is a limit', code: 'services:\n  web:\n    image: a:1\n    restart: unless-stopped\n    deploy:\n      restart_policy:\n        max_attempts: 5\n' },
    { name: 'healthcheck from a merge key', code: 'x-hc: &hc\n  healthcheck:\n    test: curl -f http://localhost/\nservices:\n  web:\n    <<: *hc\n    restart: always\n' },
    { name: 'the built Dockerfile has a HEALTHCHECK', code: 'services:\n  web:\n    build: .\n    restart: always\n', files: { '/work/Dockerfile': 'FROM nginx:1\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' } },
    {
      name: 'HEALTHCHECK in the stage the target is built from; compose only tunes the interval',
      code: 'services:\n  web:\n    build:\n      context: .\n      target: app\n    restart: always\n    healthcheck:\n      interval: 10s\n',
      files: { '/work/Dockerfile': 'FROM alpine:3 AS base\nHEALTHCHECK CMD true\nFROM base AS app\nRUN true\nFROM alpine:3 AS other\n' },
    },
    { name: 'the override file adds a healthcheck', code: 'services:\n  web:\n    image: a:1\n    restart: always\n', files: { '/work/compose.override.yaml': 'services:\n  web:\n    healthcheck:\n      test: ["CMD", "true"]\n' } },
    { name: 'deploy condition on-failure', code: 'services:\n  web:\n    image: a:1\n    deploy:\n      restart_policy:\n        condition: on-failure\n' },
  ],
  invalid: [
    {
      name: 'restart: always, image only',
      code: 'services:\n  web:\n    image: a:1\n    restart: always\n',
      errors: [{ message: /^The service `web` restarts forever \(`restart: always`\) with no healthcheck/, line: 4, column: 14, endColumn: 20, severity: 'info' }],
    },
    {
      name: 'unless-stopped, interpolated, quoted',
      code: 'services:\n  web:\n    image: a:1\n    restart: "${RESTART:-unless-stopped}"\n',
      errors: [{ messageId: 'noHealthcheck', line: 4, column: 14 }],
    },
    {
      name: 'healthcheck disabled',
      code: 'services:\n  web:\n    build: .\n    restart: always\n    healthcheck:\n      disable: true\n',
      files: { '/work/Dockerfile': 'FROM nginx:1\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
      errors: [{ messageId: 'noHealthcheck', line: 4, column: 14 }],
    },
    {
      name: 'test NONE',
      code: 'services:\n  web:\n    image: a:1\n    restart: always\n    healthcheck:\n      test: ["NONE"]\n',
      errors: [{ messageId: 'noHealthcheck', line: 4, column: 14 }],
    },
    {
      name: 'the built Dockerfile ends with HEALTHCHECK NONE',
      code: 'services:\n  web:\n    build: .\n    restart: always\n',
      files: { '/work/Dockerfile': 'FROM nginx:1\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n' },
      errors: [{ messageId: 'noHealthcheck', line: 4, column: 14 }],
    },
    {
      name: 'a HEALTHCHECK in another stage does not count',
      code: 'services:\n  web:\n    build: .\n    restart: always\n',
      files: { '/work/Dockerfile': 'FROM alpine:3 AS test\nHEALTHCHECK CMD true\nFROM alpine:3\nRUN true\n' },
      errors: [{ messageId: 'noHealthcheck', line: 4, column: 14 }],
    },
    {
      name: 'in an anchor: one finding naming both services',
      code: 'x-r: &r\n  restart: always\nservices:\n  a:\n    <<: *r\n    image: a:1\n  b:\n    <<: *r\n    image: b:1\n',
      errors: [{ message: /^The services `a` and `b` restart forever/, line: 2, column: 12 }],
    },
    {
      name: 'deploy restart_policy without a condition: on its key',
      code: 'services:\n  web:\n    image: a:1\n    deploy:\n      restart_policy:\n        delay: 5s\n',
      errors: [{ message: /`deploy.restart_policy condition any`/, line: 5, column: 7, endColumn: 21 }],
    },
    {
      name: 'flow style',
      code: 'services:\n  web: {image: a, restart: always}\n',
      errors: [{ messageId: 'noHealthcheck', line: 2, column: 28 }],
    },
  ],
});
