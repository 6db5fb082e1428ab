/**
 * The engine: text in, findings with offsets and fixes out. No editor or
 * protocol types here; the LSP adapter and the CLI convert at their edges.
 */
import { SEVERITY_RANK } from './types';
import type { FileKind, Finding, Fix, Severity, Span } from './types';
import { LineIndex } from './text/lineIndex';
import { parseDockerfile } from './parse/dockerfile';
import { parseCompose, parseDotEnv } from './parse/compose';
import { attachProject } from './compose/project';
import { initShellParser, shellParserMisses } from './parse/shell';
import type { DockerfileModel } from './model/dockerfile';
import type { ComposeModel } from './model/compose';
import { ALL_RULES, ruleByRef, SYSTEM_RULES } from './rules/registry';
import { formatMessage, type AnyRule, type Report } from './rules/rule';
import { defaultConfig, ruleSetting, type BulkheadConfig } from './config/config';
import { findSuppressions, findHadolintPragmas, type Suppression } from './suppress';
import { removeSuppressedRuleFix } from './fix/unusedSuppression';
import { detectFileKind, DEFAULT_PATTERNS, type FilePatterns } from './files';
import type { Host } from './host';
import { applyEdits, coalesceEdits, pickCompatibleFixes } from './fix/apply';
import { dirname, joinPath } from './util/paths';
import { setOf } from './util/sets';
import { type Pair } from 'yaml';
import { isMap, isPair } from './yaml/nodes';

/** Larger files are not analysed; a BH900 finding says so. */
export const MAX_FILE_LENGTH = 4 * 1024 * 1024;

export interface LintInput {
  /** Absolute path (or an untitled name); used for kind detection and neighbouring files. */
  path: string;
  text: string;
  /** Overrides detection by file name. */
  kind?: FileKind;
}

export interface LintOptions {
  config?: BulkheadConfig;
  host?: Host;
  patterns?: FilePatterns;
  /**
   * Stop as soon as a script needs the shell parser before `initEngine` has
   * loaded it: the result is `incomplete` with no findings, and the rules
   * after that point do not run. For callers that lint again once the parser
   * is loaded (the CLI), so that the rules do not run twice.
   */
  stopWhenIncomplete?: boolean;
}

export interface RuleFailure {
  ruleId: string;
  message: string;
  stack?: string;
}

export interface LintResult {
  kind: FileKind | undefined;
  findings: Finding[];
  lines: LineIndex;
  /** Rules that threw. Never expected; reported to logs and failing tests. */
  failures: RuleFailure[];
  /**
   * Other files the result depends on: every path read or probed through the
   * host (`.env`, a built Dockerfile, `.dockerignore`, a seccomp profile),
   * including ones that did not exist. An editor re-lints when one changes.
   */
  dependencies: string[];
  /**
   * Set when a RUN script needed the shell parser before `initEngine` had
   * loaded it (simple scripts do not): the findings lack what that script
   * holds. Lint again once `initEngine()` has resolved.
   */
  incomplete?: true;
}

/**
 * Loads the shell parser; call once before linting (or lint first and call
 * it when a result comes back `incomplete`). Safe to call repeatedly.
 */
export async function initEngine(options: { wasmDirs?: string[] } = {}): Promise<void> {
  await initShellParser(options.wasmDirs);
}

/** The config of a lint given none: one object, so that rule settings are worked out once. */
let DEFAULTS: BulkheadConfig | undefined;

export function lint(input: LintInput, options: LintOptions = {}): LintResult {
  const config = options.config ?? (DEFAULTS ??= Object.freeze(defaultConfig()));
  const kind = input.kind ?? detectFileKind(input.path, options.patterns ?? DEFAULT_PATTERNS);
  const lines = new LineIndex(input.text);
  const result: LintResult = { kind, findings: [], lines, failures: [], dependencies: [] };
  if (!kind) return result;
  const host = options.host ? recordingHost(options.host, result.dependencies) : undefined;
  const text = input.text;

  const systemSeverity = (id: string): Severity | undefined => {
    const rule = ruleByRef(id);
    if (!rule) return undefined;
    const s = ruleSetting(rule, config).severity;
    return s === 'off' ? undefined : s;
  };
  const system = (id: string, message: string, span: Span, fixes: Fix[] = []): void => {
    const sev = systemSeverity(id);
    const rule = ruleByRef(id)!;
    if (sev) result.findings.push({ ruleId: rule.meta.id, ruleName: rule.meta.name, severity: sev, message, span, fixes, unsuppressible: true, hadolint: undefined, related: undefined });
  };

  if (text.length > MAX_FILE_LENGTH) {
    system('BH900', `File is too large to analyse (${Math.round(text.length / 1024)} KiB; the limit is ${MAX_FILE_LENGTH / 1024 / 1024} MiB).`, { start: 0, end: 0 });
    return result;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    system('BH900', 'File contains binary data (a NUL byte) and is not analysed.', { start: nul, end: nul + 1 });
    return result;
  }

  const missesBefore = shellParserMisses();
  let model: DockerfileModel | ComposeModel;
  try {
    model = buildModel(kind, input, text, config, host, lines);
  } catch (e) {
    // The parsers are meant never to throw; if one does, say so instead of failing the request.
    system('BH900', `File could not be parsed: ${(e as Error)?.message ?? String(e)}`, { start: 0, end: 0 });
    return result;
  }
  const stop = options.stopWhenIncomplete === true;
  /** Set on `result` when stopping early: `incomplete`, and nothing else to read. */
  const stopped = (): LintResult => {
    result.findings = [];
    result.incomplete = true;
    return result;
  };
  if (stop && shellParserMisses() !== missesBefore) return stopped();
  for (const p of model.problems) system('BH900', p.message, p.span);

  const raw: Finding[] = [];
  const file = { path: input.path, kind };
  // One context and one `report` for all the rules (checks are synchronous):
  // a closure and a context per rule and file were 3% of what a lint allocates.
  let current: ActiveRule | undefined;
  const report = (r: Report): void => {
    const { rule, severity } = current!;
    raw.push(toFinding(rule, r, r.severity ? shiftSeverity(severity, rule.meta.defaultSeverity, r.severity) : severity));
  };
  const ctx: Parameters<ActiveRule['check']>[0] = { file, options: {}, host, report, model };
  for (const active of activeRules(config, kind)) {
    current = active;
    ctx.options = active.options;
    try {
      active.check(ctx);
    } catch (e) {
      const err = e as Error;
      result.failures.push({ ruleId: active.rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
    }
    // A Compose rule can read a built Dockerfile whose scripts need the parser.
    if (stop && shellParserMisses() !== missesBefore) return stopped();
  }

  const target = (line: number): Span | undefined => suppressionTarget(model, line);
  let pending = raw;
  if (config.hadolint) {
    // `.hadolint.yaml` ignored codes and `# hadolint ignore=` pragmas, for findings that map to hadolint codes.
    const ignored = setOf(config.hadolintIgnored);
    const pragmas = findHadolintPragmas(lines, target);
    const allowPragmas = config.suppressions.allow;
    if (!allowPragmas) for (const p of pragmas) system('BH904', 'Inline suppressions are not allowed here (`suppressions.allow: false` in the config): this `# hadolint ignore` is ignored.', p.span);
    // Most files have no hadolint pragma, under a config that ignores no code: nothing to filter.
    if (ignored.size > 0 || (allowPragmas && pragmas.length > 0)) pending = raw.filter((f) => {
      const codes = hadolintCodes(f);
      if (codes.length === 0) return true;
      if (codes.every((c) => ignored.has(c))) return false;
      if (!allowPragmas) return true;
      return !pragmas.some((p) => p.codes.some((c) => codes.includes(c)) && (p.scope === 'file' || (p.target !== undefined && f.span.start >= p.target.start && f.span.start <= p.target.end)));
    });
  }
  const suppressions = findSuppressions(lines, target);
  const kept = applySuppressions(pending, suppressions, lines, system, config.suppressions);
  result.findings.push(...kept);
  if (shellParserMisses() !== missesBefore) result.incomplete = true;
  // Rule ids are ASCII: compared by code unit (localeCompare would load ICU's collation data, about 9 ms at start-up).
  result.findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return result;
}

/** A rule that is on for a kind of file under a config, with what the lint loop reads of it. */
interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  options: Record<string, unknown>;
  check: (ctx: { file: { path: string; kind: FileKind }; options: Record<string, unknown>; host: Host | undefined; report: (r: Report) => void; model: DockerfileModel | ComposeModel }) => void;
}

/**
 * The rules a lint runs, per config and kind of file, in catalog order: worked
 * out once per config object (configs are not changed once loaded). Every
 * rule's `meta` has a shape of its own, so reading `rule.meta.appliesTo` and
 * the settings of all 65 rules on every lint went through V8's slowest
 * property lookups; the entries here all have one shape.
 */
function activeRules(config: BulkheadConfig, kind: FileKind): readonly ActiveRule[] {
  let byKind = ACTIVE_RULES.get(config);
  if (!byKind) ACTIVE_RULES.set(config, (byKind = new Map()));
  let list = byKind.get(kind);
  if (!list) {
    list = [];
    for (const rule of ALL_RULES) {
      if (!rule.meta.appliesTo.includes(kind)) continue;
      const setting = ruleSetting(rule, config);
      if (setting.severity === 'off') continue;
      const check = kind === 'dockerfile' ? rule.checkDockerfile : rule.checkCompose;
      if (!check) continue;
      list.push({ rule, severity: setting.severity, options: setting.options, check: check.bind(rule) as ActiveRule['check'] });
    }
    byKind.set(kind, list);
  }
  return list;
}

const ACTIVE_RULES = new WeakMap<BulkheadConfig, Map<FileKind, ActiveRule[]>>();

/** Passes reads through to `host` and notes each path once. */
function recordingHost(host: Host, seen: string[]): Host {
  const set = new Set<string>();
  const note = (p: string): void => {
    if (!set.has(p)) {
      set.add(p);
      seen.push(p);
    }
  };
  return {
    readFile(p) {
      note(p);
      return host.readFile(p);
    },
    fileExists(p) {
      note(p);
      return host.fileExists(p);
    },
  };
}

function buildModel(kind: FileKind, input: LintInput, text: string, config: BulkheadConfig, host: Host | undefined, lines: LineIndex): DockerfileModel | ComposeModel {
  if (kind === 'dockerfile') return parseDockerfile(text, { buildArgs: config.buildArgs, target: config.target, lines });
  let env: Record<string, string> = {};
  if (host && !input.path.startsWith('untitled:')) {
    const envText = host.readFile(joinPath(dirname(input.path), '.env'));
    if (envText !== undefined) env = parseDotEnv(envText);
  }
  const model = parseCompose(text, { env, path: input.path, lines });
  if (host && !input.path.startsWith('untitled:')) attachProject(model, { path: input.path, host, files: config.composeFiles, profiles: config.composeProfiles, parse: (t) => parseCompose(t, { env }) });
  else if (config.composeProfiles?.length) attachProject(model, { path: input.path, profiles: config.composeProfiles, parse: () => model });
  return model;
}

/**
 * A finding that a rule rates above or below its usual severity (a writable
 * socket mount, a comment rather than a command) keeps that distance from the
 * severity the config gives the rule: with BH120 set to `info`, its `warning`
 * comments become `info` too, and its `error` findings `warning`.
 */
export function shiftSeverity(configured: Severity, defaultSeverity: Severity, reported: Severity): Severity {
  const rank = SEVERITY_RANK[configured] + SEVERITY_RANK[reported] - SEVERITY_RANK[defaultSeverity];
  const clamped = Math.min(3, Math.max(1, rank));
  return (Object.keys(SEVERITY_RANK) as Severity[]).find((k) => SEVERITY_RANK[k] === clamped)!;
}

function toFinding(rule: AnyRule, r: Report, severity: Severity): Finding {
  const template = rule.meta.messages[r.messageId];
  if (template === undefined) throw new Error(`Rule ${rule.meta.id} reported unknown messageId '${r.messageId}'`);
  const fixes: Fix[] = [];
  for (const f of r.fixes ?? []) {
    if (rule.meta.fixable === 'none') throw new Error(`Rule ${rule.meta.id} offered a fix but declares fixable: none`);
    if (f.safe && rule.meta.fixable === 'unsafe') throw new Error(`Rule ${rule.meta.id} offered a safe fix but declares fixable: unsafe`);
    if (!f.safe && rule.meta.fixable === 'safe') throw new Error(`Rule ${rule.meta.id} offered an unsafe fix but declares fixable: safe`);
    fixes.push({ id: f.id, title: f.title, safe: f.safe, edits: coalesceEdits(f.edits), otherFiles: f.otherFiles });
  }
  // Every finding is made with the same fields, set or not (see `system` in `lint`): one shape for everything that reads findings.
  return {
    ruleId: rule.meta.id,
    ruleName: rule.meta.name,
    severity,
    message: formatMessage(template, r.data),
    span: r.span,
    fixes,
    unsuppressible: undefined,
    hadolint: r.hadolint ? r.hadolint.toUpperCase() : undefined,
    related: r.related?.length ? r.related : undefined,
  };
}

/** The span a `# bulkhead-ignore` before `line` covers. */
function suppressionTarget(model: DockerfileModel | ComposeModel, line: number): Span | undefined {
  const lineStart = model.lines.lineStart(line);
  const lineEnd = model.lines.lineContentEnd(line);
  if (model.kind === 'dockerfile') {
    const ins = model.instructions.find((i) => i.span.start <= lineEnd && i.span.end >= lineStart);
    return ins ? { start: Math.min(ins.span.start, lineStart), end: ins.span.end } : undefined;
  }
  // Compose: the pair whose key starts on that line, and everything under it.
  let best: Pair | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 100 || best) return;
    if (isMap(node) || (node && typeof node === 'object' && 'items' in (node as object))) {
      for (const item of (node as { items: unknown[] }).items) {
        if (best) return;
        if (isPair(item)) {
          const k = item.key as { range?: [number, number, number] } | null;
          if (k?.range && k.range[0] >= lineStart && k.range[0] <= lineEnd) {
            best = item;
            return;
          }
          visit(item.value, depth + 1);
        } else visit(item, depth + 1);
      }
    }
  };
  visit(model.doc?.contents, 0);
  if (best) {
    const k = best.key as { range?: [number, number, number] };
    const v = best.value as { range?: [number, number, number] } | null;
    const end = v?.range ? model.spanOf(v as never).end : k.range![1];
    return { start: Math.min(k.range![0], lineStart), end: Math.max(end, lineEnd) };
  }
  return { start: lineStart, end: lineEnd };
}

/** The hadolint codes a finding answers to: its own, or its rule's when the rule maps to exactly one. */
function hadolintCodes(f: Finding): string[] {
  if (f.hadolint) return [f.hadolint];
  const codes = ruleByRef(f.ruleId)?.meta.hadolint ?? [];
  return codes.length === 1 ? codes : [];
}

function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  lines: LineIndex,
  system: (id: string, message: string, span: Span, fixes?: Fix[]) => void,
  policy: { requireReason: boolean; allow: boolean } = { requireReason: false, allow: true },
): Finding[] {
  if (suppressions.length === 0) return findings;
  if (!policy.allow) {
    for (const s of suppressions) system('BH904', 'Inline suppressions are not allowed here (`suppressions.allow: false` in the config): this one is ignored.', s.span);
    return findings;
  }
  if (policy.requireReason) {
    for (const s of suppressions) if (!s.reason) system('BH904', 'This suppression gives no reason, and the config requires one (`suppressions.requireReason`): add `-- <why this is fine here>`.', s.span);
  }
  const used = new Set<string>();
  const keyOf = (si: number, ri: number): string => `${si}:${ri}`;
  const resolved = suppressions.map((s) =>
    s.rules.map((r) => {
      const rule = ruleByRef(r.ref);
      return rule?.meta.id;
    }),
  );
  const kept = findings.filter((f) => {
    if (f.unsuppressible) return true;
    let suppressed = false;
    suppressions.forEach((s, si) => {
      resolved[si]!.forEach((id, ri) => {
        if (id !== f.ruleId) return;
        const covers = s.scope === 'file' || (s.target !== undefined && f.span.start >= s.target.start && f.span.start <= s.target.end);
        if (covers) {
          suppressed = true;
          used.add(keyOf(si, ri));
        }
      });
    });
    return !suppressed;
  });
  suppressions.forEach((s, si) => {
    if (s.rules.length === 0) {
      system('BH903', 'This suppression names no rule: write `# bulkhead-ignore BH101 -- reason`.', s.span);
      return;
    }
    s.rules.forEach((r, ri) => {
      const id = resolved[si]![ri];
      if (!id) {
        system('BH903', `Unknown rule \`${r.ref}\` in suppression.`, r.span);
      } else if (!SYSTEM_RULES.has(id) && !used.has(keyOf(si, ri))) {
        system('BH902', `Unused suppression: ${id} reports nothing ${s.scope === 'file' ? 'in this file' : 'here'}.`, r.span, [removeSuppressedRuleFix(lines, s, ri)]);
      }
    });
  });
  return kept;
}

/**
 * Applies safe fixes until none is left (or a pass limit), dropping fixes
 * that overlap. Returns the final text and how many fixes were applied.
 */
export function fixAll(
  input: LintInput,
  options: LintOptions = {},
  accept: (fix: Fix, finding: Finding) => boolean = (f) => f.safe,
): { text: string; applied: number; passes: number } {
  let text = input.text;
  let applied = 0;
  let passes = 0;
  for (; passes < 10; passes++) {
    const res = lint({ ...input, text }, options);
    const candidates: Fix[] = [];
    for (const f of res.findings) for (const fx of f.fixes) if (accept(fx, f)) candidates.push(fx);
    const picked = pickCompatibleFixes(candidates);
    if (picked.length === 0) break;
    const next = applyEdits(
      text,
      picked.flatMap((p) => p.edits),
    );
    applied += picked.length;
    if (next === text) break;
    text = next;
  }
  return { text, applied, passes };
}

export { ALL_RULES };
export type { BulkheadConfig };
