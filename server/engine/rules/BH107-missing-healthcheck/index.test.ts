import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH107', {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80\nHEALTHCHECK --interval=30s CMD curl -fsS http://localhost/ || exit 1\n',
    { name: 'HEALTHCHECK NONE is an explicit opt-out', code: 'FROM nginx:1.27\nEXPOSE 80\nHEALTHCHECK NONE\n' },
    { name: 'inherited from a parent stage', code: 'FROM debian:12 AS base\nHEALTHCHECK CMD ["/app", "health"]\nFROM base\nEXPOSE 8080\nCMD ["/app"]\n' },
    { name: 'a healthcheck in a build stage only does not count, but this image is a tool', code: 'FROM golang:1.22 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20\nENTRYPOINT ["/usr/local/bin/tool"]\n' },
    { name: 'no port and no known server: a tool or REPL', code: 'FROM python:3.12-slim\nCMD ["python3"]\n' },
    { name: 'no CMD, no port: the base image\'s command', code: 'FROM debian:12\nRUN apt-get update\n' },
    { name: 'scratch tool image', code: 'FROM scratch\nCOPY tool /tool\nENTRYPOINT ["/tool"]\n' },
    { name: 'help output only', code: 'FROM nginx:1.27\nEXPOSE 80\nCMD ["--help"]\n' },
    { name: 'version output only', code: 'FROM example.com/server:1\nEXPOSE 80\nENTRYPOINT ["/server", "--version"]\n' },
    { name: 'a test stage as target', code: 'FROM node:20 AS test\nEXPOSE 3000\nCMD ["npm", "start"]\nFROM node:20-slim\nHEALTHCHECK CMD node health.js\nCMD ["node", "server.js"]\n', config: { target: 'test' } },
    { name: 'a test Dockerfile', code: 'FROM node:20\nEXPOSE 3000\nCMD ["npm", "start"]\n', filename: '/work/Dockerfile.test' },
    { name: 'a dev container', code: 'FROM mcr.microsoft.com/devcontainers/base:bookworm\nEXPOSE 3000\nCMD ["sleep", "infinity"]\n', filename: '/work/.devcontainer/Dockerfile' },
    { name: 'a base image known to define a healthcheck', code: 'FROM registry.example.com/base/web:2\nEXPOSE 80\n', options: { imagesWithHealthcheck: ['registry.example.com/base/*'] } },
    { name: 'ONBUILD HEALTHCHECK is the child image\'s, but the target stage is a tool', code: 'FROM debian:12\nONBUILD HEALTHCHECK CMD true\nCMD ["bash"]\n' },
    { name: 'unresolved base image', code: 'ARG BASE\nFROM $BASE\nEXPOSE 80\n' },
  ],
  invalid: [
    { name: 'EXPOSE without HEALTHCHECK', code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nEXPOSE 80\n', errors: [{ messageId: 'missing', line: 1, column: 6, endColumn: 16, severity: 'info' }] },
    { name: 'a known server without a port', code: 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n', errors: [{ messageId: 'missing', line: 1, column: 6 }] },
    { name: 'shell-form server command behind an entrypoint script', code: 'FROM php:8.3-fpm\nENTRYPOINT ["docker-php-entrypoint"]\nCMD php-fpm\n', errors: [{ messageId: 'missing', line: 1, column: 6 }] },
    {
      name: 'multi-stage: the healthcheck of a build stage does not reach the image',
      code: 'FROM golang:1.22 AS build\nHEALTHCHECK CMD true\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]\n',
      errors: [{ messageId: 'missing', line: 4, column: 6, endColumn: 39 }],
    },
    {
      name: 'the port is exposed by the parent stage; reported on the final FROM',
      code: 'FROM node:20-slim AS base\nEXPOSE 3000\nFROM base AS prod\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'missing', line: 3, column: 6, endColumn: 10 }],
    },
    {
      name: 'the target stage is the one judged',
      code: 'FROM nginx:1.27 AS web\nEXPOSE 80\nFROM web AS checked\nHEALTHCHECK CMD curl -f http://localhost/\n',
      config: { target: 'web' },
      errors: [{ messageId: 'missing', line: 1, column: 6 }],
    },
    { name: 'a server named by the exec path', code: 'FROM ubuntu:24.04\nCMD ["/usr/sbin/nginx", "-g", "daemon off;"]\n', errors: [{ messageId: 'missing', line: 1, column: 6 }] },
    { name: 'ONBUILD HEALTHCHECK does not count for this image', code: 'FROM nginx:1.27\nONBUILD HEALTHCHECK CMD true\nEXPOSE 80\n', errors: [{ messageId: 'missing', line: 1, column: 6 }] },
    { name: 'ARG-resolved base image', code: 'ARG BASE=nginx:1.27\nFROM ${BASE}\nEXPOSE 80\n', errors: [{ messageId: 'missing', line: 2, column: 6, endColumn: 13 }] },
  ],
});
