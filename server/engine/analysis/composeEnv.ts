/**
 * The entries of a Compose `environment:` or `build.args:` value, map or list
 * form, each with where it is written and its value *as written* in the YAML
 * (before `${…}` interpolation from `.env`): secret rules judge what the file
 * says, not what the environment of the linting machine supplies.
 */
import { type Node as YNode, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../yaml/nodes';
import type { ComposeModel, ComposeValue } from '../model/compose';
import type { Span } from '../types';
import { nodeSpan } from '../yaml/source';

export interface EnvEntry {
  name: string;
  /** Where the name is written. */
  nameSpan: Span;
  /** The value as written in the YAML (quotes and escapes resolved, no interpolation); null for `KEY`, `KEY:` or `KEY: null`. */
  written: string | null;
  form: 'map' | 'list';
  /** The collection that holds the entry (inside an anchor when merged). */
  container: YAMLMap | YAMLSeq;
  index: number;
  /** The pair (map form) or the item (list form): the identity of the written entry. */
  item: Pair | YNode;
  /** The value scalar (map form), or the item scalar (list form). */
  scalar?: Scalar;
  /** The whole entry as written. */
  span: Span;
  /** Came through a merge key or an alias. */
  indirect: boolean;
}

const MAX_MERGES = 50;

/** `<<` as a key (`yaml` with `merge: true` gives it a symbol value), as the Compose parser reads it. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<') || (key as Scalar).source === '<<';
}

function scalarText(model: ComposeModel, node: Scalar): string | null {
  if (node.value === null || node.value === undefined) return null;
  if (typeof node.value === 'string') return node.value;
  // Numbers and booleans: as written (`0123`, `1e3`).
  const s = nodeSpan(model, node);
  return s ? model.text.slice(s.start, s.end) : String(node.value);
}

/** The entries of `found` (an `environment` or `args` value), own entries winning over merged ones. */
export function envEntries(model: ComposeModel, found: ComposeValue | undefined): EnvEntry[] {
  if (!found) return [];
  const out: EnvEntry[] = [];
  const seen = new Set<unknown>();
  const visitMap = (map: YAMLMap, indirect: boolean, own: Set<string>, depth: number): void => {
    if (seen.has(map) || depth > MAX_MERGES) return;
    seen.add(map);
    const merges: unknown[] = [];
    const names = new Set(own);
    map.items.forEach((item, index) => {
      if (!isPair(item)) return;
      if (isMergeKey(item.key)) {
        if (isSeq(item.value)) merges.push(...item.value.items);
        else merges.push(item.value);
        return;
      }
      if (!isScalar(item.key) || item.key.value === null || typeof item.key.value === 'symbol') return;
      const name = String(item.key.value);
      if (own.has(name)) return;
      names.add(name);
      const nameSpan = nodeSpan(model, item.key);
      if (!nameSpan) return;
      const v = model.resolve(item.value);
      const valueIsAlias = v !== undefined && v !== item.value;
      const scalar = v && isScalar(v) ? (v as Scalar) : undefined;
      if (v && !scalar) return; // a map or list value: invalid Compose, not judged
      const vs = item.value ? nodeSpan(model, item.value) : undefined;
      out.push({
        name,
        nameSpan,
        written: scalar ? scalarText(model, scalar) : null,
        form: 'map',
        container: map,
        index,
        item,
        scalar,
        span: { start: nameSpan.start, end: vs && vs.end > nameSpan.end ? vs.end : nameSpan.end },
        indirect: indirect || valueIsAlias,
      });
    });
    for (const m of merges) {
      const t = model.resolve(m);
      if (isMap(t)) visitMap(t as YAMLMap, true, names, depth + 1);
    }
  };
  const node = model.resolve(found.node);
  if (isMap(node)) visitMap(node as YAMLMap, found.indirect, new Set(), 0);
  else if (isSeq(node)) {
    (node as YAMLSeq).items.forEach((item, index) => {
      const n = model.resolve(item);
      if (!n || !isScalar(n) || typeof n.value !== 'string') return;
      const text = n.value;
      const eq = text.indexOf('=');
      const name = (eq >= 0 ? text.slice(0, eq) : text).trim();
      if (!name) return;
      const s = nodeSpan(model, n);
      if (!s) return;
      const raw = model.text.slice(s.start, s.end);
      const offset = raw.indexOf(name);
      const start = s.start + Math.max(0, offset);
      out.push({
        name,
        nameSpan: { start, end: start + name.length },
        written: eq >= 0 ? text.slice(eq + 1) : null,
        form: 'list',
        container: node as YAMLSeq,
        index,
        item: n,
        scalar: n as Scalar,
        span: s,
        indirect: found.indirect || n !== item,
      });
    });
  }
  return out;
}
