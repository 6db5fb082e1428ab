/**
 * A linter that finds secrets must not leak them. Planted credentials (and
 * the whole real-world corpus beside them) go through every CLI output format
 * and through the language server's diagnostics, hovers, code actions and
 * logs; no planted value may appear anywhere, in clear.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from '../protocol/client';
import { tempDir } from '../support/tmp';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');

/** Fake credentials of every shape the rules look for. None is real. */
const PLANTED = {
  github: 'ghp_PLANTEDx0123456789abcdefghijklmnopqrstu',
  aws: 'AKIAPLANTED234567ABCD',
  slack: 'xoxb-000000000000-PLANTEDtokenvalue12',
  stripe: 'sk_live_PLANTED0123456789abcdefghij',
  npm: 'npm_PLANTEDabcdefghijklmnopqrstuvwxyz0123',
  google: 'AIzaPLANTED-0123456789abcdefghijklmnopq',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQTEFOVEVEIn0.PLANTEDsignature0123456789',
  urlPassword: 'PlantedUrlPassw0rd',
  envPassword: 'Planted-Env-Password-42',
  argDefault: 'Planted-Arg-Default-77',
  composePassword: 'Planted-Compose-Secret-99',
  keyBody: 'MIIEpAIBAAKCAQEAplantedPLANTEDplantedPLANTED',
};

const HEREDOC = 'EOF';
const DOCKERFILE = [
  'FROM node:20',
  `ARG DB_PASSWORD=${PLANTED.argDefault}`,
  `ENV GITHUB_TOKEN=${PLANTED.github} AWS_ACCESS_KEY_ID=${PLANTED.aws}`,
  `ENV APP_PASSWORD=${PLANTED.envPassword}`,
  `LABEL deploy.token="${PLANTED.slack}"`,
  `RUN curl -u admin:${PLANTED.urlPassword} https://example.com/x && \\`,
  `    git clone https://user:${PLANTED.urlPassword}@git.example.com/repo.git && \\`,
  `    npm config set //registry.npmjs.org/:_authToken ${PLANTED.npm}`,
  `RUN <<${HEREDOC}`,
  `export STRIPE_KEY=${PLANTED.stripe}`,
  `curl -H "Authorization: Bearer ${PLANTED.jwt}" https://api.example.com`,
  HEREDOC,
  `COPY <<${HEREDOC} /root/.ssh/id_rsa`,
  '-----BEGIN RSA PRIVATE KEY-----',
  PLANTED.keyBody,
  '-----END RSA PRIVATE KEY-----',
  HEREDOC,
  `ENV MAPS_KEY=${PLANTED.google}`,
  'CMD ["node", "server.js"]',
  '',
].join('\n');

const COMPOSE = [
  'services:',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  `      POSTGRES_PASSWORD: ${PLANTED.composePassword}`,
  `      DATABASE_URL: postgres://app:${PLANTED.urlPassword}@db/app`,
  '  web:',
  '    image: example/web:1',
  '    environment:',
  `      - GITHUB_TOKEN=${PLANTED.github}`,
  `      - API_KEY=${PLANTED.google}`,
  '    build:',
  '      context: .',
  '      args:',
  `        NPM_TOKEN: ${PLANTED.npm}`,
  '',
].join('\n');

function leaks(text: string): string[] {
  return Object.entries(PLANTED)
    .filter(([, v]) => text.includes(v))
    .map(([k]) => k);
}

describe('planted secrets never leave the linter in clear', { timeout: 10 * 60 * 1000 }, () => {
  const dir = tempDir('secrets');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);

  it('CLI: stylish, JSON and SARIF, on the planted files and the whole corpus', () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    const targets = [dir, ...(fs.existsSync(corpusDir) ? [corpusDir] : [])];
    for (const format of ['stylish', 'json', 'sarif']) {
      const r = spawnSync(process.execPath, [cli, '--format', format, ...targets], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 500)}`);
      assert.deepEqual(leaks(r.stdout), [], `${format} output leaks`);
      assert.deepEqual(leaks(r.stderr), [], `${format} stderr leaks`);
      if (format === 'json') {
        const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string; message: string }[] }[] };
        const planted = report.files.filter((f) => path.resolve(f.path).startsWith(dir));
        assert.equal(planted.length, 2);
        assert.ok(planted.every((f) => f.findings.length > 0), 'the planted files produce findings');
        assert.ok(planted.some((f) => f.findings.some((x) => x.message.includes('********'))), 'secrets are reported, masked');
      }
    }
  });

  it('--fix writes files but prints nothing secret', () => {
    const copy = tempDir('secrets-fix');
    fs.writeFileSync(path.join(copy, 'Dockerfile'), DOCKERFILE);
    const r = spawnSync(process.execPath, [cli, '--fix', '--format', 'json', copy], { encoding: 'utf8' });
    assert.deepEqual(leaks(r.stdout + r.stderr), []);
  });

  it('language server: diagnostics, hovers, code actions and logs', async () => {
    const client = await TestClient.start({ folders: [dir] });
    try {
      const seen: string[] = [];
      for (const [name, text, lang] of [['Dockerfile', DOCKERFILE, 'dockerfile'], ['compose.yaml', COMPOSE, 'dockercompose']] as const) {
        const uri = client.open(path.join(dir, name), text, lang);
        const items = (await client.pull(uri)).items ?? [];
        assert.ok(items.length > 0);
        seen.push(JSON.stringify(items));
        const actions = await client.codeActions(uri, items);
        seen.push(JSON.stringify(actions.map((a) => ({ title: a.title, command: a.command }))));
        for (const d of items) {
          const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start });
          seen.push(JSON.stringify(hover));
        }
      }
      seen.push(...client.logs, client.stderr);
      assert.deepEqual(leaks(seen.join('\n')), []);
    } finally {
      await client.stop();
    }
  });
});
