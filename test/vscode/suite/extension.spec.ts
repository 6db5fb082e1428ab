/**
 * The extension in a real VS Code: diagnostics, quick fixes, fix-all,
 * configuration changes, unsaved buffers and multi-root workspaces. The
 * workspace is a copy of test/vscode/fixtures (folders `one` and `two`).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, codeOf, fileIn, hasCode, lacksCode, lf, open, quickFixes, setText, waitForDiagnostics } from './helpers';

suite('Bulkhead in VS Code', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bulkhead');
    assert.ok(ext, 'the Bulkhead extension is installed');
    await open(fileIn('one', 'Dockerfile'));
    const api = (await ext.activate()) as { activationMs?: number } | undefined;
    assert.equal(ext.isActive, true);
    assert.equal(typeof api?.activationMs, 'number');
    // For `npm run bench`: activation time as this real VS Code measured it.
    if (process.env.BULKHEAD_BENCH_DIR) {
      const fs = await import('node:fs');
      const path = await import('node:path');
      fs.mkdirSync(process.env.BULKHEAD_BENCH_DIR, { recursive: true });
      fs.writeFileSync(path.join(process.env.BULKHEAD_BENCH_DIR, 'activation.json'), JSON.stringify({ activationMs: api!.activationMs, date: new Date().toISOString() }) + '\n');
    }
  });

  teardown(async () => {
    // Dirty editors would make "close all" ask to save: revert them first.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a Dockerfile that runs as root shows BH101 with its range, severity and docs link', async () => {
    const uri = fileIn('one', 'root', 'Dockerfile');
    await open(uri);
    const ds = await waitForDiagnostics(uri, hasCode('BH101'), 'BH101');
    const d = ds.find((x) => codeOf(x) === 'BH101')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'bulkhead');
    // Reported on the final stage's base image: `node:20-bookworm-slim` on line 1.
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [0, 5, 0, 26]);
    assert.ok(typeof d.code === 'object' && d.code !== null, 'the code carries a link');
    const target = (d.code as { target: vscode.Uri }).target.toString();
    assert.match(target, /docs\/rules\/BH101-root-user\.md$/);
  });

  test('"Add a non-root USER" is offered, edits the file as expected and clears BH101', async () => {
    const uri = fileIn('one', 'root', 'Dockerfile');
    const editor = await open(uri);
    const [d] = (await waitForDiagnostics(uri, hasCode('BH101'), 'BH101')).filter((x) => codeOf(x) === 'BH101');
    const actions = await quickFixes(uri, d!.range);
    const add = actions.find((a) => a.title.startsWith('Add a non-root USER'));
    assert.ok(add, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    await applyAction(add);
    const text = lf(editor.document.getText());
    // The official Node.js images ship a `node` user: the fix switches to it, above the comment on CMD.
    assert.equal(text, 'FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nUSER node\n# Start the app\nCMD ["node", "server.js"]\n');
    await waitForDiagnostics(uri, lacksCode('BH101'), 'BH101 to clear');
  });

  test('a compose service with privileged mode and SYS_ADMIN is reported, and "Drop all capabilities" fixes BH203', async () => {
    const uri = fileIn('one', 'compose', 'compose.yaml');
    const editor = await open(uri);
    // VS Code has no Compose language of its own: the extension contributes one (YAML highlighting under its own scope).
    assert.equal(editor.document.languageId, 'dockercompose');
    const ds = await waitForDiagnostics(uri, (x) => hasCode('BH201')(x) && hasCode('BH202')(x) && hasCode('BH203')(x), 'BH201, BH202 and BH203');
    const privileged = ds.find((x) => codeOf(x) === 'BH201')!;
    assert.equal(privileged.range.start.line, 3);
    const cap = ds.find((x) => codeOf(x) === 'BH202')!;
    assert.equal(editor.document.getText(cap.range), 'SYS_ADMIN');
    const dropDiag = ds.find((x) => codeOf(x) === 'BH203')!;
    const drop = (await quickFixes(uri, dropDiag.range)).find((a) => a.title.startsWith('Drop all capabilities'));
    assert.ok(drop, 'Drop all capabilities is offered');
    await applyAction(drop);
    assert.equal(
      lf(editor.document.getText()),
      'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    cap_add:\n      - SYS_ADMIN\n    cap_drop:\n      - ALL\n',
    );
    await waitForDiagnostics(uri, lacksCode('BH203'), 'BH203 to clear');
  });

  test('a secret in ENV is reported masked, and "Move to a build secret" rewrites the file', async () => {
    const uri = fileIn('one', 'secret', 'Dockerfile');
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, hasCode('BH102'), 'BH102');
    const d = ds.find((x) => codeOf(x) === 'BH102')!;
    assert.ok(!d.message.includes('s3cr3t-value-123456'), `message leaks the secret: ${d.message}`);
    assert.ok(!d.message.includes('s3cr3t'), `message leaks part of the secret: ${d.message}`);
    assert.equal(editor.document.getText(d.range), 'API_TOKEN');
    const move = (await quickFixes(uri, d.range)).find((a) => /build secret/.test(a.title));
    assert.ok(move, 'Move to a build secret is offered');
    assert.match(move.title, /--secret id=api_token/);
    await applyAction(move);
    assert.equal(
      lf(editor.document.getText()),
      '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=secret,id=api_token,env=API_TOKEN wget --header "Authorization: Bearer $API_TOKEN" https://example.com/x\nUSER 1000\n',
    );
    await waitForDiagnostics(uri, lacksCode('BH102'), 'BH102 to clear');
  });

  test('turning a rule off in .bulkhead.yaml removes its diagnostics without a reload', async () => {
    const uri = fileIn('one', 'toggle', 'Dockerfile');
    await open(uri);
    await waitForDiagnostics(uri, hasCode('BH103'), 'BH103');
    const configUri = fileIn('one', 'toggle', '.bulkhead.yaml');
    const config = await vscode.workspace.openTextDocument(configUri);
    await setText(config, 'rules:\n  BH103: off\n');
    assert.equal(await config.save(), true);
    try {
      await waitForDiagnostics(uri, lacksCode('BH103'), 'BH103 to go away after the config change');
    } finally {
      await setText(config, 'rules: {}\n');
      await config.save();
    }
    await waitForDiagnostics(uri, hasCode('BH103'), 'BH103 to come back after the config is restored');
  });

  test('source.fixAll.bulkhead applies only safe fixes', async () => {
    const uri = fileIn('one', 'fixall', 'Dockerfile');
    const editor = await open(uri);
    await waitForDiagnostics(uri, (x) => hasCode('BH902')(x) && hasCode('BH101')(x), 'BH902 and BH101');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, editor.document.lineCount, 0),
      'source.fixAll.bulkhead',
    );
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.bulkhead');
    assert.ok(fixAll, `source.fixAll.bulkhead offered (got: ${actions.map((a) => a.kind?.value).join(', ')})`);
    await applyAction(fixAll);
    // The unused suppression (safe to remove) is gone; the unsafe "Add a non-root USER" was not applied.
    assert.equal(lf(editor.document.getText()), 'FROM alpine:3.20\nCMD ["sh"]\n');
    const after = await waitForDiagnostics(uri, lacksCode('BH902'), 'BH902 to clear');
    assert.ok(hasCode('BH101')(after), 'BH101 (unsafe fix only) is still reported');
  });

  test('an unsaved, edited buffer is linted as typed, not the file on disk', async () => {
    const uri = fileIn('one', 'typing', 'Dockerfile');
    const editor = await open(uri);
    await waitForDiagnostics(uri, hasCode('BH101'), 'BH101 on the saved text');
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'USER 10001\n'));
    assert.equal(editor.document.isDirty, true);
    await waitForDiagnostics(uri, lacksCode('BH101'), 'BH101 to clear while the buffer is unsaved');
    await editor.edit((b) => b.replace(new vscode.Range(0, 5, 0, 16), 'alpine'));
    const ds = await waitForDiagnostics(uri, hasCode('BH103'), 'BH103 for the typed `FROM alpine`');
    const d = ds.find((x) => codeOf(x) === 'BH103')!;
    assert.equal(editor.document.getText(d.range), 'alpine');
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.equal(onDisk, 'FROM alpine:3.20\nCMD ["sh"]\n', 'the file on disk is untouched');
  });

  test('each folder of a multi-root workspace gets its own .bulkhead.yaml', async () => {
    const one = fileIn('one', 'Dockerfile');
    const two = fileIn('two', 'Dockerfile');
    await open(one);
    await open(two);
    const d1 = (await waitForDiagnostics(one, hasCode('BH103'), 'BH103 in folder one')).find((x) => codeOf(x) === 'BH103')!;
    const d2 = (await waitForDiagnostics(two, hasCode('BH103'), 'BH103 in folder two')).find((x) => codeOf(x) === 'BH103')!;
    assert.equal(d1.severity, vscode.DiagnosticSeverity.Warning, 'folder one keeps the default severity');
    assert.equal(d2.severity, vscode.DiagnosticSeverity.Error, 'folder two raises BH103 to error');
  });
});
