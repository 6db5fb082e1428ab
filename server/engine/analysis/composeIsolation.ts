/**
 * Helpers for the Compose isolation rules (BH205–BH214): reading a service's
 * `security_opt` entry by entry as Compose and the Docker daemon parse it,
 * grouping findings by where a value is written (an anchor may serve several
 * services), and writing a new key into a service in the file's style.
 */
import { type Node as YNode, type Pair, type YAMLSeq } from 'yaml';
import { isScalar, isSeq } from '../yaml/nodes';
import type { ComposeModel, ComposeService, ComposeValue } from '../model/compose';
import type { Severity, Span, TextEdit } from '../types';
import type { Report } from '../rules/rule';
import { serviceList } from '../rules/BH202-dangerous-capability/capabilities';
import { nodeSpan, pairSpan } from '../yaml/source';
import { insertPair, removePair, removeSeqItem, setEmptyValue } from '../yaml/edit';
import type { YamlValue } from '../yaml/render';
import type { YamlStyle } from '../yaml/style';
import { isNullValue, ownPair, servicePair } from './composeService';

/** One `security_opt` entry as the daemon reads it: `key=value`, or the deprecated `key:value`. */
export interface SecurityOpt {
  key: string;
  /** Undefined for the bare `no-new-privileges`. */
  value?: string;
  /** The separator as written (`=` or `:`); empty for a bare option. */
  sep: '=' | ':' | '';
}

/**
 * Splits an entry as `docker compose` and the daemon do: the bare
 * `no-new-privileges`, else at the first `=`, else (deprecated) at the first
 * `:`. Nothing is trimmed or lower-cased: Docker compares exactly.
 */
export function parseSecurityOpt(entry: string): SecurityOpt | undefined {
  if (entry === 'no-new-privileges') return { key: entry, sep: '' };
  const eq = entry.indexOf('=');
  if (eq >= 0) return { key: entry.slice(0, eq), value: entry.slice(eq + 1), sep: '=' };
  const colon = entry.indexOf(':');
  if (colon >= 0) return { key: entry.slice(0, colon), value: entry.slice(colon + 1), sep: ':' };
  return undefined;
}

/** Go's `strconv.ParseBool`, which the daemon uses for `no-new-privileges`; undefined when it rejects the text. */
export function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

export interface SecurityOptEntry {
  /** The entry after `${…}` interpolation. */
  text: string;
  opt?: SecurityOpt;
  /** The entry's scalar node (the anchor's node when the entry is an alias). */
  node: YNode;
  /** The list item as written (an alias item is its own). */
  item: unknown;
  span: Span;
  index: number;
}

export interface SecurityOptList {
  found: ComposeValue;
  /** Undefined when the value is not a sequence. */
  seq?: YAMLSeq;
  entries: SecurityOptEntry[];
  /** Some entry could not be read: not a string, or a `${…}` the environment does not resolve. */
  uncertain: boolean;
}

/** A string list of a service (`security_opt`, `device_cgroup_rules`), through merge keys and aliases. */
export function stringList(model: ComposeModel, service: ComposeService, key: string): SecurityOptList | undefined {
  const found = service.get(key);
  if (!found) return undefined;
  const node = model.resolve(found.node);
  if (!isSeq(node)) return { found, entries: [], uncertain: !isNullValue(model, found.pair?.value) };
  const values = Array.isArray(found.value) ? (found.value as unknown[]) : [];
  const entries: SecurityOptEntry[] = [];
  let uncertain = false;
  node.items.forEach((item, index) => {
    const n = model.resolve(item);
    const v = values[index];
    if (!n || !isScalar(n) || typeof v !== 'string' || hasUnresolved(v)) {
      uncertain = true;
      return;
    }
    entries.push({ text: v, opt: parseSecurityOpt(v), node: n, item, span: model.spanOf(n), index });
  });
  return { found, seq: node as YAMLSeq, entries, uncertain };
}

/** The `security_opt` list of a service. */
export function securityOptList(model: ComposeModel, service: ComposeService): SecurityOptList | undefined {
  return stringList(model, service, 'security_opt');
}

/** A `${…}` left after interpolation (a variable with no value and no default). */
export function hasUnresolved(v: string): boolean {
  return /\$\{?[A-Za-z_]/.test(v);
}

/** Groups items by a key (a node or pair as written), keeping first-seen order and the services each reaches. */
export class ByWritten<K, T> {
  readonly map = new Map<K, { item: T; services: string[] }>();
  add(key: K, item: T, service: string): void {
    const seen = this.map.get(key);
    if (seen) {
      if (!seen.services.includes(service)) seen.services.push(service);
    } else this.map.set(key, { item, services: [service] });
  }
  values(): { item: T; services: string[] }[] {
    return [...this.map.values()];
  }
}

/**
 * Removes one entry of a list; the only entry takes the whole key with it
 * (or leaves `[]` when the list is an anchor used elsewhere). When `claimKey`
 * is set the fix also claims the key (an identity edit), so that fix-all
 * removes several reported entries of one list one pass at a time and the
 * last one removes the key rather than leaving it empty.
 */
export function removeListEntry(model: ComposeModel, list: SecurityOptList, index: number, claimKey: boolean): TextEdit[] | undefined {
  const seq = list.seq;
  if (!seq) return undefined;
  if (seq.items.length === 1) return (list.found.pair && removePair(model, list.found.pair)) || removeSeqItem(model, seq, index);
  const edits = removeSeqItem(model, seq, index);
  if (!edits) return undefined;
  const key = list.found.pair ? nodeSpan(model, list.found.pair.key) : undefined;
  if (!claimKey || !key) return edits;
  return [...edits, { start: key.start, end: key.end, text: model.text.slice(key.start, key.end) }];
}

/**
 * Adds `key: value` to a service that has no such key: into its map after the
 * first of `after` it has (else last), or as the body of an empty service.
 */
export function addServiceKey(
  model: ComposeModel,
  service: ComposeService,
  key: string,
  value: YamlValue,
  after: readonly string[],
  style: YamlStyle,
): TextEdit[] | undefined {
  if (service.map) {
    let anchor: Pair | undefined;
    for (const k of after) if ((anchor = ownPair(service.map, k))) break;
    return insertPair(model, service.map, key, value, { after: anchor, style });
  }
  const pair = servicePair(model, service);
  if (!pair || !isNullValue(model, pair.value)) return undefined;
  return setEmptyValue(model, pair, { map: [[key, value]] }, style);
}

/** The quote character a scalar is written with (`"`, `'`), or '' for a plain scalar. */
export function quoteOf(model: ComposeModel, node: YNode): string {
  const s = nodeSpan(model, node);
  const c = s ? model.text[s.start] : undefined;
  return c === '"' || c === "'" ? c : '';
}

export interface EntryFinding<D> {
  /** The first list and entry where the value is used. */
  list: SecurityOptList;
  entry: SecurityOptEntry;
  detail: D;
  services: string[];
  /** Every list item that uses the written value (several when it is an anchor used through aliases). */
  uses: { list: SecurityOptList; entry: SecurityOptEntry }[];
}

/**
 * The entries of a string list (`security_opt`) that `judge` flags, one per
 * value as written (an entry in an anchor, or an anchored scalar used through
 * aliases, is one), with every service it reaches.
 */
export function flaggedEntries<D>(
  model: ComposeModel,
  key: string,
  judge: (entry: SecurityOptEntry) => D | undefined,
): EntryFinding<D>[] {
  const out = new Map<unknown, EntryFinding<D>>();
  for (const service of model.services) {
    const list = stringList(model, service, key);
    if (!list?.seq) continue;
    for (const entry of list.entries) {
      const detail = judge(entry);
      if (detail === undefined) continue;
      const seen = out.get(entry.node);
      if (!seen) {
        out.set(entry.node, { list, entry, detail, services: [service.name], uses: [{ list, entry }] });
        continue;
      }
      if (!seen.services.includes(service.name)) seen.services.push(service.name);
      if (!seen.uses.some((u) => u.entry.item === entry.item)) seen.uses.push({ list, entry });
    }
  }
  return [...out.values()];
}

/**
 * The edits that remove a flagged value from every list item that uses it.
 * When every entry of a list is flagged, each fix also claims the key so that
 * fix-all removes them one at a time and the last one takes the key with it.
 */
export function removeFlagged<D>(model: ComposeModel, f: EntryFinding<D>, isFlagged: (e: SecurityOptEntry) => boolean): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const { list, entry } of f.uses) {
    const seq = list.seq;
    if (!seq) return undefined;
    const all = !list.uncertain && list.entries.length === seq.items.length && list.entries.every(isFlagged);
    const e = removeListEntry(model, list, entry.index, all);
    if (!e) return undefined;
    edits.push(...e);
  }
  return edits;
}

export interface HostNamespaceKey {
  /** The service key (`network_mode`, `pid`…). */
  key: string;
  /** Message ids for one service and for a value several services share. */
  messageId: string;
  sharedMessageId: string;
  severity?: Severity;
  /** Title of the fix that removes the key. */
  title: string;
  /**
   * Message ids for `key: "service:name"` when that service (directly or through
   * more `service:` hops) uses the host's namespace; data `{target}`. Omitted
   * for keys that have no `service:` form.
   */
  via?: { messageId: string; sharedMessageId: string };
}

/** Hops followed through `service:` references before giving up (cycles). */
const MAX_SERVICE_HOPS = 8;

/**
 * The service a `service:name` value points at, when that service uses the
 * host's namespace for `key` as Compose runs it (directly or through more
 * `service:` references).
 */
export function hostThroughService(model: ComposeModel, key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('service:')) return undefined;
  const target = value.slice('service:'.length);
  let v: unknown = value;
  for (let hops = 0; hops < MAX_SERVICE_HOPS && typeof v === 'string' && v.startsWith('service:'); hops++) {
    v = model.project.effective(v.slice('service:'.length))?.[key];
  }
  return v === 'host' ? target : undefined;
}

/**
 * Reports `key: host` pairs of services, one finding per pair as written
 * (an anchor may serve several services), with a fix that removes the pair.
 * Values are compared exactly after `${…}` interpolation, as Docker does.
 */
export function checkHostNamespaces(model: ComposeModel, keys: readonly HostNamespaceKey[], report: (r: Report) => void): void {
  for (const k of keys) {
    const byPair = new ByWritten<Pair, { pair: Pair; target?: string }>();
    for (const service of model.services) {
      const v = service.get(k.key);
      if (!v?.pair) continue;
      if (v.value === 'host') byPair.add(v.pair, { pair: v.pair }, service.name);
      else if (k.via) {
        const target = hostThroughService(model, k.key, v.value);
        if (target !== undefined && target !== service.name) byPair.add(v.pair, { pair: v.pair, target }, service.name);
      }
    }
    for (const { item: { pair, target }, services } of byPair.values()) {
      const span = pairSpan(model, pair);
      if (!span) continue;
      const shared = services.length > 1;
      if (target !== undefined && k.via) {
        // Removing the reference would break what the services share with each other: no fix here; the fix belongs on the target.
        report({ messageId: shared ? k.via.sharedMessageId : k.via.messageId, data: { services: serviceList(services), target }, span, severity: k.severity });
        continue;
      }
      const edits = removePair(model, pair);
      report({
        messageId: shared ? k.sharedMessageId : k.messageId,
        data: { services: serviceList(services) },
        span,
        severity: k.severity,
        fixes: edits ? [{ id: `remove-${k.key.replace(/_/g, '-')}`, title: k.title, safe: false, edits }] : [],
      });
    }
  }
}
