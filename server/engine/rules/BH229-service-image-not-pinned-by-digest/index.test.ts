import { ruleTester } from '../../../../test/support/ruleTester';
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, lint, defaultConfig, imageSites } from '../../index';

const D = '0000000000000000000000000000000000000000000000000000000000000000';

ruleTester('BH229', {
  valid: [
    `services:\n  web:\n    image: nginx:1.27@sha256:${D}\n`,
    `services:\n  web:\n    image: "nginx@sha256:${D}"\n`,
    'services:\n  web:\n    build: .\n',
    { name: 'build and image: the image is the name of what is built', code: 'services:\n  app:\n    build: .\n    image: registry.example.com/app:dev\n' },
    { name: 'long build syntax', code: 'services:\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    image: app:1\n' },
    { name: 'build through a merge key', code: 'x-build: &b\n  build: .\nservices:\n  app:\n    <<: *b\n    image: app:1\n' },
    { name: 'unset variable is not judged', code: 'services:\n  web:\n    image: ${IMAGE}\n' },
    { name: 'digest from the default', code: `services:\n  web:\n    image: nginx@\${DIGEST:-sha256:${D}}\n` },
    { name: 'exempt by pattern', code: 'services:\n  web:\n    image: registry.example.com/web:3\n', options: { exemptImages: ['registry.example.com/*'] } },
    { name: 'exempt Docker Hub pattern', code: 'services:\n  db:\n    image: postgres:16\n', options: { exemptImages: ['docker.io/library/postgres:*'] } },
    { name: 'no image', code: 'services:\n  web:\n    command: ["true"]\n' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [{ message: 'Service `web` runs image `nginx:1.27`, which is not pinned by digest: its tag can be moved to other content. Pin it as `nginx:1.27@sha256:…` ("Pin to digest" looks the digest up).', line: 3, column: 12, endColumn: 22, severity: 'info' }],
      output: null,
    },
    { name: 'quoted', code: "services:\n  db:\n    image: 'postgres:16'\n", errors: [{ messageId: 'notPinned', line: 3, column: 12, endColumn: 25 }] },
    { name: 'flow style', code: 'services: {web: {image: redis:7}}\n', errors: [{ line: 1, column: 25, endColumn: 32 }] },
    { name: 'interpolated default, reported on the ${…}', code: 'services:\n  web:\n    image: nginx:${TAG:-1.27}\n', errors: [{ message: /image `nginx:1.27`/, line: 3, column: 12, endColumn: 30 }] },
    { name: 'from .env', code: 'services:\n  web:\n    image: ${IMG}\n', files: { '/work/.env': 'IMG=ghcr.io/o/web:2\n' }, errors: [{ message: /image `ghcr.io\/o\/web:2`/, line: 3, column: 12 }] },
    {
      name: 'anchor: one finding where written, naming every service',
      code: 'x-base: &base\n  image: nginx:1.27\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ message: /^Services `a` and `b` run image `nginx:1.27` through this shared value/, line: 2, column: 10 }],
    },
    { name: 'alias value', code: 'x-img: &img busybox:1.36\nservices:\n  a:\n    image: *img\n', errors: [{ messageId: 'notPinned', line: 1, column: 13 }] },
    { name: 'several services', code: 'services:\n  a:\n    image: redis:7\n  b:\n    image: nginx:1.27\n  c:\n    build: ./c\n    image: c:dev\n', errors: [{ line: 3, column: 12 }, { line: 5, column: 12 }] },
    { name: 'exemption does not cover others', code: 'services:\n  a:\n    image: redis:7\n', options: { exemptImages: ['nginx:*'] }, errors: [{ line: 3, column: 12 }] },
    { name: 'severity is configurable', code: 'services:\n  a:\n    image: redis:7\n', config: { rules: { BH229: { severity: 'warning', options: {} } } }, errors: [{ line: 3, column: 12, severity: 'warning' }] },
  ],
});

describe('BH229 findings sit on a pinnable image site', () => {
  before(async () => {
    await initEngine();
  });
  for (const text of ['services:\n  a:\n    image: redis:7\n  b:\n    image: "nginx:1.27"\n', 'services: {a: {image: redis:7}}\n']) {
    it(JSON.stringify(text), () => {
      const findings = lint({ path: '/w/compose.yaml', text }, { config: defaultConfig() }).findings.filter((f) => f.ruleId === 'BH229');
      const sites = imageSites({ text, kind: 'compose' }).filter((s) => s.name && !s.name.digest);
      assert.ok(findings.length > 0);
      assert.equal(findings.length, sites.length);
      for (const f of findings) assert.ok(sites.some((s) => s.span.start <= f.span.end && f.span.start <= s.span.end), `no pin site at ${f.span.start}-${f.span.end}`);
    });
  }
});
