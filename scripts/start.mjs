#!/usr/bin/env node
// `npm start [-- paths…]`: builds the bundles, then lints the given paths with
// the CLI, or the bundled examples/ folder when none is given.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 2);
const args = process.argv.slice(2);
const run = spawnSync(process.execPath, [join(root, 'bin', 'bulkhead.js'), ...(args.length ? args : [join(root, 'examples')])], { stdio: 'inherit' });
process.exit(run.status ?? 2);
