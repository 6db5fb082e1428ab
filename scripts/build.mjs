#!/usr/bin/env node
// Bundles the client, the language server and the CLI into dist/ with esbuild,
// and copies the WASM files the shell parser needs next to the bundles.
// Type-checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/** The engine must not reach editor or protocol code; fail the build if it does. */
/**
 * The CLI runs its bundle through vm.Script (for the code cache, see
 * bin/bulkhead.js), where `import()` has no loader: web-tree-sitter's
 * `await import("module")` is given Node's module module from the banner.
 * (Its `import("fs/promises")` is never reached: the engine passes the
 * grammar as bytes.)
 */
const noDynamicImport = {
  name: 'no-dynamic-import',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/][^\\/]*\.(c|m)?js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      return { contents: text.replaceAll('import("module")', 'Promise.resolve(__bulkheadNodeModule)'), loader: 'js' };
    });
  },
};

/**
 * `yaml` reads `process.env.LOG_TOKENS` for every token its parser takes and
 * `process.env.LOG_STREAM` for every one its composer takes (debugging
 * switches). Each read of `process.env` asks the C++ side (about 0.4 µs), so
 * a Compose lint spent more time reading them than in most rules. The bundles
 * read them as unset. The build fails if a new `yaml` reads them differently,
 * so that the change is looked at.
 */
const yamlDebugSwitches = {
  name: 'yaml-debug-switches',
  setup(build) {
    const patches = [
      [/yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, 'node_process.env.LOG_TOKENS'],
      [/yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, 'node_process.env.LOG_STREAM'],
    ];
    build.onLoad({ filter: /yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const [, read] = patches.find(([re]) => re.test(args.path));
      const text = readFileSync(args.path, 'utf8');
      const count = text.split(read).length - 1;
      if (count !== 1) return { errors: [{ text: `yaml-debug-switches: expected one \`${read}\` in ${args.path}, found ${count}: check the patch against this yaml version` }] };
      return { contents: text.replace(read, 'undefined'), loader: 'js' };
    });
  },
};

/**
 * The CLI's bundle in ASCII: bin/bulkhead.js reads an ASCII bundle as Latin-1,
 * in less than half the time UTF-8 takes. esbuild writes code in ASCII
 * (`charset: 'ascii'`, its default, escapes strings, regular expressions and
 * names) but copies comments as they are: their other characters (`…`, `→`)
 * are written as ASCII here. The build fails on one outside a comment line,
 * so that it is looked at.
 */
function asciiComments(text, name) {
  const words = { '\u2026': '...', '\u2192': '->', '\u2190': '<-', '\u2014': '-', '\u2013': '-', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u00d7': 'x' };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/[^\x00-\x7f]/.test(lines[i])) continue;
    const at = lines[i].search(/[^\x00-\x7f]/);
    const comment = /^\s*(\/\/|\/\*|\*)/.test(lines[i]) || lines[i].lastIndexOf('//', at) >= 0;
    if (!comment) throw new Error(`build: ${name}:${i + 1} has a character outside ASCII in code, which esbuild should have escaped: ${lines[i].trim().slice(0, 120)}`);
    lines[i] = lines[i].replace(/[^\x00-\x7f]/gu, (c) => words[c] ?? '?');
  }
  return lines.join('\n');
}

/**
 * The CLI's bundle as the function body that Node's module wrapper would
 * make of it. bin/bulkhead.js compiles the file's text as it is: V8 compiles
 * one flat string, where the wrapper added around the text (`Module.wrap`)
 * made a concatenation that V8 copied into a new 700 KB string first (about
 * 3 ms of a one-file run, most of it the new memory's page faults). Run by
 * Node as a module (`node dist/cli.js`, as the tests do), the text calls the
 * function at once with the module's own `exports`, `require`, `module`,
 * `__filename` and `__dirname`; compiled as a script, where `exports` is not
 * defined, its value is the function, which the loader calls.
 */
function wrapCli(text) {
  return `(typeof exports === 'object' ? (f) => f(exports, require, module, __filename, __dirname) : (f) => f)(function (exports, require, module, __filename, __dirname) {${text}\n})\n`;
}

const engineBoundary = {
  name: 'engine-boundary',
  setup(build) {
    build.onResolve({ filter: /^(vscode|vscode-languageserver|vscode-languageserver-protocol|vscode-languageclient)(\/.*)?$/ }, (args) => {
      if (args.importer.includes('/server/engine/')) {
        return { errors: [{ text: `server/engine must not import '${args.path}' (imported from ${args.importer.slice(root.length)})` }] };
      }
      return undefined;
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [engineBoundary, noDynamicImport, yamlDebugSwitches],
  // No `module` condition: packages that ship both builds (vscode-languageserver-types,
  // which dockerfile-ast requires) are bundled as CommonJS, whose exports are plain
  // properties; their ES build reached from require() is read through two getters per access.
  conditions: [],
  // web-tree-sitter is an ES module that calls createRequire(import.meta.url);
  // in a CommonJS bundle that URL is the bundle's own file. Its WASM is found
  // through the locateFile callback the engine passes.
  // Worked out when first read (when the shell parser loads), not at start-up.
  define: { 'import.meta.url': '__bulkheadImportMeta.url' },
  banner: { js: "var __bulkheadImportMeta = { get url() { return require('url').pathToFileURL(__filename).href; } }; var __bulkheadNodeModule = require('module');" },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: join(root, 'client/src/extension.ts') }, outdir: dist, external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: { server: join(root, 'server/lsp/main.ts') }, outdir: dist }),
  esbuild.build({ ...common, entryPoints: { cli: join(root, 'server/cli/main.ts') }, outdir: dist }),
  // The engine alone, bundled as the CLI and the server bundle it: `npm run bench` measures this
  // shipped code, with its own copies of dockerfile-ast and yaml, apart from the peers' copies.
  esbuild.build({ ...common, entryPoints: { engine: join(root, 'server/engine/index.ts') }, outdir: dist }),
]);

for (const [pkg, file] of [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-bash', 'tree-sitter-bash.wasm'],
]) {
  // Not every package exports its package.json; the WASM file sits at the package root.
  const src = join(root, 'node_modules', pkg, file);
  copyFileSync(src, join(dist, file));
}
// The CLI's code cache (see bin/bulkhead.js): the bundle ends with an id of
// its content, and one run over the two top-level examples (one Dockerfile,
// one Compose file) records the compiled code. A short run, on purpose: a
// cache recorded after a longer run (the whole examples folder, or the same
// two files ten times) made the next small run's lint 3 to 5 ms slower,
// although it held no more functions (docs/performance.md).
const cli = join(dist, 'cli.js');
writeFileSync(cli, wrapCli(asciiComments(readFileSync(cli, 'utf8'), 'dist/cli.js')));
appendFileSync(cli, `\n//# bulkheadBuildId=${createHash('sha256').update(readFileSync(cli)).digest('hex').slice(0, 32)}\n`);
const warm = spawnSync(process.execPath, [join(root, 'bin', 'bulkhead.js'), join(root, 'examples', 'Dockerfile'), join(root, 'examples', 'compose.yaml')], {
  env: { ...process.env, BULKHEAD_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
if (warm.status !== 0 && warm.status !== 1) {
  console.error(`build: the CLI failed on the examples while recording its code cache (exit ${warm.status}):\n${warm.stderr}`);
  process.exit(1);
}
console.log('built dist/client.js, dist/server.js, dist/cli.js (+ code cache), dist/engine.js');
