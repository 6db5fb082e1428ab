/**
 * Helpers for Compose rules that add keys to a service or judge a setting that
 * may be written in several places (`mem_limit` or `deploy.resources.limits.memory`).
 * Used by the compose-resources rules (BH225–BH228, BH231–BH233).
 */
import { type Pair, type YAMLMap } from 'yaml';
import { isMap, isPair, isScalar } from '../yaml/nodes';
import type { ComposeModel, ComposeService, ComposeValue } from '../model/compose';
import type { TextEdit } from '../types';
import { isImplicitNull, nodeSpan } from '../yaml/source';
import type { YamlStyle } from '../yaml/style';
import { insertPair, setEmptyValue } from '../yaml/edit';
import type { YamlValue } from '../yaml/render';
import { DerivedKey } from '../util/derived';

/** A pair written directly in `map` (not merged), by key. */
export function ownPair(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

/** The `name: body` pair of a service in the `services` map. */
export function servicePair(model: ComposeModel, service: ComposeService): Pair | undefined {
  const services = model.top('services');
  if (!services || !isMap(services.node)) return undefined;
  return (services.node as YAMLMap).items.find(
    (p): p is Pair => isPair(p) && isScalar(p.key) && nodeSpan(model, p.key)?.start === service.nameSpan.start,
  );
}

/** An empty value: `key:`, `key: ~` or `key: null`. */
export function isNullValue(model: ComposeModel, value: unknown): boolean {
  return isImplicitNull(model, value) || (isScalar(value) && value.value === null);
}

/**
 * Adds `key: value` pairs to a service: into its own map after the first of
 * `after` it has (else last), or as the body of an empty service (`web:`).
 * Several pairs are written together, in order.
 */
export function addServicePairs(
  model: ComposeModel,
  service: ComposeService,
  pairs: readonly [string, YamlValue][],
  style: YamlStyle,
  after: readonly string[] = ['image', 'build'],
): TextEdit[] | undefined {
  if (pairs.length === 0) return undefined;
  if (service.map) return insertPairs(model, service.map, pairs, style, after);
  const pair = servicePair(model, service);
  if (!pair || !isNullValue(model, pair.value)) return undefined;
  return setEmptyValue(model, pair, { map: [...pairs] }, style);
}

/** Inserts several pairs into a map at one place; undefined when that cannot be done as one insertion. */
export function insertPairs(
  model: ComposeModel,
  map: YAMLMap,
  pairs: readonly [string, YamlValue][],
  style: YamlStyle,
  after: readonly string[] = [],
): TextEdit[] | undefined {
  let anchor: Pair | undefined;
  for (const key of after) if ((anchor = ownPair(map, key))) break;
  // An empty flow map (`{}`) has no pair to write after: the pairs would need commas between them.
  if (map.items.length === 0 && pairs.length > 1) return undefined;
  let text = '';
  let at: { start: number; end: number } | undefined;
  for (const [key, value] of pairs) {
    const edits = insertPair(model, map, key, value, { after: anchor, style });
    if (!edits || edits.length !== 1) return undefined;
    const e = edits[0]!;
    if (at && (e.start !== at.start || e.end !== at.end)) return undefined;
    at = { start: e.start, end: e.end };
    text += e.text;
  }
  return at ? [{ start: at.start, end: at.end, text }] : undefined;
}

/**
 * Whether a service only runs to completion: another service of the project
 * waits for it with `depends_on: {name: {condition: service_completed_successfully}}`
 * (migrations, seeders, init jobs).
 */
export function isOneShot(model: ComposeModel, service: ComposeService): boolean {
  return oneShotServices(model).has(service.name);
}

/** Asked for every service by three rules: the set is built once per model (models do not change). */
const ONE_SHOT = new DerivedKey<ReadonlySet<string>>('one-shot services');

function oneShotServices(model: ComposeModel): ReadonlySet<string> {
  return model.derived.get(ONE_SHOT, () => {
    const out = new Set<string>();
    for (const name of model.project.serviceNames()) {
      const deps = model.project.effective(name)?.depends_on;
      if (!deps || typeof deps !== 'object' || Array.isArray(deps)) continue;
      for (const [dependency, dep] of Object.entries(deps as Record<string, unknown>)) {
        // A service waited for by another one (never by itself).
        if (dependency !== name && dep && typeof dep === 'object' && (dep as Record<string, unknown>).condition === 'service_completed_successfully') out.add(dependency);
      }
    }
    return out;
  });
}

/** Groups written values by the pair that holds them, keeping the services each one reaches. */
export class ByPair<T> {
  private readonly map = new Map<Pair, { value: ComposeValue; extra: T; services: string[] }>();
  add(value: ComposeValue, service: string, extra: T): void {
    const pair = value.pair;
    if (!pair) return;
    const seen = this.map.get(pair);
    if (seen) seen.services.push(service);
    else this.map.set(pair, { value, extra, services: [service] });
  }
  entries(): { value: ComposeValue; extra: T; services: string[] }[] {
    return [...this.map.values()];
  }
}

/** Whether a plain value from `effective()` sets something (not absent, null or empty). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** A value at a path of a plain object. */
export function pathValue(v: unknown, path: readonly string[]): unknown {
  for (const key of path) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
