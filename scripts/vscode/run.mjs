#!/usr/bin/env node
/**
 * Runs the extension tests (test/vscode/suite, mocha, full `vscode` API) in a
 * real VS Code through `@vscode/test-electron`'s `runTests`.
 *
 * Which VS Code:
 *   - BULKHEAD_VSCODE_EXECUTABLE=<path>: that executable (a desktop `code`).
 *   - BULKHEAD_VSCODE_DOWNLOAD=1: runTests downloads VS Code as usual (needs internet).
 *   - otherwise: scripts/vscode/code-host.mjs, which serves VS Code with
 *     code-server and drives it with Debian's Chromium (install both with
 *     `bash scripts/vscode/setup.sh`). The suite does not know which host runs it.
 *
 * The fixture workspace (test/vscode/fixtures) is copied to a fresh temporary
 * folder for every run, so tests may edit and save files.
 * Expects `npm run build` to have produced dist/.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = resolve(new URL('../..', import.meta.url).pathname);
const suiteDir = join(root, 'test', 'vscode', 'suite');
const outDir = join(root, 'out', 'vscode-test');

if (!existsSync(join(root, 'dist', 'client.js')) || !existsSync(join(root, 'dist', 'server.js'))) {
  console.error('vscode tests: dist/ is missing; run `npm run build` first');
  process.exit(2);
}

rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: readdirSync(suiteDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(suiteDir, f)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

const workDir = mkdtempSync(join(tmpdir(), 'bulkhead-vscode-ws-'));
cpSync(join(root, 'test', 'vscode', 'fixtures'), workDir, { recursive: true });

let vscodeExecutablePath = process.env.BULKHEAD_VSCODE_EXECUTABLE;
if (!vscodeExecutablePath && !process.env.BULKHEAD_VSCODE_DOWNLOAD) vscodeExecutablePath = join(root, 'scripts', 'vscode', 'code-host.mjs');

let code = 0;
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outDir, 'index.js'),
    launchArgs: [join(workDir, 'workspace.code-workspace'), '--disable-extensions'],
    extensionTestsEnv: { BULKHEAD_TEST_WORKSPACE: workDir, BULKHEAD_BENCH_DIR: join(root, '.bench') },
  });
} catch (e) {
  console.error(`vscode tests failed: ${e?.message ?? e}`);
  code = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(code);
