import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH204', {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    'services:\n  web:\n    build: .\n',
    'services:\n  web:\n    image: "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000"\n',
    { name: 'unset variable is not judged', code: 'services:\n  web:\n    image: ${IMAGE}\n' },
    { name: 'default with a tag', code: 'services:\n  web:\n    image: nginx:${TAG:-1.27}\n' },
    { name: '.env supplies a tag', code: 'services:\n  web:\n    image: nginx:${TAG}\n', files: { '/work/.env': 'TAG=1.27\n' } },
    { name: 'empty file', code: '' },
    { name: 'no services', code: 'version: "3"\n' },
    { name: 'a built image: `image:` only names what build: makes', code: 'services:\n  web:\n    build: .\n    image: example/web:latest\n' },
    { name: 'built through extends', code: 'services:\n  base:\n    build: ./app\n  web:\n    extends: base\n    image: example/web\n' },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx\n',
      errors: [{ message: 'Service `web` uses image `nginx` with no tag, so it floats to `latest`: pin a version tag (and ideally a digest).', line: 3, column: 12, endColumn: 17 }],
    },
    { code: 'services:\n  db:\n    image: "postgres:latest"\n', errors: [{ messageId: 'latest', line: 3, column: 12, endColumn: 29 }] },
    { name: 'flow style', code: 'services: {web: {image: redis}}\n', errors: [{ messageId: 'untagged', line: 1, column: 25 }] },
    { name: 'from .env', code: 'services:\n  web:\n    image: nginx:${TAG}\n', files: { '/work/.env': 'TAG=latest\n' }, errors: [{ messageId: 'latest', line: 3, column: 12 }] },
    { name: 'default value', code: 'services:\n  web:\n    image: ${IMG:-nginx}\n', errors: [{ messageId: 'untagged', line: 3, column: 12 }] },
    {
      name: 'through a merge key: reported where written',
      code: 'x-base: &base\n  image: nginx:latest\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n    image: nginx:1.27\n',
      errors: [{ messageId: 'latest', line: 2, column: 10 }],
    },
  ],
});
