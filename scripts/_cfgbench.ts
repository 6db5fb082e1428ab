import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfigFor, createConfigCache, nodeFileHost, hadolintUserConfigFiles, ALL_RULES } from '../server/engine';
import { cachingHost } from '../server/cli/lintFiles';
const root = process.argv[2] ?? '/work/main';
for (let r = 0; r < 6; r++) {
  const host = cachingHost(nodeFileHost());
  const files: string[] = [];
  (function w(d: string) { const es = fs.readdirSync(d, { withFileTypes: true }); host.knowListing(d, es); for (const e of es) { const p = path.join(d, e.name); if (e.isDirectory()) w(p); else files.push(p); } })('/work/shared/corpus');
  const cache = createConfigCache();
  const hadolintUserFiles = hadolintUserConfigFiles(process.env, process.env.HOME!);
  const t = performance.now();
  for (const f of files) loadConfigFor(f, { root, host, rules: ALL_RULES, cache, hadolintUserFiles });
  process.stdout.write((performance.now() - t).toFixed(1) + ' ');
}
console.log();
