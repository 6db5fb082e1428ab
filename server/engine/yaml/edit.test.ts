import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isMap, isPair, isScalar, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyEdits, parseCompose, type ComposeModel, type TextEdit } from '../index';
import { appendSeqItem, insertPair, removePair, removeSeqItem, setEmptyValue } from './edit';

/** The pair at a path of keys (no aliases followed). */
function pairAt(model: ComposeModel, ...path: string[]): Pair {
  let node: unknown = model.doc?.contents;
  let pair: Pair | undefined;
  for (const key of path) {
    assert.ok(isMap(node), `not a map at ${key}`);
    pair = (node as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
    assert.ok(pair, `no key ${key}`);
    node = pair.value;
  }
  return pair!;
}

function mapAt(model: ComposeModel, ...path: string[]): YAMLMap {
  const v = pairAt(model, ...path).value;
  assert.ok(isMap(v), 'not a map');
  return v as YAMLMap;
}

function seqAt(model: ComposeModel, ...path: string[]): YAMLSeq {
  const v = pairAt(model, ...path).value;
  assert.ok(isSeq(v), 'not a sequence');
  return v as YAMLSeq;
}

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/**
 * Runs an edit on `input` as written (LF) and with CRLF line endings; the
 * result must be `expected` (converted alike) and must parse without errors.
 */
function editCase(name: string, input: string, edit: (m: ComposeModel) => TextEdit[] | undefined, expected: string | undefined): void {
  for (const [label, conv] of [['LF', (s: string) => s], ['CRLF', crlf]] as const) {
    if (label === 'CRLF' && !input.includes('\n')) continue;
    it(`${name} [${label}]`, () => {
      const text = conv(input);
      const model = parseCompose(text);
      assert.deepEqual(model.problems, [], 'input parses');
      const edits = edit(model);
      if (expected === undefined) {
        assert.equal(edits, undefined, 'no edit expected');
        return;
      }
      assert.ok(edits, 'an edit was expected');
      const out = applyEdits(text, edits);
      assert.equal(out, conv(expected));
      assert.deepEqual(parseCompose(out).problems, [], 'output parses');
    });
  }
}

describe('yaml/edit removePair', () => {
  editCase(
    'block: the whole line goes, comments on other lines stay',
    'web:\n  image: x\n  # keep me\n  privileged: true  # and this goes\n  ports:\n    - 80\n',
    (m) => removePair(m, pairAt(m, 'web', 'privileged')),
    'web:\n  image: x\n  # keep me\n  ports:\n    - 80\n',
  );
  editCase('block: first pair', 'web:\n    privileged: true\n    image: x\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web:\n    image: x\n');
  editCase(
    'block: a pair with a block value loses all its lines',
    'web:\n  cap_add:\n    - A\n    - B\n  image: x\n',
    (m) => removePair(m, pairAt(m, 'web', 'cap_add')),
    'web:\n  image: x\n',
  );
  editCase(
    'block: a commented-out item under the pair stays',
    'web:\n  cap_add:\n    - A\n    # - B\n  image: x\n',
    (m) => removePair(m, pairAt(m, 'web', 'cap_add')),
    'web:\n    # - B\n  image: x\n',
  );
  editCase('block: last line without a line break', 'web:\n  image: x\n  privileged: true', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web:\n  image: x');
  editCase('block: the only pair moves {} up to its key', 'web:\n  # keep\nx:\n  privileged: true\ny: 1\n', (m) => removePair(m, pairAt(m, 'x', 'privileged')), 'web:\n  # keep\nx: {}\ny: 1\n');
  editCase('block: the only item, a comment before it stays', 'c: # list\n  - A\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'c: # list\n  []\n');
  editCase('block: the only pair leaves {}', 'x-base: &b\n  privileged: true # why\ns:\n  <<: *b\n', (m) => removePair(m, pairAt(m, 'x-base', 'privileged')), 'x-base: &b\n  {} # why\ns:\n  <<: *b\n');
  editCase('block: pair with an empty value', 'web:\n  privileged:\n  image: x\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web:\n  image: x\n');
  editCase('block: quoted key', 'web:\n  "privileged": "true"\n  image: x\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web:\n  image: x\n');
  editCase('flow: first pair and its comma', 'web: {privileged: true, image: x}\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web: {image: x}\n');
  editCase('flow: last pair and the comma before it', 'web: { image: x , privileged: true }\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web: { image: x }\n');
  editCase('flow: middle pair', 'web: {a: 1, privileged: true, b: 2}\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web: {a: 1, b: 2}\n');
  editCase('flow: the only pair', 'web: {privileged: true}\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web: {}\n');
  editCase('flow: the only pair with a trailing comma', 'web: {privileged: true,}\n', (m) => removePair(m, pairAt(m, 'web', 'privileged')), 'web: {}\n');
  editCase(
    'flow: a pair on its own line of a multi-line map',
    'web: {\n  privileged: true,  # why\n  image: x\n}\n',
    (m) => removePair(m, pairAt(m, 'web', 'privileged')),
    'web: {\n  image: x\n}\n',
  );
  editCase(
    'flow: a comment after the comma stays',
    'web: {a: 1, # c\n  b: 2}\n',
    (m) => removePair(m, pairAt(m, 'web', 'a')),
    'web: { # c\n  b: 2}\n',
  );
  editCase(
    'map in a sequence item: the next pair moves behind the dash',
    'list:\n  - privileged: true\n    image: x\n',
    (m) => {
      const seq = seqAt(m, 'list');
      const map = seq.items[0] as YAMLMap;
      return removePair(m, map.items[0] as Pair);
    },
    'list:\n  - image: x\n',
  );
  editCase(
    'an anchor used elsewhere is not removed',
    'a:\n  caps: &c [X]\n  image: x\nb:\n  caps: *c\n',
    (m) => removePair(m, pairAt(m, 'a', 'caps')),
    undefined,
  );
  editCase('an anchor used only inside the pair can go', 'a:\n  x: &c 1\n  y: 2\n', (m) => removePair(m, pairAt(m, 'a', 'x')), 'a:\n  y: 2\n');
});

describe('yaml/edit removeSeqItem', () => {
  editCase('block: indented items', 'cap_add:\n  - A\n  - B   # why\n  - C\n', (m) => removeSeqItem(m, seqAt(m, 'cap_add'), 1), 'cap_add:\n  - A\n  - C\n');
  editCase('block: items not indented', 's:\n  cap_add:\n  - A\n  - B\n  image: x\n', (m) => removeSeqItem(m, seqAt(m, 's', 'cap_add'), 0), 's:\n  cap_add:\n  - B\n  image: x\n');
  editCase('block: last item without a line break', 'c:\n  - A\n  - B', (m) => removeSeqItem(m, seqAt(m, 'c'), 1), 'c:\n  - A');
  editCase('block: the only item leaves []', 'c:\n  - A  # why\nd: 1\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'c: []  # why\nd: 1\n');
  editCase('block: an item with an anchor', 'c:\n  - &x A\n  - B\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'c:\n  - B\n');
  editCase('block: an anchored item still used is kept', 'c:\n  - &x A\n  - B\nd: *x\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), undefined);
  editCase('block: an alias item', 'x: &x A\nc:\n  - *x\n  - B\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'x: &x A\nc:\n  - B\n');
  editCase('flow: first', 'c: [A, B, C]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'c: [B, C]\n');
  editCase('flow: middle', 'c: [A, B, C]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 1), 'c: [A, C]\n');
  editCase('flow: last', 'c: [ "A" , \'B\' ]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 1), 'c: [ "A" ]\n');
  editCase('flow: only', 'c: [A]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'c: []\n');
  editCase('flow: multi-line, last', 'c: [\n  A,\n  B\n]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 1), 'c: [\n  A\n]\n');
  editCase('flow: multi-line, first', 'c: [\n  A,\n  B\n]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 0), 'c: [\n  B\n]\n');
  editCase('flow: last with a comment before it', 'c: [A, # c\n  B]\n', (m) => removeSeqItem(m, seqAt(m, 'c'), 1), 'c: [A # c\n  ]\n');
});

describe('yaml/edit appendSeqItem', () => {
  editCase('block: indented, under the last item', 's:\n  cap_drop:\n    - CHOWN  # c\n  image: x\n', (m) => appendSeqItem(m, seqAt(m, 's', 'cap_drop'), 'ALL'), 's:\n  cap_drop:\n    - CHOWN  # c\n    - ALL\n  image: x\n');
  editCase('block: not indented', 's:\n  cap_drop:\n  - CHOWN\n', (m) => appendSeqItem(m, seqAt(m, 's', 'cap_drop'), 'ALL'), 's:\n  cap_drop:\n  - CHOWN\n  - ALL\n');
  editCase('block: end of file without a line break', 'c:\n  - A', (m) => appendSeqItem(m, seqAt(m, 'c'), 'ALL'), 'c:\n  - A\n  - ALL');
  editCase('block: a value that needs quotes', 'c:\n  - A\n', (m) => appendSeqItem(m, seqAt(m, 'c'), 'a: b'), 'c:\n  - A\n  - "a: b"\n');
  editCase('flow: appended after the last element', 'c: [A, "B"]  # c\n', (m) => appendSeqItem(m, seqAt(m, 'c'), 'ALL'), 'c: [A, "B", ALL]  # c\n');
  editCase('flow: empty', 'c: []\n', (m) => appendSeqItem(m, seqAt(m, 'c'), 'ALL'), 'c: [ALL]\n');
});

describe('yaml/edit insertPair', () => {
  editCase(
    'block: after a given pair, at its column, with an indented sequence',
    'services:\n  web:\n    image: x\n    ports:\n      - 80\n',
    (m) => insertPair(m, mapAt(m, 'services', 'web'), 'cap_drop', { seq: ['ALL'] }, { after: pairAt(m, 'services', 'web', 'image') }),
    'services:\n  web:\n    image: x\n    cap_drop:\n      - ALL\n    ports:\n      - 80\n',
  );
  editCase(
    'block: sequences not indented in this file',
    'services:\n  web:\n    image: x\n    ports:\n    - 80\n',
    (m) => insertPair(m, mapAt(m, 'services', 'web'), 'cap_drop', { seq: ['ALL'] }),
    'services:\n  web:\n    image: x\n    ports:\n    - 80\n    cap_drop:\n    - ALL\n',
  );
  editCase(
    'block: flow sequences in this file',
    'services:\n    web:\n        image: x\n        ports: ["80:80"]\n',
    (m) => insertPair(m, mapAt(m, 'services', 'web'), 'cap_drop', { seq: ['ALL'] }, { after: pairAt(m, 'services', 'web', 'image') }),
    'services:\n    web:\n        image: x\n        cap_drop: [ALL]\n        ports: ["80:80"]\n',
  );
  editCase(
    'block: after a pair whose value has commented-out items',
    'web:\n  cap_add:\n    - A\n    # - B\n\n  image: x\n',
    (m) => insertPair(m, mapAt(m, 'web'), 'cap_drop', { seq: ['ALL'] }, { after: pairAt(m, 'web', 'cap_add') }),
    'web:\n  cap_add:\n    - A\n    # - B\n  cap_drop:\n    - ALL\n\n  image: x\n',
  );
  editCase('block: at the end of the file without a line break', 'web:\n  image: x', (m) => insertPair(m, mapAt(m, 'web'), 'read_only', { raw: 'true' }), 'web:\n  image: x\n  read_only: true');
  editCase('block: a scalar that needs quotes', 'web:\n  image: x\n', (m) => insertPair(m, mapAt(m, 'web'), 'user', '1000:1000'), 'web:\n  image: x\n  user: "1000:1000"\n');
  editCase('flow: appended', 'web: {image: x}\n', (m) => insertPair(m, mapAt(m, 'web'), 'cap_drop', { seq: ['ALL'] }), 'web: {image: x, cap_drop: [ALL]}\n');
  editCase('flow: after a given pair', 'web: {image: x, ports: [80]}\n', (m) => insertPair(m, mapAt(m, 'web'), 'cap_drop', { seq: ['ALL'] }, { after: pairAt(m, 'web', 'image') }), 'web: {image: x, cap_drop: [ALL], ports: [80]}\n');
  editCase('flow: empty', 'web: {}\n', (m) => insertPair(m, mapAt(m, 'web'), 'cap_drop', { seq: ['ALL'] }), 'web: {cap_drop: [ALL]}\n');
  editCase('a pair of another map is refused', 'a: {x: 1}\nb: {y: 2}\n', (m) => insertPair(m, mapAt(m, 'a'), 'z', 'v', { after: pairAt(m, 'b', 'y') }), undefined);
});

describe('yaml/edit setEmptyValue', () => {
  editCase(
    'block: an empty service gets a block body',
    'services:\n  web:\n  db:\n    image: x\n    cap_add:\n      - A\n',
    (m) => setEmptyValue(m, pairAt(m, 'services', 'web'), { map: [['cap_drop', { seq: ['ALL'] }]] }),
    'services:\n  web:\n    cap_drop:\n      - ALL\n  db:\n    image: x\n    cap_add:\n      - A\n',
  );
  editCase(
    'block: a comment on the key line stays there',
    'services:\n    web:   # todo\n',
    (m) => setEmptyValue(m, pairAt(m, 'services', 'web'), { map: [['cap_drop', { seq: ['ALL'] }]] }),
    'services:\n    web:   # todo\n        cap_drop:\n            - ALL\n',
  );
  editCase(
    'block: an explicit null is replaced',
    'services:\n  web: ~ # c\n',
    (m) => setEmptyValue(m, pairAt(m, 'services', 'web'), { map: [['cap_drop', { seq: ['ALL'] }]] }),
    'services:\n  web: # c\n    cap_drop:\n      - ALL\n',
  );
  editCase('block: an inline value', 'web:\n  cap_drop:\n  image: x\n', (m) => setEmptyValue(m, pairAt(m, 'web', 'cap_drop'), { seq: [] }), 'web:\n  cap_drop: []\n  image: x\n');
  editCase('block: an inline value replaces null', 'web:\n  cap_drop: null\n', (m) => setEmptyValue(m, pairAt(m, 'web', 'cap_drop'), { raw: 'true' }), 'web:\n  cap_drop: true\n');
  editCase('block: end of file without a line break', 'web:', (m) => setEmptyValue(m, pairAt(m, 'web'), { map: [['cap_drop', { seq: ['ALL'] }]] }), 'web:\n  cap_drop:\n    - ALL');
  editCase('flow: implicit null', 's: {web: , db: 1}\n', (m) => setEmptyValue(m, pairAt(m, 's', 'web'), { map: [['cap_drop', { seq: ['ALL'] }]] }), 's: {web: {cap_drop: [ALL]} , db: 1}\n');
  editCase('flow: a key without a colon', 's: {web, db: 1}\n', (m) => setEmptyValue(m, pairAt(m, 's', 'web'), { seq: ['ALL'] }), 's: {web: [ALL], db: 1}\n');
  editCase('a value that is not empty is refused', 'web:\n  image: x\n', (m) => setEmptyValue(m, pairAt(m, 'web', 'image'), 'y'), undefined);
});
