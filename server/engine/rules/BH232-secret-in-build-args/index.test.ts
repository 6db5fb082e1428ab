import { ruleTester } from '../../../../test/support/ruleTester';

const dockerfile = 'FROM node:20\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCMD ["node", "app.js"]\n';
const fixedDockerfile =
  '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCMD ["node", "app.js"]\n';

ruleTester('BH232', {
  valid: [
    'services:\n  app:\n    build:\n      context: .\n      args:\n        NODE_VERSION: "20"\n',
    { name: 'list form, not secret', code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        - VERSION=1.2\n' },
    { name: 'build secrets are the way', code: 'services:\n  app:\n    build:\n      context: .\n      secrets: [npm_token]\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n' },
    { name: 'a path is not a secret', code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        SSH_KEY_FILE: /run/secrets/key\n' },
  ],
  invalid: [
    {
      name: 'a reference: build secret from the environment, Dockerfile rewritten',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NODE_ENV: production\n        NPM_TOKEN: ${NPM_TOKEN}\n',
      files: { '/work/Dockerfile': dockerfile },
      errors: [{ messageId: 'arg', line: 7, column: 9, endColumn: 18, severity: 'warning' }],
      fixTitles: ['Move NPM_TOKEN to a build secret "npm_token" read from $NPM_TOKEN'],
      output:
        'services:\n  app:\n    build:\n      context: .\n      args:\n        NODE_ENV: production\n      secrets:\n        - npm_token\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n',
      otherFiles: { '/work/Dockerfile': fixedDockerfile },
    },
    {
      name: 'list form taken from the environment',
      code: 'services:\n  app:\n    build:\n      context: ./app\n      args:\n        - NPM_TOKEN\n        - OTHER=1\n',
      files: { '/work/app/Dockerfile': dockerfile },
      errors: [{ messageId: 'arg', line: 6, column: 11 }],
      output:
        'services:\n  app:\n    build:\n      context: ./app\n      args:\n        - OTHER=1\n      secrets:\n        - npm_token\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n',
      otherFiles: { '/work/app/Dockerfile': fixedDockerfile },
    },
    {
      name: 'a literal: a secret file, not in the message',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: npm-literal-123\n',
      files: { '/work/Dockerfile': dockerfile },
      errors: [{ messageId: 'literal', message: /plain-text secret \(\*{8}\)/, line: 6, column: 9 }],
      output: 'services:\n  app:\n    build:\n      context: .\n      args: {}\n      secrets:\n        - npm_token\nsecrets:\n  npm_token:\n    file: ./secrets/npm_token\n',
      otherFiles: { '/work/secrets/npm_token': 'npm-literal-123', '/work/Dockerfile': fixedDockerfile },
    },
    {
      name: 'a credential under any name: error',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        - GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n',
      errors: [{ messageId: 'credential', message: /GitHub token \(ghp_\*{8}\)/, line: 6, column: 11, severity: 'error' }],
      output: null,
    },
    {
      name: 'no Dockerfile in the workspace: reported, no fix',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n',
      errors: [{ messageId: 'arg', line: 6, column: 9 }],
      output: null,
    },
    {
      name: 'used outside RUN: no fix',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        API_KEY: ${API_KEY}\n',
      files: { '/work/Dockerfile': 'FROM alpine:3.20\nARG API_KEY\nENV API_KEY=$API_KEY\n' },
      errors: [{ messageId: 'arg', line: 6, column: 9 }],
      output: null,
    },
    {
      name: 'in an anchor: one finding, both services, no fix',
      code: 'x-args: &args\n  NPM_TOKEN: ${NPM_TOKEN}\nservices:\n  a:\n    build:\n      context: .\n      args: *args\n  b:\n    build:\n      context: .\n      args: *args\n',
      errors: [{ message: /of services `a` and `b`/, line: 2, column: 3 }],
      output: null,
    },
  ],
});
