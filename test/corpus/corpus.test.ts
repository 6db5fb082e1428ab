/**
 * Every real-world Dockerfile and Compose file in ../shared/corpus lints with
 * no exception and no rule failure, and fix-all (safe fixes) converges on each
 * without throwing. The corpus sits beside the repository (CI clones it next
 * to shared/); when it is absent the suite says so and checks nothing.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine, lint, fixAll, detectFileKind, memoryHost, parseDockerfile, type FileKind } from '../../server/engine';
import { parseSimpleShell } from '../../server/engine/parse/simpleShell';
import { bothTreeReadings, shellTreeReadDirectly } from '../../server/engine/parse/shell';
import { fastPathMismatch, placementMismatch } from '../support/shellShape';
import { stageChain, varsInScope } from '../../server/engine/analysis/dockerfile';
import { substituteVariables } from '../../server/engine/parse/variables';
import { own } from '../../server/engine/util/own';
import { freezeSharedLists } from '../../server/engine/util/shared';
import type { DockerfileModel, Instruction, Stage } from '../../server/engine/model/dockerfile';

const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

interface Entry {
  rel: string;
  kind: FileKind;
}

function manifest(): Entry[] {
  const file = path.join(corpusDir, 'MANIFEST.tsv');
  if (!fs.existsSync(file)) return [];
  const rows = fs.readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  return rows.map((r) => {
    const cols = r.split('\t');
    return { rel: cols[0]!, kind: cols[5] as FileKind };
  });
}

const entries = manifest();

describe('corpus', { timeout: 15 * 60 * 1000 }, () => {
  before(async () => {
    await initEngine();
    // The lists rules share are frozen: a rule that writes to one fails on some corpus file (util/shared.ts).
    freezeSharedLists(true);
  });

  it('is present', (t) => {
    if (entries.length === 0) t.diagnostic(`no corpus at ${corpusDir}: corpus checks did not run`);
    assert.ok(entries.length === 0 || entries.length > 2000, `corpus manifest lists ${entries.length} files`);
  });

  for (const kind of ['dockerfile', 'compose'] as const) {
    it(`every ${kind} lints without an exception or rule failure`, (t) => {
      const files = entries.filter((e) => e.kind === kind);
      const problems: string[] = [];
      let findings = 0;
      let withFindings = 0;
      const perRule = new Map<string, number>();
      for (const e of files) {
        const abs = path.join(corpusDir, e.rel);
        const text = fs.readFileSync(abs, 'utf8');
        try {
          // The corpus keeps original names only partly (`*.yml` fixtures): lint by the manifest's kind.
          const res = lint({ path: abs, text, kind }, { host: memoryHost({}) });
          if (res.failures.length) problems.push(`${e.rel}: ${res.failures.map((f) => `${f.ruleId}: ${f.message}`).join('; ')}`);
          findings += res.findings.length;
          if (res.findings.length) withFindings++;
          const seen = new Set(res.findings.map((f) => f.ruleId));
          for (const id of seen) perRule.set(id, (perRule.get(id) ?? 0) + 1);
        } catch (err) {
          problems.push(`${e.rel}: threw ${(err as Error).stack ?? err}`);
        }
      }
      t.diagnostic(`${files.length} files, ${withFindings} with findings, ${findings} findings`);
      t.diagnostic(`files per rule: ${[...perRule].sort().map(([k, v]) => `${k}=${v}`).join(' ')}`);
      assert.deepEqual(problems, []);
    });

    it(`safe fixes apply cleanly to every ${kind}`, (t) => {
      const files = entries.filter((e) => e.kind === kind);
      const problems: string[] = [];
      let changed = 0;
      for (const e of files) {
        const abs = path.join(corpusDir, e.rel);
        const text = fs.readFileSync(abs, 'utf8');
        try {
          const res = fixAll({ path: abs, text, kind }, { host: memoryHost({}) });
          if (res.text !== text) {
            changed++;
            const again = lint({ path: abs, text: res.text, kind }, { host: memoryHost({}) });
            if (again.failures.length) problems.push(`${e.rel}: rule failure after fix`);
            if (again.findings.some((f) => f.fixes.some((x) => x.safe))) problems.push(`${e.rel}: safe fixes left after fix-all`);
          }
        } catch (err) {
          problems.push(`${e.rel}: threw ${(err as Error).stack ?? err}`);
        }
      }
      t.diagnostic(`${files.length} files, ${changed} changed by safe fixes`);
      assert.deepEqual(problems, []);
    });
  }

  it('detects the kind of every corpus file whose name follows the conventions', () => {
    const wrong: string[] = [];
    for (const e of entries) {
      const detected = detectFileKind(e.rel);
      if (detected !== undefined && detected !== e.kind) wrong.push(`${e.rel}: ${detected} != ${e.kind}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('corpus: the simple-shell fast path', { timeout: 10 * 60 * 1000 }, () => {
  before(async () => {
    await initEngine();
  });

  /** Every distinct RUN script of the corpus (ONBUILD triggers included), with the first file that has it. */
  const distinctScripts = (): { rel: string; text: string }[] => {
    const seen = new Map<string, string>();
    for (const e of entries) {
      if (e.kind !== 'dockerfile') continue;
      const model = parseDockerfile(fs.readFileSync(path.join(corpusDir, e.rel), 'utf8'));
      for (const ins of model.instructions) {
        for (const s of [...(ins.shell ?? []), ...(ins.trigger?.shell ?? [])]) if (!seen.has(s.text)) seen.set(s.text, e.rel);
      }
    }
    return [...seen].map(([text, rel]) => ({ rel, text }));
  };

  it('builds what tree-sitter builds for every RUN script it reads (and reads most of them)', (t) => {
    if (entries.length === 0) return;
    const scripts = distinctScripts();
    let accepted = 0;
    const mismatches: string[] = [];
    for (const s of scripts) {
      if (parseSimpleShell(s.text)) accepted++;
      const m = fastPathMismatch(s.text);
      if (m) mismatches.push(`${s.rel}: ${m}`);
    }
    t.diagnostic(`${scripts.length} distinct RUN scripts, ${accepted} read by the fast path`);
    assert.deepEqual(mismatches.slice(0, 3), []);
    assert.ok(accepted > scripts.length / 2, `the fast path read only ${accepted} of ${scripts.length} scripts`);
  });

  it('places every RUN script where it sits: moved in place when parsed, copied when asked for elsewhere', () => {
    if (entries.length === 0) return;
    const mismatches: string[] = [];
    for (const s of distinctScripts()) {
      const m = placementMismatch(s.text);
      if (m) mismatches.push(`${s.rel}: ${m}`);
    }
    assert.deepEqual(mismatches.slice(0, 3), []);
  });

  it("reads tree-sitter's tree of every RUN script through the direct calls exactly as through its cursor", () => {
    if (entries.length === 0) return;
    assert.equal(shellTreeReadDirectly(), true);
    const scripts = distinctScripts();
    const mismatches: string[] = [];
    for (const s of scripts) {
      const both = bothTreeReadings(s.text)!;
      try {
        assert.deepStrictEqual(both.direct, both.cursor);
      } catch {
        mismatches.push(`${s.rel}: ${JSON.stringify(s.text.slice(0, 120))}`);
      }
    }
    assert.ok(scripts.length > 1000, `only ${scripts.length} scripts`);
    assert.deepEqual(mismatches.slice(0, 3), []);
  });
});

describe('corpus: variables in scope', { timeout: 10 * 60 * 1000 }, () => {
  /** The walk varsInScope made for each instruction before it walked each stage once: the reference. */
  const walkedTo = (model: DockerfileModel, stage: Stage, at: Instruction | undefined): Record<string, string> => {
    const global: Record<string, string> = {};
    for (const p of model.globalArgs) {
      const v = own(model.buildArgs, p.name) ?? (p.value !== null ? substituteVariables(p.value, global).value : undefined);
      if (v !== undefined) global[p.name] = v;
    }
    const vars: Record<string, string> = {};
    for (const s of stageChain(model, stage).reverse()) {
      for (const ins of s.instructions) {
        if (s === stage && at && ins.span.start >= at.span.start) return vars;
        if (ins.keyword === 'ARG') {
          for (const p of ins.properties) {
            const v = own(model.buildArgs, p.name) ?? (p.value !== null ? substituteVariables(p.value, vars, { escapeChar: model.escapeChar }).value : own(global, p.name));
            if (v !== undefined) vars[p.name] = v;
          }
        } else if (ins.keyword === 'ENV') {
          for (const p of ins.properties) if (p.value !== null) vars[p.name] = substituteVariables(p.value, vars, { escapeChar: model.escapeChar }).value;
        }
      }
    }
    return vars;
  };

  it('are, before every instruction of every stage (and at its end), what walking the stage up to it gives', () => {
    if (entries.length === 0) return;
    const wrong: string[] = [];
    let checked = 0;
    for (const e of entries) {
      if (e.kind !== 'dockerfile') continue;
      const model = parseDockerfile(fs.readFileSync(path.join(corpusDir, e.rel), 'utf8'), { buildArgs: { VERSION: '9.9' } });
      for (const stage of model.stages) {
        // Instructions of this stage, of the others (an `at` elsewhere), and none.
        for (const at of [...model.instructions, undefined]) {
          checked++;
          const got = varsInScope(model, stage, at);
          const want = walkedTo(model, stage, at);
          if (JSON.stringify(Object.entries(got)) !== JSON.stringify(Object.entries(want))) wrong.push(`${e.rel} stage ${stage.index} at ${at?.span.start}`);
        }
      }
    }
    assert.ok(checked > 10_000, `only ${checked} checked`);
    assert.deepEqual(wrong.slice(0, 3), []);
  });
});
