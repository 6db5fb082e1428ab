/**
 * Team configuration: discovery through nested folders, `extends` chains
 * (paths and node_modules packages) and cycles, presets, overrides by glob,
 * `ignore`, `trustedRegistries`, suppression policy, hadolint compatibility
 * (`.hadolint.yaml` and pragmas), and the generated JSON Schema.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { ALL_RULES, initEngine, lint, loadConfigFor, memoryHost, parseConfig, ruleSetting, type Finding } from '../../server/engine';
import { configSchema } from '../../server/engine/config/schema';
import { matchesRelativeGlob } from '../../server/engine/config/config';

const load = (file: string, files: Record<string, string>, root = '/repo') => loadConfigFor(file, { root, host: memoryHost(files), rules: ALL_RULES });
const problems = (l: ReturnType<typeof load>) =>
  l.files.flatMap((f) => f.loaded.problems.map((p) => `${f.path}:${f.loaded.lines.oneBased(p.span.start).line}: ${p.message}`));
const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);

before(() => initEngine());

describe('config discovery and layering', () => {
  it('nearer files win, ancestors fill in, and root: true stops the walk', () => {
    const files = {
      '/repo/.bulkhead.yaml': 'rules:\n  BH103: error\n  BH101: info\nfailOn: warning\n',
      '/repo/svc/.bulkhead.yaml': 'rules:\n  BH101: off\n',
      '/repo/svc/api/.bulkhead.yml': 'root: true\nrules:\n  BH204: info\n',
    };
    const svc = load('/repo/svc/Dockerfile', files);
    assert.deepEqual(problems(svc), []);
    assert.equal(ruleSetting(ALL_RULES.find((r) => r.meta.id === 'BH101')!, svc.config).severity, 'off');
    assert.equal(svc.config.rules.BH103?.severity, 'error');
    assert.equal(svc.config.failOn, 'warning');
    assert.deepEqual(svc.files.map((f) => f.path), ['/repo/.bulkhead.yaml', '/repo/svc/.bulkhead.yaml']);
    const api = load('/repo/svc/api/Dockerfile', files);
    assert.deepEqual(api.files.map((f) => f.path), ['/repo/svc/api/.bulkhead.yml']);
    assert.equal(api.config.rules.BH103, undefined, 'root: true hides the ancestors');
    assert.equal(api.config.failOn, 'info');
  });

  it('extends: relative paths and node_modules packages, in order, below the file that extends', () => {
    const files = {
      '/repo/.bulkhead.yaml': 'extends: [./config/base.yaml, "@acme/bulkhead-preset"]\nrules:\n  BH103: info\n',
      '/repo/config/base.yaml': 'rules:\n  BH103: error\n  BH101: error\nbuildArgs:\n  BASE: debian:12\n',
      '/repo/node_modules/@acme/bulkhead-preset/package.json': '{"name":"@acme/bulkhead-preset","bulkhead":"preset.yaml"}',
      '/repo/node_modules/@acme/bulkhead-preset/preset.yaml': 'extends: ./strict.yaml\nrules:\n  BH101: warning\n',
      '/repo/node_modules/@acme/bulkhead-preset/strict.yaml': 'presets: [strict]\ntrustedRegistries: [registry.acme.com]\n',
    };
    const l = load('/repo/app/Dockerfile', files);
    assert.deepEqual(problems(l), []);
    assert.equal(l.config.rules.BH103?.severity, 'info', 'the extending file wins');
    assert.equal(l.config.rules.BH101?.severity, 'warning', 'a later extends wins over an earlier one');
    assert.deepEqual(l.config.buildArgs, { BASE: 'debian:12' });
    assert.deepEqual(l.config.presets, ['strict']);
    assert.deepEqual(l.config.trustedRegistries, ['registry.acme.com']);
    assert.deepEqual(l.files.map((f) => f.path.replace('/repo/', '')), [
      'config/base.yaml',
      'node_modules/@acme/bulkhead-preset/strict.yaml',
      'node_modules/@acme/bulkhead-preset/preset.yaml',
      '.bulkhead.yaml',
    ]);
  });

  it('an extends cycle and a missing extends are reported at the reference, and the rest still applies', () => {
    const files = {
      '/repo/.bulkhead.yaml': 'extends:\n  - ./a.yaml\n  - ./missing.yaml\nrules:\n  BH103: error\n',
      '/repo/a.yaml': 'extends: ./b.yaml\n',
      '/repo/b.yaml': 'extends: ./a.yaml\nrules:\n  BH101: off\n',
    };
    const l = load('/repo/Dockerfile', files);
    assert.deepEqual(problems(l), [
      '/repo/b.yaml:1: `extends`: `./a.yaml` leads back to a.yaml, a cycle: .bulkhead.yaml → a.yaml → b.yaml → a.yaml.',
      '/repo/.bulkhead.yaml:3: `extends`: cannot find `./missing.yaml` (a path relative to this file, or a package in node_modules).',
    ]);
    assert.equal(l.config.rules.BH103?.severity, 'error');
    assert.equal(l.config.rules.BH101?.severity, 'off');
  });

  it('presets: strict raises info rules, cis keeps only CIS rules', () => {
    const strict = parseConfig('presets: strict\n', ALL_RULES).config;
    for (const r of ALL_RULES) assert.notEqual(ruleSetting(r, strict).severity, 'info', `${r.meta.id} stays info under strict`);
    const cis = parseConfig('presets: [cis]\nrules:\n  BH103: warning\n', ALL_RULES).config;
    assert.equal(ruleSetting(ALL_RULES.find((r) => r.meta.id === 'BH101')!, cis).severity, 'warning', 'BH101 checks CIS 4.1');
    assert.equal(ruleSetting(ALL_RULES.find((r) => r.meta.id === 'BH103')!, cis).severity, 'warning', 'rules after the preset win');
    const bad = parseConfig('presets: [stict]\n', ALL_RULES);
    assert.match(bad.problems[0]!.message, /Unknown preset `stict`. Did you mean `strict`\?/);
  });

  it('overrides apply by glob relative to their file, in order; ignore drops files', () => {
    const files = {
      '/repo/.bulkhead.yaml':
        'overrides:\n  - files: ["tools/**", "*.dev.Dockerfile"]\n    rules:\n      BH101: off\n  - files: tools/ci/Dockerfile\n    rules:\n      BH101: error\n    target: ci\nignore: [vendor/, "**/testdata/**"]\n',
    };
    const cfg = (p: string) => load(p, files).config;
    assert.equal(cfg('/repo/tools/x/Dockerfile').rules.BH101?.severity, 'off');
    assert.equal(cfg('/repo/app/web.dev.Dockerfile').rules.BH101?.severity, 'off');
    assert.equal(cfg('/repo/tools/ci/Dockerfile').rules.BH101?.severity, 'error');
    assert.equal(cfg('/repo/tools/ci/Dockerfile').target, 'ci');
    assert.equal(cfg('/repo/app/Dockerfile').rules.BH101, undefined);
    assert.equal(cfg('/repo/vendor/lib/Dockerfile').ignored, true);
    assert.equal(cfg('/repo/a/testdata/b/Dockerfile').ignored, true);
    assert.equal(cfg('/repo/app/Dockerfile').ignored, false);
    assert.equal(matchesRelativeGlob('/elsewhere/tools/Dockerfile', '/repo', 'tools/**'), false);
  });

  it('schema errors are reported at their key with a clear message', () => {
    const text = 'overrides:\n  - rules: {BH101: off}\n  - files: ["a/[b"]\n    rulez: {}\nignore: 3\nsuppressions:\n  requireReasons: true\n  allow: maybe\nhadolint: yes please\nroot: 1\n';
    const r = parseConfig(text, ALL_RULES, '/repo/.bulkhead.yaml');
    assert.deepEqual(
      r.problems.map((p) => [r.lines.oneBased(p.span.start).line, p.message]),
      [
        [2, 'An override needs `files` (globs relative to this file).'],
        [3, '`files`: `a/[b` is not a valid glob (unbalanced `[` or `{`).'],
        [4, 'Unknown key `rulez` in an override. Did you mean `rules`?'],
        [3, 'An override needs `files` (globs relative to this file).'],
        [5, '`ignore` must be a list of strings (or one string).'],
        [7, 'Unknown key `requireReasons` in `suppressions`. Did you mean `requireReason`?'],
        [8, '`suppressions.allow` must be true or false.'],
        [9, '`hadolint` (read `.hadolint.yaml` and `# hadolint` pragmas) must be true or false.'],
        [10, '`root` must be true or false.'],
      ],
    );
  });
});

describe('suppression policy (BH904)', () => {
  const df = '# bulkhead-ignore BH103\nFROM ubuntu\nUSER 1000\n';
  it('requireReason reports a suppression without a reason, which still applies', () => {
    const config = parseConfig('suppressions:\n  requireReason: true\n', ALL_RULES).config;
    const res = lint({ path: '/w/Dockerfile', text: df }, { config });
    assert.ok(!ids(res.findings).includes('BH103'));
    assert.deepEqual(res.findings.filter((f) => f.ruleId === 'BH904').map((f) => f.message), [
      'This suppression gives no reason, and the config requires one (`suppressions.requireReason`): add `-- <why this is fine here>`.',
    ]);
    const withReason = lint({ path: '/w/Dockerfile', text: df.replace('BH103', 'BH103 -- mirrored and scanned') }, { config });
    assert.ok(!ids(withReason.findings).includes('BH904'));
  });

  it('allow: false ignores every inline suppression and reports it', () => {
    const config = parseConfig('suppressions:\n  allow: false\n', ALL_RULES).config;
    const res = lint({ path: '/w/Dockerfile', text: '# hadolint ignore=DL3006\n' + df }, { config });
    assert.ok(ids(res.findings).includes('BH103'), 'the finding is shown');
    assert.equal(res.findings.filter((f) => f.ruleId === 'BH904').length, 2);
  });
});

describe('hadolint compatibility', () => {
  it('.hadolint.yaml: ignored codes, override severities, trustedRegistries, failure-threshold', () => {
    const files = {
      '/repo/.hadolint.yaml': 'ignored:\n  - DL3006\n  - DL3007\noverride:\n  error:\n    - DL3002\ntrustedRegistries:\n  - docker.io\nfailure-threshold: warning\nlabel-schema: {}\n',
    };
    const l = load('/repo/Dockerfile', files);
    assert.deepEqual(problems(l), []);
    assert.equal(l.config.rules.BH103?.severity, 'off', 'BH103 maps to DL3006 and DL3007, both ignored');
    assert.equal(l.config.rules.BH101?.severity, 'error', 'BH101 maps to DL3002');
    assert.deepEqual(l.config.trustedRegistries, ['docker.io']);
    assert.equal(l.config.failOn, 'warning');
    const res = lint({ path: '/repo/Dockerfile', text: 'FROM ubuntu\n' }, { config: l.config });
    // The rules hadolint also has (digest pinning, BH130, is Bulkhead's own and stays on).
    assert.deepEqual(res.findings.filter((f) => f.ruleId === 'BH101' || f.ruleId === 'BH103').map((f) => [f.ruleId, f.severity]), [['BH101', 'error']]);
    // A Bulkhead config wins over the hadolint one, and can turn it off.
    const both = load('/repo/Dockerfile', { ...files, '/repo/.bulkhead.yaml': 'rules:\n  BH101: info\n' });
    assert.equal(both.config.rules.BH101?.severity, 'info');
    const off = load('/repo/Dockerfile', { ...files, '/repo/.bulkhead.yaml': 'hadolint: false\n' });
    assert.equal(off.config.rules.BH103, undefined);
    assert.deepEqual(off.files.map((f) => f.path), ['/repo/.bulkhead.yaml']);
  });

  it('# hadolint ignore= pragmas silence the mapped rules on the next instruction; global ignore for the file', () => {
    const text = '# hadolint ignore=DL3002\nFROM ubuntu:24.04\n# hadolint ignore=DL3007,DL3008\nFROM node:latest AS n\nFROM python\n';
    const mapped = (fs: Finding[]): string[] => ids(fs).filter((id) => id === 'BH101' || id === 'BH103');
    assert.deepEqual(mapped(lint({ path: '/w/Dockerfile', text }).findings), ['BH101', 'BH103'], 'both on the last FROM: nothing silenced them there');
    const global = '# hadolint global ignore=DL3006,DL3007\nFROM node:latest\nFROM python\nUSER 1\n';
    assert.deepEqual(mapped(lint({ path: '/w/Dockerfile', text: global }).findings), []);
    const off = parseConfig('hadolint: false\n', ALL_RULES).config;
    assert.ok(ids(lint({ path: '/w/Dockerfile', text: global }, { config: off }).findings).includes('BH103'));
  });
});

describe('JSON Schema for .bulkhead.yaml', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(configSchema(ALL_RULES));
  it('accepts what the server accepts, and rejects typos the server reports', () => {
    const good = parseConfig(
      'extends: ./base.yaml\npresets: [strict]\nrules:\n  BH101: {severity: error, options: {nonRootImages: [a/*]}}\n  untagged-base-image: off\noverrides:\n  - files: ["tools/**"]\n    rules: {BH101: off}\nignore: [vendor/]\ntrustedRegistries: [docker.io]\nsuppressions: {requireReason: true}\nhadolint: false\nfailOn: warning\n',
      ALL_RULES,
      '/repo/.bulkhead.yaml',
    );
    assert.deepEqual(good.problems, []);
    assert.ok(validate({ extends: './base.yaml', presets: ['strict'], rules: { BH101: { severity: 'error', options: { nonRootImages: ['a/*'] } }, 'untagged-base-image': 'off' }, overrides: [{ files: ['tools/**'], rules: { BH101: 'off' } }], ignore: ['vendor/'], trustedRegistries: ['docker.io'], suppressions: { requireReason: true }, hadolint: false, failOn: 'warning' }), JSON.stringify(validate.errors));
    for (const bad of [{ rulez: {} }, { rules: { BH13: 'off' } }, { rules: { BH101: 'loud' } }, { rules: { BH101: { options: { nope: 1 } } } }, { presets: ['stict'] }, { failOn: 'off' }]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
    }
  });
});
