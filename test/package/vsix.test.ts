/**
 * What the extension package ships: exactly the bundles, the WASM they load,
 * the rule docs, the grammar and the metadata files, nothing from the
 * sources or node_modules; and the manifest declares what the client uses.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('extension package', () => {
  it('ships exactly the run-time files (vsce ls)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const listed = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const docs = fs.readdirSync(path.join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'package.json',
      'dist/client.js',
      'dist/server.js',
      'dist/tree-sitter-bash.wasm',
      'dist/web-tree-sitter.wasm',
      'images/icon.png',
      'syntaxes/bulkhead-ignore.injection.tmLanguage.json',
      'syntaxes/compose.language-configuration.json',
      'syntaxes/compose.tmLanguage.json',
      'schemas/bulkhead.schema.json',
      ...docs,
    ].sort();
    assert.deepEqual(listed, expected);
  });

  it('declares every command the client registers, and registers every declared command', async () => {
    const client = fs.readFileSync(path.join(root, 'client', 'src', 'extension.ts'), 'utf8');
    // The client registers its own commands; the language client registers the server's (executeCommandProvider).
    const { SERVER_COMMANDS } = await import('../../server/lsp/commands');
    const registered = [...[...client.matchAll(/registerCommand\('([\w.]+)'/g)].map((m) => m[1]!), ...SERVER_COMMANDS].sort();
    const declared = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(registered, declared);
    const settings = [...client.matchAll(/getConfiguration\('bulkhead'[^)]*\)\.get<\w+>\('([\w.]+)'\)/g)].map((m) => `bulkhead.${m[1]}`);
    assert.deepEqual(settings, ['bulkhead.run']);
    for (const s of settings) assert.ok(s in manifest.contributes.configuration.properties, `${s} is not declared`);
    const server = fs.readFileSync(path.join(root, 'server', 'lsp', 'main.ts'), 'utf8');
    for (const [, cmd] of server.matchAll(/command: '([\w.]+)'/g)) assert.ok(declared.includes(cmd!), `the server sends ${cmd}, which the manifest does not declare`);
  });

  it('declares its settings with the engine\'s default file patterns and an honest trust statement', async () => {
    const { DEFAULT_PATTERNS } = await import('../../server/engine');
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props['bulkhead.files.dockerfile'].default, DEFAULT_PATTERNS.dockerfile);
    assert.deepEqual(props['bulkhead.files.compose'].default, DEFAULT_PATTERNS.compose);
    // VS Code has no Compose language: the manifest contributes one for the same file names, with a grammar and the suppression injection.
    const compose = (manifest.contributes.languages as { id: string; filenamePatterns: string[]; configuration: string }[]).find((l) => l.id === 'dockercompose');
    assert.ok(compose, 'the dockercompose language is contributed');
    assert.deepEqual(compose.filenamePatterns, DEFAULT_PATTERNS.compose);
    assert.ok(fs.existsSync(path.join(root, compose.configuration)));
    const grammars = manifest.contributes.grammars as { language?: string; scopeName: string; path: string; injectTo?: string[] }[];
    const grammar = grammars.find((g) => g.language === 'dockercompose');
    assert.ok(grammar && fs.existsSync(path.join(root, grammar.path)));
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8')).scopeName, grammar.scopeName);
    assert.ok(grammars.find((g) => g.scopeName === 'bulkhead.ignore.injection')?.injectTo?.includes(grammar.scopeName), 'suppression comments are highlighted in Compose files');
    assert.equal(props['bulkhead.enable'].default, true);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['bulkhead.configFile', 'bulkhead.registry.allowCredentialHelpers', 'bulkhead.registry.insecureRegistries']);
    assert.equal(manifest.main, './dist/client.js');
    assert.ok(fs.existsSync(path.join(root, manifest.contributes.grammars[0].path)));
    assert.deepEqual(props['bulkhead.run'].enum, ['onType', 'onSave']);
    assert.equal(props['bulkhead.run'].default, 'onType');
    assert.deepEqual(props['bulkhead.trace.server'].enum, ['off', 'messages', 'verbose']);
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});
