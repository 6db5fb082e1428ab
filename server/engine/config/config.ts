/**
 * `.bulkhead.yaml`: which rules run and how severe they are. The same code
 * loads it for the CLI, the language server and the tests. A config with an
 * error is reported at the exact key (rule BH901) and the parts that are valid
 * still apply; nothing is silently ignored.
 */
import { parseDocument, isAlias, isMap, isScalar, isSeq, isPair, type Node as YNode, type YAMLMap } from 'yaml';
import type { Severity, SeveritySetting, Span } from '../types';
import type { AnyRule } from '../rules/rule';
import { LineIndex, normaliseLoneCR } from '../text/lineIndex';
import { closest } from '../util/didYouMean';
import { dirname, resolvePath } from '../util/paths';
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
  /** Findings at or above this severity make the CLI exit 1. */
  failOn: Severity;
  /** Where the config came from, if from a file. */
  source?: string;
}

export interface ConfigProblem {
  message: string;
  span: Span;
  severity: Severity;
}

export interface LoadedConfig {
  config: BulkheadConfig;
  problems: ConfigProblem[];
  lines: LineIndex;
}

export function defaultConfig(): BulkheadConfig {
  return { rules: {}, buildArgs: {}, failOn: 'info' };
}

const SEVERITY_WORDS = ['off', 'info', 'warning', 'error'];
const SEVERITY_ALIASES: Record<string, SeveritySetting> = { warn: 'warning', information: 'info', hint: 'info', none: 'off', false: 'off' };
const TOP_KEYS = ['rules', 'buildArgs', 'target', 'composeFiles', 'failOn'];

/** Parses and validates a config file's text against the known rules. */
export function parseConfig(text: string, rules: readonly AnyRule[], source?: string): LoadedConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const config = defaultConfig();
  config.source = source;
  const tooDeep = nestingExceeds(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    problems.push({ message: `Invalid YAML: nesting is deeper than ${MAX_NESTING} levels.`, span: { start: tooDeep, end: Math.min(text.length, tooDeep + 1) }, severity: 'error' });
    return { config, problems, lines };
  }
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(normaliseLoneCR(text), { prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    problems.push({ message: `Invalid YAML: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
    return { config, problems, lines };
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
  if (doc.errors.length > 0) return { config, problems, lines };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems, lines };
  if (!isMap(root)) {
    problems.push({ message: 'The config must be a mapping (for example `rules:`).', span: spanOf(root as YNode), severity: 'error' });
    return { config, problems, lines };
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
  for (const pair of (root as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const keySpan = spanOf(pair.key as YNode);
    const value = pair.value as YNode | null;
    switch (key) {
      case 'rules':
        if (value === null || (isScalar(value) && value.value === null)) break;
        if (!isMap(value)) {
          problems.push({ message: '`rules` must be a mapping of rule id or name to a severity.', span: spanOf(value), severity: 'error' });
          break;
        }
        for (const rp of (value as YAMLMap).items) {
          if (!isPair(rp) || !isScalar(rp.key)) continue;
          const ruleKey = String(rp.key.value);
          const rule = byId.get(ruleKey.toUpperCase()) ?? byName.get(ruleKey);
          const rkSpan = spanOf(rp.key as YNode);
          if (!rule) {
            const guess = closest(ruleKey, [...rules.map((r) => r.meta.id), ...rules.map((r) => r.meta.name)]);
            problems.push({
              message: `Unknown rule \`${ruleKey}\`.` + (guess ? ` Did you mean \`${guess}\`?` : ''),
              span: rkSpan,
              severity: 'error',
            });
            continue;
          }
          const setting = parseRuleSetting(rule, deref(rp.value as YNode | null), spanOf, problems, toPlain);
          if (setting) config.rules[rule.meta.id] = { ...config.rules[rule.meta.id], ...setting };
        }
        break;
      case 'buildArgs':
        if (!isMap(value)) {
          problems.push({ message: '`buildArgs` must be a mapping of name to value.', span: spanOf(value), severity: 'error' });
          break;
        }
        for (const bp of (value as YAMLMap).items) {
          if (isPair(bp) && isScalar(bp.key)) config.buildArgs[String(bp.key.value)] = isScalar(bp.value) ? String(bp.value.value ?? '') : '';
        }
        break;
      case 'target':
        if (!isScalar(value) || typeof value.value !== 'string') problems.push({ message: '`target` must be a stage name.', span: spanOf(value), severity: 'error' });
        else config.target = value.value;
        break;
      case 'composeFiles': {
        const list = isSeq(value) ? value.items : undefined;
        if (!list || list.some((i) => !isScalar(i) || typeof i.value !== 'string' || i.value === '')) {
          problems.push({ message: '`composeFiles` must be a list of Compose file paths (relative to this file), in `docker compose -f` order.', span: spanOf(value), severity: 'error' });
          break;
        }
        const base = source ? dirname(source) : undefined;
        config.composeFiles = list.map((i) => String((i as { value: string }).value)).map((f) => (base ? resolvePath(base, f) : f));
        break;
      }
      case 'failOn': {
        const w = isScalar(value) ? String(value.value) : '';
        const sev = normaliseSeverity(w);
        if (!sev || sev === 'off') problems.push({ message: `\`failOn\` must be one of info, warning, error (got \`${w}\`).`, span: spanOf(value), severity: 'error' });
        else config.failOn = sev;
        break;
      }
      default: {
        const guess = closest(key, TOP_KEYS);
        problems.push({ message: `Unknown key \`${key}\`.` + (guess ? ` Did you mean \`${guess}\`?` : ` Known keys: ${TOP_KEYS.join(', ')}.`), span: keySpan, severity: 'error' });
      }
    }
  }
  return { config, problems, lines };
}

function normaliseSeverity(word: string): SeveritySetting | undefined {
  const w = word.trim().toLowerCase();
  if (SEVERITY_WORDS.includes(w)) return w as SeveritySetting;
  return SEVERITY_ALIASES[w];
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
  const s = config.rules[rule.meta.id];
  const defaults: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(rule.meta.options?.properties ?? {})) defaults[k] = p.default;
  return {
    severity: s?.severity ?? rule.meta.defaultSeverity,
    options: { ...defaults, ...(s?.options ?? {}) },
  };
}
