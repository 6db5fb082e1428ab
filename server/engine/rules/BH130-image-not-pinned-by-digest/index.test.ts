import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { ruleTester } from '../../../../test/support/ruleTester';
import { initEngine, lint, defaultConfig, imageSites } from '../../index';

const D = '0000000000000000000000000000000000000000000000000000000000000000';

ruleTester('BH130', {
  valid: [
    `FROM node:20@sha256:${D}\n`,
    `FROM node@sha256:${D}\n`,
    'FROM scratch\n',
    { name: 'stage reference', code: `FROM golang:1.22@sha256:${D} AS build\nFROM build\n` },
    { name: 'ARG without default is not judged', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'digest from an ARG default', code: `ARG DIGEST=sha256:${D}\nFROM node:20@\${DIGEST}\n` },
    { name: 'pinned ARG default', code: `ARG BASE=node:20@sha256:${D}\nFROM \${BASE}\n` },
    { name: 'COPY --from a stage', code: `FROM golang:1.22@sha256:${D} AS build\nFROM scratch\nCOPY --from=build /app /app\n` },
    { name: 'COPY --from a stage index', code: `FROM golang:1.22@sha256:${D}\nFROM scratch\nCOPY --from=0 /app /app\n` },
    { name: 'COPY --from a pinned image', code: `FROM scratch\nCOPY --from=nginx:1.27@sha256:${D} /etc/nginx /etc/nginx\n` },
    { name: 'RUN --mount from a stage', code: `FROM alpine:3.20@sha256:${D} AS a\nRUN --mount=type=bind,from=a,target=/a ls /a\n` },
    { name: 'secret mount', code: `FROM alpine:3.20@sha256:${D}\nRUN --mount=type=secret,id=x,target=/x cat /x\n` },
    { name: 'exempt by pattern', code: 'FROM registry.example.com/base/node:20\n', options: { exemptImages: ['registry.example.com/*'] } },
    { name: 'exempt Docker Hub image spelled out', code: 'FROM node:20\n', options: { exemptImages: ['docker.io/library/node:*'] } },
    { name: 'exempt with a short pattern', code: 'FROM node:20\n', options: { exemptImages: ['node:*'] } },
    { name: 'ONBUILD COPY --from is the child build', code: `FROM alpine:3.20@sha256:${D}\nONBUILD COPY --from=tools /t /t\n` },
    { name: 'not a valid reference (Docker rejects it)', code: 'FROM Ubuntu:20.04\n' },
    { name: 'the rule can be turned off', code: 'FROM node:20\n', config: { rules: { BH130: { severity: 'off', options: {} } } } },
  ],
  invalid: [
    {
      code: 'FROM node:20\n',
      errors: [{ message: 'Image `node:20` (FROM) is not pinned by digest: its tag can be moved to other content. Pin it as `node:20@sha256:…` ("Pin to digest" looks the digest up).', line: 1, column: 6, endColumn: 13, severity: 'info' }],
      output: null,
    },
    { name: 'untagged', code: 'FROM ubuntu\n', errors: [{ messageId: 'notPinned', line: 1, column: 6, endColumn: 12 }] },
    { name: 'every stage', code: 'FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /a /a\n', errors: [{ line: 1, column: 6 }, { line: 3, column: 6 }] },
    { name: 'ARG in the tag, judged resolved', code: 'ARG V=20\nFROM node:${V}-slim\n', errors: [{ message: /`node:20-slim` \(FROM\)/, line: 2, column: 6, endColumn: 20 }] },
    {
      name: 'lone ARG: reported on its default, where the reference is written',
      code: 'ARG BASE=node:20\nFROM $BASE AS a\nFROM ${BASE}\n',
      errors: [{ message: /`node:20` \(default of ARG `BASE`, used by FROM\)/, line: 1, column: 10, endColumn: 17 }],
    },
    { name: 'quoted ARG default', code: 'ARG BASE="python:3.12"\nFROM ${BASE}\n', errors: [{ messageId: 'notPinnedArg', line: 1, column: 11, endColumn: 22 }] },
    { name: 'build arg overrides the default: reported on the FROM', code: 'ARG BASE=node:20\nFROM $BASE\n', config: { buildArgs: { BASE: 'node:22' } }, errors: [{ message: /`node:22` \(FROM\)/, line: 2, column: 6 }] },
    { name: 'registry with a port', code: 'FROM localhost:5000/app:1.0\n', errors: [{ messageId: 'notPinned', line: 1, column: 6, endColumn: 28 }] },
    { name: 'COPY --from an image', code: `FROM alpine:3.20@sha256:${D}\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n`, errors: [{ message: /`nginx:1.27` \(COPY --from\)/, line: 2, column: 13, endColumn: 23 }] },
    { name: 'COPY --from through a stage ARG', code: `FROM alpine:3.20@sha256:${D}\nARG T=busybox:1.36\nCOPY --from=$T /bin/busybox /bin/\n`, errors: [{ message: /`busybox:1.36` \(COPY --from\)/, line: 3, column: 13, endColumn: 15 }] },
    { name: 'RUN --mount=from=', code: `FROM alpine:3.20@sha256:${D}\nRUN --mount=from=node:20,target=/n ls /n\n`, errors: [{ message: /`node:20` \(RUN --mount\)/, line: 2, column: 18, endColumn: 25 }] },
    { name: 'RUN --mount=type=cache,from=', code: `FROM alpine:3.20@sha256:${D}\nRUN --mount=type=cache,target=/c,from=node:20 ls\n`, errors: [{ line: 2, column: 39 }] },
    { name: 'continuation line', code: 'FROM \\\n  nginx:1.27\n', errors: [{ line: 2, column: 3, endColumn: 13 }] },
    { name: 'exemption does not cover others', code: 'FROM node:20\nFROM python:3.12\n', options: { exemptImages: ['node:*'] }, errors: [{ line: 2, column: 6 }] },
    { name: 'negated exemption', code: 'FROM ghcr.io/o/a:1\n', options: { exemptImages: ['ghcr.io/*', '!ghcr.io/o/a:*'] }, errors: [{ line: 1, column: 6 }] },
    { name: 'severity is configurable', code: 'FROM nginx:1.27\n', config: { rules: { BH130: { severity: 'warning', options: {} } } }, errors: [{ line: 1, column: 6, severity: 'warning' }] },
  ],
});

describe('BH130 findings sit on a pinnable image site', () => {
  before(async () => {
    await initEngine();
  });
  const files = [
    'FROM node:20 AS a\nFROM python:3.12\nCOPY --from=nginx:1.27 /a /a\nRUN --mount=type=bind,from=busybox:1.36,target=/b ls\n',
    'ARG BASE=node:20\nFROM ${BASE}\n',
    'ARG BASE="node:20"\nFROM $BASE\n',
  ];
  for (const text of files) {
    it(JSON.stringify(text), () => {
      const findings = lint({ path: '/w/Dockerfile', text }, { config: defaultConfig() }).findings.filter((f) => f.ruleId === 'BH130');
      const sites = imageSites({ text, kind: 'dockerfile' }).filter((s) => s.name && !s.name.digest);
      assert.ok(findings.length > 0);
      assert.equal(findings.length, sites.length);
      for (const f of findings) assert.ok(sites.some((s) => s.span.start === f.span.start && s.span.end === f.span.end), `no pin site at ${f.span.start}-${f.span.end}`);
    });
  }
});
