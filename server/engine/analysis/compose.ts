/**
 * Compose facts shared by rules: reading a capability list with the span of
 * each entry (through aliases and merge keys), and capability names as
 * Docker normalises them.
 */
import { isScalar, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ComposeModel, ComposeService, ComposeValue } from '../model/compose';
import type { Span } from '../types';
import { substituteVariables } from '../parse/variables';

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability to Docker. */
export function normaliseCapability(name: string): string {
  const up = name.trim().toUpperCase();
  return up.startsWith('CAP_') ? up.slice(4) : up;
}

export interface ListEntry {
  /** The entry after `${…}` interpolation. */
  value: string;
  span: Span;
  index: number;
}

/** A service key holding a list of strings, with the sequence node (resolved through aliases). */
export interface StringList {
  found: ComposeValue;
  seq?: YAMLSeq;
  entries: ListEntry[];
}

export function stringList(model: ComposeModel, service: ComposeService, key: string): StringList | undefined {
  const found = service.get(key);
  if (!found) return undefined;
  const node = model.resolve(found.node);
  if (!isSeq(node)) return { found, entries: [] };
  const entries: ListEntry[] = [];
  node.items.forEach((item, index) => {
    const n = model.resolve(item);
    if (!isScalar(n) || n.value === null || typeof n.value === 'object') return;
    const raw = String(n.value);
    entries.push({ value: substituteVariables(raw, model.env, { dollarEscape: true }).value, span: model.spanOf(n), index });
  });
  return { found, seq: node, entries };
}

/** The pair for `key` written in this map itself (not one merged in from an anchor). */
export function ownPair(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** A boolean as docker compose reads it: YAML `true`, or a string that interpolates to `true` (`"${PRIV:-true}"`). */
export function isTrue(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}
