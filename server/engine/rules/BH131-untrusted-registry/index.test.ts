import { ruleTester } from '../../../../test/support/ruleTester';

const hub = { trustedRegistries: ['docker.io'] };

ruleTester('BH131', {
  valid: [
    { name: 'no trusted list configured: the rule does nothing', code: 'FROM evil.example.net/x:1\n' },
    { name: 'empty list: the rule does nothing', code: 'FROM evil.example.net/x:1\n', config: { trustedRegistries: [] } },
    { name: 'Docker Hub by default registry', code: 'FROM node:20\nFROM library/python:3.12\nFROM bitnami/redis:7\n', config: hub },
    { name: 'Docker Hub spelled out', code: 'FROM docker.io/library/node:20\nFROM index.docker.io/node:20\nFROM registry-1.docker.io/node:20\n', config: hub },
    { name: 'index.docker.io pattern matches plain names', code: 'FROM node:20\n', config: { trustedRegistries: ['index.docker.io'] } },
    { name: 'wildcard subdomain', code: 'FROM registry.corp.example.com/base:1\nFROM a.b.corp.example.com/x:1\n', config: { trustedRegistries: ['*.corp.example.com'] } },
    { name: 'registry with a port', code: 'FROM localhost:5000/app:1.0\n', config: { trustedRegistries: ['localhost:5000'] } },
    { name: 'any port', code: 'FROM localhost:5001/app:1.0\n', config: { trustedRegistries: ['localhost:*'] } },
    { name: 'host names are case-insensitive', code: 'FROM GHCR.io/org/app:1\n', config: { trustedRegistries: ['ghcr.io'] } },
    { name: 'path pattern', code: 'FROM ghcr.io/my-org/app:1\n', config: { trustedRegistries: ['ghcr.io/my-org/*'] } },
    { name: 'official images only', code: 'FROM node:20\nFROM docker.io/library/alpine:3\n', config: { trustedRegistries: ['docker.io/library/*'] } },
    { name: 'scratch and stages', code: 'FROM node:20 AS build\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=0 /a /b\n', config: hub },
    { name: 'unresolved ARG is not judged', code: 'ARG REGISTRY\nFROM ${REGISTRY}/app:1\n', config: hub },
    { name: 'option set on the rule', code: 'FROM ghcr.io/o/app:1\n', options: { trustedRegistries: ['ghcr.io'] } },
  ],
  invalid: [
    {
      code: 'FROM quay.io/org/app:1.0\n',
      config: { trustedRegistries: ['docker.io', 'ghcr.io'] },
      errors: [{ message: 'Image `quay.io/org/app:1.0` (FROM) comes from `quay.io`, which is not a trusted registry (`docker.io`, `ghcr.io`): use an image from a trusted registry, or add the registry to `trustedRegistries`.', line: 1, column: 6, endColumn: 25, severity: 'warning' }],
      output: null,
    },
    { name: 'Docker Hub when only another registry is trusted', code: 'FROM node:20\n', config: { trustedRegistries: ['ghcr.io'] }, errors: [{ message: /`node:20` \(FROM\) comes from `docker.io`/, line: 1, column: 6 }] },
    { name: 'wildcard does not match the bare domain', code: 'FROM corp.example.com/x:1\n', config: { trustedRegistries: ['*.corp.example.com'] }, errors: [{ line: 1, column: 6 }] },
    { name: 'lookalike domain', code: 'FROM ghcr.io.evil.net/x:1\n', config: { trustedRegistries: ['ghcr.io'] }, errors: [{ message: /comes from `ghcr.io.evil.net`/, line: 1, column: 6 }] },
    { name: 'port must match', code: 'FROM localhost:5001/app:1.0\n', config: { trustedRegistries: ['localhost:5000'] }, errors: [{ message: /comes from `localhost:5001`/, line: 1, column: 6 }] },
    { name: 'host without port does not cover a port', code: 'FROM localhost:5000/app:1.0\n', config: { trustedRegistries: ['localhost'] }, errors: [{ line: 1, column: 6 }] },
    { name: 'path pattern excludes other orgs', code: 'FROM ghcr.io/other/app:1\n', config: { trustedRegistries: ['ghcr.io/my-org/*'] }, errors: [{ line: 1, column: 6 }] },
    { name: 'official images only excludes user images', code: 'FROM bitnami/redis:7\n', config: { trustedRegistries: ['docker.io/library/*'] }, errors: [{ message: /comes from `docker.io`/, line: 1, column: 6 }] },
    { name: 'every stage', code: 'FROM quay.io/a/b:1 AS a\nFROM gcr.io/c/d:1\n', config: hub, errors: [{ line: 1, column: 6 }, { line: 2, column: 6 }] },
    { name: 'ARG-resolved registry', code: 'ARG REGISTRY=quay.io\nFROM ${REGISTRY}/org/app:1\n', config: hub, errors: [{ message: /`quay.io\/org\/app:1` \(FROM\)/, line: 2, column: 6, endColumn: 27 }] },
    { name: 'lone ARG: on its default', code: 'ARG BASE=quay.io/org/app:1\nFROM $BASE\n', config: hub, errors: [{ messageId: 'untrustedArg', line: 1, column: 10, endColumn: 27 }] },
    { name: 'COPY --from an image', code: 'FROM node:20\nCOPY --from=gcr.io/distroless/base:nonroot /etc/passwd /etc/passwd\n', config: hub, errors: [{ message: /\(COPY --from\) comes from `gcr.io`/, line: 2, column: 13, endColumn: 43 }] },
    { name: 'RUN --mount=from=', code: 'FROM node:20\nRUN --mount=type=bind,from=quay.io/x/y:1,target=/y ls /y\n', config: hub, errors: [{ message: /\(RUN --mount\) comes from `quay.io`/, line: 2, column: 28, endColumn: 41 }] },
    { name: 'rule option overrides the config', code: 'FROM ghcr.io/o/app:1\n', config: { trustedRegistries: ['ghcr.io'] }, options: { trustedRegistries: ['docker.io'] }, errors: [{ line: 1, column: 6 }] },
    { name: 'continuation line', code: 'FROM \\\n  quay.io/a/b:1\n', config: hub, errors: [{ line: 2, column: 3 }] },
  ],
});
