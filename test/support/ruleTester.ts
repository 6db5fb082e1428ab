/**
 * Table-driven rule tests in the style of eslint's RuleTester.
 *
 * - `valid`: code the rule must not report.
 * - `invalid`: code with the exact findings (1-based line and column, UTF-16)
 *   and, when the rule offers a fix, the `output` after applying it. The output
 *   is linted again and must not report the same finding.
 * - Every case runs twice: as written (LF) and with CRLF line endings; positions
 *   are the same in both, and the fixed output must keep CRLF.
 * - Duplicate cases fail, and a fix without an expected `output` fails.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, initEngine, applyEdits, ruleByRef, defaultConfig, memoryHost, type Finding, type Fix, type BulkheadConfig, type FileKind, type TextEdit } from '../../server/engine';
import { editsOverlap } from '../../server/engine/fix/apply';
import { freezeSharedLists } from '../../server/engine/util/shared';

// Every rule test runs with the lists rules share frozen: a rule that writes to one fails (util/shared.ts).
freezeSharedLists(true);

export interface ExpectedFinding {
  messageId?: string;
  /** Exact message, or a RegExp it must match. */
  message?: string | RegExp;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: 'error' | 'warning' | 'info';
}

export interface ValidCase {
  name?: string;
  code: string;
  filename?: string;
  options?: Record<string, unknown>;
  config?: Partial<BulkheadConfig>;
  /** Other files visible through the host, by absolute path. */
  files?: Record<string, string>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * Expected text after applying the fix `fixId` (or each finding's first fix)
   * to every finding. `null` asserts that no fix is offered.
   */
  output?: string | null;
  fixId?: string;
  /** Expected titles of the fixes offered on the first finding. */
  fixTitles?: (string | RegExp)[];
  /** Skip the CRLF variant (only for cases about a specific line ending). */
  lfOnly?: boolean;
  /**
   * Files the applied fixes create or edit in other places (`FileEdit.create`,
   * or `edits` applied to the case's `files`), by path as the fix gives it, with
   * their resulting text (line endings as written, not converted for the CRLF
   * variant). When given, exactly these must be touched.
   */
  otherFiles?: Record<string, string>;
}

export interface RuleTests {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

const DEFAULT_NAMES: Record<FileKind, string> = { dockerfile: '/work/Dockerfile', compose: '/work/compose.yaml' };

function toCRLF(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

function run(ruleRef: string, c: ValidCase, code: string): { findings: Finding[]; all: Finding[] } {
  const rule = ruleByRef(ruleRef);
  if (!rule) throw new Error(`No rule ${ruleRef}`);
  const kind = rule.meta.appliesTo[0]!;
  const config: BulkheadConfig = { ...defaultConfig(), ...(c.config ?? {}) };
  config.rules = { ...config.rules };
  const current = config.rules[rule.meta.id];
  config.rules[rule.meta.id] = {
    severity: current?.severity ?? rule.meta.defaultSeverity,
    options: { ...(current?.options ?? {}), ...(c.options ?? {}) },
  };
  const path = c.filename ?? DEFAULT_NAMES[kind];
  const res = lint({ path, text: code }, { config, host: memoryHost(c.files ?? {}) });
  if (res.failures.length) throw new Error(`Rule failures: ${JSON.stringify(res.failures)}`);
  return { findings: res.findings.filter((f) => f.ruleId === rule.meta.id), all: res.findings };
}

function position(code: string, offset: number): { line: number; column: number } {
  // Deliberately independent of the engine's LineIndex: counts \r\n, \n and \r.
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < code.length; i++) {
    const ch = code[i];
    if (ch === '\r') {
      if (code[i + 1] === '\n') i++;
      line++;
      col = 1;
    } else if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}

function describeFinding(code: string, f: Finding): string {
  const s = position(code, f.span.start);
  const e = position(code, f.span.end);
  return `${f.ruleId} ${s.line}:${s.column}-${e.line}:${e.column} ${f.message}`;
}

function chooseFix(f: Finding, fixId: string | undefined): Fix | undefined {
  return fixId ? f.fixes.find((x) => x.id === fixId) : f.fixes[0];
}

/** Applies the chosen fix of every finding, dropping overlaps, as fix-all would. */
/**
 * Applies the chosen fix of every finding the way fix-all does: in one pass the
 * fixes whose edits do not conflict (the engine's own overlap test), then
 * re-lints and repeats, so fixes that share an edit (a directive at the top)
 * land one after the other.
 */
function applyFixes(
  code: string,
  findings: Finding[],
  fixId: string | undefined,
  relint: (text: string) => Finding[],
  created: Record<string, string> = {},
  files: Record<string, string> = {},
): string {
  let text = code;
  let current = findings;
  for (let pass = 0; pass < 10; pass++) {
    const edits: TextEdit[] = [];
    for (const f of current) {
      const fix = chooseFix(f, fixId);
      if (fix && !editsOverlap(fix.edits, edits)) {
        edits.push(...fix.edits);
        for (const o of fix.otherFiles ?? []) {
          if (o.create) created[o.path] = o.create.text;
          else if (o.edits) created[o.path] = applyEdits(created[o.path] ?? files[o.path] ?? '', o.edits);
        }
      }
    }
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
    current = relint(text);
  }
  return text;
}

/**
 * The other files after the chosen fix of every finding: `create` (unless the file exists and
 * `overwrite` is not set) and `edits`, the first fix per path winning. Relative paths are resolved
 * against the linted file's folder.
 */
function applyOtherFiles(c: InvalidCase, findings: Finding[]): Record<string, string> {
  const files: Record<string, string> = { ...(c.files ?? {}) };
  const dir = (c.filename ?? '/work/Dockerfile').replace(/[\\/][^\\/]*$/, '');
  const done = new Set<string>();
  for (const f of findings) {
    for (const o of chooseFix(f, c.fixId)?.otherFiles ?? []) {
      const p = o.path.startsWith('/') ? o.path : `${dir}/${o.path}`;
      if (done.has(p)) continue;
      done.add(p);
      if (o.create && (!(p in files) || o.create.overwrite)) files[p] = o.create.text;
      if (o.edits) files[p] = applyEdits(files[p] ?? '', o.edits);
    }
  }
  return files;
}

export function ruleTester(ruleRef: string, tests: RuleTests): void {
  const rule = ruleByRef(ruleRef);
  describe(`${ruleRef}${rule ? ' ' + rule.meta.name : ''}`, () => {
    before(async () => {
      await initEngine();
    });
    it('is registered', () => {
      assert.ok(rule, `rule ${ruleRef} is not in the registry`);
    });
    const seen = new Set<string>();
    const key = (c: ValidCase): string => JSON.stringify([c.code, c.filename, c.options, c.config, c.files]);
    const variants = (c: ValidCase & { lfOnly?: boolean }): [string, (s: string) => string][] =>
      c.lfOnly || !/\n/.test(c.code) ? [['LF', (s) => s]] : [['LF', (s) => s], ['CRLF', toCRLF]];

    tests.valid.forEach((v, i) => {
      const c: ValidCase = typeof v === 'string' ? { code: v } : v;
      const k = key(c);
      const dup = seen.has(k);
      seen.add(k);
      for (const [label, conv] of variants(c)) {
        it(`valid #${i + 1}${c.name ? ` (${c.name})` : ''} [${label}]`, () => {
          assert.ok(!dup, `duplicate test case: ${JSON.stringify(c.code)}`);
          const code = conv(c.code);
          const { findings } = run(ruleRef, c, code);
          assert.deepEqual(
            findings.map((f) => describeFinding(code, f)),
            [],
            `expected no ${ruleRef} findings in:\n${code}`,
          );
        });
      }
    });

    tests.invalid.forEach((c, i) => {
      const k = key(c);
      const dup = seen.has(k);
      seen.add(k);
      for (const [label, conv] of variants(c)) {
        it(`invalid #${i + 1}${c.name ? ` (${c.name})` : ''} [${label}]`, () => {
          assert.ok(!dup, `duplicate test case: ${JSON.stringify(c.code)}`);
          assert.ok(c.errors.length > 0, 'an invalid case must list its errors');
          const code = conv(c.code);
          const { findings } = run(ruleRef, c, code);
          assert.equal(
            findings.length,
            c.errors.length,
            `expected ${c.errors.length} finding(s), got:\n${findings.map((f) => describeFinding(code, f)).join('\n')}`,
          );
          c.errors.forEach((e, j) => {
            const f = findings[j]!;
            const s = position(code, f.span.start);
            const en = position(code, f.span.end);
            const where = `finding ${j + 1} (${describeFinding(code, f)})`;
            assert.equal(s.line, e.line, `${where}: line`);
            assert.equal(s.column, e.column, `${where}: column`);
            if (e.endLine !== undefined) assert.equal(en.line, e.endLine, `${where}: end line`);
            if (e.endColumn !== undefined) assert.equal(en.column, e.endColumn, `${where}: end column`);
            if (e.severity) assert.equal(f.severity, e.severity, `${where}: severity`);
            if (e.messageId) {
              const template = rule!.meta.messages[e.messageId];
              assert.ok(template !== undefined, `unknown messageId ${e.messageId}`);
              const rx = new RegExp('^' + template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '[\\s\\S]*?') + '$');
              assert.match(f.message, rx, `${where}: messageId ${e.messageId}`);
            }
            if (typeof e.message === 'string') assert.equal(f.message, e.message, `${where}: message`);
            else if (e.message) assert.match(f.message, e.message, `${where}: message`);
            assert.ok(!/\{\w+\}/.test(f.message), `${where}: message has an unfilled placeholder`);
          });
          if (c.fixTitles) {
            const titles = findings[0]!.fixes.map((f) => f.title);
            assert.equal(titles.length, c.fixTitles.length, `fix titles: ${JSON.stringify(titles)}`);
            c.fixTitles.forEach((t, j) => {
              if (typeof t === 'string') assert.equal(titles[j], t);
              else assert.match(titles[j]!, t);
            });
          }
          const offered = findings.some((f) => chooseFix(f, c.fixId) !== undefined);
          if (c.output === undefined) {
            assert.ok(!offered, `the rule offers a fix (${findings.flatMap((f) => f.fixes.map((x) => x.id)).join(', ')}); the case must give its output`);
            return;
          }
          if (c.output === null) {
            assert.ok(!offered, 'expected no fix');
            return;
          }
          assert.ok(offered, `expected a fix${c.fixId ? ` with id ${c.fixId}` : ''}`);
          const created: Record<string, string> = {};
          const fixed = applyFixes(code, findings, c.fixId, (t) => run(ruleRef, c, t).findings, created, c.files);
          assert.equal(fixed, conv(c.output), 'fixed output');
          if (c.otherFiles) assert.deepEqual(created, c.otherFiles, 'files created by the fix');
          // Re-lint, with the other files as the fixes leave them: the fixed findings must be gone.
          const again = run(ruleRef, { ...c, files: applyOtherFiles(c, findings) }, fixed).findings;
          const before = new Set(findings.filter((f) => chooseFix(f, c.fixId)).map((f) => f.message));
          const still = again.filter((f) => before.has(f.message));
          assert.deepEqual(
            still.map((f) => describeFinding(fixed, f)),
            [],
            `after the fix the same finding is still reported:\n${fixed}`,
          );
        });
      }
    });
  });
}
