#!/usr/bin/env node
// Bundles the client, the language server and the CLI into dist/ with esbuild,
// and copies the WASM files the shell parser needs next to the bundles.
// Type-checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/** The engine must not reach editor or protocol code; fail the build if it does. */
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
  plugins: [engineBoundary],
  // web-tree-sitter is an ES module that calls createRequire(import.meta.url);
  // in a CommonJS bundle that URL is the bundle's own file. Its WASM is found
  // through the locateFile callback the engine passes.
  define: { 'import.meta.url': '__bulkheadImportMetaUrl' },
  banner: { js: "var __bulkheadImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: join(root, 'client/src/extension.ts') }, outdir: dist, external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: { server: join(root, 'server/lsp/main.ts') }, outdir: dist }),
  esbuild.build({ ...common, entryPoints: { cli: join(root, 'server/cli/main.ts') }, outdir: dist }),
]);

for (const [pkg, file] of [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-bash', 'tree-sitter-bash.wasm'],
]) {
  // Not every package exports its package.json; the WASM file sits at the package root.
  const src = join(root, 'node_modules', pkg, file);
  copyFileSync(src, join(dist, file));
}
console.log('built dist/client.js, dist/server.js, dist/cli.js');
