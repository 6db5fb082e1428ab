#!/usr/bin/env node
// Runs the test suites with node's test runner. TypeScript runs through tsx.
//   node scripts/run-tests.mjs            all suites (unit, protocol, CLI, corpus)
//   node scripts/run-tests.mjs --unit     engine and rule tests only (no build, no registry)
//   node scripts/run-tests.mjs FILE...    the given test files
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const explicit = args.filter((a) => !a.startsWith('--'));

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) find(p, out);
    else if (/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

let files = explicit.length
  ? explicit
  : [...find(join(root, 'server')), ...find(join(root, 'test'))].filter((f) => !f.includes(`${join('test', 'vscode')}`));
if (unitOnly) files = files.filter((f) => !/test\/(protocol|cli|corpus|package|registry)\//.test(relative(root, f)));
files.sort();

const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative(root, f))], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'test', 'tsconfig.json') },
});
process.exit(res.status ?? 1);
