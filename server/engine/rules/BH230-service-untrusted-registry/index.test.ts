import { ruleTester } from '../../../../test/support/ruleTester';

const hub = { trustedRegistries: ['docker.io'] };

ruleTester('BH230', {
  valid: [
    { name: 'no trusted list: the rule does nothing', code: 'services:\n  web:\n    image: quay.io/x/y:1\n' },
    { name: 'empty list: the rule does nothing', code: 'services:\n  web:\n    image: quay.io/x/y:1\n', config: { trustedRegistries: [] } },
    { name: 'Docker Hub', code: 'services:\n  a:\n    image: nginx:1.27\n  b:\n    image: docker.io/bitnami/redis:7\n  c:\n    image: index.docker.io/library/node:20\n', config: hub },
    { name: 'wildcard subdomain', code: 'services:\n  a:\n    image: reg.corp.example.com/a:1\n', config: { trustedRegistries: ['*.corp.example.com'] } },
    { name: 'port', code: 'services:\n  a:\n    image: localhost:5000/a:1\n', config: { trustedRegistries: ['localhost:5000'] } },
    { name: 'path pattern', code: 'services:\n  a:\n    image: ghcr.io/my-org/a:1\n', config: { trustedRegistries: ['ghcr.io/my-org/*'] } },
    { name: 'built image is not pulled', code: 'services:\n  a:\n    build: .\n    image: quay.io/me/a:dev\n', config: hub },
    { name: 'unset variable', code: 'services:\n  a:\n    image: ${REGISTRY}/a:1\n', config: hub },
    { name: 'option on the rule', code: 'services:\n  a:\n    image: ghcr.io/o/a:1\n', options: { trustedRegistries: ['ghcr.io'] } },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: quay.io/org/web:1\n',
      config: hub,
      errors: [{ message: 'Service `web` runs image `quay.io/org/web:1` from `quay.io`, which is not a trusted registry (`docker.io`): use an image from a trusted registry, or add the registry to `trustedRegistries`.', line: 3, column: 12, endColumn: 29, severity: 'warning' }],
      output: null,
    },
    { name: 'Docker Hub not trusted', code: 'services:\n  web:\n    image: nginx:1.27\n', config: { trustedRegistries: ['ghcr.io'] }, errors: [{ message: /from `docker.io`/, line: 3, column: 12 }] },
    { name: 'lookalike host', code: 'services:\n  web:\n    image: ghcr.io.evil.net/a:1\n', config: { trustedRegistries: ['ghcr.io'] }, errors: [{ line: 3, column: 12 }] },
    { name: 'wildcard does not match the bare domain', code: 'services:\n  a:\n    image: corp.example.com/a:1\n', config: { trustedRegistries: ['*.corp.example.com'] }, errors: [{ line: 3, column: 12 }] },
    { name: 'port must match', code: 'services:\n  a:\n    image: localhost:5001/a:1\n', config: { trustedRegistries: ['localhost:5000'] }, errors: [{ message: /from `localhost:5001`/, line: 3, column: 12 }] },
    { name: 'interpolated registry', code: 'services:\n  a:\n    image: ${REGISTRY:-quay.io}/a:1\n', config: hub, errors: [{ message: /image `quay.io\/a:1` from `quay.io`/, line: 3, column: 12, endColumn: 36 }] },
    { name: 'flow style', code: 'services: {a: {image: "gcr.io/x/y:1"}}\n', config: hub, errors: [{ line: 1, column: 23 }] },
    {
      name: 'anchor: where written, every service',
      code: 'x-base: &base\n  image: quay.io/x/y:1\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      config: hub,
      errors: [{ message: /^Services `a` and `b` run image `quay.io\/x\/y:1` through this shared value/, line: 2, column: 10 }],
    },
  ],
});
