/**
 * hadolint compatibility: a `.hadolint.yaml` read as a config layer below
 * Bulkhead's own (`ignored` codes, `override` severities,
 * `trustedRegistries`, `failure-threshold`), mapped onto the Bulkhead rules
 * that check the same thing (each rule's `meta.hadolint`).
 */
import { isMap, parseDocument } from '../yaml/nodes';
import type { AnyRule } from '../rules/rule';
import type { Severity } from '../types';
import { LineIndex, normaliseLoneCR } from '../text/lineIndex';
import type { ConfigLayer, ConfigProblem, RuleSetting } from './config';

export const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

/** The Bulkhead rules that cover a hadolint code. */
export function rulesForHadolintCode(code: string, rules: readonly AnyRule[]): AnyRule[] {
  const c = code.toUpperCase();
  return rules.filter((r) => r.meta.hadolint?.includes(c));
}

export function parseHadolintConfig(text: string, rules: readonly AnyRule[], source?: string): { layer: ConfigLayer; problems: ConfigProblem[]; lines: LineIndex } {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const layer: ConfigLayer = { source };
  let data: unknown;
  try {
    const doc = parseDocument(normaliseLoneCR(text), { prettyErrors: false });
    for (const e of doc.errors) problems.push({ message: `Invalid YAML in the hadolint config: ${e.message.split('\n')[0]}`, span: { start: Math.min(e.pos[0], text.length), end: Math.min(e.pos[1], text.length) }, severity: 'error' });
    if (doc.errors.length) return { layer, problems, lines };
    if (doc.contents && !isMap(doc.contents)) return { layer, problems, lines };
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    problems.push({ message: `Cannot read the hadolint config: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
    return { layer, problems, lines };
  }
  if (!data || typeof data !== 'object') return { layer, problems, lines };
  const cfg = data as { ignored?: unknown; override?: unknown; trustedRegistries?: unknown; 'failure-threshold'?: unknown };
  const codes = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.trim().toUpperCase()) : []);
  const ruleSettings: Record<string, Partial<RuleSetting>> = {};

  const ignored = codes(cfg.ignored);
  if (ignored.length) {
    // A rule that maps to hadolint codes goes off when every one of them is ignored; findings
    // that carry a single ignored code are dropped by the engine either way.
    for (const r of rules) {
      const own = r.meta.hadolint ?? [];
      if (own.length && own.every((c) => ignored.includes(c))) ruleSettings[r.meta.id] = { severity: 'off' };
    }
    layer.hadolintIgnored = ignored;
  }
  if (cfg.override && typeof cfg.override === 'object') {
    for (const [level, list] of Object.entries(cfg.override as Record<string, unknown>)) {
      const sev = Object.hasOwn(LEVELS, level) ? LEVELS[level] : undefined;
      if (!sev) continue;
      for (const code of codes(list)) {
        for (const r of rulesForHadolintCode(code, rules)) if (ruleSettings[r.meta.id]?.severity !== 'off') ruleSettings[r.meta.id] = { severity: sev };
      }
    }
  }
  if (Object.keys(ruleSettings).length) layer.rules = ruleSettings;
  if (Array.isArray(cfg.trustedRegistries)) layer.trustedRegistries = cfg.trustedRegistries.filter((x): x is string => typeof x === 'string');
  const threshold = typeof cfg['failure-threshold'] === 'string' ? LEVELS[cfg['failure-threshold'].toLowerCase()] : undefined;
  if (threshold) layer.failOn = threshold;
  return { layer, problems, lines };
}
