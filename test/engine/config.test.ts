import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseConfig, loadConfigFor, findConfigFile, createConfigCache, memoryHost, ALL_RULES, type LoadedConfig } from '../../server/engine';

/** [message, text at span, 1-based line, column] of each problem. */
const problems = (text: string, r: LoadedConfig) =>
  r.problems.map((p) => {
    const pos = r.lines.oneBased(p.span.start);
    return [p.message, text.slice(p.span.start, p.span.end), pos.line, pos.column];
  });
const parse = (text: string) => parseConfig(text, ALL_RULES);

describe('parseConfig', () => {
  it('severities by id (any case) and by name, with aliases', () => {
    const text = 'rules:\n  BH103: error\n  bh101: warn\n  privileged-service: off\n  BH204: false\nfailOn: warning\ntarget: Build\nbuildArgs:\n  TAG: 1.2\n';
    const r = parse(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.config.rules, { BH103: { severity: 'error' }, BH101: { severity: 'warning' }, BH201: { severity: 'off' }, BH204: { severity: 'off' } });
    assert.equal(r.config.failOn, 'warning');
    assert.equal(r.config.target, 'Build');
    assert.deepEqual(r.config.buildArgs, { TAG: '1.2' });
  });

  it('options given through an alias', () => {
    const r = parse('rules:\n  BH101:\n    options:\n      nonRootImages: &imgs [a/*]\n  BH103: &sev warning\n  BH204: *sev\n');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.config.rules, { BH101: { options: { nonRootImages: ['a/*'] } }, BH103: { severity: 'warning' }, BH204: { severity: 'warning' } });
  });

  it('{severity, options}', () => {
    const r = parse('rules:\n  BH101:\n    severity: info\n    options:\n      nonRootImages: [distroless/*]\n');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.config.rules, { BH101: { severity: 'info', options: { nonRootImages: ['distroless/*'] } } });
  });

  it('unknown rules and keys, with suggestions and exact positions', () => {
    const text = 'rules:\n  BH13: off\n  untagged-base-imag: off\nrulez: {}\nfailon: error\nzzzzzzzz: 1\n';
    assert.deepEqual(problems(text, parse(text)), [
      ['Unknown rule `BH13`. Did you mean `BH103`?', 'BH13', 2, 3],
      ['Unknown rule `untagged-base-imag`. Did you mean `untagged-base-image`?', 'untagged-base-imag', 3, 3],
      ['Unknown key `rulez`. Did you mean `rules`?', 'rulez', 4, 1],
      ['Unknown key `failon`. Did you mean `failOn`?', 'failon', 5, 1],
      ['Unknown key `zzzzzzzz`. Known keys: extends, root, presets, rules, overrides, ignore, trustedRegistries, buildArgs, target, composeFiles, composeProfiles, failOn, suppressions, hadolint.', 'zzzzzzzz', 6, 1],
    ]);
  });

  it('wrong severity words, options and shapes; valid parts still apply', () => {
    const text = 'rules:\n  BH103: loud\n  BH101: {severity: warn, options: {nope: 1}}\n  BH204: [x]\n  BH201: error\nfailOn: off\ntarget: 3\n';
    const r = parse(text);
    assert.deepEqual(problems(text, r), [
      ['`loud` is not a severity for BH103; use off, info, warning or error.', 'loud', 2, 10],
      ['BH101 has no option `nope`. Options: nonRootImages.', 'nope', 3, 37],
      ['Give BH204 a severity (off, info, warning, error) or `{severity, options}`.', '[x]', 4, 10],
      ['`failOn` must be one of info, warning, error (got `off`).', 'off', 6, 9],
      ['`target` must be a stage name.', '3', 7, 9],
    ]);
    assert.deepEqual(r.config.rules, { BH101: { severity: 'warning', options: {} }, BH201: { severity: 'error' } });
  });

  it('YAML syntax errors, with CRLF', () => {
    const text = 'rules:\r\n  BH103: off\r\n  BH103: error\r\n';
    assert.deepEqual(problems(text, parse(text)), [['Invalid YAML: Map keys must be unique', 'B', 3, 3]]);
    const broken = parse('rules: [\n');
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0]!.message, /^Invalid YAML: /);
    assert.deepEqual(broken.problems[0]!.span, { start: 9, end: 9 });
  });

  it('empty, comment-only, and non-mapping files', () => {
    for (const t of ['', '\n', '# nothing\n', '~\n']) assert.deepEqual(parse(t).problems, [], JSON.stringify(t));
    // No text at all (no config file) is not parsed, and gives what an empty document gives.
    for (const t of ['\n', '# nothing\n', '~\n']) assert.deepEqual({ ...parse(''), lines: undefined }, { ...parse(t), lines: undefined }, JSON.stringify(t));
    assert.deepEqual(problems('- a\n', parse('- a\n')), [['The config must be a mapping (for example `rules:`).', '- a', 1, 1]]);
  });

  it('hostile YAML does not throw', () => {
    const deep = parse('rules: ' + '['.repeat(5000));
    assert.deepEqual(deep.problems.map((p) => p.message), ['Invalid YAML: nesting is deeper than 200 levels.']);
    let bomb = 'x0: &a0 [a, a, a, a, a, a, a, a, a, a]\n';
    for (let i = 1; i < 10; i++) bomb += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    bomb += 'rules:\n  BH101:\n    options:\n      nonRootImages: *a9\n';
    const r = parse(bomb);
    const last = r.problems[r.problems.length - 1]!;
    assert.deepEqual([last.message, bomb.slice(last.span.start, last.span.end)], ['Option `nonRootImages` of BH101 must be a list of strings.', '*a9']);
    assert.equal(r.problems.length, 11);
  });
});

describe('loadConfigFor', () => {
  const root = path.resolve('/tmp/bh-ws');
  const p = (...s: string[]) => path.join(root, ...s);

  it('walks up to the nearest config, stopping at the root', () => {
    const host = memoryHost({
      [p('.bulkhead.yaml')]: 'rules:\n  BH103: error\n',
      [p('svc', '.bulkhead.yml')]: 'rules:\n  BH103: off\n',
      [path.resolve('/tmp/.bulkhead.yaml')]: 'rules:\n  BH101: off\n',
    });
    assert.equal(findConfigFile(p('svc', 'deep', 'Dockerfile'), root, host), p('svc', '.bulkhead.yml'));
    assert.equal(findConfigFile(p('other', 'Dockerfile'), root, host), p('.bulkhead.yaml'));
    const near = loadConfigFor(p('svc', 'deep', 'Dockerfile'), { root, host, rules: ALL_RULES });
    assert.equal(near.path, p('svc', '.bulkhead.yml'));
    assert.deepEqual(near.loaded.config.rules, { BH103: { severity: 'off' } });
    assert.equal(near.loaded.config.source, p('svc', '.bulkhead.yml'));
  });

  it('does not look above the root', () => {
    const host = memoryHost({ [path.resolve('/tmp/.bulkhead.yaml')]: 'rules:\n  BH101: off\n' });
    assert.equal(findConfigFile(p('a', 'Dockerfile'), root, host), undefined);
    const none = loadConfigFor(p('a', 'Dockerfile'), { root, host, rules: ALL_RULES });
    assert.equal(none.path, undefined);
    assert.deepEqual(none.loaded.config.rules, {});
    // Without a root the search goes up to the file system root.
    assert.equal(findConfigFile(p('a', 'Dockerfile'), undefined, host), path.resolve('/tmp/.bulkhead.yaml'));
  });

  it('.bulkhead.yaml wins over .bulkhead.yml in the same folder; explicit wins over both', () => {
    const host = memoryHost({
      [p('.bulkhead.yml')]: 'failOn: error\n',
      [p('.bulkhead.yaml')]: 'failOn: warning\n',
      [p('custom.yaml')]: 'failOn: info\n',
    });
    assert.equal(loadConfigFor(p('Dockerfile'), { root, host, rules: ALL_RULES }).loaded.config.failOn, 'warning');
    const explicit = loadConfigFor(p('Dockerfile'), { root, host, rules: ALL_RULES, explicit: p('custom.yaml') });
    assert.equal(explicit.path, p('custom.yaml'));
    assert.equal(explicit.loaded.config.failOn, 'info');
  });

  it('with a cache, files that find the same configs share one config object, and overrides still apply per file', () => {
    const host = memoryHost({
      [p('.bulkhead.yaml')]: 'rules:\n  BH103: error\noverrides:\n  - files: ["legacy/**"]\n    rules:\n      BH103: off\nignore: ["vendor/"]\n',
      [p('svc', '.bulkhead.yaml')]: 'rules:\n  BH101: off\n',
      [p('.hadolint.yaml')]: 'ignored: [DL3007]\n',
    });
    const cache = createConfigCache();
    const load = (...f: string[]) => loadConfigFor(p(...f), { root, host, rules: ALL_RULES, cache });
    const a = load('a', 'Dockerfile');
    const b = load('b', 'deep', 'compose.yaml');
    const legacy = load('legacy', 'x', 'Dockerfile');
    const legacy2 = load('legacy', 'Dockerfile');
    const svc = load('svc', 'Dockerfile');
    const vendored = load('vendor', 'Dockerfile');
    assert.equal(a.config, b.config);
    assert.equal(a.merged, legacy.merged);
    assert.equal(legacy.config, legacy2.config);
    assert.notEqual(a.config, legacy.config);
    assert.notEqual(a.config, svc.config);
    assert.deepEqual(a.config.rules, { BH103: { severity: 'error' } });
    assert.deepEqual(legacy.config.rules, { BH103: { severity: 'off' } });
    assert.deepEqual(svc.config.rules, { BH103: { severity: 'error' }, BH101: { severity: 'off' } });
    assert.equal(vendored.config.ignored, true);
    assert.equal(a.config.ignored, false);
    assert.deepEqual(a.config.hadolintIgnored, ['DL3007']);
    // Each lookup gives what an uncached lookup gives.
    for (const f of [['a', 'Dockerfile'], ['legacy', 'x', 'Dockerfile'], ['svc', 'Dockerfile'], ['vendor', 'Dockerfile']]) {
      const fresh = loadConfigFor(p(...f), { root, host, rules: ALL_RULES });
      const cached = load(...f);
      assert.deepEqual(cached.config, fresh.config, f.join('/'));
      assert.equal(cached.path, fresh.path);
      assert.deepEqual(cached.files.map((x) => x.path), fresh.files.map((x) => x.path));
    }
  });

  it('with a cache, the walk up finds what the walk without one finds, and asks about each folder once', () => {
    const deep = Array.from({ length: 70 }, (_, i) => `d${i}`);
    const files: Record<string, string> = {
      [p('.bulkhead.yaml')]: 'rules:\n  BH103: error\n',
      [p('a', '.bulkhead.yml')]: 'rules:\n  BH101: off\n',
      [p('a', 'b', '.bulkhead.yaml')]: 'root: true\nrules:\n  BH102: off\n',
      [p('a', 'b', 'c', '.bulkhead.yaml')]: 'failOn: error\n',
      [p('a', '.hadolint.yaml')]: 'ignored: [DL3007]\n',
      [p('.hadolint.yml')]: 'ignored: [DL3008]\n',
      [p(...deep.slice(0, 3), '.bulkhead.yaml')]: 'failOn: info\n',
      [p(...deep.slice(0, 66), '.bulkhead.yaml')]: 'failOn: warning\n',
      [path.resolve('/tmp/.bulkhead.yaml')]: 'rules:\n  BH104: off\n',
      [path.resolve('/elsewhere/.bulkhead.yaml')]: 'rules:\n  BH105: off\n',
    };
    const targets = [
      p('Dockerfile'),
      p('a', 'Dockerfile'),
      p('a', 'b', 'Dockerfile'),
      p('a', 'b', 'c', 'd', 'compose.yaml'),
      p('x', 'y', 'Dockerfile'),
      p(...deep.slice(0, 10), 'Dockerfile'),
      // Deeper than the 64 folders a walk looks in: the configs near the root are out of reach.
      p(...deep, 'Dockerfile'),
      path.resolve('/elsewhere/deeper/Dockerfile'),
    ];
    for (const r of [root, undefined]) {
      const asked = new Map<string, number>();
      const inner = memoryHost(files);
      const counting = { ...inner, fileExists: (f: string) => (asked.set(f, (asked.get(f) ?? 0) + 1), inner.fileExists(f)) };
      const cache = createConfigCache();
      for (const t of [...targets, ...targets]) {
        const fresh = loadConfigFor(t, { root: r, host: inner, rules: ALL_RULES });
        const cached = loadConfigFor(t, { root: r, host: counting, rules: ALL_RULES, cache });
        assert.equal(cached.path, fresh.path, t);
        assert.deepEqual(cached.files.map((x) => x.path), fresh.files.map((x) => x.path), t);
        assert.deepEqual(cached.config, fresh.config, t);
      }
      assert.deepEqual([...asked].filter(([, n]) => n > 1), [], 'a folder asked about twice');
    }
    // The cap holds with a cache: the deepest file sees the config 66 folders down, not the one 3 down.
    const deepest = loadConfigFor(p(...deep, 'Dockerfile'), { root, host: memoryHost(files), rules: ALL_RULES, cache: createConfigCache() });
    assert.deepEqual(deepest.files.map((x) => x.path), [p(...deep.slice(0, 66), '.bulkhead.yaml')]);
  });

  it('an unreadable explicit config is a problem', () => {
    const r = loadConfigFor(p('Dockerfile'), { root, host: memoryHost({}), rules: ALL_RULES, explicit: p('missing.yaml') });
    assert.deepEqual(r.loaded.problems.map((x) => x.message), [`Cannot read config file ${p('missing.yaml')}.`]);
  });
});
