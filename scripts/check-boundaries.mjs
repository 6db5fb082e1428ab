#!/usr/bin/env node
// Enforces the architecture's one-way dependencies on the source (the build and
// the engine's tsconfig enforce them too):
//   server/engine  imports no vscode / vscode-languageserver* / vscode-languageclient, nor lsp/ cli/ client/
//   server/lsp, server/cli  import no vscode, no client/
//   client         imports no engine code (no analysis in the client)
// and that the engine reads no comments off `yaml` nodes: Bulkhead's Compose
// YAML reader (server/engine/parse/yamlReader.ts) builds the same nodes as
// `yaml` but does not attach comments to them. Nor does the engine keep what it
// works out from a parsed file in a WeakMap keyed by the file's model (or a
// stage, a service, a document): V8's young collector keeps such a map's
// values alive once more after their key died (see server/engine/util/derived.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rules = [
  { dir: 'server/engine', forbid: [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /\/(lsp|cli)\//, /\/client\//], why: 'the engine is pure: no editor, protocol, CLI or client code' },
  { dir: 'server/lsp', forbid: [/^vscode$/, /^vscode-languageclient/, /\/client\//, /\/cli\//], why: 'the LSP adapter talks to the engine only' },
  { dir: 'server/cli', forbid: [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /\/client\//, /\/lsp\//], why: 'the CLI talks to the engine only' },
  { dir: 'client', forbid: [/server\/engine/, /^dockerfile-ast/, /^yaml$/, /^web-tree-sitter/], why: 'the client is thin: no analysis in the client' },
];
const importRx = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

let bad = 0;
for (const rule of rules) {
  for (const f of files(join(root, rule.dir))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(importRx)) {
      const spec = m[1] ?? m[2];
      if (rule.forbid.some((rx) => rx.test(spec))) {
        const line = src.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
        console.error(`${relative(root, f)}:${line}: imports '${spec}' — ${rule.why}`);
        bad++;
      }
    }
  }
}
const commentRead = /\.(?:commentBefore|spaceBefore|comment)\b(?!s)/g;
for (const f of files(join(root, 'server/engine'))) {
  const src = readFileSync(f, 'utf8');
  for (const m of src.matchAll(commentRead)) {
    const line = src.slice(0, m.index).split('\n').length;
    console.error(`${relative(root, f)}:${line}: reads '${m[0]}' — the Compose YAML reader does not attach comments to nodes (see parse/yamlReader.ts); read comments from the text`);
    bad++;
  }
}
const perFileWeakMap = /new WeakMap<\s*(?:DockerfileModel|ComposeModel|ComposeService|Stage|Instruction|Document|YAMLMap)\b/g;
for (const f of files(join(root, 'server/engine'))) {
  const src = readFileSync(f, 'utf8');
  for (const m of src.matchAll(perFileWeakMap)) {
    const line = src.slice(0, m.index).split('\n').length;
    console.error(`${relative(root, f)}:${line}: '${m[0]}…' — keep what is worked out from a parsed file on its model (\`model.derived\`, util/derived.ts)`);
    bad++;
  }
}
if (bad) {
  console.error(`${bad} boundary violation(s)`);
  process.exit(1);
}
console.log('boundaries ok');
