/**
 * Reading `cap_add` / `cap_drop` lists of a Compose service, entry by entry,
 * with the span where each entry is written (inside an anchor when the list
 * came through a merge key or an alias). Shared by BH202 and BH203.
 */
import { type Node as YNode, type YAMLSeq } from 'yaml';
import { isScalar, isSeq } from '../../yaml/nodes';
import type { ComposeModel, ComposeService, ComposeValue } from '../../model/compose';
import type { Span } from '../../types';

/**
 * Docker reads `sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` as one capability.
 * `ALL` is special only as written: Docker rejects `CAP_ALL`, so it stays as is.
 */
export function normaliseCapability(name: string): string {
  const up = name.trim().toUpperCase();
  return up.startsWith('CAP_') && up !== 'CAP_ALL' ? up.slice(4) : up;
}

export interface CapabilityEntry {
  /** Normalised name (`SYS_ADMIN`), after `${…}` interpolation. */
  name: string;
  /** The entry's scalar node (the anchor's node when the entry is an alias). */
  node: YNode;
  /** Where the entry is written. */
  span: Span;
  /** Index of the entry in `seq`. */
  index: number;
}

export interface CapabilityList {
  found: ComposeValue;
  /** The list node; undefined when the value is not a sequence (null, a string…). */
  seq?: YAMLSeq;
  entries: CapabilityEntry[];
  /** Some entry could not be read: not a string, or a `${…}` the environment does not resolve. */
  uncertain: boolean;
}

/** The capability list under `key` (`cap_add`, `cap_drop`) of a service, through merge keys and aliases. */
export function capabilityList(model: ComposeModel, service: ComposeService, key: string): CapabilityList | undefined {
  const found = service.get(key);
  if (!found) return undefined;
  const node = model.resolve(found.node);
  if (!isSeq(node)) return { found, entries: [], uncertain: false };
  const values = Array.isArray(found.value) ? (found.value as unknown[]) : [];
  const entries: CapabilityEntry[] = [];
  let uncertain = false;
  node.items.forEach((item, index) => {
    const n = model.resolve(item);
    const v = values[index];
    if (!n || !isScalar(n) || typeof v !== 'string' || v.includes('$')) {
      uncertain = true;
      return;
    }
    entries.push({ name: normaliseCapability(v), node: n, span: model.spanOf(n), index });
  });
  return { found, seq: node as YAMLSeq, entries, uncertain };
}

/** `Service \`a\`` or `Services \`a\` and \`b\``, for messages about a value several services share. */
export function serviceList(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  if (q.length === 1) return q[0]!;
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
