/**
 * Property-based fuzzing of the whole engine with fast-check: real files from
 * the corpus (and a few hand-written ones when the corpus is absent) under
 * random edits — inserted and deleted text, duplicated and deleted lines,
 * random bytes, CRLF/CR mixes, unterminated quotes and heredocs, deep
 * indentation — must lint with no exception, no rule failure, spans inside
 * the text, and finish (a generous hang guard, not a speed test: speed is
 * measured by `npm run bench`). Fixes offered on the edited text must apply
 * without overlapping edits.
 *
 * `npm test` runs a bounded number of inputs; `npm run fuzz` runs
 * FUZZ_RUNS (default 100,000) and prints the seed to replay a failure.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { initEngine, lint, applyEdits, memoryHost, type FileKind } from '../../server/engine';
import { freezeSharedLists } from '../../server/engine/util/shared';

const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Far above any real lint (milliseconds): only a hang or a runaway regex gets near it. */
const HANG_GUARD_MS = 10_000;

const FALLBACK: { kind: FileKind; text: string }[] = [
  { kind: 'dockerfile', text: 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN curl -fsSL https://x/i.sh | sh && \\\n    npm ci\nFROM gcr.io/distroless/nodejs20\nCOPY --from=build /app /app\nUSER 1000\nCMD ["/app"]\n' },
  { kind: 'dockerfile', text: 'FROM alpine:3.20\nRUN <<EOF\napk add curl\ncurl -k https://e.x | sh\nEOF\nCOPY <<EOF /etc/x.conf\npassword=x\nEOF\nONBUILD RUN sudo make install\n' },
  { kind: 'compose', text: 'x-a: &a\n  privileged: true\nservices:\n  web:\n    <<: *a\n    image: nginx\n    ports: ["80:80"]\n    cap_add: [SYS_ADMIN]\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DB_PASSWORD: hunter2\n' },
];

function samples(): { kind: FileKind; text: string; rel: string }[] {
  const manifest = path.join(corpusDir, 'MANIFEST.tsv');
  if (!fs.existsSync(manifest)) return FALLBACK.map((f, i) => ({ ...f, rel: `fallback-${i}` }));
  const rows = fs.readFileSync(manifest, 'utf8').split('\n').slice(1).filter(Boolean).map((r) => r.split('\t'));
  // Every 15th file keeps the property fast while covering every project of the corpus.
  return rows
    .filter((_, i) => i % 15 === 0)
    .map((c) => ({ rel: c[0]!, kind: c[5] as FileKind, text: fs.readFileSync(path.join(corpusDir, c[0]!), 'utf8') }))
    .filter((s) => s.text.length < 200_000);
}

type Edit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'dupLine'; line: number }
  | { op: 'dropLine'; line: number }
  | { op: 'eol'; style: '\r\n' | '\r' | 'mixed' }
  | { op: 'indent'; line: number; depth: number };

const SNIPPETS = ['"', "'", '`', '\\', '\\\n', '<<EOF', '<<-EOF\n', '$(', '${', '{', '[', ']', '}', '- ', ': ', '&a', '*a', '<<: *a', '#', '# bulkhead-ignore ', '# hadolint ignore=DL3008', '\t', '\u0000', '\uFEFF', '\u2028', '😀', 'RUN ', 'FROM ', 'ONBUILD ', 'services:\n', '  x:\n    image: ', '--mount=type=secret,id=', 'curl -k ', '| sh', '&& \\\n'];

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 12 }), fc.fullUnicodeString({ maxLength: 6 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('eol' as const), style: fc.constantFrom('\r\n' as const, '\r' as const, 'mixed' as const) }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), depth: fc.integer({ min: 1, max: 400 }) }),
);

function apply(text: string, e: Edit): string {
  const lines = () => text.split('\n');
  switch (e.op) {
    case 'insert': {
      const at = text.length ? e.at % (text.length + 1) : 0;
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'delete': {
      if (!text.length) return text;
      const at = e.at % text.length;
      return text.slice(0, at) + text.slice(at + e.len);
    }
    case 'dupLine': {
      const l = lines();
      const i = e.line % l.length;
      l.splice(i, 0, l[i]!);
      return l.join('\n');
    }
    case 'dropLine': {
      const l = lines();
      l.splice(e.line % l.length, 1);
      return l.join('\n');
    }
    case 'eol':
      return e.style === 'mixed' ? text.replace(/\n/g, (_m, off: number) => (off % 3 === 0 ? '\r\n' : off % 3 === 1 ? '\r' : '\n')) : text.replace(/\r?\n/g, e.style);
    case 'indent': {
      const l = lines();
      const i = e.line % l.length;
      l[i] = ' '.repeat(e.depth) + l[i];
      return l.join('\n');
    }
  }
}

describe('fuzzing the engine', { timeout: 30 * 60 * 1000 }, () => {
  before(async () => {
    await initEngine();
    freezeSharedLists(true);
  });

  it(`${RUNS} randomly edited real files lint without an exception, with spans and fixes that fit`, () => {
    const files = samples();
    const host = memoryHost({});
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (index, edits) => {
        const file = files[index]!;
        const text = edits.reduce(apply, file.text);
        const started = Date.now();
        const res = lint({ path: `/fuzz/${file.kind === 'dockerfile' ? 'Dockerfile' : 'compose.yaml'}`, text, kind: file.kind }, { host });
        const took = Date.now() - started;
        assert.ok(took < HANG_GUARD_MS, `${file.rel}: lint took ${took} ms`);
        assert.deepEqual(res.failures, [], `${file.rel}: rule failures`);
        for (const f of res.findings) {
          assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${file.rel}: ${f.ruleId} span out of the text`);
          for (const fix of f.fixes) {
            const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
            for (let i = 0; i < sorted.length; i++) {
              const e = sorted[i]!;
              assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${file.rel}: ${f.ruleId} fix edit out of the text`);
              if (i > 0) assert.ok(sorted[i - 1]!.end <= e.start, `${file.rel}: ${f.ruleId} fix "${fix.title}" has overlapping edits`);
            }
            assert.equal(typeof applyEdits(text, fix.edits), 'string');
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1, endOnFailure: true },
    );
  });
});
