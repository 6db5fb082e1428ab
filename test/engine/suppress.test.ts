import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, lint, type Span } from '../../server/engine';

before(async () => {
  await initEngine();
});

const at = (text: string, s: Span): string => text.slice(s.start, s.end);
/** [ruleId, text at the span, 1-based line] of every finding. */
function findings(path: string, text: string, only?: string[]) {
  const res = lint({ path, text });
  assert.deepEqual(res.failures, []);
  return res.findings
    .filter((f) => !only || only.includes(f.ruleId))
    .map((f) => [f.ruleId, at(text, f.span), res.lines.oneBased(f.span.start).line]);
}
const DF = '/w/Dockerfile';
const DC = '/w/compose.yaml';
const ONLY_D = ['BH103', 'BH902', 'BH903'];
const ONLY_C = ['BH204', 'BH902', 'BH903'];

describe('suppressions in Dockerfiles', () => {
  it('without a suppression BH103 reports', () => {
    assert.deepEqual(findings(DF, 'FROM node\n', ONLY_D), [['BH103', 'node', 1]]);
  });

  it('by id, with a reason, before FROM', () => {
    assert.deepEqual(findings(DF, '# bulkhead-ignore BH103 -- pinned by CI\nFROM node\n', ONLY_D), []);
  });

  it('by name, and across blank lines and other comments', () => {
    assert.deepEqual(findings(DF, '# bulkhead-ignore untagged-base-image\n\n# another comment\n\nFROM node\n', ONLY_D), []);
  });

  it('covers only the next instruction', () => {
    assert.deepEqual(findings(DF, '# bulkhead-ignore BH103\nFROM node AS a\nFROM alpine\n', ONLY_D), [['BH103', 'alpine', 3]]);
  });

  it('covers a continued instruction', () => {
    assert.deepEqual(findings(DF, '# bulkhead-ignore BH103\nFROM \\\n  node\n', ONLY_D), []);
  });

  it('bulkhead-ignore-file covers the whole file', () => {
    assert.deepEqual(findings(DF, 'FROM node AS a\n# bulkhead-ignore-file BH103 -- legacy\nFROM alpine\n', ONLY_D), []);
  });

  it('an unused suppression is BH902 at the rule id', () => {
    const text = '# bulkhead-ignore BH103 -- stale\nFROM node:20\n';
    const res = lint({ path: DF, text });
    const f = res.findings.filter((x) => x.ruleId === 'BH902');
    assert.deepEqual(f.map((x) => [x.severity, at(text, x.span), x.span]), [['info', 'BH103', { start: 18, end: 23 }]]);
    assert.equal(f[0]!.fixes.length, 1);
  });

  it('one rule used, another unused on the same line', () => {
    const text = '# bulkhead-ignore BH103, root-user\nFROM node\n';
    const res = lint({ path: DF, text });
    const bh902 = res.findings.filter((x) => x.ruleId === 'BH902');
    const bh103 = res.findings.filter((x) => x.ruleId === 'BH103');
    assert.deepEqual(bh103, []);
    // root-user reports at the end of the stage or not at all; either way the span is the name.
    for (const x of bh902) assert.equal(at(text, x.span), 'root-user');
  });

  it('an unknown rule is BH903 at the name; no rule at all is BH903 at the comment', () => {
    const text = '# bulkhead-ignore BH999\nFROM node:20\n# bulkhead-ignore\nFROM alpine:3\n';
    assert.deepEqual(findings(DF, text, ONLY_D), [
      ['BH903', 'BH999', 1],
      ['BH903', '# bulkhead-ignore', 3],
    ]);
  });

  it('a suppression comment inside a continued RUN covers the rest of that RUN', () => {
    const text = 'FROM node:20 AS a\nRUN echo a \\\n  # bulkhead-ignore BH103\n  && echo b\nFROM node\n';
    // The comment belongs to the RUN (Docker drops it); the next construct is the RUN's own line, not the FROM.
    assert.deepEqual(findings(DF, text, ONLY_D), [
      ['BH902', 'BH103', 3],
      ['BH103', 'node', 5],
    ]);
  });

  it('suppressions work with CRLF', () => {
    assert.deepEqual(findings(DF, '# bulkhead-ignore BH103\r\nFROM node\r\n', ONLY_D), []);
    assert.deepEqual(findings(DF, '# bulkhead-ignore BH103\r\nFROM node:1\r\n', ONLY_D), [['BH902', 'BH103', 1]]);
  });
});

describe('suppressions in Compose files', () => {
  it('a key suppression covers the block under it', () => {
    const text = 'services:\n  # bulkhead-ignore BH204 -- dev only\n  web:\n    image: nginx\n  db:\n    image: postgres\n';
    assert.deepEqual(findings(DC, text, ONLY_C), [['BH204', 'postgres', 6]]);
  });

  it('on the image key itself', () => {
    const text = 'services:\n  web:\n    # bulkhead-ignore BH204\n    image: nginx\n';
    assert.deepEqual(findings(DC, text, ONLY_C), []);
  });

  it('file-wide, unused and unknown', () => {
    assert.deepEqual(findings(DC, '# bulkhead-ignore-file BH204\nservices:\n  a:\n    image: x\n  b:\n    image: y\n', ONLY_C), []);
    assert.deepEqual(findings(DC, 'services:\n  # bulkhead-ignore BH204 BH1234\n  a:\n    image: x:1\n', ONLY_C), [
      ['BH902', 'BH204', 2],
      ['BH903', 'BH1234', 2],
    ]);
  });
});
