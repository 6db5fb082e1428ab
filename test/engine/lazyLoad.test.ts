/**
 * `yaml` and dockerfile-ast load on first use (yaml/nodes.ts, parse/astMemo.ts):
 * what each kind of run loads, each in a fresh process, and the node tests
 * written in place of `yaml`'s against `yaml`'s own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from '../../server/engine/yaml/nodes';
import { readComposeYaml } from '../../server/engine/parse/yamlReader';
import { tempDir } from '../support/tmp';

const root = path.resolve(__dirname, '..', '..');

/** Lints `files` (kind, text) in a new process and says which of the two packages it loaded. */
function loadedAfter(files: { kind: 'dockerfile' | 'compose'; text: string }[]): { yaml: boolean; ast: boolean; findings: number[] } {
  const dir = tempDir('lazy');
  const script = path.join(dir, 'run.ts');
  const engine = (p: string): string => JSON.stringify(path.join(root, 'server', 'engine', p));
  fs.writeFileSync(
    script,
    `import { lint, defaultConfig, memoryHost } from ${engine('index')};
import { yamlLoaded } from ${engine('yaml/nodes')};
import { dockerfileAstLoaded } from ${engine('parse/astMemo')};
const files = ${JSON.stringify(files)};
const findings = files.map((f, i) => lint({ path: '/p/' + i + (f.kind === 'compose' ? '/compose.yaml' : '/Dockerfile'), text: f.text, kind: f.kind }, { host: memoryHost({}), config: defaultConfig() }).findings.length);
const modules = Object.keys(require.cache);
process.stdout.write(JSON.stringify({
  yaml: yamlLoaded(), ast: dockerfileAstLoaded(), findings,
  yamlModules: modules.some((m) => /node_modules[\\\\/]yaml[\\\\/]/.test(m)),
  astModules: modules.some((m) => /node_modules[\\\\/]dockerfile-ast[\\\\/]/.test(m)),
}));
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8', env: process.env, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { yaml: boolean; ast: boolean; findings: number[]; yamlModules: boolean; astModules: boolean };
  // What the flags say is what Node's module cache says.
  assert.equal(out.yamlModules, out.yaml, 'yaml in the module cache');
  assert.equal(out.astModules, out.ast, 'dockerfile-ast in the module cache');
  return { yaml: out.yaml, ast: out.ast, findings: out.findings };
}

const plainDockerfile = 'FROM node:20\nRUN apt-get update && apt-get install -y curl\nUSER root\nCMD node app.js\n';

test('a Dockerfile the reader reads whole loads neither yaml nor dockerfile-ast', () => {
  const r = loadedAfter([{ kind: 'dockerfile', text: plainDockerfile }]);
  assert.deepEqual({ yaml: r.yaml, ast: r.ast }, { yaml: false, ast: false });
  assert.ok(r.findings[0]! > 0, 'the lint ran its rules');
});

test('an instruction the reader leaves to dockerfile-ast loads it, and its findings are the same as in a process that had it loaded', () => {
  const text = 'FROM alpine:3.19\nONBUILD RUN curl -k https://example.com/x | sh\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n';
  const alone = loadedAfter([{ kind: 'dockerfile', text }]);
  assert.deepEqual({ yaml: alone.yaml, ast: alone.ast }, { yaml: false, ast: true });
  const after = loadedAfter([{ kind: 'compose', text: 'services:\n  a:\n    image: x\n' }, { kind: 'dockerfile', text: 'FROM a\nONBUILD RUN x\n' }, { kind: 'dockerfile', text }]);
  assert.equal(after.findings[2], alone.findings[0]);
});

test('a Compose file loads yaml, and dockerfile-ast only if it reads a Dockerfile that needs it', () => {
  const r = loadedAfter([{ kind: 'compose', text: 'services:\n  web:\n    image: nginx\n    privileged: true\n' }]);
  assert.deepEqual({ yaml: r.yaml, ast: r.ast }, { yaml: true, ast: false });
  assert.ok(r.findings[0]! > 0);
});

/** Nodes of every kind, as `yaml` builds them and as Bulkhead's reader builds them, and values that are no node. */
function samples(): unknown[] {
  const theirs = yaml.parseDocument('a: &x 1\nb: *x\nc: [1, "two", {d: e}]\nf: |\n  block\n? [k]\n: v\n');
  const ours = readComposeYaml('a: &x 1\nb: *x\nc: [1, "two"]\nf: |\n  block\nl:\n  - 1\n  - x: y\n');
  assert.ok(ours, 'the reader reads its sample');
  const nodes: unknown[] = [];
  for (const doc of [theirs, ours]) {
    yaml.visit(doc, { Node: (_, n) => void nodes.push(n), Pair: (_, p) => void nodes.push(p) });
  }
  const made = [new yaml.Scalar(1), new yaml.YAMLMap(), new yaml.YAMLSeq(), new yaml.Pair('k', 'v'), new yaml.Alias('a')];
  const notNodes = [null, undefined, 0, 1, '', 'map', true, {}, [], () => undefined, { [Symbol.for('yaml.node.type')]: 'yaml.map' }, Object.create(null), theirs, ours];
  return [...nodes, ...made, ...notNodes];
}

test("the node tests answer as yaml's own", () => {
  const values = samples();
  type Test = (node: unknown) => boolean;
  const kinds: Record<string, [Test, Test]> = { isAlias: [isAlias, yaml.isAlias], isMap: [isMap, yaml.isMap], isPair: [isPair, yaml.isPair], isScalar: [isScalar, yaml.isScalar], isSeq: [isSeq, yaml.isSeq] };
  const seen = new Set<string>();
  for (const v of values) {
    for (const [name, [ours, theirs]] of Object.entries(kinds)) {
      const answer = ours(v);
      assert.equal(answer, theirs(v), `${name}(${typeof v === 'object' && v !== null ? v.constructor?.name : String(v)})`);
      if (answer) seen.add(name);
    }
  }
  // Every test said yes to something: the samples hold a node of each kind.
  assert.deepEqual([...seen].sort(), Object.keys(kinds).sort());
});
