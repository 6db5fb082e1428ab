/**
 * Files mid-edit: every prefix of a realistic Dockerfile and Compose file, as
 * if typed from scratch one character at a time, lints without an exception
 * or a rule failure, and fix-all on prefixes never throws. Every rule runs,
 * so a new rule is covered the day it is registered.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, lint, fixAll, memoryHost } from '../../server/engine';

const DOCKERFILE = `# syntax=docker/dockerfile:1.7
ARG BASE=python:3.12-slim
FROM golang:1.22 AS build
WORKDIR /src
COPY --chmod=755 . .
RUN --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 go build -o /out/app ./cmd/app && \\
    curl -fsSLk https://example.com/x.sh | sh
FROM \${BASE}
ENV API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ0123456789 PIP_TRUSTED_HOST=pypi.org
RUN apt-get update && apt-get install -y curl sudo openssh-server && \\
    echo 'root:hunter2' | chpasswd && chmod 4755 /usr/bin/tool
RUN <<EOF
set -e
wget -O /tmp/i.sh https://example.com/install.sh
sh /tmp/i.sh
EOF
COPY <<EOF /etc/app.conf
password=swordfish
EOF
ONBUILD RUN pip install --trusted-host pypi.org flask
COPY --from=build /out/app /usr/local/bin/app
ADD https://example.com/archive.tar.gz /opt/
ADD ./config /etc/
EXPOSE 22 8080
HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1
USER root
CMD ["app"]
`;

const COMPOSE = `x-defaults: &defaults
  restart: always
  logging:
    driver: none
services:
  web:
    <<: *defaults
    image: nginx
    build:
      context: ./web
      args:
        NPM_TOKEN: abc123secret
    ports:
      - "80:80"
      - 2375:2375
      - target: 5432
        published: 5432
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - type: bind
        source: /etc
        target: /host/etc
        bind:
          propagation: rshared
    privileged: true
    cap_add: [SYS_ADMIN, NET_ADMIN]
    security_opt:
      - seccomp:unconfined
      - apparmor=unconfined
    network_mode: host
    pid: host
    devices:
      - /dev/mem:/dev/mem
    sysctls:
      kernel.shmmax: 1
    environment:
      DB_PASSWORD: hunter2
      DATABASE_URL: postgres://app:s3cret@db/app
    user: root
    extends:
      service: base
  db: {image: "postgres:16", environment: [POSTGRES_PASSWORD=pw], ports: ["5432:5432"]}
  base:
    image: \${BASE_IMAGE:-alpine}
`;

const files = (): ReturnType<typeof memoryHost> => memoryHost({ '/w/web/Dockerfile': DOCKERFILE });

function typeOut(path: string, full: string, step: number): string[] {
  const problems: string[] = [];
  const host = files();
  for (let n = 0; n <= full.length && problems.length < 5; n += step) {
    const text = full.slice(0, n);
    try {
      const res = lint({ path, text }, { host });
      for (const f of res.failures) problems.push(`prefix ${n}: ${f.ruleId} threw: ${f.message}`);
      for (const f of res.findings) {
        if (f.span.start < 0 || f.span.end > text.length || f.span.start > f.span.end) problems.push(`prefix ${n}: ${f.ruleId} span out of range`);
      }
    } catch (e) {
      problems.push(`prefix ${n}: lint threw: ${(e as Error).stack ?? String(e)}`);
    }
  }
  return problems;
}

describe('typing a file from scratch', { timeout: 10 * 60 * 1000 }, () => {
  before(() => initEngine());

  it('Dockerfile: every prefix lints without an exception', () => {
    assert.deepEqual(typeOut('/w/Dockerfile', DOCKERFILE, 1), []);
    assert.deepEqual(typeOut('/w/Dockerfile', DOCKERFILE.replace(/\n/g, '\r\n'), 3), []);
  });

  it('Compose: every prefix lints without an exception', () => {
    assert.deepEqual(typeOut('/w/compose.yaml', COMPOSE, 1), []);
    assert.deepEqual(typeOut('/w/compose.yaml', COMPOSE.replace(/\n/g, '\r\n'), 3), []);
  });

  it('fix-all on prefixes never throws', () => {
    for (const [path, full] of [['/w/Dockerfile', DOCKERFILE], ['/w/compose.yaml', COMPOSE]] as const) {
      for (let n = 0; n <= full.length; n += 7) {
        const out = fixAll({ path, text: full.slice(0, n) }, { host: files() });
        assert.equal(typeof out.text, 'string');
      }
    }
  });
});
