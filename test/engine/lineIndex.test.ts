import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex, normaliseLoneCR } from '../../server/engine';

describe('LineIndex', () => {
  it('empty text has one empty line', () => {
    const li = new LineIndex('');
    assert.deepEqual(li.lineStarts, [0]);
    assert.equal(li.lineCount, 1);
    assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(5), { line: 0, character: 0 });
    assert.equal(li.offsetAt({ line: 0, character: 3 }), 0);
    assert.equal(li.lineText(0), '');
    assert.equal(li.lineBreakOf(0), '');
    assert.equal(li.eol, '\n');
    assert.deepEqual(li.oneBased(0), { line: 1, column: 1 });
  });

  it('\\n, with and without a trailing newline', () => {
    const a = new LineIndex('ab\ncd');
    assert.deepEqual(a.lineStarts, [0, 3]);
    assert.deepEqual(a.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(a.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(a.positionAt(5), { line: 1, character: 2 });
    assert.equal(a.lineText(1), 'cd');
    assert.equal(a.lineBreakOf(0), '\n');
    assert.equal(a.lineBreakOf(1), '');
    const b = new LineIndex('ab\ncd\n');
    assert.deepEqual(b.lineStarts, [0, 3, 6]);
    assert.equal(b.lineCount, 3);
    assert.deepEqual(b.positionAt(6), { line: 2, character: 0 });
    assert.equal(b.lineText(2), '');
    assert.equal(b.lineContentEnd(1), 5);
  });

  it('\\r\\n counts as one break and columns stop before it', () => {
    const li = new LineIndex('ab\r\ncd\r\n');
    assert.deepEqual(li.lineStarts, [0, 4, 8]);
    assert.equal(li.lineContentEnd(0), 2);
    assert.deepEqual(li.positionAt(3), { line: 0, character: 3 });
    assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
    assert.equal(li.lineBreakOf(0), '\r\n');
    assert.equal(li.lineText(0), 'ab');
    assert.equal(li.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(li.offsetAt({ line: 1, character: 1 }), 5);
    assert.equal(li.eol, '\r\n');
  });

  it('a lone \\r is a line break', () => {
    const li = new LineIndex('a\rb\rc');
    assert.deepEqual(li.lineStarts, [0, 2, 4]);
    assert.deepEqual(li.positionAt(4), { line: 2, character: 0 });
    assert.equal(li.lineBreakOf(1), '\r');
    assert.equal(li.lineText(1), 'b');
    assert.equal(li.eol, '\r');
  });

  it('mixed line breaks', () => {
    const text = 'a\nb\r\nc\rd\n\re';
    const li = new LineIndex(text);
    assert.deepEqual(li.lineStarts, [0, 2, 5, 7, 9, 10]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((l) => li.lineBreakOf(l)), ['\n', '\r\n', '\r', '\n', '\r', '']);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((l) => li.lineText(l)), ['a', 'b', 'c', 'd', '', 'e']);
    // Two \n, one \r\n, two \r: \n wins ties with \r.
    assert.equal(li.eol, '\n');
    assert.equal(new LineIndex('a\r\nb\r\nc\nd').eol, '\r\n');
    assert.equal(new LineIndex('a\r\nb\nc').eol, '\n');
    assert.equal(new LineIndex('no break').eol, '\n');
  });

  it('astral characters count as two UTF-16 units', () => {
    const text = '😀x\n😀😀y';
    const li = new LineIndex(text);
    assert.deepEqual(li.positionAt(2), { line: 0, character: 2 });
    assert.equal(text[2], 'x');
    assert.deepEqual(li.positionAt(8), { line: 1, character: 4 });
    assert.equal(text[8], 'y');
    assert.equal(li.offsetAt({ line: 1, character: 4 }), 8);
    assert.deepEqual(li.oneBased(8), { line: 2, column: 5 });
  });

  it('offsetAt clamps lines and columns; positionAt clamps offsets', () => {
    const li = new LineIndex('ab\ncd');
    assert.equal(li.offsetAt({ line: -1, character: 5 }), 0);
    assert.equal(li.offsetAt({ line: 0, character: -4 }), 0);
    assert.equal(li.offsetAt({ line: 0, character: 10 }), 2);
    assert.equal(li.offsetAt({ line: 1, character: 10 }), 5);
    assert.equal(li.offsetAt({ line: 7, character: 0 }), 5);
    assert.deepEqual(li.positionAt(-3), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(100), { line: 1, character: 2 });
    assert.equal(li.lineStart(-1), 0);
    assert.equal(li.lineStart(9), 3);
  });

  it('offsetAt and positionAt are inverse on every offset', () => {
    const text = 'x\r\n😀\ry\n\n z\r\n';
    const li = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = li.positionAt(o);
      // Offsets inside a \r\n map to the end of the line's content.
      const back = li.offsetAt(p);
      assert.equal(back, Math.min(o, li.lineContentEnd(p.line)), `offset ${o}`);
    }
  });

  it('oneBased is 1-based line and column', () => {
    const li = new LineIndex('FROM a\r\nRUN b');
    assert.deepEqual(li.oneBased(8), { line: 2, column: 1 });
    assert.deepEqual(li.oneBased(12), { line: 2, column: 5 });
  });

  it('normaliseLoneCR keeps length and \\r\\n', () => {
    assert.equal(normaliseLoneCR('a\rb\r\nc\r'), 'a\nb\r\nc\n');
    assert.equal(normaliseLoneCR('plain'), 'plain');
  });

  it('finds every line start, on generated texts with and without carriage returns', () => {
    // The reference: a line starts after each `\r\n`, lone `\r` and `\n`.
    const reference = (t: string): number[] => {
      const out = [0];
      const rx = /\r\n|\r|\n/g;
      for (let m = rx.exec(t); m; m = rx.exec(t)) out.push(m.index + m[0].length);
      return out;
    };
    const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\n\n', '\r', '\r\n', '\ud83d\ude00'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        assert.deepEqual(new LineIndex(t).lineStarts, reference(t));
      }),
      { numRuns: 2000 },
    );
  });
});
