/**
 * `.bulkhead.yaml`: which rules run and how severe they are. The same code
 * loads it for the CLI, the language server and the tests. A config with an
 * error is reported at the exact key (rule BH901) and the parts that are valid
 * still apply; nothing is silently ignored.
 */
import type { Node as YNode, YAMLMap } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, isPair, parseDocument } from '../yaml/nodes';
import type { Severity, SeveritySetting, Span } from '../types';
import type { AnyRule } from '../rules/rule';
import { LineIndex, normaliseLoneCR } from '../text/lineIndex';
import { closest } from '../util/didYouMean';
import { dirname, relativePath, resolvePath } from '../util/paths';
import { globToRegExp } from '../files';
import { nestingExceeds, MAX_NESTING } from '../parse/compose';

export const CONFIG_FILE_NAMES = ['.bulkhead.yaml', '.bulkhead.yml'];

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface BulkheadConfig {
  /** Per rule id; rules not listed use their defaults. */
  rules: Record<string, Partial<RuleSetting>>;
  /** Build args used to resolve ARGs in Dockerfiles. */
  buildArgs: Record<string, string>;
  /** Build target stage. */
  target?: string;
  /**
   * The Compose files of one project in `-f` order (absolute once loaded;
   * written relative to the config file). A listed file is linted with the
   * others merged in; unlisted files use the default override-file pairing.
   */
  composeFiles?: string[];
  /** Compose profiles to treat as enabled (`docker compose --profile`). */
  composeProfiles?: string[];
  /** Findings at or above this severity make the CLI exit 1. */
  failOn: Severity;
  /** Registries (patterns) images may come from; the default of the rules that judge registries. */
  trustedRegistries?: string[];
  /** Files not linted: globs with the folder they are relative to. */
  ignore: { pattern: string; base: string }[];
  /** Per-path settings, applied in order after everything else. */
  overrides: ConfigOverride[];
  /** Inline suppression policy. */
  suppressions: { requireReason: boolean; allow: boolean };
  /** Read `.hadolint.yaml` and honour `# hadolint` pragmas (default on). */
  hadolint: boolean;
  /** hadolint codes ignored by a `.hadolint.yaml`: findings that map only to these are dropped. */
  hadolintIgnored: string[];
  /** Presets applied, in order (for `--print-config`). */
  presets: string[];
  /** Where the config came from, if from a file (the nearest file). */
  source?: string;
  /** Every file that contributed, farthest first. */
  sources?: string[];
}

export interface ConfigOverride {
  /** Globs relative to `base` (a glob without `/` matches a file name at any depth). */
  files: string[];
  base: string;
  rules: Record<string, Partial<RuleSetting>>;
  buildArgs?: Record<string, string>;
  target?: string;
}

/** What one config file (or one extended file, or `.hadolint.yaml`) says, before merging. */
export interface ConfigLayer {
  source?: string;
  rules?: Record<string, Partial<RuleSetting>>;
  buildArgs?: Record<string, string>;
  target?: string;
  composeFiles?: string[];
  composeProfiles?: string[];
  failOn?: Severity;
  trustedRegistries?: string[];
  ignore?: { pattern: string; base: string }[];
  overrides?: ConfigOverride[];
  suppressions?: { requireReason?: boolean; allow?: boolean };
  hadolint?: boolean;
  hadolintIgnored?: string[];
  presets?: string[];
  /** `extends:` references as written, with their spans (resolved by discovery). */
  extends?: { ref: string; span: Span }[];
  /** `root: true`: discovery does not look further up. */
  root?: boolean;
}

export interface ConfigProblem {
  message: string;
  span: Span;
  severity: Severity;
}

export interface LoadedConfig {
  /** This file's layer applied to the defaults (presets and all). */
  config: BulkheadConfig;
  /** What the file itself says. */
  layer: ConfigLayer;
  problems: ConfigProblem[];
  lines: LineIndex;
}

export function defaultConfig(): BulkheadConfig {
  return { rules: {}, buildArgs: {}, failOn: 'info', ignore: [], overrides: [], suppressions: { requireReason: false, allow: true }, hadolint: true, hadolintIgnored: [], presets: [] };
}

export const PRESETS = ['recommended', 'strict', 'cis'] as const;

/**
 * Rule settings of a preset: `recommended` is every rule at its default
 * severity; `strict` raises every `info` rule to `warning`; `cis` keeps only
 * the rules that check a CIS Docker Benchmark recommendation (and the
 * configuration and suppression rules).
 */
export function presetRules(name: string, rules: readonly AnyRule[]): Record<string, Partial<RuleSetting>> {
  const out: Record<string, Partial<RuleSetting>> = {};
  for (const r of rules) {
    const id = r.meta.id;
    if (name === 'recommended') out[id] = { severity: r.meta.defaultSeverity };
    else if (name === 'strict') out[id] = { severity: r.meta.defaultSeverity === 'info' ? 'warning' : r.meta.defaultSeverity };
    else if (name === 'cis') {
      const cis = r.meta.references.some((ref) => /\bCIS\b/.test(ref.title)) || id.startsWith('BH9');
      out[id] = { severity: cis ? r.meta.defaultSeverity : 'off' };
    }
  }
  return out;
}

function mergeRules(into: Record<string, Partial<RuleSetting>>, from: Record<string, Partial<RuleSetting>> | undefined): void {
  for (const [id, s] of Object.entries(from ?? {})) {
    const cur = into[id] ?? {};
    into[id] = { ...cur, ...(s.severity !== undefined ? { severity: s.severity } : {}), ...(s.options ? { options: { ...(cur.options ?? {}), ...s.options } } : {}) };
  }
}

/** Merges layers in order (later ones win) over the defaults. Overrides and `ignore` are kept for `configForFile`. */
export function applyLayers(layers: readonly ConfigLayer[], rules: readonly AnyRule[]): BulkheadConfig {
  const c = defaultConfig();
  for (const l of layers) {
    for (const p of l.presets ?? []) {
      mergeRules(c.rules, presetRules(p, rules));
      if (!c.presets.includes(p)) c.presets.push(p);
    }
    mergeRules(c.rules, l.rules);
    if (l.buildArgs) c.buildArgs = { ...c.buildArgs, ...l.buildArgs };
    if (l.target !== undefined) c.target = l.target;
    if (l.composeFiles) c.composeFiles = l.composeFiles;
    if (l.composeProfiles) c.composeProfiles = l.composeProfiles;
    if (l.failOn) c.failOn = l.failOn;
    if (l.trustedRegistries) c.trustedRegistries = l.trustedRegistries;
    if (l.ignore) c.ignore.push(...l.ignore);
    if (l.overrides) c.overrides.push(...l.overrides);
    if (l.suppressions) c.suppressions = { ...c.suppressions, ...l.suppressions };
    if (l.hadolint !== undefined) c.hadolint = l.hadolint;
    if (l.hadolintIgnored) c.hadolintIgnored = [...new Set([...c.hadolintIgnored, ...l.hadolintIgnored])];
    if (l.source) (c.sources ??= []).push(l.source);
  }
  c.source = c.sources?.[c.sources.length - 1];
  return c;
}

/**
 * The config for one file: overrides whose globs match the file applied in
 * order, and `ignored` when an `ignore` glob matches it.
 */
export function configForFile(config: BulkheadConfig, filePath: string): BulkheadConfig & { ignored: boolean } {
  const m = matchForFile(config, filePath);
  return configForMatch(config, m.overrides, m.ignored);
}

/** Which of the config's `overrides` apply to a file (their indexes, in order), and whether an `ignore` glob matches it. */
export function matchForFile(config: BulkheadConfig, filePath: string): { overrides: number[]; ignored: boolean } {
  const overrides: number[] = [];
  config.overrides.forEach((o, i) => {
    if (o.files.some((g) => matchesRelativeGlob(filePath, o.base, g))) overrides.push(i);
  });
  return { overrides, ignored: config.ignore.some((i) => matchesRelativeGlob(filePath, i.base, i.pattern)) };
}

/** The config with the given `overrides` (indexes from `matchForFile`) applied in order. */
export function configForMatch(config: BulkheadConfig, overrides: readonly number[], ignored: boolean): BulkheadConfig & { ignored: boolean } {
  const out: BulkheadConfig & { ignored: boolean } = { ...config, rules: { ...config.rules }, buildArgs: { ...config.buildArgs }, ignored };
  for (const i of overrides) {
    const o = config.overrides[i]!;
    mergeRules(out.rules, o.rules);
    if (o.buildArgs) out.buildArgs = { ...out.buildArgs, ...o.buildArgs };
    if (o.target !== undefined) out.target = o.target;
  }
  return out;
}

/**
 * gitignore-like matching of an absolute path against a glob written in a
 * config file in `base`: a glob without `/` matches a name at any depth (the
 * file or any folder above it); one with `/` is anchored at `base`; a
 * trailing `/` matches a folder and everything in it.
 */
export function matchesRelativeGlob(filePath: string, base: string, glob: string): boolean {
  const rel = relativePath(base, filePath).replace(/^\.\//, '');
  if (rel.startsWith('../')) return false;
  let g = glob.trim().replace(/^\.\//, '');
  if (g === '') return false;
  const dirOnly = g.endsWith('/');
  if (dirOnly) g = g.slice(0, -1);
  const parts = rel.split('/');
  if (!g.includes('/')) {
    const rx = globToRegExp(g);
    const candidates = dirOnly ? parts.slice(0, -1) : parts;
    return candidates.some((p) => rx.test(p));
  }
  const rx = globToRegExp(g.replace(/^\//, ''));
  for (let i = dirOnly ? parts.length - 1 : parts.length; i >= 1; i--) if (rx.test(parts.slice(0, i).join('/'))) return true;
  return false;
}

const SEVERITY_WORDS = ['off', 'info', 'warning', 'error'];
const SEVERITY_ALIASES: Record<string, SeveritySetting> = { warn: 'warning', information: 'info', hint: 'info', none: 'off', false: 'off' };
const TOP_KEYS = ['extends', 'root', 'presets', 'rules', 'overrides', 'ignore', 'trustedRegistries', 'buildArgs', 'target', 'composeFiles', 'composeProfiles', 'failOn', 'suppressions', 'hadolint'];

/** Parses and validates a config file's text against the known rules. */
export function parseConfig(text: string, rules: readonly AnyRule[], source?: string): LoadedConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const layer: ConfigLayer = { source };
  const done = (): LoadedConfig => {
    const config = applyLayers([layer], rules);
    config.source = source;
    return { config, layer, problems, lines };
  };
  // No config file (the defaults): nothing to parse, and a run without configs never starts the YAML parser.
  if (text === '') return done();
  const tooDeep = nestingExceeds(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    problems.push({ message: `Invalid YAML: nesting is deeper than ${MAX_NESTING} levels.`, span: { start: tooDeep, end: Math.min(text.length, tooDeep + 1) }, severity: 'error' });
    return done();
  }
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(normaliseLoneCR(text), { prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    problems.push({ message: `Invalid YAML: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
    return done();
  }
  const spanOf = (n: YNode | undefined | null): Span => {
    const r = n?.range;
    if (!r) return { start: 0, end: Math.min(text.length, lines.lineContentEnd(0)) };
    let end = r[1];
    while (end > r[0] && /\s/.test(text[end - 1] ?? '')) end--;
    return { start: r[0], end };
  };
  for (const e of doc.errors) {
    problems.push({ message: `Invalid YAML: ${e.message.split('\n')[0]}`, span: { start: Math.min(e.pos[0], text.length), end: Math.min(Math.max(e.pos[0], e.pos[1]), text.length) }, severity: 'error' });
  }
  if (doc.errors.length > 0) return done();
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return done();
  if (!isMap(root)) {
    problems.push({ message: 'The config must be a mapping (for example `rules:`).', span: spanOf(root as YNode), severity: 'error' });
    return done();
  }
  /** Plain data for a node, aliases resolved (bounded); undefined when it cannot be built. */
  const toPlain = (n: YNode | null): unknown => {
    if (n === null || n === undefined) return null;
    try {
      return n.toJS(doc, { maxAliasCount: 100 });
    } catch {
      return undefined;
    }
  };
  /** An alias's target (`BH204: *sev`); other nodes as they are. */
  const deref = (n: YNode | null): YNode | null => {
    if (!isAlias(n)) return n;
    try {
      return (n.resolve(doc) as YNode | undefined) ?? null;
    } catch {
      return null;
    }
  };
  const byId = new Map<string, AnyRule>();
  const byName = new Map<string, AnyRule>();
  for (const r of rules) {
    byId.set(r.meta.id.toUpperCase(), r);
    byName.set(r.meta.name, r);
  }
  const base = source ? dirname(source) : undefined;
  const problem = (message: string, n: YNode | null | undefined): void => void problems.push({ message, span: spanOf(n), severity: 'error' });
  /** A list of non-empty strings (a single string is accepted as a list of one when `single`). */
  const stringList = (value: YNode | null, what: string, single = false): string[] | undefined => {
    const v = deref(value);
    if (single && isScalar(v) && typeof v.value === 'string' && v.value !== '') return [v.value];
    if (!isSeq(v) || v.items.some((i) => !isScalar(deref(i as YNode)) || typeof (deref(i as YNode) as { value: unknown }).value !== 'string' || (deref(i as YNode) as { value: string }).value === '')) {
      problem(`${what} must be a list of strings${single ? ' (or one string)' : ''}.`, v);
      return undefined;
    }
    return v.items.map((i) => String((deref(i as YNode) as { value: string }).value));
  };
  const rulesMap = (value: YNode | null, where: string): Record<string, Partial<RuleSetting>> | undefined => {
    const v = deref(value);
    if (v === null || (isScalar(v) && v.value === null)) return {};
    if (!isMap(v)) {
      problem(`${where} must be a mapping of rule id or name to a severity.`, v);
      return undefined;
    }
    const out: Record<string, Partial<RuleSetting>> = {};
    for (const rp of (v as YAMLMap).items) {
      if (!isPair(rp) || !isScalar(rp.key)) continue;
      const ruleKey = String(rp.key.value);
      const rule = byId.get(ruleKey.toUpperCase()) ?? byName.get(ruleKey);
      if (!rule) {
        const guess = closest(ruleKey, [...rules.map((r) => r.meta.id), ...rules.map((r) => r.meta.name)]);
        problem(`Unknown rule \`${ruleKey}\`.` + (guess ? ` Did you mean \`${guess}\`?` : ''), rp.key as YNode);
        continue;
      }
      const setting = parseRuleSetting(rule, deref(rp.value as YNode | null), spanOf, problems, toPlain);
      if (setting) out[rule.meta.id] = { ...out[rule.meta.id], ...setting };
    }
    return out;
  };
  const buildArgsMap = (value: YNode | null): Record<string, string> | undefined => {
    const v = deref(value);
    if (!isMap(v)) {
      problem('`buildArgs` must be a mapping of name to value.', v);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const bp of (v as YAMLMap).items) {
      if (isPair(bp) && isScalar(bp.key)) out[String(bp.key.value)] = isScalar(bp.value) ? String(bp.value.value ?? '') : '';
    }
    return out;
  };
  const globList = (value: YNode | null, what: string): string[] | undefined => {
    const list = stringList(value, what, true);
    if (!list) return undefined;
    const bad = list.find((g) => !validGlob(g));
    if (bad !== undefined) {
      problem(`${what}: \`${bad}\` is not a valid glob (unbalanced \`[\` or \`{\`).`, value);
      return undefined;
    }
    return list;
  };
  const bool = (value: YNode | null, what: string): boolean | undefined => {
    const v = deref(value);
    if (isScalar(v) && typeof v.value === 'boolean') return v.value;
    problem(`${what} must be true or false.`, v);
    return undefined;
  };

  for (const pair of (root as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = pair.value as YNode | null;
    switch (key) {
      case 'rules': {
        const r = rulesMap(value, '`rules`');
        if (r) layer.rules = r;
        break;
      }
      case 'buildArgs': {
        const b = buildArgsMap(value);
        if (b) layer.buildArgs = b;
        break;
      }
      case 'target': {
        const v = deref(value);
        if (!isScalar(v) || typeof v.value !== 'string') problem('`target` must be a stage name.', v);
        else layer.target = v.value;
        break;
      }
      case 'composeFiles': {
        const list = stringList(value, '`composeFiles` (Compose file paths relative to this file, in `docker compose -f` order)');
        if (list) layer.composeFiles = list.map((f) => (base ? resolvePath(base, f) : f));
        break;
      }
      case 'composeProfiles': {
        const list = stringList(value, '`composeProfiles` (Compose profiles to treat as enabled)');
        if (list) layer.composeProfiles = list;
        break;
      }
      case 'failOn': {
        const v = deref(value);
        const w = isScalar(v) ? String(v.value) : '';
        const sev = normaliseSeverity(w);
        if (!sev || sev === 'off') problem(`\`failOn\` must be one of info, warning, error (got \`${w}\`).`, v);
        else layer.failOn = sev;
        break;
      }
      case 'extends': {
        const v = deref(value);
        const items = isSeq(v) ? v.items.map((i) => deref(i as YNode)) : [v];
        const refs: { ref: string; span: Span }[] = [];
        for (const i of items) {
          if (isScalar(i) && typeof i.value === 'string' && i.value !== '') refs.push({ ref: i.value, span: spanOf(i) });
          else problem('`extends` must be a path (relative to this file), a package name, or a list of them.', i);
        }
        layer.extends = refs;
        break;
      }
      case 'root': {
        const b = bool(value, '`root`');
        if (b !== undefined) layer.root = b;
        break;
      }
      case 'presets': {
        const list = stringList(value, '`presets`', true);
        if (!list) break;
        const ok: string[] = [];
        for (const p of list) {
          if ((PRESETS as readonly string[]).includes(p)) ok.push(p);
          else {
            const guess = closest(p, PRESETS);
            problem(`Unknown preset \`${p}\`.` + (guess ? ` Did you mean \`${guess}\`?` : ` Presets: ${PRESETS.join(', ')}.`), value);
          }
        }
        layer.presets = ok;
        break;
      }
      case 'ignore': {
        const list = globList(value, '`ignore`');
        if (list) layer.ignore = list.map((pattern) => ({ pattern, base: base ?? '/' }));
        break;
      }
      case 'trustedRegistries': {
        const list = stringList(value, '`trustedRegistries` (registry host patterns such as `*.example.com`)');
        if (list) layer.trustedRegistries = list;
        break;
      }
      case 'overrides': {
        const v = deref(value);
        if (!isSeq(v)) {
          problem('`overrides` must be a list of `{files, rules}` entries.', v);
          break;
        }
        const out: ConfigOverride[] = [];
        for (const item of v.items) {
          const o = deref(item as YNode);
          if (!isMap(o)) {
            problem('Each entry of `overrides` must be a mapping with `files` and `rules`.', o);
            continue;
          }
          const entry: ConfigOverride = { files: [], base: base ?? '/', rules: {} };
          let hasFiles = false;
          for (const op of (o as YAMLMap).items) {
            if (!isPair(op) || !isScalar(op.key)) continue;
            const k = String(op.key.value);
            const ov = op.value as YNode | null;
            if (k === 'files') {
              const g = globList(ov, '`files`');
              if (g) {
                entry.files = g;
                hasFiles = true;
              }
            } else if (k === 'rules') entry.rules = rulesMap(ov, '`rules`') ?? {};
            else if (k === 'buildArgs') entry.buildArgs = buildArgsMap(ov);
            else if (k === 'target') {
              const t = deref(ov);
              if (isScalar(t) && typeof t.value === 'string') entry.target = t.value;
              else problem('`target` must be a stage name.', t);
            } else {
              const guess = closest(k, ['files', 'rules', 'buildArgs', 'target']);
              problem(`Unknown key \`${k}\` in an override.` + (guess ? ` Did you mean \`${guess}\`?` : ' Use `files`, `rules`, `buildArgs`, `target`.'), op.key as YNode);
            }
          }
          if (!hasFiles) problem('An override needs `files` (globs relative to this file).', o);
          else out.push(entry);
        }
        layer.overrides = out;
        break;
      }
      case 'suppressions': {
        const v = deref(value);
        if (!isMap(v)) {
          problem('`suppressions` must be a mapping with `requireReason` and/or `allow`.', v);
          break;
        }
        const sup: { requireReason?: boolean; allow?: boolean } = {};
        for (const sp of (v as YAMLMap).items) {
          if (!isPair(sp) || !isScalar(sp.key)) continue;
          const k = String(sp.key.value);
          if (k === 'requireReason' || k === 'allow') {
            const b = bool(sp.value as YNode | null, `\`suppressions.${k}\``);
            if (b !== undefined) sup[k] = b;
          } else {
            const guess = closest(k, ['requireReason', 'allow']);
            problem(`Unknown key \`${k}\` in \`suppressions\`.` + (guess ? ` Did you mean \`${guess}\`?` : ' Use `requireReason` and `allow`.'), sp.key as YNode);
          }
        }
        layer.suppressions = sup;
        break;
      }
      case 'hadolint': {
        const b = bool(value, '`hadolint` (read `.hadolint.yaml` and `# hadolint` pragmas)');
        if (b !== undefined) layer.hadolint = b;
        break;
      }
      default: {
        const guess = closest(key, TOP_KEYS);
        problem(`Unknown key \`${key}\`.` + (guess ? ` Did you mean \`${guess}\`?` : ` Known keys: ${TOP_KEYS.join(', ')}.`), pair.key as YNode);
      }
    }
  }
  return done();
}

/** Brackets and braces balance (a glob the matcher can take as written). */
function validGlob(g: string): boolean {
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '{') braces++;
    else if (c === '}' && --braces < 0) return false;
    else if (c === '[' && g.indexOf(']', i + 1) < 0) return false;
  }
  return braces === 0;
}

function normaliseSeverity(word: string): SeveritySetting | undefined {
  const w = word.trim().toLowerCase();
  if (SEVERITY_WORDS.includes(w)) return w as SeveritySetting;
  return Object.hasOwn(SEVERITY_ALIASES, w) ? SEVERITY_ALIASES[w] : undefined;
}

function parseRuleSetting(
  rule: AnyRule,
  value: YNode | null,
  spanOf: (n: YNode | undefined | null) => Span,
  problems: ConfigProblem[],
  toPlain: (n: YNode | null) => unknown,
): Partial<RuleSetting> | undefined {
  if (isScalar(value)) {
    const w = value.value === false ? 'off' : String(value.value);
    const sev = normaliseSeverity(w);
    if (!sev) {
      problems.push({ message: `\`${w}\` is not a severity for ${rule.meta.id}; use off, info, warning or error.`, span: spanOf(value), severity: 'error' });
      return undefined;
    }
    return { severity: sev };
  }
  if (isMap(value)) {
    const out: Partial<RuleSetting> = {};
    for (const p of (value as YAMLMap).items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const k = String(p.key.value);
      if (k === 'severity') {
        const w = isScalar(p.value) ? String(p.value.value) : '';
        const sev = normaliseSeverity(w);
        if (!sev) problems.push({ message: `\`${w}\` is not a severity; use off, info, warning or error.`, span: spanOf(p.value as YNode), severity: 'error' });
        else out.severity = sev;
      } else if (k === 'options') {
        const opts = validateOptions(rule, p.value as YNode | null, spanOf, problems, toPlain);
        if (opts) out.options = opts;
      } else {
        problems.push({ message: `Unknown key \`${k}\` for ${rule.meta.id}; use \`severity\` and \`options\`.`, span: spanOf(p.key as YNode), severity: 'error' });
      }
    }
    return out;
  }
  problems.push({ message: `Give ${rule.meta.id} a severity (off, info, warning, error) or \`{severity, options}\`.`, span: spanOf(value), severity: 'error' });
  return undefined;
}

function validateOptions(
  rule: AnyRule,
  value: YNode | null,
  spanOf: (n: YNode | undefined | null) => Span,
  problems: ConfigProblem[],
  toPlain: (n: YNode | null) => unknown,
): Record<string, unknown> | undefined {
  const schema = rule.meta.options;
  if (!isMap(value)) {
    problems.push({ message: `\`options\` for ${rule.meta.id} must be a mapping.`, span: spanOf(value), severity: 'error' });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const p of (value as YAMLMap).items) {
    if (!isPair(p) || !isScalar(p.key)) continue;
    const k = String(p.key.value);
    const prop = schema?.properties[k];
    if (!prop) {
      const known = Object.keys(schema?.properties ?? {});
      const guess = closest(k, known);
      problems.push({
        message: `${rule.meta.id} has no option \`${k}\`.` + (guess ? ` Did you mean \`${guess}\`?` : known.length ? ` Options: ${known.join(', ')}.` : ' It takes no options.'),
        span: spanOf(p.key as YNode),
        severity: 'error',
      });
      continue;
    }
    const v = toPlain(p.value as YNode | null);
    const ok =
      (prop.type === 'array' && Array.isArray(v) && v.every((x) => typeof x === 'string')) ||
      (prop.type === 'string' && typeof v === 'string' && (!('enum' in prop) || !prop.enum || prop.enum.includes(v))) ||
      (prop.type === prop.type && prop.type !== 'array' && prop.type !== 'string' && typeof v === prop.type);
    if (!ok) {
      const want = prop.type === 'string' && prop.enum ? `one of ${prop.enum.join(', ')}` : prop.type === 'array' ? 'a list of strings' : `a ${prop.type}`;
      problems.push({ message: `Option \`${k}\` of ${rule.meta.id} must be ${want}.`, span: spanOf(p.value as YNode), severity: 'error' });
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** Severity and options for one rule under a config. */
export function ruleSetting(rule: AnyRule, config: BulkheadConfig): RuleSetting {
  // Asked for every rule on every file: kept per config object (configs are
  // not changed once loaded; the options handed to rules are frozen).
  let byRule = SETTINGS.get(config);
  if (!byRule) SETTINGS.set(config, (byRule = new Map()));
  let setting = byRule.get(rule);
  if (!setting) byRule.set(rule, (setting = computeRuleSetting(rule, config)));
  return setting;
}

const SETTINGS = new WeakMap<BulkheadConfig, Map<AnyRule, RuleSetting>>();

function computeRuleSetting(rule: AnyRule, config: BulkheadConfig): RuleSetting {
  const s = config.rules[rule.meta.id];
  const defaults = defaultOptions(rule);
  // The config's `trustedRegistries` is the default of every rule that has such an option.
  const trusted = config.trustedRegistries && 'trustedRegistries' in defaults ? { trustedRegistries: config.trustedRegistries } : undefined;
  const options = !trusted && !s?.options ? defaults : Object.freeze({ ...defaults, ...trusted, ...(s?.options ?? {}) });
  return Object.freeze({ severity: s?.severity ?? rule.meta.defaultSeverity, options });
}

const DEFAULT_OPTIONS = new WeakMap<AnyRule, Readonly<Record<string, unknown>>>();

function defaultOptions(rule: AnyRule): Readonly<Record<string, unknown>> {
  let d = DEFAULT_OPTIONS.get(rule);
  if (!d) {
    const o: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(rule.meta.options?.properties ?? {})) o[k] = p.default;
    DEFAULT_OPTIONS.set(rule, (d = Object.freeze(o)));
  }
  return d;
}
