import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, lint, fixAll, applyEdits } from '../index';

const lintDockerfile = (text: string) => lint({ path: '/w/Dockerfile', text });

describe('unused suppression fix (BH902)', () => {
  before(() => initEngine());

  it('removes a comment whose only rule suppresses nothing, keeping CRLF', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['FROM node:20 AS build', '# bulkhead-ignore BH103 -- pinned upstream', 'FROM node:20', 'USER node', ''].join(eol);
      const res = lintDockerfile(text);
      const f = res.findings.find((x) => x.ruleId === 'BH902');
      assert.ok(f, 'BH902 reported');
      assert.equal(text.slice(f.span.start, f.span.end), 'BH103');
      assert.deepEqual(f.fixes.map((x) => [x.title, x.safe]), [['Remove the unused suppression comment', true]]);
      assert.equal(applyEdits(text, f.fixes[0]!.edits), ['FROM node:20 AS build', 'FROM node:20', 'USER node', ''].join(eol));
    }
  });

  it('removes only the unused id when the comment names several, keeping the separator', () => {
    const text = '# bulkhead-ignore BH201, BH103 -- legacy\nFROM ubuntu\nUSER 1000\n';
    const res = lintDockerfile(text);
    const unused = res.findings.filter((x) => x.ruleId === 'BH902');
    assert.deepEqual(unused.map((u) => text.slice(u.span.start, u.span.end)), ['BH201']);
    const fix = unused[0]!.fixes[0]!;
    assert.equal(fix.title, 'Remove BH201 from the suppression comment');
    assert.equal(applyEdits(text, fix.edits), '# bulkhead-ignore BH103 -- legacy\nFROM ubuntu\nUSER 1000\n');
  });

  it('removes the last line of a file that has no final line break', () => {
    const text = 'FROM alpine:3.20\nUSER 1000\n# bulkhead-ignore-file BH103';
    const f = lintDockerfile(text).findings.find((x) => x.ruleId === 'BH902')!;
    assert.equal(applyEdits(text, f.fixes[0]!.edits), 'FROM alpine:3.20\nUSER 1000');
  });

  it('runs in fix-all, which leaves unsafe fixes alone', () => {
    const text = '# bulkhead-ignore BH103 -- nothing here\nFROM alpine:3.20\nCMD ["sh"]\n';
    const out = fixAll({ path: '/w/Dockerfile', text });
    assert.equal(out.text, 'FROM alpine:3.20\nCMD ["sh"]\n');
    assert.equal(out.applied, 1);
  });
});
