/**
 * The built language server (dist/server.js) over JSON-RPC: diagnostics by
 * pull and push, versions, caching, code actions and their edits, fix-all,
 * configuration changes, multi-root folders and hostile input.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, LSPErrorCodes, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient, serverPath } from './client';
import { workspace } from '../support/tmp';

const ROOT_DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n';
/** A well-formed (made-up) digest: an image pinned with it is clean under BH130 (image-not-pinned-by-digest), so fixtures that must show no findings at all stay clean. */
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const tmpWorkspace = (files: Record<string, string>): string => workspace('lsp', files);

const byCode = (ds: Diagnostic[] | undefined, code: string): Diagnostic[] => (ds ?? []).filter((d) => d.code === code);

describe('language server over JSON-RPC', { timeout: 120_000 }, () => {
  before(() => {
    assert.ok(fs.existsSync(serverPath), `${serverPath} is missing: run \`npm run build\` first`);
  });

  describe('pull diagnostics', () => {
    let client: TestClient;
    let dir: string;
    before(async () => {
      dir = tmpWorkspace({});
      client = await TestClient.start({ folders: [dir] });
    });
    after(() => client.stop());

    it('reports BH101 with range, code, link, source and data; an unchanged re-pull does not lint again', async () => {
      const uri = client.open(path.join(dir, 'Dockerfile'), ROOT_DOCKERFILE, 'dockerfile');
      const first = await client.pull(uri);
      assert.equal(first.kind, 'full');
      const [d] = byCode(first.items, 'BH101');
      assert.ok(d, JSON.stringify(first.items));
      assert.deepEqual(d.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } });
      assert.equal(d.severity, 2);
      assert.equal(d.source, 'bulkhead');
      assert.equal(d.codeDescription?.href, 'https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/BH101-root-user.md');
      assert.deepEqual(d.data, { ruleId: 'BH101', fixes: [{ id: 'add-user', title: 'Add a non-root USER (creates user "app", UID 10001, with groupadd/useradd)', safe: false }] });
      const stats1 = await client.conn.sendRequest<{ lintCount: number }>('bulkhead/stats');
      const again = await client.pull(uri, first.resultId);
      assert.equal(again.kind, 'unchanged');
      const stats2 = await client.conn.sendRequest<{ lintCount: number }>('bulkhead/stats');
      assert.equal(stats2.lintCount, stats1.lintCount, 'no lint for unchanged text');
    });

    it('"Add a non-root USER" edits the document at its version and the finding goes away', async () => {
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).toString();
      const res = await client.pull(uri);
      const diags = byCode(res.items, 'BH101');
      const actions = await client.codeActions(uri, diags);
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Add a non-root USER (creates user "app", UID 10001, with groupadd/useradd)', 'Disable BH101 for this line', 'Disable BH101 for this file', 'Show documentation for BH101', 'Pin python:3.12-slim to its digest'],
      );
      assert.equal(actions[4]!.command?.command, 'bulkhead.pinImage', 'pinning runs as a command: nothing is looked up until it is chosen');
      assert.deepEqual(actions[3]!.command, { title: 'Show documentation for BH101', command: 'bulkhead.showDocumentation', arguments: ['BH101', 'https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/BH101-root-user.md'] });
      const text = client.apply(uri, actions[0]!.edit!);
      assert.equal(text, 'FROM python:3.12-slim\nCOPY . /app\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app\nUSER 10001:10001\nCMD ["python", "/app/main.py"]\n');
      const after = await client.pull(uri);
      assert.deepEqual(byCode(after.items, 'BH101'), []);
    });

    it('analyses RUN with the bundled shell parser (a user created in RUN is reused by the fix)', async () => {
      const uri = client.open(path.join(dir, 'shell', 'Dockerfile'), 'FROM debian:12\nRUN useradd --system appuser\nCMD ["x"]\n', 'dockerfile');
      const [d] = byCode((await client.pull(uri)).items, 'BH101');
      assert.equal((d?.data as { fixes: { title: string }[] }).fixes[0]!.title, 'Add a non-root USER (switch to the existing user "appuser")');
    });

    it('a code action for a stale diagnostic offers nothing', async () => {
      const uri = client.open(path.join(dir, 'stale', 'Dockerfile'), ROOT_DOCKERFILE, 'dockerfile');
      const diags = byCode((await client.pull(uri)).items, 'BH101');
      client.change(uri, 'FROM python:3.12-slim\nUSER 1000\n');
      // Only the diagnostic-independent "Pin … to its digest" of the current text is left.
      assert.deepEqual((await client.codeActions(uri, diags)).map((a) => a.title), ['Pin python:3.12-slim to its digest']);
    });

    it('disable-for-line and disable-for-file insert a comment with the document\'s CRLF, and the finding goes away', async () => {
      for (const [i, scope] of (['line', 'file'] as const).entries()) {
        const text = `# syntax=docker/dockerfile:1\r\nFROM debian:12@${DIGEST}\r\n  USER root\r\n`;
        const uri = client.open(path.join(dir, `crlf${i}`, 'Dockerfile'), text, 'dockerfile');
        const diags = byCode((await client.pull(uri)).items, 'BH101');
        const action = (await client.codeActions(uri, diags)).find((a) => a.title === `Disable BH101 for this ${scope}`)!;
        const fixed = client.apply(uri, action.edit!);
        assert.equal(
          fixed,
          scope === 'line'
            ? `# syntax=docker/dockerfile:1\r\nFROM debian:12@${DIGEST}\r\n  # bulkhead-ignore BH101 -- reason\r\n  USER root\r\n`
            : `# syntax=docker/dockerfile:1\r\n# bulkhead-ignore-file BH101 -- reason\r\nFROM debian:12@${DIGEST}\r\n  USER root\r\n`,
        );
        const after = (await client.pull(uri)).items ?? [];
        assert.deepEqual(after.map((d) => d.code), [], JSON.stringify(after));
      }
    });

    it('source.fixAll.bulkhead applies only safe fixes', async () => {
      const uri = client.open(path.join(dir, 'fixall', 'Dockerfile'), `# bulkhead-ignore BH102 -- nothing here\nFROM alpine:3.20@${DIGEST}\nCMD ["sh"]\n`, 'dockerfile');
      const res = await client.pull(uri);
      assert.deepEqual((res.items ?? []).map((d) => d.code).sort(), ['BH101', 'BH902']);
      const actions = await client.codeActions(uri, [], ['source.fixAll.bulkhead']);
      assert.equal(actions.length, 1);
      assert.equal(actions[0]!.kind, 'source.fixAll.bulkhead');
      assert.equal(client.apply(uri, actions[0]!.edit!), `FROM alpine:3.20@${DIGEST}\nCMD ["sh"]\n`);
      assert.deepEqual(((await client.pull(uri)).items ?? []).map((d) => d.code), ['BH101']);
    });

    it('compose: "Drop all capabilities" keeps the file\'s style', async () => {
      const uri = client.open(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    cap_add: [SYS_ADMIN]\n', 'dockercompose');
      const items = (await client.pull(uri)).items ?? [];
      // Only the capability and privilege rules this fixture is about; the service also has other findings (BH205, BH225–BH229).
      const about = items.filter((d) => ['BH201', 'BH202', 'BH203'].includes(String(d.code)));
      assert.deepEqual(about.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), ['BH203@1:2', 'BH201@3:4', 'BH202@4:14']);
      const drop = (await client.codeActions(uri, byCode(items, 'BH203'))).find((a) => a.title.startsWith('Drop all capabilities'))!;
      assert.equal(client.apply(uri, drop.edit!), 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    cap_add: [SYS_ADMIN]\n    cap_drop: [ALL]\n');
      assert.deepEqual(byCode((await client.pull(uri)).items, 'BH203'), []);
    });

    it('a secret in ENV is masked in the diagnostic', async () => {
      const uri = client.open(path.join(dir, 'secret', 'Dockerfile'), 'FROM alpine:3.20\nENV GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\nUSER 1000\n', 'dockerfile');
      const [d] = byCode((await client.pull(uri)).items, 'BH102');
      assert.ok(d);
      const message = String(d.message);
      assert.ok(!message.includes('0123456789abcdef'), message);
      assert.match(message, /ghp_\*{8}/);
    });

    it('hostile input gets a diagnostic and the server keeps answering', async () => {
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
      bomb.push('services:\n  web:\n    image: nginx\n    environment: *j');
      // [file, text, language, a code the answer must hold]
      const cases: [string, string, string, string][] = [
        ['bin/Dockerfile', 'FROM alpine\u0000\u0001\u0002\n', 'dockerfile', 'BH900'],
        // The alias bomb is never expanded: the service is still analysed.
        ['bomb/compose.yaml', bomb.join('\n') + '\n', 'dockercompose', 'BH204'],
        ['broken/compose.yaml', 'services:\n  web:\n    image: [unclosed\n', 'dockercompose', 'BH900'],
        ['heredoc/Dockerfile', 'FROM alpine:3.20\nRUN <<EOF\napk add curl\n', 'dockerfile', 'BH101'],
        // A RUN line that made tree-sitter's WebAssembly abort (and every later parse fail): reported, not parsed...
        ['exhaust/Dockerfile', `FROM alpine:3.20\nRUN ${'X=1|'.repeat(15_000)}y\n`, 'dockerfile', 'BH900'],
        // ...and the shell parser still reads the next compound RUN line.
        ['after/Dockerfile', 'FROM alpine:3.20\nUSER 1000\nRUN if true; then curl -fsSL https://x.example/i.sh | sh; fi\n', 'dockerfile', 'BH134'],
      ];
      for (const [rel, text, lang, code] of cases) {
        const uri = client.open(path.join(dir, rel), text, lang);
        const res = await client.pull(uri);
        assert.equal(res.kind, 'full', rel);
        assert.ok((res.items ?? []).some((d) => d.code === code), `${rel}: ${JSON.stringify(res.items?.map((d) => d.code))}`);
      }
      const stats = await client.conn.sendRequest<{ openDocuments: number }>('bulkhead/stats');
      assert.ok(stats.openDocuments >= cases.length);
    });
    it('a cancelled request answers (result or RequestCancelled) and the server keeps working', async () => {
      const uri = client.open(path.join(dir, 'cancel', 'Dockerfile'), ROOT_DOCKERFILE, 'dockerfile');
      const outcomes: string[] = [];
      for (const method of ['textDocument/diagnostic', 'textDocument/codeAction']) {
        const source = new CancellationTokenSource();
        const params = method === 'textDocument/diagnostic'
          ? { textDocument: { uri } }
          : { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } };
        const pending = client.conn.sendRequest(method, params, source.token);
        source.cancel();
        try {
          await pending;
          outcomes.push('answered');
        } catch (e) {
          assert.equal((e as { code?: number }).code, LSPErrorCodes.RequestCancelled, String(e));
          outcomes.push('cancelled');
        }
      }
      assert.equal(outcomes.length, 2);
      const res = await client.pull(uri);
      assert.deepEqual(byCode(res.items, 'BH101').map((d) => d.range), [{ start: { line: 0, character: 5 }, end: { line: 0, character: 21 } }]);
    });
  });

  describe('push diagnostics for clients without pull', () => {
    it('publishes with the document version, and only the latest version after quick edits', async () => {
      const dir = tmpWorkspace({});
      const client = await TestClient.start({ folders: [dir], pull: false });
      try {
        const uri = client.open(path.join(dir, 'Dockerfile'), ROOT_DOCKERFILE, 'dockerfile');
        const first = await client.until(() => client.published.get(uri), 'first publish');
        assert.equal(first.version, 1);
        assert.deepEqual(byCode(first.diagnostics, 'BH101').map((d) => d.code), ['BH101']);
        client.change(uri, 'FROM python\nUSER 1000\n');
        client.change(uri, `FROM python:3.12@${DIGEST}\nUSER 1000\n`);
        const last = await client.until(() => (client.published.get(uri)?.version === 3 ? client.published.get(uri) : undefined), 'publish for version 3');
        assert.deepEqual(last.diagnostics, []);
        const stats = await client.conn.sendRequest<{ lintCount: number }>('bulkhead/stats');
        assert.ok(stats.lintCount <= 3, `debounced edits lint at most once per version (${stats.lintCount})`);
        client.close(uri);
        await client.until(() => (client.published.get(uri)?.diagnostics.length === 0 && client.published.get(uri)?.version === undefined ? true : undefined), 'diagnostics cleared on close');
      } finally {
        await client.stop();
      }
    });
  });

  describe('configuration', () => {
    it('a rule turned off on disk disappears after didChangeWatchedFiles and a refresh', async () => {
      const dir = tmpWorkspace({ '.bulkhead.yaml': 'rules: {}\n' });
      const client = await TestClient.start({ folders: [dir] });
      try {
        await client.until(() => (client.registrations.includes('workspace/didChangeWatchedFiles') ? true : undefined), 'watcher registration');
        const uri = client.open(path.join(dir, 'app', 'Dockerfile'), 'FROM ubuntu\nUSER 1000\n', 'dockerfile');
        assert.deepEqual(byCode((await client.pull(uri)).items, 'BH103').map((d) => d.code), ['BH103']);
        fs.writeFileSync(path.join(dir, '.bulkhead.yaml'), 'rules:\n  BH103: off\n');
        const before = client.refreshes;
        void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.bulkhead.yaml')).toString(), type: 2 }] });
        await client.until(() => (client.refreshes > before ? true : undefined), 'workspace/diagnostic/refresh');
        assert.deepEqual(byCode((await client.pull(uri)).items, 'BH103'), []);
      } finally {
        await client.stop();
      }
    });

    it('a compose file is linted again when the Dockerfile it builds changes, in the editor and on disk', async () => {
      const dir = tmpWorkspace({ 'api/Dockerfile': 'FROM python:3.12-slim\nCMD ["python"]\n' });
      const client = await TestClient.start({ folders: [dir] });
      try {
        const bh301 = async (uri: string): Promise<string[]> => ((await client.pull(uri)).items ?? []).filter((d) => d.code === 'BH301').map((d) => String(d.message));
        const compose = client.open(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    build: ./api\n', 'dockercompose');
        assert.equal((await bh301(compose)).length, 1);
        // The Dockerfile opened and edited (unsaved): the compose result follows the buffer.
        const dockerfile = client.open(path.join(dir, 'api', 'Dockerfile'), 'FROM python:3.12-slim\nCMD ["python"]\n', 'dockerfile');
        await client.pull(dockerfile);
        let before = client.refreshes;
        client.change(dockerfile, 'FROM python:3.12-slim\nUSER 1000\nCMD ["python"]\n');
        await client.until(() => (client.refreshes > before ? true : undefined), 'refresh after the Dockerfile edit');
        assert.deepEqual(await bh301(compose), []);
        // Closed and changed on disk: the watched-file notification re-lints the compose file.
        client.close(dockerfile);
        fs.writeFileSync(path.join(dir, 'api', 'Dockerfile'), 'FROM python:3.12-slim\nUSER root\n');
        before = client.refreshes;
        void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'api', 'Dockerfile')).toString(), type: 2 }] });
        await client.until(() => (client.refreshes > before ? true : undefined), 'refresh after the file changed on disk');
        assert.match((await bh301(compose))[0] ?? '', /ends with `USER root`/);
      } finally {
        await client.stop();
      }
    });

    it('a broken .bulkhead.yaml open in the editor gets BH901 at the key, and its unsaved edits apply', async () => {
      const dir = tmpWorkspace({});
      const client = await TestClient.start({ folders: [dir] });
      try {
        const cfg = client.open(path.join(dir, '.bulkhead.yaml'), 'rules:\n  BH13: off\n', 'yaml');
        const [d] = (await client.pull(cfg)).items ?? [];
        assert.equal(d?.code, 'BH901');
        assert.deepEqual(d!.range.start, { line: 1, character: 2 });
        assert.match(String(d!.message), /BH103/);
        const uri = client.open(path.join(dir, 'Dockerfile'), 'FROM ubuntu\nUSER 1000\n', 'dockerfile');
        assert.deepEqual(byCode((await client.pull(uri)).items, 'BH103').map((x) => x.code), ['BH103']);
        client.change(cfg, 'rules:\n  BH103: error\n');
        const after = byCode((await client.pull(uri)).items, 'BH103');
        assert.deepEqual(after.map((x) => [x.code, x.severity]), [['BH103', 1]]);
      } finally {
        await client.stop();
      }
    });

    it('while .bulkhead.yaml is broken the last good config stands in, also when a broken text comes back after another good one', async () => {
      const dir = tmpWorkspace({});
      const client = await TestClient.start({ folders: [dir] });
      try {
        const cfg = client.open(path.join(dir, '.bulkhead.yaml'), 'rules:\n  BH103: error\n', 'yaml');
        const uri = client.open(path.join(dir, 'Dockerfile'), 'FROM ubuntu\nUSER 1000\n', 'dockerfile');
        const bh103 = async (): Promise<unknown[]> => byCode((await client.pull(uri)).items, 'BH103').map((x) => x.severity);
        assert.deepEqual(await bh103(), [1]);
        const broken = 'rules:\n  BH103: [\n';
        client.change(cfg, broken);
        assert.deepEqual(await bh103(), [1], 'the last good config (error) stands in');
        client.change(cfg, 'rules:\n  BH103: info\n');
        assert.deepEqual(await bh103(), [3]);
        // The same broken text as before: now the info config is the last good one.
        client.change(cfg, broken);
        assert.deepEqual(await bh103(), [3], 'the newer last good config (info) stands in');
        client.change(cfg, 'rules:\n  BH103: error\n');
        assert.deepEqual(await bh103(), [1]);
        client.change(cfg, 'rules:\n  BH103: off\n');
        assert.deepEqual(await bh103(), []);
      } finally {
        await client.stop();
      }
    });

    it('each folder of a multi-root workspace uses its own config, and bulkhead.enable turns linting off', async () => {
      const a = tmpWorkspace({ '.bulkhead.yaml': 'rules: {}\n' });
      const b = tmpWorkspace({ '.bulkhead.yaml': 'rules:\n  BH103: error\n' });
      const c = tmpWorkspace({});
      const client = await TestClient.start({ folders: [a, b, c], settings: (scope) => (scope?.startsWith(pathToFileURL(c).toString()) ? { enable: false } : {}) });
      try {
        const text = 'FROM ubuntu\nUSER 1000\n';
        const ua = client.open(path.join(a, 'Dockerfile'), text, 'dockerfile');
        const ub = client.open(path.join(b, 'Dockerfile'), text, 'dockerfile');
        const uc = client.open(path.join(c, 'Dockerfile'), text, 'dockerfile');
        assert.deepEqual(byCode((await client.pull(ua)).items, 'BH103').map((x) => [x.code, x.severity]), [['BH103', 2]]);
        assert.deepEqual(byCode((await client.pull(ub)).items, 'BH103').map((x) => [x.code, x.severity]), [['BH103', 1]]);
        assert.deepEqual((await client.pull(uc)).items, []);
      } finally {
        await client.stop();
      }
    });
  });
});
