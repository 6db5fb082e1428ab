import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { ruleTester } from '../../../../test/support/ruleTester';
import { initEngine, lint, memoryHost } from '../../../engine';
import { isExcluded, parseDockerignore } from '../../analysis/dockerignore';

const CREATED = '# Keep the repository and local secrets out of the build context (added by Bulkhead).\n.git\n.env\n.env.*\n!.env.example\n**/.env\n.aws\n.ssh\n.netrc\n.git-credentials\n*.tfstate\n*.tfstate.*\n';

ruleTester('BH123', {
  valid: [
    { name: 'a .dockerignore that excludes both', code: 'FROM node:20\nCOPY . .\n', files: { '/work/.dockerignore': '.git\n.env\nnode_modules\n' } },
    { name: 'no COPY of the whole context', code: 'FROM node:20\nCOPY package.json src/ ./\n' },
    { name: 'COPY . from another stage is not the context', code: 'FROM node:20 AS build\nFROM nginx:1.27\nCOPY --from=build . /usr/share/nginx/html\n' },
    { name: '* excludes everything, re-includes keep .git and .env out', code: 'FROM node:20\nCOPY . .\n', files: { '/work/.dockerignore': '*\n!src\n!package.json\n' } },
    { name: '** patterns, leading slash, trailing slash, comments', code: 'FROM node:20\nADD ./ /app/\n', files: { '/work/.dockerignore': '# ignore\n/.git/\n**/.env\n' } },
    { name: 'dot-file wildcard', code: 'FROM node:20\nCOPY . .\n', files: { '/work/.dockerignore': '.*\n!.npmrc.example\n' } },
    { name: 'the Dockerfile-specific ignore file wins over .dockerignore', code: 'FROM node:20\nCOPY . .\n', filename: '/work/app.Dockerfile', files: { '/work/app.Dockerfile.dockerignore': '.git\n.env*\n', '/work/.dockerignore': 'node_modules\n' } },
    { name: 'ONBUILD COPY . copies the child build’s context', code: 'FROM node:20\nONBUILD COPY . /app\n' },
    { name: 'an unsaved buffer has no build context', code: 'FROM node:20\nCOPY . .\n', filename: 'untitled:Untitled-1' },
  ],
  invalid: [
    {
      name: 'no .dockerignore: the fix creates one',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
      errors: [{ messageId: 'noIgnoreFile', message: '`COPY .` copies the whole build context, and there is no `.dockerignore`: the Git history (`.git`), `.env` files and any other local secrets in the folder go into the image. Add a `.dockerignore`.', line: 3, column: 6, endColumn: 7, severity: 'warning' }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
      otherFiles: { '/work/.dockerignore': CREATED },
      fixTitles: ['Create a .dockerignore that excludes .git, .env files and local credentials'],
      lfOnly: true,
    },
    {
      name: 'no .dockerignore, CRLF Dockerfile: the new file uses CRLF',
      code: 'FROM node:20\r\nCOPY ./ /app/\r\n',
      errors: [{ messageId: 'noIgnoreFile', line: 2, column: 6, endColumn: 8 }],
      output: 'FROM node:20\r\nCOPY ./ /app/\r\n',
      otherFiles: { '/work/.dockerignore': CREATED.replace(/\n/g, '\r\n') },
      lfOnly: true,
    },
    {
      name: 'a .dockerignore without .env: the fix appends it',
      code: 'FROM python:3.12\nCOPY . /src\n',
      files: { '/work/.dockerignore': '.git\n__pycache__' },
      errors: [{ messageId: 'missing', message: '`COPY .` copies the whole build context, and `.dockerignore` does not exclude `.env`: they go into the image. Add them to `.dockerignore`.', line: 2, column: 6 }],
      output: 'FROM python:3.12\nCOPY . /src\n',
      otherFiles: { '/work/.dockerignore': '.git\n__pycache__\n.env\n' },
      fixTitles: ['Add .env to .dockerignore'],
    },
    {
      name: 'a re-include brings .git back; CRLF ignore file keeps CRLF',
      code: 'FROM python:3.12\nCOPY * /src/\n',
      files: { '/work/.dockerignore': '.*\r\n!.git\r\n!.env\r\n' },
      errors: [{ messageId: 'missing', message: /does not exclude `\.git` and `\.env`/, line: 2, column: 6 }],
      output: 'FROM python:3.12\nCOPY * /src/\n',
      otherFiles: { '/work/.dockerignore': '.*\r\n!.git\r\n!.env\r\n.git\r\n.env\r\n' },
    },
    {
      name: 'the Dockerfile-specific ignore file is the one judged and fixed',
      code: 'FROM node:20 AS build\nCOPY . .\nFROM node:20\nCOPY --from=build /app /app\n',
      filename: '/work/web.Dockerfile',
      files: { '/work/web.Dockerfile.dockerignore': 'node_modules\n', '/work/.dockerignore': '.git\n.env\n' },
      errors: [{ messageId: 'missing', message: /`web\.Dockerfile\.dockerignore` does not exclude `\.git` and `\.env`/, line: 2, column: 6 }],
      output: 'FROM node:20 AS build\nCOPY . .\nFROM node:20\nCOPY --from=build /app /app\n',
      otherFiles: { '/work/web.Dockerfile.dockerignore': 'node_modules\n.git\n.env\n' },
    },
    {
      name: 'only ** under a folder does not cover the root; ADD too',
      code: 'FROM alpine:3.20\nADD . /srv\n',
      files: { '/work/.dockerignore': 'src/**/.env\n.git\n' },
      errors: [{ messageId: 'missing', message: /does not exclude `\.env`/, line: 2, column: 5 }],
      output: 'FROM alpine:3.20\nADD . /srv\n',
      otherFiles: { '/work/.dockerignore': 'src/**/.env\n.git\n.env\n' },
    },
  ],
});

describe('BH123 without a host', () => {
  before(async () => initEngine());
  it('does not report when the engine has no file access', () => {
    const res = lint({ path: '/work/Dockerfile', text: 'FROM node:20\nCOPY . .\n' });
    assert.deepEqual(res.findings.filter((f) => f.ruleId === 'BH123'), []);
  });
  it('lists both ignore-file locations as dependencies, so editors re-lint when one changes', () => {
    const res = lint({ path: '/work/Dockerfile', text: 'FROM node:20\nCOPY . .\n' }, { host: memoryHost({}) });
    assert.ok(res.dependencies.includes('/work/Dockerfile.dockerignore'), JSON.stringify(res.dependencies));
    assert.ok(res.dependencies.includes('/work/.dockerignore'), JSON.stringify(res.dependencies));
  });
});

describe('.dockerignore patterns', () => {
  const ex = (ignore: string, path: string) => isExcluded(parseDockerignore(ignore), path);
  it('matches as BuildKit does', () => {
    assert.equal(ex('.git', '.git'), true);
    assert.equal(ex('.git/', '.git'), true);
    assert.equal(ex('/.git', '.git'), true);
    assert.equal(ex('./.env', '.env'), true);
    assert.equal(ex('**/.env', '.env'), true);
    assert.equal(ex('**/.env', 'a/b/.env'), true);
    assert.equal(ex('*', '.env'), true);
    assert.equal(ex('*', 'a/b'), true, 'a parent directory that matches excludes its contents');
    assert.equal(ex('*.md\n!README.md', 'README.md'), false);
    assert.equal(ex('src/*/.env', 'src/a/.env'), true);
    assert.equal(ex('src/*/.env', 'src/a/b/.env'), false);
    assert.equal(ex('.env?', '.env'), false);
    assert.equal(ex('[!.]env', '.env'), false);
    assert.equal(ex('[.]git', '.git'), true);
    assert.equal(ex('# .git', '.git'), false);
    assert.equal(ex('  .git  ', '.git'), true);
    assert.equal(ex('[z-a', '.git'), false);
  });
});
