import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCompose, parseDotEnv } from '../../server/engine';
import { parseDocument } from 'yaml';
import type { Span } from '../../server/engine';
import { freezeSharedLists } from '../../server/engine/util/shared';

const at = (text: string, s: Span | undefined): string | undefined => (s ? text.slice(s.start, s.end) : undefined);

describe('parseCompose', () => {
  it('services, values and spans (no trailing newline), in LF and CRLF', () => {
    const base = 'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "80:80"\n  db:\n    image: postgres\n';
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = base.replace(/\n/g, eol);
      const m = parseCompose(text);
      assert.deepEqual(m.problems, []);
      assert.deepEqual(m.services.map((s) => [s.name, at(text, s.nameSpan)]), [['web', 'web'], ['db', 'db']]);
      const web = m.services[0]!;
      assert.equal(at(text, web.span), `web:${eol}    image: nginx:1.25${eol}    ports:${eol}      - "80:80"`);
      const image = web.get('image')!;
      assert.equal(image.value, 'nginx:1.25');
      assert.equal(at(text, image.span), 'nginx:1.25');
      assert.equal(at(text, image.keySpan), 'image');
      assert.equal(image.indirect, false);
      assert.equal(image.usedAt, undefined);
      const ports = web.get('ports')!;
      assert.deepEqual(ports.value, ['80:80']);
      assert.equal(at(text, ports.span), '- "80:80"');
      assert.deepEqual(web.keys(), ['image', 'ports']);
      assert.equal(web.get('nope'), undefined);
      assert.equal(web.get('image', 'deeper'), undefined);
    }
  });

  it('merge keys: own keys win, then the first merge source', () => {
    const text = [
      'x-a: &a',
      '  image: from-a',
      '  user: a',
      '  environment:',
      '    K: v',
      'x-b: &b',
      '  user: b',
      '  privileged: true',
      'services:',
      '  one:',
      '    <<: [*a, *b]',
      '    image: own',
      '  two:',
      '    <<: *b',
      '',
    ].join('\n');
    const m = parseCompose(text);
    const [one, two] = m.services;
    assert.equal(one!.get('image')!.value, 'own');
    assert.equal(one!.get('image')!.indirect, false);
    const user = one!.get('user')!;
    assert.equal(user.value, 'a');
    assert.equal(user.indirect, true);
    assert.equal(at(text, user.span), 'a');
    assert.equal(user.span.start, text.indexOf('user: a') + 6);
    assert.equal(at(text, user.usedAt), '<<');
    assert.equal(user.usedAt!.start, text.indexOf('<<: [*a'));
    assert.equal(one!.get('privileged')!.value, true);
    assert.equal(one!.get('environment', 'K')!.value, 'v');
    assert.equal(one!.get('environment', 'K')!.indirect, true);
    assert.deepEqual(one!.keys().sort(), ['environment', 'image', 'privileged', 'user']);
    assert.equal(two!.get('user')!.value, 'b');
    assert.equal(at(text, two!.get('privileged')!.span), 'true');
  });

  it('aliases as values', () => {
    const text = 'x-caps: &caps [NET_ADMIN]\nservices:\n  web:\n    cap_add: *caps\n';
    const m = parseCompose(text);
    const caps = m.services[0]!.get('cap_add')!;
    assert.deepEqual(caps.value, ['NET_ADMIN']);
    assert.equal(caps.indirect, true);
    assert.equal(at(text, caps.span), '[NET_ADMIN]');
    assert.equal(at(text, caps.usedAt), '*caps');
    assert.deepEqual(m.top('x-caps')!.value, ['NET_ADMIN']);
  });

  it('interpolation: ${VAR}, ${VAR:-default}, $$ and .env values', () => {
    const text = 'services:\n  web:\n    image: "${REG}/app:${TAG:-1.0}"\n    command: echo $$HOME ${MISSING}\n';
    const m = parseCompose(text, { env: { REG: 'ghcr.io/o' } });
    assert.equal(m.services[0]!.get('image')!.value, 'ghcr.io/o/app:1.0');
    assert.equal(m.services[0]!.get('command')!.value, 'echo $HOME ${MISSING}');
    assert.equal(parseCompose(text, { env: { REG: 'r', TAG: '2' } }).services[0]!.get('image')!.value, 'r/app:2');
  });

  it('flow style', () => {
    const text = 'services: {web: {image: "a:1", cap_add: [SYS_ADMIN]}}';
    const m = parseCompose(text);
    assert.deepEqual(m.problems, []);
    const web = m.services[0]!;
    assert.equal(at(text, web.nameSpan), 'web');
    assert.equal(at(text, web.get('image')!.span), '"a:1"');
    assert.equal(at(text, web.get('cap_add')!.span), '[SYS_ADMIN]');
    assert.equal(at(text, web.span), 'web: {image: "a:1", cap_add: [SYS_ADMIN]}');
  });

  it('YAML errors become problems with spans', () => {
    const text = 'services:\n  web:\n    image: "unterminated\n';
    assert.deepEqual(parseCompose(text).problems, [{ message: 'Missing closing "quote', span: { start: 42, end: 42 }, severity: 'error' }]);
    const flow = 'a: [1, 2\nb: c\n';
    assert.deepEqual(parseCompose(flow).problems.map((p) => [p.message, at(flow, p.span)]), [
      ['Flow sequence in block collection must be sufficiently indented and end with a ]', 'b'],
    ]);
    const tabs = 'a:\r\n\tb: 1\r\n';
    assert.deepEqual(parseCompose(tabs).problems.map((p) => [p.message, p.span]), [['Tabs are not allowed as indentation', { start: 4, end: 5 }]]);
  });

  it('a top-level scalar or list is a problem; an empty file is not', () => {
    const scalar = parseCompose('just text\n');
    assert.deepEqual(scalar.problems, [{ message: 'A Compose file must be a mapping at the top level.', span: { start: 0, end: 9 }, severity: 'error' }]);
    const list = parseCompose('- a\n- b\n');
    assert.deepEqual(list.problems.map((p) => p.span), [{ start: 0, end: 7 }]);
    for (const empty of ['', '\n', '# only a comment\n', '---\n']) {
      const m = parseCompose(empty);
      assert.deepEqual(m.problems, [], JSON.stringify(empty));
      assert.deepEqual(m.services, []);
      assert.equal(m.top('services'), undefined);
    }
  });

  it('services that are null or not maps', () => {
    const text = 'services:\n  a:\n  b: 3\n  c: {}\n';
    const m = parseCompose(text);
    assert.deepEqual(m.services.map((s) => [s.name, s.map === undefined, s.get('image')]), [
      ['a', true, undefined],
      ['b', true, undefined],
      ['c', false, undefined],
    ]);
  });

  it('a self-referencing merge does not loop', () => {
    const text = 'x: &x\n  a: 1\n  <<: *x\nservices:\n  s:\n    <<: *x\n';
    const m = parseCompose(text);
    assert.equal(m.services[0]!.get('a')?.value, 1);
    assert.equal(m.services[0]!.get('zzz'), undefined);
  });
});

describe('parseDotEnv', () => {
  it('reads KEY=value with quotes, comments and export', () => {
    const text = [
      '# comment',
      'A=1',
      'export B=two',
      'C="quoted # not a comment"',
      "D='single $X'",
      'E=value # trailing comment',
      'F=',
      'G="line\\nbreak"',
      '  H = spaced  ',
      'not a pair',
      'I=a#b',
      '',
    ].join('\r\n');
    assert.deepEqual(parseDotEnv(text), {
      A: '1',
      B: 'two',
      C: 'quoted # not a comment',
      D: 'single $X',
      E: 'value',
      F: '',
      G: 'line\nbreak',
      H: 'spaced',
      I: 'a#b',
    });
  });
});

describe('parseCompose: merge keys in services', () => {
  it('a `<<` under services merges services (own names first) instead of becoming one', () => {
    const text = 'x-svcs: &svcs\n  base:\n    image: a:1\nservices:\n  <<: *svcs\n  web:\n    image: b:2\n';
    const m = parseCompose(text);
    assert.deepEqual(m.services.map((s) => [s.name, s.get('image')!.value, at(text, s.nameSpan)]), [['web', 'b:2', 'web'], ['base', 'a:1', 'base']]);
    assert.equal(m.services[1]!.nameSpan.start, text.indexOf('base'));
  });
});

describe('parseCompose: plain values', () => {
  it('match yaml toJS for anchors, merge keys (one map or a list), nested aliases and odd keys', () => {
    const text = [
      'x-base: &base',
      '  restart: always',
      '  environment: &env {A: "1", B: two}',
      'x-more: &more',
      '  labels: [a, b]',
      '  restart: "no"',
      'services:',
      '  web:',
      '    <<: [*base, *more]',
      '    image: nginx:1.27',
      '    environment: *env',
      '    1: numeric key',
      '    ports: [&p "80:80", *p]',
      '  api:',
      '    <<: *base',
      '    restart: on-failure',
      '    cap_drop: [ALL]',
      '',
    ].join('\n');
    const m = parseCompose(text, { env: {} });
    const doc = parseDocument(text, { merge: true });
    const expected = doc.toJS({ maxAliasCount: 100 }) as { services: Record<string, unknown> };
    for (const s of m.services) assert.deepEqual(s.definition(), expected.services[s.name], s.name);
    assert.deepEqual(m.services[0]!.definition(), { restart: 'always', environment: { A: '1', B: 'two' }, labels: ['a', 'b'], image: 'nginx:1.27', '1': 'numeric key', ports: ['80:80', '80:80'] });
  });

  it('are frozen, and a billion-laughs value is bounded (no value rather than an exhausted server)', () => {
    const m = parseCompose('services:\n  web:\n    image: a:1\n', { env: {} });
    const def = m.services[0]!.definition() as Record<string, unknown>;
    assert.ok(Object.isFrozen(def));
    // Reflect.set answers false on a frozen object in strict and sloppy code alike (tsx may load this file as either).
    assert.equal(Reflect.set(def, 'image', 'x'), false);
    assert.equal(def.image, 'a:1');
    const lines = ['x-a: &a [l, l, l, l, l, l, l, l, l, l]'];
    for (let i = 1; i < 9; i++) lines.push(`x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
    lines.push('services:', '  web:', '    image: a:1', '    labels: *i', '');
    const bomb = parseCompose(lines.join('\n'), { env: {} });
    assert.equal(bomb.services[0]!.get('labels')?.value, undefined);
    assert.equal(bomb.services[0]!.get('image')?.value, 'a:1');
  });

  it('built once per collection, charge a value reached again as if it were built again (size and depth limits hold)', () => {
    // Read through the small service first, so that every level of the bomb but the last is already built.
    const lines = ['x-a: &a [l, l, l, l, l, l, l, l, l, l]'];
    for (let i = 1; i < 9; i++) lines.push(`x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
    lines.push('services:', '  small:', '    image: a:1', '    labels: *d', '  big:', '    image: a:1', '    labels: *i', '');
    const bomb = parseCompose(lines.join('\n'), { env: {} });
    const small = bomb.services.find((s) => s.name === 'small')!;
    const big = bomb.services.find((s) => s.name === 'big')!;
    const expected = parseDocument(lines.join('\n')).toJS({ maxAliasCount: -1 }) as { 'x-d': unknown };
    assert.deepEqual(small.get('labels')?.value, expected['x-d']);
    assert.equal(big.get('labels')?.value, undefined);
    // A value read again is the one built before (frozen, so sharing it is safe).
    assert.equal((small.definition() as { labels: unknown }).labels, small.get('labels')?.value);

    // A list 150 levels deep is a value on its own, but not under 60 more levels (the limit is MAX_NESTING, 200).
    const deep = `${'['.repeat(150)}x${']'.repeat(150)}`;
    const text = ['x-deep: &deep ' + deep, 'services:', '  shallow:', '    labels: *deep', '  nested:', `    labels: ${'['.repeat(60)}*deep${']'.repeat(60)}`, ''].join('\n');
    const m = parseCompose(text, { env: {} });
    assert.notEqual(m.services.find((s) => s.name === 'shallow')!.get('labels')?.value, undefined);
    assert.equal(m.services.find((s) => s.name === 'nested')!.get('labels')?.value, undefined);
    // Asked in the other order, of a fresh model, the answers are the same.
    const again = parseCompose(text, { env: {} });
    assert.equal(again.services.find((s) => s.name === 'nested')!.get('labels')?.value, undefined);
    assert.notEqual(again.services.find((s) => s.name === 'shallow')!.get('labels')?.value, undefined);
  });

  it('substitute variables in values (not keys) while they are built, maps frozen at every level (lists too in tests), without a `__proto__` key', () => {
    const text = [
      'x-base: &base',
      '  environment: {HOME_DIR: $HOME, "${KEY}": v}',
      '  __proto__: {polluted: yes}',
      'services:',
      '  web:',
      '    <<: *base',
      '    image: "app:${TAG:-latest}"',
      '    command: [echo, "$$HOME", "${MISSING}"]',
      '    deploy: {resources: {limits: {memory: "${MEM}"}}}',
      '',
    ].join('\n');
    const m = parseCompose(text, { env: { HOME: '/home/app', TAG: '2.1', MEM: '512m', KEY: 'no' } });
    const def = m.services[0]!.definition() as Record<string, unknown>;
    assert.deepEqual(def, {
      environment: { HOME_DIR: '/home/app', '${KEY}': 'v' },
      image: 'app:2.1',
      command: ['echo', '$HOME', '${MISSING}'],
      deploy: { resources: { limits: { memory: '512m' } } },
    });
    assert.equal(Object.getPrototypeOf(def), Object.prototype);
    assert.equal(Object.prototype.hasOwnProperty.call(def, '__proto__'), false);
    assert.equal((def as { polluted?: unknown }).polluted, undefined);
    // Maps are frozen; lists only when the tests freeze shared lists (frozen arrays are slow to read: util/shared.ts).
    const frozenMaps = (v: unknown): boolean => (v !== null && typeof v === 'object' ? Object.isFrozen(v) === !Array.isArray(v) && Object.values(v).every(frozenMaps) : true);
    assert.ok(frozenMaps(def));
    freezeSharedLists(true);
    try {
      const frozenAll = (v: unknown): boolean => (v !== null && typeof v === 'object' ? Object.isFrozen(v) && Object.values(v).every(frozenAll) : true);
      assert.ok(frozenAll(parseCompose(text, { env: { HOME: '/home/app', TAG: '2.1', MEM: '512m', KEY: 'no' } }).services[0]!.definition()));
    } finally {
      freezeSharedLists(false);
    }
    // A value read through `get` is the same data, frozen too.
    const limits = m.services[0]!.get('deploy', 'resources', 'limits')!;
    assert.deepEqual(limits.value, { memory: '512m' });
    assert.ok(Object.isFrozen(limits.value) && Object.isFrozen(limits));
    assert.deepEqual(m.services[0]!.get('environment')!.value, { HOME_DIR: '/home/app', '${KEY}': 'v' });
    assert.equal(m.services[0]!.get('deploy', 'nope'), undefined);
    assert.equal(m.services[0]!.get('deploy', 'nope'), undefined);
  });
});
