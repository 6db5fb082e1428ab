import { ruleTester } from '../../../../test/support/ruleTester';

const SYNTAX = '# syntax=docker/dockerfile:1\n';

ruleTester('BH102', {
  valid: [
    'FROM alpine:3.20\nENV NODE_VERSION=20.11.0\n',
    { name: 'docker-library GPG fingerprints', code: 'FROM debian:12\nENV GPG_KEYS 0D69E11F12BDBA077B3726AB4E1F799AA4FF2279 7F1E4A8B\n' },
    { name: 'names that describe a secret', code: 'FROM debian:12\nENV DB_PASSWORD_FILE=/run/secrets/db POSTGRES_USER=app TOKEN_URL=https://auth.example.com/token SECRET_KEY_ID=k1\n' },
    { name: 'public keys', code: 'FROM debian:12\nENV PUBLIC_KEY=ssh-ed25519 SIGNING_PUBLIC_KEY=abc\n' },
    { name: 'empty ENV placeholder for run time', code: 'FROM debian:12\nENV API_TOKEN=""\n' },
    { name: 'template placeholder', code: 'FROM debian:12\nENV API_TOKEN=<your-token>\n' },
    { name: 'the shell working directory', code: 'FROM debian:12\nENV PWD=/app\n' },
    { name: 'a URL whose password is a variable', code: 'FROM debian:12\nARG REPO=https://ci:${REPO_PASS}@example.com/repo\n' },
    { name: 'a checksum', code: 'FROM debian:12\nENV PYTHON_GET_PIP_SHA256=1d5f1a7b2c3f9a4c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c\n' },
  ],
  invalid: [
    {
      name: 'ENV literal: removed, RUN reads it from a secret mount',
      code: 'FROM alpine:3.20\nENV API_TOKEN=s3cr3t-value-123456\nRUN wget --header "Authorization: Bearer $API_TOKEN" https://example.com/x\n',
      errors: [{ messageId: 'env', message: /\(\*{8}\)/, line: 2, column: 5, endColumn: 14, severity: 'warning' }],
      output: `${SYNTAX}FROM alpine:3.20\nRUN --mount=type=secret,id=api_token,env=API_TOKEN wget --header "Authorization: Bearer $API_TOKEN" https://example.com/x\n`,
      fixTitles: ['Move API_TOKEN to a build secret (build with --secret id=api_token,env=API_TOKEN)'],
    },
    {
      name: 'ARG without a value',
      code: 'FROM node:20\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n',
      errors: [{ messageId: 'arg', line: 2, column: 5, endColumn: 14 }],
      output: `${SYNTAX}FROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci\n`,
    },
    {
      name: 'ARG with a default',
      code: 'FROM node:20\nARG DB_PASSWORD=hunter2\n',
      errors: [{ messageId: 'argDefault', line: 2, column: 5 }],
      output: `${SYNTAX}FROM node:20\n`,
    },
    {
      name: 'ENV from an ARG',
      code: 'FROM node:20\nARG TOKEN_ARG_NAME=x\nENV GITHUB_TOKEN=$GH\n',
      errors: [{ messageId: 'envFromArg', line: 3, column: 5, endColumn: 17 }],
      output: `${SYNTAX}FROM node:20\nARG TOKEN_ARG_NAME=x\n`,
    },
    {
      name: 'one pair of several, across continuation lines',
      code: 'FROM alpine:3.20\nENV A=1 \\\n    DB_PASSWORD=hunter2 \\\n    B=2\n',
      errors: [{ messageId: 'env', line: 3, column: 5 }],
      output: `${SYNTAX}FROM alpine:3.20\nENV A=1 \\\n    B=2\n`,
    },
    {
      name: 'first pair of several',
      code: 'FROM alpine:3.20\nENV SECRET_KEY=abcd1234 MODE=prod\n',
      errors: [{ messageId: 'env', line: 2, column: 5, endColumn: 15 }],
      output: `${SYNTAX}FROM alpine:3.20\nENV MODE=prod\n`,
    },
    {
      name: 'legacy ENV form',
      code: 'FROM alpine:3.20\nENV ADMIN_PASSWORD changeme\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: `${SYNTAX}FROM alpine:3.20\n`,
    },
    {
      name: 'credential under an innocent name is an error, masked',
      code: 'FROM alpine:3.20\nENV AWS_KEY_ID_X=AKIAIOSFODNN7EXAMPLE\n',
      errors: [{ messageId: 'credential', message: 'ENV `AWS_KEY_ID_X` holds an AWS access key ID (AKIA********): the credential is baked into the Dockerfile and the image. Revoke it, and pass it as a build secret.', line: 2, column: 5, severity: 'error' }],
      output: `${SYNTAX}FROM alpine:3.20\n`,
    },
    {
      name: 'password in a URL',
      code: 'FROM alpine:3.20\nARG MIRROR=https://bob:pa55word@repo.example.com/simple\n',
      errors: [{ messageId: 'credential', message: /password in a URL \(\*{8}\)/, line: 2, column: 5, severity: 'error' }],
      output: `${SYNTAX}FROM alpine:3.20\n`,
    },
    {
      name: 'an existing syntax directive and escape directive are kept',
      code: '# syntax=docker/dockerfile:1.7\n# escape=`\nFROM alpine:3.20\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n',
      errors: [{ messageId: 'arg', line: 4, column: 5 }],
      output: '# syntax=docker/dockerfile:1.7\n# escape=`\nFROM alpine:3.20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\n',
    },
    {
      name: 'existing RUN flags are kept after the new mount; exec form too',
      code: 'FROM alpine:3.20\nARG API_KEY\nRUN --network=none ./build.sh ${API_KEY}\nRUN ["sh", "-c", "curl -H $API_KEY x"]\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: `${SYNTAX}FROM alpine:3.20\nRUN --mount=type=secret,id=api_key,env=API_KEY --network=none ./build.sh \${API_KEY}\nRUN --mount=type=secret,id=api_key,env=API_KEY ["sh", "-c", "curl -H $API_KEY x"]\n`,
    },
    {
      name: 'only the RUNs of its stage are rewritten',
      code: 'FROM alpine:3.20 AS a\nARG NPM_TOKEN\nRUN npm ci $NPM_TOKEN\nFROM alpine:3.20\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\n',
      errors: [{ line: 2, column: 5 }, { line: 5, column: 5 }],
      output: `${SYNTAX}FROM alpine:3.20 AS a\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci $NPM_TOKEN\nFROM alpine:3.20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo $NPM_TOKEN\n`,
    },
    {
      name: 'used outside RUN: no fix, a build secret could not feed it',
      code: 'FROM alpine:3.20\nENV DB_PASSWORD=hunter2\nCMD echo $DB_PASSWORD\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'ONBUILD: reported, no fix',
      code: 'FROM alpine:3.20\nONBUILD ARG NPM_TOKEN\n',
      errors: [{ messageId: 'arg', line: 2, column: 13 }],
      output: null,
    },
    {
      name: 'private key block in a heredoc-free ENV',
      code: 'FROM alpine:3.20\nENV SSH_MATERIAL="-----BEGIN OPENSSH PRIVATE KEY-----abc"\n',
      errors: [{ messageId: 'credential', message: /a private key/, line: 2, column: 5, severity: 'error' }],
      output: `${SYNTAX}FROM alpine:3.20\n`,
    },
  ],
});
