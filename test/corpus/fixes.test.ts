/**
 * Every fix that any rule offers on the real-world corpus, applied alone to
 * the original file, does what a fix must: the file still parses (no new
 * BH900), the finding it was offered for is gone, and nothing outside the
 * edited ranges changed. Safe fixes and quick fixes alike: a person applies a
 * quick fix on exactly these files. (Up to four findings of each rule in each
 * file, which covers every rule on every file while keeping the run short.)
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine, lint, applyEdits, memoryHost, type FileKind, type Finding, type Fix } from '../../server/engine';
import { freezeSharedLists } from '../../server/engine/util/shared';

const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

function manifest(): { rel: string; kind: FileKind }[] {
  const file = path.join(corpusDir, 'MANIFEST.tsv');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((r) => {
      const cols = r.split('\t');
      return { rel: cols[0]!, kind: cols[5] as FileKind };
    });
}

/**
 * Fixes that leave their finding in place on purpose, each with the reason.
 * `rule/fix` ids; keep this list short and explained.
 */
const STAYS_BY_DESIGN: Record<string, string> = {
  // On a privileged service, cap_drop is put in place but BH203 keeps reporting until privileged mode goes (see its docs).
  'BH203/drop-all': 'privileged services keep BH203 until privileged mode is removed',
};

const key = (f: Finding): string => `${f.ruleId}\u0000${f.message}`;

/** The text outside the edits is the same before and after, in order. */
function onlyEditedRangesChanged(before: string, after: string, fix: Fix): boolean {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let delta = 0;
  let prevEnd = 0;
  for (const e of edits) {
    if (before.slice(prevEnd, e.start) !== after.slice(prevEnd + delta, e.start + delta)) return false;
    if (after.slice(e.start + delta, e.start + delta + e.text.length) !== e.text) return false;
    delta += e.text.length - (e.end - e.start);
    prevEnd = e.end;
  }
  return before.slice(prevEnd) === after.slice(prevEnd + delta);
}

const entries = manifest();

describe('every fix on the corpus', { timeout: 20 * 60 * 1000 }, () => {
  before(async () => {
    await initEngine();
    freezeSharedLists(true);
  });

  for (const kind of ['dockerfile', 'compose'] as const) {
    it(`${kind}s: each fix keeps the file parsable, clears its finding and changes only its ranges`, (t) => {
      const problems: string[] = [];
      const perRule = new Map<string, number>();
      let applied = 0;
      for (const e of entries.filter((x) => x.kind === kind)) {
        const abs = path.join(corpusDir, e.rel);
        const text = fs.readFileSync(abs, 'utf8');
        const host = memoryHost({});
        const res = lint({ path: abs, text, kind }, { host });
        if (res.findings.some((f) => f.ruleId === 'BH900')) continue;
        const count = new Map<string, number>();
        for (const f of res.findings) count.set(key(f), (count.get(key(f)) ?? 0) + 1);
        // Up to four findings of each rule per file: the 100-service files would otherwise dominate the run without adding cases.
        const tried = new Map<string, number>();
        for (const f of res.findings) {
          const n = tried.get(f.ruleId) ?? 0;
          if (n >= 4) continue;
          tried.set(f.ruleId, n + 1);
          for (const fix of f.fixes) {
            // Fixes that create or edit other files are checked by their rules' tests.
            if (fix.otherFiles?.length || fix.edits.length === 0) continue;
            const id = `${f.ruleId}/${fix.id}`;
            let out: string;
            try {
              out = applyEdits(text, fix.edits);
            } catch (err) {
              problems.push(`${e.rel}: ${id}: the edits do not apply: ${(err as Error).message}`);
              continue;
            }
            applied++;
            perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
            if (!onlyEditedRangesChanged(text, out, fix)) problems.push(`${e.rel}: ${id}: text outside the edits changed`);
            const again = lint({ path: abs, text: out, kind }, { host });
            if (again.failures.length) problems.push(`${e.rel}: ${id}: rule failure after the fix: ${again.failures.map((x) => x.ruleId).join(', ')}`);
            if (again.findings.some((x) => x.ruleId === 'BH900')) problems.push(`${e.rel}: ${id}: the fixed file no longer parses`);
            const left = again.findings.filter((x) => key(x) === key(f)).length;
            if (left >= count.get(key(f))! && !(id in STAYS_BY_DESIGN)) problems.push(`${e.rel}: ${id}: the finding is still there (${f.message})`);
          }
        }
      }
      t.diagnostic(`${applied} fixes applied one by one; per rule: ${[...perRule].sort().map(([k, v]) => `${k}=${v}`).join(' ')}`);
      assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problems`);
    });
  }
});
