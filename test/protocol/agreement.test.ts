/**
 * The CLI and the language server load config through the same code and must
 * agree exactly: the same findings (rule, position, severity) for every file
 * of a workspace with nested configs, `extends`, `overrides`, `ignore`, a
 * `.hadolint.yaml` and inline pragmas. Also: `--print-config`, and the
 * server's last good config while a config file is broken.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from './client';
import { workspace as tempWorkspace } from '../support/tmp';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

const WORKSPACE: Record<string, string> = {
  '.bulkhead.yaml': 'extends: ./config/team.yaml\nrules:\n  BH103: error\noverrides:\n  - files: ["tools/**"]\n    rules:\n      BH101: off\nignore: [vendor/]\n',
  'config/team.yaml': 'presets: [strict]\nsuppressions:\n  requireReason: true\n',
  '.hadolint.yaml': 'ignored: [DL3007]\n',
  'app/Dockerfile': '# bulkhead-ignore BH101\nFROM node:20\nFROM python:latest\nFROM ubuntu\n',
  'tools/Dockerfile': '# hadolint ignore=DL3006\nFROM alpine\nRUN true\n',
  'svc/.bulkhead.yaml': 'rules:\n  BH203: off\n',
  'svc/compose.yaml': 'services:\n  web:\n    image: nginx\n    privileged: true\n',
  'vendor/Dockerfile': 'FROM scratch\n',
};

const workspace = (): string => tempWorkspace('agree', WORKSPACE);

const SEVERITY = ['', 'error', 'warning', 'info'];

describe('CLI and language server agree', { timeout: 120_000 }, () => {
  it('the same findings for every file of a workspace with layered config', async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    const dir = workspace();
    const r = spawnSync(process.execPath, [cli, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string; line: number; column: number; severity: string }[] }[] };
    const fromCli = new Map(report.files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId}@${x.line}:${x.column}/${x.severity}`).sort()]));
    assert.deepEqual([...fromCli.keys()].sort(), ['app/Dockerfile', 'svc/compose.yaml', 'tools/Dockerfile'], 'vendor/ is ignored');
    // The config at work: strict preset, BH103 error, .hadolint.yaml ignores DL3007, a reasonless suppression is reported.
    assert.ok(fromCli.get('app/Dockerfile')!.includes('BH904@1:1/warning'));
    assert.ok(fromCli.get('app/Dockerfile')!.includes('BH103@4:6/error'));
    assert.ok(!fromCli.get('app/Dockerfile')!.some((x) => x.startsWith('BH103@3:')), 'python:latest is DL3007, ignored by .hadolint.yaml');
    assert.ok(!fromCli.get('tools/Dockerfile')!.some((x) => x.startsWith('BH101') || x.startsWith('BH103')));
    assert.ok(!fromCli.get('svc/compose.yaml')!.some((x) => x.startsWith('BH203')));

    const client = await TestClient.start({ folders: [dir] });
    try {
      for (const [rel, expected] of fromCli) {
        const uri = client.open(path.join(dir, rel), WORKSPACE[rel]!, rel.endsWith('.yaml') ? 'dockercompose' : 'dockerfile');
        const items = (await client.pull(uri)).items ?? [];
        const fromServer = items.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}/${SEVERITY[d.severity ?? 0]}`).sort();
        assert.deepEqual(fromServer, expected, rel);
      }
      const ignored = client.open(path.join(dir, 'vendor', 'Dockerfile'), WORKSPACE['vendor/Dockerfile']!, 'dockerfile');
      assert.deepEqual((await client.pull(ignored)).items, [], 'an ignored file gets no diagnostics in the editor either');
    } finally {
      await client.stop();
    }
  });

  it('--print-config shows the config in force for a file, and which files made it', () => {
    const dir = workspace();
    const r = spawnSync(process.execPath, [cli, '--print-config', 'tools/Dockerfile'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { configFiles: string[]; presets: string[]; rules: Record<string, { severity: string }>; suppressions: unknown; hadolintIgnored: string[] };
    assert.deepEqual(c.configFiles.map((f) => path.relative(dir, f)), ['.hadolint.yaml', 'config/team.yaml', '.bulkhead.yaml']);
    assert.deepEqual(c.presets, ['strict']);
    assert.equal(c.rules.BH101!.severity, 'off');
    assert.equal(c.rules.BH103!.severity, 'error');
    assert.deepEqual(c.suppressions, { requireReason: true, allow: true });
    assert.deepEqual(c.hadolintIgnored, ['DL3007']);
  });

  it('while a config file is broken, the server keeps the last good config and shows the problem', async () => {
    const dir = workspace();
    const client = await TestClient.start({ folders: [dir] });
    try {
      const uri = client.open(path.join(dir, 'app', 'Dockerfile'), WORKSPACE['app/Dockerfile']!, 'dockerfile');
      const before = ((await client.pull(uri)).items ?? []).map((d) => `${d.code}/${d.severity}`).sort();
      const cfg = client.open(path.join(dir, '.bulkhead.yaml'), WORKSPACE['.bulkhead.yaml']!, 'yaml');
      client.change(cfg, WORKSPACE['.bulkhead.yaml']!.replace('BH103: error', 'BH103: eror'));
      const problems = (await client.pull(cfg)).items ?? [];
      assert.deepEqual(problems.map((d) => [d.code, d.range.start.line, d.message]), [['BH901', 2, '`eror` is not a severity for BH103; use off, info, warning or error.']]);
      const during = ((await client.pull(uri)).items ?? []).map((d) => `${d.code}/${d.severity}`).sort();
      assert.deepEqual(during, before, 'the last good config stays in force');
      client.change(cfg, WORKSPACE['.bulkhead.yaml']!.replace('BH103: error', 'BH103: off'));
      const after = ((await client.pull(uri)).items ?? []).map((d) => d.code);
      assert.ok(!after.includes('BH103'), 'a fixed config applies at once');
    } finally {
      await client.stop();
    }
  });
});
