/**
 * Bulkhead's Compose YAML reader (parse/yamlReader.ts) must build exactly the
 * document `yaml`'s parseDocument builds, with the Compose parser's options:
 * the same node classes, ranges (all three offsets), values, sources, types,
 * anchors and flow flags, and the same document range. It must decline what
 * it does not follow, and everything on which `yaml` reports an error or a
 * warning. Checked on hand-picked shapes (each of the CST parser's and
 * lexer's quirks the reader follows, and each shape it declines), on every
 * corpus Compose file, and on generated documents and edited corpus files
 * (YAML_READER_RUNS of each; 100,000 in `npm run fuzz`). Comments are not
 * compared: the reader does not attach them (scripts/check-boundaries.mjs
 * keeps the engine from reading them).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { COMPOSE_YAML_OPTIONS, readComposeYaml } from '../../server/engine/parse/yamlReader';
import { lint } from '../../server/engine';

const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
const RUNS = Number(process.env.YAML_READER_RUNS ?? 3000);

/** Where two nodes differ (path and both sides), or undefined. */
function nodeDiff(a: unknown, b: unknown, at: string): string | undefined {
  if (a === b) return undefined;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return `${at}: ${String(a)} vs ${String(b)}`;
  if (a.constructor !== b.constructor) return `${at}: ${a.constructor.name} vs ${b.constructor.name}`;
  if (isPair(a) && isPair(b)) return nodeDiff(a.key, b.key, `${at}.key`) ?? nodeDiff(a.value, b.value, `${at}.value`);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of ['range', 'type', 'source', 'anchor', 'flow', 'format', 'minFractionDigits', 'tag']) {
    if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) return `${at}.${k}: ${JSON.stringify(x[k])} vs ${JSON.stringify(y[k])}`;
  }
  if (isScalar(a) && isScalar(b)) {
    const same = typeof a.value === 'symbol' ? typeof b.value === 'symbol' && a.value.description === b.value.description : Object.is(a.value, b.value);
    return same ? undefined : `${at}.value: ${String(a.value)} vs ${String(b.value)}`;
  }
  if (isAlias(a)) return undefined;
  if ((isMap(a) || isSeq(a)) && (isMap(b) || isSeq(b))) {
    if (a.items.length !== b.items.length) return `${at}.items: ${a.items.length} vs ${b.items.length}`;
    for (let i = 0; i < a.items.length; i++) {
      const d = nodeDiff(a.items[i], b.items[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  return `${at}: not a node`;
}

/**
 * 'declined', 'same', or what differs between the reader's document and
 * parseDocument's: for the text as given, and when it is read, for it with
 * `\r\n` line breaks and with `\n` and `\r\n` in turn (which must be read too).
 */
function check(text: string): 'declined' | 'same' | string {
  const r = checkOne(text);
  if (r !== 'same' || !text.includes('\n') || text.includes('\r')) return r;
  let k = 0;
  for (const variant of [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, () => (k++ % 2 ? '\r\n' : '\n'))]) {
    const v = checkOne(variant);
    if (v !== 'same') return `with \\r\\n line breaks (${JSON.stringify(variant)}): ${v}`;
  }
  return 'same';
}

function checkOne(text: string): 'declined' | 'same' | string {
  const ours = readComposeYaml(text);
  if (!ours) return 'declined';
  const theirs = parseDocument(text, COMPOSE_YAML_OPTIONS);
  const reported = [...theirs.errors, ...theirs.warnings];
  if (reported.length) return `read, but yaml reports ${reported.map((e) => e.code).join(', ')}`;
  if (ours.errors.length || ours.warnings.length) return 'the reader left errors or warnings';
  if (JSON.stringify(ours.range) !== JSON.stringify(theirs.range)) return `document range ${JSON.stringify(ours.range)} vs ${JSON.stringify(theirs.range)}`;
  return nodeDiff(ours.contents, theirs.contents, '$') ?? 'same';
}

/** RUNS texts from `texts`: each read as parseDocument reads it, or declined; a tenth of them read at least. */
function agreesOn(texts: fc.Arbitrary<string>, what: string): void {
  let read = 0;
  fc.assert(
    fc.property(texts, (text) => {
      const r = check(text);
      if (r === 'same') read++;
      else if (r !== 'declined') assert.fail(`${JSON.stringify(text)}: ${r}`);
    }),
    { numRuns: RUNS },
  );
  assert.ok(read > RUNS / 10, `the reader read only ${read} of ${RUNS} ${what}`);
}

function assertSame(text: string, read: boolean): void {
  const r = check(text);
  assert.equal(r, read ? 'same' : 'declined', JSON.stringify(text));
}

function composeCorpus(): { rel: string; text: string }[] {
  const manifest = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8');
  return manifest
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((r) => r.split('\t'))
    .filter((c) => c[5] === 'compose')
    .map((c) => ({ rel: c[0]!, text: fs.readFileSync(path.join(corpusDir, c[0]!), 'utf8') }));
}

describe('Compose YAML reader', () => {
  it('builds what parseDocument builds for the shapes it reads', () => {
    const read = [
      'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "8080:80"\n      - 443:443\n',
      'a: 1\nb:   x y   # c\n\n# c2\nc:\n  - d\n  -   \n  - e: 1\n    f: [1, "a"]\n\n',
      // Scalars as the core schema resolves them, keys included (`<<` only as a key).
      'a: ~\nb: null\nc: True\nd: 0o17\ne: 0x1F\nf: -1.5e3\ng: .inf\nh: .NaN\ni: 010\nj: "1"\nk: 1.0\n1: x\ntrue: y\nnull: z\nl: <<\n',
      // Quoting and escapes.
      `a: 'it''s'\nb: "q\\"x\\\\y\\/z\\n\\t\\x41\\u00e9\\U0001F600\\ \\_"\n"k": 1\n'k2' : 2\nc: ''\nd: ""\n`,
      'a: http://h:80/p?q=1#frag\nb: a#b\nc: x:y\nd: -x\ne: ?x\nf: :x\ng: a, b\nh: a]b\n',
      // Anchors, aliases and merge keys.
      'x: &base\n  a: 1\n  b: [1, 2]\ny:\n  <<: *base\n  c: &v 3\nz:\n  <<: [*base, *base]\n  d: *v\nw: &s\n  - 1\n',
      '- &a x\n- *a\n'.replace(/^/, 'k:\n'),
      // Empty values, and comments after them (they end the empty node).
      'k:\nj: 1\n',
      'k:\n  # commented\nj: 1\n',
      'k:\n# not indented\nj: 1\n',
      'k: # c\nj: 1\n',
      'k: \n\n\nj: 1',
      'a:\n  k:\n  # c\nb: 1\n',
      'a:\n  -\n  - # c\n  -\n    # deeper\nb: 1\n',
      // Indented comments after a value extend it; trailing comments go where their indentation reaches.
      'a: 1\n  # indented\nb: 2\n',
      'a:\n  b: 1\n      # deep\n  c: 2\n',
      'a:\n  b: 1\n  # c\nd: 2',
      'a:\n  # c\n  b: 1\nd:\n# x\n  - 1\n',
      'a:\n  b:\n    c: 1\n    # at c\n  # at b\n# at a\n',
      'a:\n  - x\n  # after\n\n   # more\nb: 1\n',
      'a: 1\n# end\n',
      'a: [1]  # c\n  # indented after flow\nb: 2\n',
      // A value on its own line, ended by a line indented less than the lexer expects.
      'a:\n   - # tail\n \n# x\n     y\nb: 1\n',
      'a:\n   - # tail\n   # x\n     y\n   - z\n',
      // Sequences at the key's indentation, compact maps in sequences.
      'a:\n- 1\n- 2\nb:\n  - k: v\n    l: w\n  -   k: v\n      l: w\n',
      // Flow collections, on one line and over several.
      'a: [1 , 2 ,]\nb: {x: 1, y: "z"}  # c\nc: []\nd: {}\n',
      'test: [\n  "CMD", "curl",  # why\n\n  "-f" , x/y ,\n]\nnext: 1\n',
      'command:\n  [\n    "/bin/sh",\n    "-c",\n  ]\n',
      'e: {\n  a: 1,\n  b: "x" # c\n  , c: \"2\"\n}\nf: 1\n',
      'e: { a: "1"\n\n# d\n }\n',
      '- [a, b]\n- {k: v}\n'.replace(/^/, 'k:\n'),
      // Block scalars: literal, folded, chomping, explicit indentation, more-indented and empty lines.
      'a: |\n  line1\n    more\n\n  line3\nb: 1\n',
      'a: >-\n  folded\n  text\n\n  para\n    kept\nb: >+\n  keep\n\n\nc: |2\n    two\n  x\nd: |\ne: 1\n',
      'a:\n  - |\n    one\n  - >\n    two\n    # not a comment\n  - x\n',
      'a: |  # header comment\n  x\n\n  # inside\nb: 1\n',
      'a: &blk |\n  x\nb: *blk\n',
      // Line breaks: `\r\n` (every case is also checked with them), mixed, and in block scalars and flows.
      'a: 1\r\nb:\r\n  - x # c\r\n\r\n  # d\r\nc: |\r\n  l1\r\n\r\n  l2\r\nd: [\r\n  1,\r\n]\r\n',
      'a: >-\r\n  x\n\r\n  y\r\n',
      // Documents: `---`, leading comments, no final line break.
      '---\nservices:\n  a: 1\n',
      '# head\n\n--- # c\n  # c2\nservices: {}\n',
      '\n# top\nservices: # x\n  web:\n    image: "x:1"\n',
      'a: b',
      'a: "\u00e9\u{1F600}" # \u4e2d\n',
    ];
    for (const text of read) assertSame(text, true);
    const declined = [
      '',
      '# only a comment\n',
      'a: 1\rb: 2\n', // a lone carriage return (the Compose parser makes it a line break first)
      'a:\t1\n', // tabs
      '\uFEFFa: 1\n', // byte order mark
      '%YAML 1.1\n---\na: 1\n', // directives
      'a: 1\n---\nb: 2\n', // several documents
      'a: 1\n...\n',
      'a: !!str 1\n', // tags
      '? a\n: 1\n', // explicit keys
      '- a\n- b\n', // a top level that is not a map
      'just a scalar\n',
      '[1, 2]\n',
      '  a: 1\n', // an indented top level
      'a: b: c\n', // yaml: nested mappings in compact mappings
      'a: 1\n- b\n', // yaml: a sequence on the key's line
      'a:\n  - - x\n', // nested sequences on one line
      '&a k: v\n', // an anchor on a key
      'a: &x\nb: 1\n', // an anchor on an empty value
      'a: &x *y\n', // an anchor on an alias
      'a: *\n',
      'a: &\n',
      'a:\n  x\n  y\n', // a plain scalar over two lines
      'a: x\n  y\n',
      // The lexer's indentation quirk: a blank line before `#x` lowers it, so `-#bad` goes on to the next line.
      'a:\n   - # tail\n\n#x\n     -#bad\n   - # c\n',
      'a: "x\n  y"\n', // a quoted scalar over two lines
      'a: "\\q"\n', // an escape yaml rejects
      'a: "\\x4"\n',
      'a: [[1]]\n', // nested flow collections
      'a: [a: 1]\n',
      'a: [,1]\n',
      'a: [1,,2]\n',
      'a: [1\n', // not closed
      'a: [\n1]\n', // a flow line not indented enough
      'a: {b}\n',
      'a: { k: "v"\n# no blank before this comment: yaml reports it\n}\n',
      'a: [x\n  y]\n', // a plain scalar over two lines in a flow
      'a: |x\n  y\n', // a bad block scalar header
      'k:\n  a: |\n      y\n     z\n', // a block scalar line indented less than its first
      'a: |\n\tx\n',
      'a: @x\n',
      'a: `x\n',
      'a: %x\n',
      'a: |', // a block scalar header at the end of the text
      'a:\n  b: 1\n c: 2\n', // a key at an indentation of no map
      'a: 1\nb\n', // a key without `:`
      'a: "x"y\n',
      'a: 1 #c\n  b: 2\n',
    ];
    for (const text of declined) assertSame(text, false);
  });

  it('leaves deep nesting to yaml, and reads long flow collections and comment runs in one pass', () => {
    // yaml reports a stack overflow as RESOURCE_EXHAUSTION at a depth that depends on its caller's stack.
    assertSame(Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + 'k:\n').join('') + ' '.repeat(1000) + 'v: 1\n', false);
    assertSame('a:\n' + Array.from({ length: 500 }, (_, i) => ' '.repeat(2 * i) + '- k:\n').join('') + ' '.repeat(1000) + '- 1\n', false);
    assertSame(Array.from({ length: 90 }, (_, i) => ' '.repeat(i) + 'k:\n').join('') + ' '.repeat(90) + 'v: 1\n', true);
    // Each item once: a scan to the line's end per item made these quadratic (a 4 MB line took 51 s).
    assertSame('a: [' + '1, '.repeat(20_000) + '"x"]\n', true);
    assertSame('a: {' + Array.from({ length: 10_000 }, (_, i) => `k${i}: v`).join(', ') + '}\n', true);
    // Blank lines then indented comments after a block scalar: each comment looked back over every blank line.
    assertSame('a:\n  b: |\n    x\n' + '\n'.repeat(20_000) + '   # c\n'.repeat(20_000) + 'c: 1\n', true);
  });

  it('builds what parseDocument builds for every corpus Compose file, and reads almost all of them', () => {
    const files = composeCorpus();
    let read = 0;
    for (const { rel, text } of files) {
      const r = check(text);
      if (r !== 'declined' && r !== 'same') assert.fail(`${rel}: ${r}`);
      if (r === 'same') read++;
    }
    // 491 of 492 on the corpus when written (the one left holds only comments).
    assert.ok(read >= files.length - 5, `the reader read ${read} of ${files.length} corpus Compose files`);
  });

  it('gives the same findings as parseDocument on a Compose file the reader reads', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'compose.yaml'), 'utf8');
    assert.notEqual(readComposeYaml(text), undefined);
    const findings = lint({ path: '/x/compose.yaml', text, kind: 'compose' }).findings;
    assert.ok(findings.length > 0);
  });

  it('builds what parseDocument builds for generated documents', () => {
    const scalar = fc.constantFrom(
      'a', 'x y', '1', '-1', '0o7', '0x1F', '1.5', '1e3', '.inf', 'true', 'False', 'null', '~', '"q"', '"a\\"b\\\\c"', '"\\x41\\u00e9\\n"', "'s''t'", "''", '""',
      'a:b', 'http://h:80/p', 'a#b', '*a', '*b', '[1, "2"]', '[ ]', '{a: 1, b: "x"}', '{}', '[*a, *b]', '[a, b,]', '[1,\n  2]', '[\n "x", # c\n\n y\n]', '{\n  a: 1, # c\n# d\n  b: "x"\n}', '{ a: "1"\n# d\n}', '{ a: "1"\n\n# d\n }', '[\n# c\n  a,\n]',
      '|\n  line1\n  line2\n', '>-\n  folded\n  text\n\n', '|+\n  keep\n\n', '|2\n   two\n', '>\n\n  a\n   b\n  c\n',
      '- x', '& a', '!tag x', '? k', '@x', '%x', '-#x', ':x',
    );
    const trivia = fc.constantFrom('', '', '', '\n', '\n\n', '   \n', '# c\n', '  # c\n', '      # deep\n', '# c\n\n', ' \n# x\n', '\n#x\n');
    const tail = fc.constantFrom('', '', ' # tail', '  #t', '#bad', '   ');
    type V = { kind: 'empty' } | { kind: 'scalar'; s: string } | { kind: 'map'; entries: [string, V, string, string, string][]; step: number } | { kind: 'seq'; items: [V, string, string][]; step: number };
    const tree = fc.letrec<{ value: V; map: V; seq: V }>((tie) => ({
      map: fc
        .tuple(fc.array(fc.tuple(fc.constantFrom('k', 'image', '<<', '"q k"', "'s'", 'a b', '1', 'true', 'x:y'), tie('value'), trivia, tail, fc.constantFrom('', '', '&a ', '&b ')), { minLength: 1, maxLength: 4 }), fc.constantFrom(1, 2, 3, 4))
        .map(([entries, step]) => ({ kind: 'map', entries, step })),
      seq: fc.tuple(fc.array(fc.tuple(tie('value'), trivia, tail), { minLength: 1, maxLength: 3 }), fc.constantFrom(0, 1, 2)).map(([items, step]) => ({ kind: 'seq', items, step })),
      value: fc.oneof({ depthSize: 'small' }, fc.constant({ kind: 'empty' } as V), scalar.map((s) => ({ kind: 'scalar', s }) as V), tie('map'), tie('seq')),
    }));
    const render = (v: V, ind: number, out: string[], firstInSeq = false): void => {
      const pad = ' '.repeat(ind);
      const inline = (s: string, com: string): string => `${s.replace(/\n(?=.)/g, '\n' + pad)}${s.endsWith('\n') ? '' : com + '\n'}`;
      if (v.kind === 'map') {
        v.entries.forEach(([k, val, triv, com, anchor], idx) => {
          out.push(triv);
          const lead = firstInSeq && idx === 0 ? '' : pad;
          if (val.kind === 'map' || val.kind === 'seq') {
            out.push(`${lead}${k}:${anchor ? ' ' + anchor.trim() : ''}${com}\n`);
            render(val, ind + (val.kind === 'seq' ? v.step - 1 : v.step), out);
          } else if (val.kind === 'empty') out.push(`${lead}${k}:${com}\n`);
          else out.push(`${lead}${k}: ${anchor}${inline(val.s, com)}`);
        });
      } else if (v.kind === 'seq') {
        for (const [val, triv, com] of v.items) {
          out.push(triv);
          if (val.kind === 'map') {
            out.push(`${pad}- `);
            render(val, ind + 2, out, true);
          } else if (val.kind === 'seq') {
            out.push(`${pad}-${com}\n`);
            render(val, ind + 2, out);
          } else if (val.kind === 'empty') out.push(`${pad}-${com}\n`);
          else out.push(`${pad}- ${inline(val.s, com)}`);
        }
      }
    };
    const doc = fc
      .tuple(tree.map, fc.constantFrom('', '---\n', '# head\n\n', '--- # c\n'), fc.constantFrom('', '\n', '# end\n', '  # end\n', '\n\n', ' '))
      .map(([m, head, end]) => {
        const out = [head];
        render(m, 0, out);
        return out.join('') + end;
      });
    agreesOn(doc, 'generated documents');
  });

  it('builds what parseDocument builds for edited corpus files', () => {
    const texts = composeCorpus()
      .map((f) => f.text)
      .filter((t) => t.length < 8000);
    const pieces = ['# c', '', '   ', '- ', '-', ':', ': ', '#', ' # x', '&a ', '*a', '[', ']', '{', '}', ',', '"', "'", '|', '>', '|-', ' ', 'x', 'key: v', '- a', '<<: *a', 'a: &a', '  b: 1', '"q"', '[1, 2]', '{a: 1}', '---', '? ', '!t ', '"a\\"b"', '1.5', 'true', '~', '#x'];
    const edit = fc.tuple(fc.nat(), fc.nat(100), fc.constantFrom('delete', 'duplicate', 'insert', 'indent', 'dedent', 'append', 'prepend', 'swap', 'truncate', 'value'), fc.constantFrom(...pieces), fc.nat(8));
    const input = fc.tuple(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([k, edits]) => {
      let lines = texts[k]!.split('\n');
      for (const [a, b, op, piece, indent] of edits) {
        const i = a % Math.max(1, lines.length);
        const line = lines[i] ?? '';
        switch (op) {
          case 'delete':
            lines.splice(i, 1);
            break;
          case 'duplicate':
            lines.splice(i, 0, line);
            break;
          case 'insert':
            lines.splice(i, 0, ' '.repeat(indent) + piece);
            break;
          case 'indent':
            lines[i] = ' '.repeat(1 + (b % 2)) + line;
            break;
          case 'dedent':
            lines[i] = line.replace(/^ {1,2}/, '');
            break;
          case 'append':
            lines[i] = line + piece;
            break;
          case 'prepend':
            lines[i] = ' '.repeat(indent) + piece + line.trimStart();
            break;
          case 'swap': {
            const j = b % Math.max(1, lines.length);
            lines[i] = lines[j] ?? '';
            lines[j] = line;
            break;
          }
          case 'truncate': {
            const t = lines.join('\n');
            lines = t.slice(0, Math.floor((t.length * b) / 100)).split('\n');
            break;
          }
          case 'value':
            lines[i] = line.replace(/: .*$/, ': ' + piece);
            break;
        }
      }
      return lines.join('\n');
    });
    agreesOn(input, 'edited files');
  });
});
