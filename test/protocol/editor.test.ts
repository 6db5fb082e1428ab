/**
 * Editor experience over JSON-RPC against the built server: hovers that
 * explain a finding, related information (the Dockerfile a Compose service
 * builds), faded unused suppressions, and Lint Workspace filling the
 * Problems panel for files that are not open.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './client';
import { workspace as tempWorkspace } from '../support/tmp';

const workspace = (files: Record<string, string>): string => tempWorkspace('editor', files);

describe('editor experience', { timeout: 120_000 }, () => {
  it('hover on a flagged range explains the rule, its fixes and links the docs', async () => {
    const dir = workspace({});
    const client = await TestClient.start({ folders: [dir] });
    try {
      const uri = client.open(path.join(dir, 'Dockerfile'), 'FROM debian:12\nCMD ["x"]\n', 'dockerfile');
      await client.pull(uri);
      const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } })) as { contents: { kind: string; value: string }; range: unknown };
      assert.equal(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /^\*\*BH101\*\* `root-user` · warning · privilege/);
      assert.match(hover.contents.value, /Fixes: Add a non-root USER \(creates user "app", UID 10001, with groupadd\/useradd\)/);
      assert.match(hover.contents.value, /\[Documentation\]\(command:bulkhead\.showDocumentation\?/);
      assert.deepEqual(hover.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 14 } });
    } finally {
      await client.stop();
    }
  });

  it('BH301 points at the Dockerfile line that makes the image run as root; an unused suppression is faded', async () => {
    const dir = workspace({ 'api/Dockerfile': 'FROM alpine:3.20\nRUN adduser -D app\nUSER root\n' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const uri = client.open(path.join(dir, 'compose.yaml'), '# bulkhead-ignore BH201 -- not privileged any more\nservices:\n  api:\n    build: ./api\n', 'dockercompose');
      const items = (await client.pull(uri)).items ?? [];
      const bh301 = items.find((d) => d.code === 'BH301')!;
      assert.deepEqual(bh301.relatedInformation, [
        {
          location: { uri: pathToFileURL(path.join(dir, 'api', 'Dockerfile')).toString(), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } } },
          message: 'The image runs as `root` from here.',
        },
      ]);
      const unused = items.find((d) => d.code === 'BH902')!;
      assert.deepEqual(unused.tags, [1], 'DiagnosticTag.Unnecessary');
    } finally {
      await client.stop();
    }
  });

  it('Lint Workspace publishes diagnostics for files that are not open, and hands a file to pull diagnostics when it opens', async () => {
    const dir = workspace({
      'a/Dockerfile': 'FROM ubuntu\nUSER 1000\n',
      'b/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      'c/notes.txt': 'FROM ubuntu\n',
      'node_modules/x/Dockerfile': 'FROM ubuntu\n',
    });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const res = (await client.conn.sendRequest('workspace/executeCommand', { command: 'bulkhead.lintWorkspace', arguments: [] })) as { files: number; withFindings: number; findings: number };
      assert.equal(res.files, 2, 'the Dockerfile and the compose file; not notes.txt, not node_modules');
      assert.equal(res.withFindings, 2);
      const dUri = pathToFileURL(path.join(dir, 'a', 'Dockerfile')).toString();
      const cUri = pathToFileURL(path.join(dir, 'b', 'compose.yaml')).toString();
      await client.until(() => (client.published.has(dUri) && client.published.has(cUri) ? true : undefined), 'pushed diagnostics');
      assert.ok(client.published.get(dUri)!.diagnostics.some((d) => d.code === 'BH103'));
      assert.ok(client.published.get(cUri)!.diagnostics.some((d) => d.code === 'BH201'));
      assert.equal(res.findings, client.published.get(dUri)!.diagnostics.length + client.published.get(cUri)!.diagnostics.length);
      await client.until(() => client.messages.find((m) => /findings? in 2 of 2 files/.test(m.message)), 'the summary message');
      // Opening the file: the pushed set is cleared, pull diagnostics take over.
      client.open(path.join(dir, 'a', 'Dockerfile'), 'FROM ubuntu\nUSER 1000\n', 'dockerfile');
      await client.until(() => (client.published.get(dUri)!.diagnostics.length === 0 ? true : undefined), 'the pushed diagnostics cleared');
      assert.ok(((await client.pull(dUri)).items ?? []).some((d) => d.code === 'BH103'));
    } finally {
      await client.stop();
    }
  });
});
