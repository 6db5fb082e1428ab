import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/engine';
import { coalesceEdits } from '../../server/engine/fix/apply';

describe('coalesceEdits', () => {
  it('merges an insertion with a replacement that starts at the same offset, insertion first (found by the fuzzer)', () => {
    const text = 'ARG TOKEN=x\nFROM a\n';
    const edits = [
      { start: 0, end: 12, text: '' },
      { start: 0, end: 0, text: '# syntax=docker/dockerfile:1\n' },
    ];
    const merged = coalesceEdits(edits);
    assert.deepEqual(merged, [{ start: 0, end: 12, text: '# syntax=docker/dockerfile:1\n' }]);
    assert.equal(applyEdits(text, merged), '# syntax=docker/dockerfile:1\nFROM a\n');
  });

  it('keeps other edits as they are, in document order', () => {
    const edits = [
      { start: 10, end: 12, text: 'b' },
      { start: 0, end: 0, text: 'x' },
      { start: 0, end: 0, text: 'y' },
      { start: 5, end: 5, text: 'z' },
    ];
    assert.deepEqual(coalesceEdits(edits), [
      { start: 0, end: 0, text: 'xy' },
      { start: 5, end: 5, text: 'z' },
      { start: 10, end: 12, text: 'b' },
    ]);
  });
});
