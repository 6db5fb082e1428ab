/**
 * Digest pinning through the language server over JSON-RPC, against a real
 * registry on 127.0.0.1: the "Pin to digest" quick fix runs a command that
 * looks the tag up and applies a versioned edit; hovers read the cache; the
 * workspace command pins closed files too; an untrusted workspace contacts
 * nothing.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../protocol/client';
import { TestRegistry, registryAvailable } from './registry';
import { tempDir, workspace as tempWorkspace } from '../support/tmp';

describe('pinning in the language server', { timeout: 180_000 }, () => {
  let reg: TestRegistry;
  let digest: string;
  let cacheDir: string;

  before(async () => {
    assert.ok(registryAvailable(), 'docker-registry is missing: run scripts/test-deps.sh');
    reg = await TestRegistry.start();
    digest = await reg.pushImage('team/app', '1.0');
    cacheDir = tempDir('cache');
  });
  after(async () => {
    await reg?.dispose();
  });

  const workspace = (files: Record<string, string>): string => tempWorkspace('pin-lsp', files);

  it('quick fix "Pin to digest" looks the tag up and applies a versioned edit; the hover then shows the cached digest', async () => {
    const dir = workspace({});
    const client = await TestClient.start({ folders: [dir], env: { BULKHEAD_CACHE_DIR: cacheDir, DOCKER_CONFIG: dir } });
    try {
      const text = `FROM ${reg.host}/team/app:1.0\r\nUSER 1000\r\n`;
      const uri = client.open(path.join(dir, 'Dockerfile'), text, 'dockerfile');
      const hover0 = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })) as { contents: { value: string } };
      assert.match(hover0.contents.value, /Not looked up yet/);
      const actions = await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } },
        context: { diagnostics: [] },
      }) as { title: string; command?: { command: string; arguments: unknown[] } }[];
      const pin = actions.find((a) => a.title === `Pin ${reg.host}/team/app:1.0 to its digest`);
      assert.ok(pin?.command, `no pin action in ${JSON.stringify(actions.map((a) => a.title))}`);
      const res = (await client.conn.sendRequest('workspace/executeCommand', pin.command)) as { applied: boolean; digest: string };
      assert.deepEqual(res, { applied: true, digest });
      assert.equal(client.texts.get(uri), `FROM ${reg.host}/team/app:1.0@${digest}\r\nUSER 1000\r\n`);
      const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })) as { contents: { value: string } };
      assert.match(hover.contents.value, new RegExp(`Pinned to \`${digest}\``));
      assert.match(hover.contents.value, /The pin is current/);
      // A stale command (the document moved on) changes nothing.
      const stale = (await client.conn.sendRequest('workspace/executeCommand', pin.command)) as { applied: boolean; reason: string };
      assert.deepEqual(stale, { applied: false, reason: 'stale' });
    } finally {
      await client.stop();
    }
  });

  it('"Pin All Images in Workspace" pins open and closed files; a missing tag is reported and changes nothing', async () => {
    const dir = workspace({
      'svc/Dockerfile': `FROM ${reg.host}/team/app:1.0\n`,
      'compose.yaml': `services:\n  a:\n    image: ${reg.host}/team/app:1.0\n  b:\n    image: ${reg.host}/team/app:404\n`,
    });
    const client = await TestClient.start({ folders: [dir], env: { BULKHEAD_CACHE_DIR: cacheDir, DOCKER_CONFIG: dir } });
    try {
      const composeUri = client.open(path.join(dir, 'compose.yaml'), fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), 'dockercompose');
      const res = (await client.conn.sendRequest('workspace/executeCommand', { command: 'bulkhead.pinAllImages', arguments: [] })) as { changed: number; files: number; failed: number };
      assert.deepEqual([res.changed, res.files, res.failed], [2, 2, 1]);
      const edit = client.applied.at(-1)!.edit;
      const dockerfileUri = pathToFileURL(path.join(dir, 'svc', 'Dockerfile')).toString();
      const closed = edit.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === dockerfileUri) as { textDocument: { version: number | null } };
      assert.equal(closed.textDocument.version, null, 'a closed file is edited without a version');
      assert.equal(client.texts.get(composeUri), `services:\n  a:\n    image: ${reg.host}/team/app:1.0@${digest}\n  b:\n    image: ${reg.host}/team/app:404\n`);
      await client.until(() => client.messages.find((m) => /1 lookup failed: compose\.yaml:5: Tag `404`/.test(m.message)), 'the warning about the missing tag');
    } finally {
      await client.stop();
    }
  });

  it('an untrusted workspace offers no pin action and contacts nothing', async () => {
    const dir = workspace({});
    const client = await TestClient.start({ folders: [dir], initializationOptions: { workspaceTrusted: false }, env: { BULKHEAD_CACHE_DIR: cacheDir } });
    try {
      const uri = client.open(path.join(dir, 'Dockerfile'), `FROM ${reg.host}/team/app:1.0\n`, 'dockerfile');
      const actions = (await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } },
        context: { diagnostics: [] },
      })) as { title: string }[];
      assert.ok(!actions.some((a) => a.title.startsWith('Pin ')));
      const res = (await client.conn.sendRequest('workspace/executeCommand', { command: 'bulkhead.pinAllImages', arguments: [] })) as { applied: boolean; reason: string };
      assert.deepEqual(res, { applied: false, reason: 'untrusted' });
      assert.equal(client.applied.length, 0);
    } finally {
      await client.stop();
    }
  });
});
