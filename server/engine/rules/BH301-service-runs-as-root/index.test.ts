import { ruleTester } from '../../../../test/support/ruleTester';

const noUser = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n';
const withUser = 'FROM python:3.12-slim\nRUN useradd -r app\nUSER app\nCMD ["python", "/app/main.py"]\n';
const createsUser = 'FROM debian:12\nRUN useradd -r -u 10001 app\nCMD ["/app"]\n';
const multiStage = 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM gcr.io/distroless/static:nonroot AS runtime\nCOPY --from=build /out/app /app\nFROM build AS debug\n';

ruleTester('BH301', {
  valid: [
    { name: 'user set to a non-root UID', code: 'services:\n  web:\n    image: nginx:1.25\n    user: "101:101"\n' },
    { name: 'user: ${UID:-1000} is not root', code: 'services:\n  w:\n    image: x:1\n    user: ${UID:-1000}\n' },
    { name: 'an unset ${UID} with a root Dockerfile is not judged', code: 'services:\n  api:\n    build: ./api\n    user: ${UID}\n', files: { '/work/api/Dockerfile': noUser } },
    { name: 'an unset ${UID} is not judged', code: 'services:\n  w:\n    image: x:1\n    user: ${UID}\n' },
    { name: 'a user named rootless is not root', code: 'services:\n  w:\n    image: x:1\n    user: rootless\n' },
    { name: 'image-only service without user is not judged', code: 'services:\n  db:\n    image: postgres:16\n' },
    { name: 'built Dockerfile switches to a non-root user', code: 'services:\n  api:\n    build: ./api\n', files: { '/work/api/Dockerfile': withUser } },
    { name: 'user: overrides the image', code: 'services:\n  api:\n    build: ./api\n    user: "1000"\n', files: { '/work/api/Dockerfile': noUser } },
    { name: 'Dockerfile not found', code: 'services:\n  api:\n    build: ./missing\n' },
    { name: 'remote context', code: 'services:\n  api:\n    build: https://github.com/example/app.git#main\n' },
    {
      name: 'target stage is non-root (distroless nonroot)',
      code: 'services:\n  api:\n    build:\n      context: .\n      target: runtime\n',
      files: { '/work/Dockerfile': multiStage },
    },
    {
      name: 'USER from a build arg resolved to non-root',
      code: 'services:\n  api:\n    build:\n      context: .\n      args:\n        APP_USER: app\n',
      files: { '/work/Dockerfile': 'FROM alpine:3.20\nARG APP_USER=root\nUSER $APP_USER\n' },
    },
    { name: 'Windows image', code: 'services:\n  w:\n    build: .\n', files: { '/work/Dockerfile': 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n' } },
    {
      name: 'the override file sets user:',
      code: 'services:\n  api:\n    build: ./api\n',
      files: { '/work/api/Dockerfile': noUser, '/work/compose.override.yaml': 'services:\n  api:\n    user: "1000"\n' },
    },
    {
      name: 'user: inherited through extends',
      code: 'services:\n  base:\n    image: a:1\n    user: app\n  api:\n    extends: base\n    build: ./api\n',
      files: { '/work/api/Dockerfile': noUser },
    },
    { name: 'inline Dockerfile with USER', code: 'services:\n  t:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.20\n        USER 1000\n' },
  ],
  invalid: [
    {
      // The build argument names no variable in `.env`: `constructor` is not Object's.
      name: 'a build argument named like an Object method is unset, so the ARG default (root) stands',
      code: 'services:\n  app:\n    build:\n      context: .\n      args: [constructor]\n',
      files: { '/work/Dockerfile': 'FROM alpine:3.20\nARG constructor=root\nUSER ${constructor}\n' },
      errors: [{ messageId: 'builtRoot', line: 3, column: 5 }],
      output: null,
    },
    {
      name: 'user: root',
      code: 'services:\n  worker:\n    image: example/worker:1.4\n    user: root\n',
      errors: [{ messageId: 'explicitRoot', line: 4, column: 11, endColumn: 15 }],
      output: null,
    },
    { name: 'user: 0:0 quoted', code: 'services:\n  w:\n    image: x:1\n    user: "0:0"\n', errors: [{ message: /sets `user: 0:0`/, line: 4, column: 11 }], output: null },
    {
      name: 'user: "" leaves the built image\'s root user in force',
      code: 'services:\n  api:\n    build: ./api\n    user: ""\n',
      files: { '/work/api/Dockerfile': noUser },
      errors: [{ messageId: 'builtRoot', line: 3, column: 5 }],
      output: null,
    },
    { name: 'user: root:root', code: 'services:\n  w:\n    image: x:1\n    user: root:root\n', errors: [{ message: /sets `user: root:root`/, line: 4, column: 11, endColumn: 20 }], output: null },
    { name: 'user: 0:0 unquoted (a string, not a YAML 1.1 sexagesimal)', code: 'services:\n  w:\n    image: x:1\n    user: 0:0\n', errors: [{ message: /sets `user: 0:0`/, line: 4, column: 11 }], output: null },
    { name: 'user: root with a non-root group', code: 'services:\n  w:\n    image: x:1\n    user: "0:1000"\n', errors: [{ message: /sets `user: 0:1000`/, line: 4, column: 11 }], output: null },
    {
      name: 'user: ${UID:-0} defaults to root: reported on the ${…}',
      code: 'services:\n  w:\n    image: x:1\n    user: ${UID:-0}\n',
      errors: [{ message: /sets `user: 0`/, line: 4, column: 11, endColumn: 20 }],
      output: null,
    },
    {
      name: 'user: ${UID:-1000} with UID=0 in .env',
      code: 'services:\n  w:\n    image: x:1\n    user: "${UID:-1000}:${GID:-1000}"\n',
      files: { '/work/.env': 'UID=0\n' },
      errors: [{ message: /sets `user: 0:1000`/, line: 4, column: 11 }],
      output: null,
    },
    {
      name: 'user: root through a merge key is reported where it is used',
      code: 'x-u: &u\n  user: root\nservices:\n  a:\n    <<: *u\n    image: x:1\n',
      errors: [{ messageId: 'explicitRoot', line: 5, column: 5 }],
      output: null,
    },
    { name: 'user: 0 as a YAML integer', code: 'services:\n  w:\n    image: x:1\n    user: 0\n', errors: [{ messageId: 'explicitRoot', line: 4, column: 11 }], output: null },
    {
      name: 'built Dockerfile without USER',
      code: 'services:\n  api:\n    build: ./api\n    ports:\n      - "8000:8000"\n',
      files: { '/work/api/Dockerfile': noUser },
      errors: [{ message: 'Service `api` runs as root: it sets no `user:` and its image, built from `./api/Dockerfile`, sets no USER. Add a non-root USER to the Dockerfile, or set `user:` here.', line: 3, column: 5, endColumn: 10 }],
      output: null,
    },
    {
      name: 'context and dockerfile and target',
      code: 'services:\n  api:\n    build:\n      context: ./svc\n      dockerfile: docker/Prod.Dockerfile\n      target: debug\n',
      files: { '/work/svc/docker/Prod.Dockerfile': multiStage },
      errors: [{ message: /built from `\.\/svc\/docker\/Prod\.Dockerfile` \(stage `debug`\), sets no USER/, line: 3, column: 5 }],
      output: null,
    },
    {
      name: 'build arg makes the USER root',
      code: 'services:\n  api:\n    build:\n      context: .\n      args:\n        - APP_USER=root\n',
      files: { '/work/Dockerfile': 'FROM alpine:3.20\nARG APP_USER=app\nUSER $APP_USER\n' },
      errors: [{ message: /ends with `USER root`/, line: 3, column: 5 }],
      output: null,
    },
    {
      name: 'fix sets user: to the user the Dockerfile creates',
      code: 'services:\n  api:\n    build: .\n    restart: always\n',
      files: { '/work/Dockerfile': createsUser },
      errors: [{ messageId: 'builtRoot', line: 3, column: 5 }],
      fixTitles: ['Run the service as the image\'s user "app"'],
      output: 'services:\n  api:\n    build: .\n    user: app\n    restart: always\n',
    },
    {
      name: 'fix in flow style',
      code: 'services:\n  api: {build: ., restart: always}\n',
      files: { '/work/Dockerfile': 'FROM node:20\nCMD ["node", "index.js"]\n' },
      errors: [{ messageId: 'builtRoot', line: 2, column: 9 }],
      output: 'services:\n  api: {build: ., user: node, restart: always}\n',
    },
    {
      name: 'build through a merge key is reported where it is used',
      code: 'x-build: &b\n  build: ./api\nservices:\n  api:\n    <<: *b\n',
      files: { '/work/api/Dockerfile': noUser },
      errors: [{ messageId: 'builtRoot', line: 5, column: 5 }],
      output: null,
    },
  ],
});
