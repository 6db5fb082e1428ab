/**
 * A Compose service's `volumes:` entries as Compose reads them, with where
 * each part is written. Short syntax follows compose-go's `ParseVolume`
 * (`SOURCE:TARGET[:MODE]`, a Windows drive letter kept with its path, a
 * source starting with `.`, `/`, `~` or `\\` is a bind mount, anything else a
 * named volume, a lone path an anonymous volume); long syntax reads `type`,
 * `source`, `target`, `read_only` and `bind.propagation`. A named volume
 * declared at the top level with `driver_opts` that bind a host path
 * (`o: bind`, `device: /host/path`) is reported as a bind of that path.
 *
 * `${…}` is interpolated (from the `.env` beside the file); `$HOME`,
 * `${HOME}` and `$XDG_RUNTIME_DIR` that the environment leaves unresolved are
 * read as `~` and `/run/user/<uid>`, as on the machine that runs Compose.
 */
import { type Node as YNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../yaml/nodes';
import type { ComposeModel, ComposeService, ComposeValue } from '../model/compose';
import type { Span } from '../types';
import { composeTrue } from '../rules/BH201-privileged-service';
import { hasVariable, splitWritten, writtenScalar, type WrittenPart, type WrittenScalar } from './written';
import { DerivedKey } from '../util/derived';

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster' | 'unknown';

export interface VolumeMount {
  /** Index of the entry in the service's `volumes` list. */
  index: number;
  /** The entry as it stands in the list (an alias when written as `*x`). */
  item: unknown;
  /** The entry's node (the anchor's node for an alias): the key for "one finding per written value". */
  node: YNode;
  syntax: 'short' | 'long';
  /** `bind` also for a named volume whose driver_opts bind a host path (see `namedVolume`). */
  type: MountType;
  /** Source after interpolation: a host path, a volume name, or undefined (anonymous volume, tmpfs). */
  source?: string;
  target?: string;
  /** The host path mounted: the bind source, or the device of a named volume that binds one; normalised (see `normaliseHostPath`). */
  hostPath?: string;
  /** The host path as the file writes it (before normalisation), for messages. */
  hostPathWritten?: string;
  readOnly: boolean;
  /** Short syntax: the options after the target (`ro`, `z`, `rshared`, `nocopy`…). */
  options: string[];
  propagation?: string;
  /** The named volume the entry uses, when it is declared at the top level with a host bind. */
  namedVolume?: { name: string; device: string; deviceSpan?: Span };
  /** Source or target depend on a variable the environment does not resolve. */
  uncertain: boolean;
  /** The whole entry as written. */
  span: Span;
  sourceSpan: Span;
  targetSpan: Span;
  /** Short syntax: the mode part (`ro,z`), when written. */
  modeSpan?: Span;
  /** Short syntax: each option with its span, when the parts are aligned. */
  optionSpans: { option: string; span: Span }[];
  /** Short syntax: the parts' spans are exact (no variable holding a `:`); fixes need it. */
  aligned: boolean;
  /** Short syntax: the scalar as written. */
  written?: WrittenScalar;
  /** Long syntax: the entry's map and its pairs. */
  map?: YAMLMap;
  readOnlyPair?: Pair;
  propagationPair?: Pair;
  /** Long syntax: the `bind:` pair holding `propagation`. */
  bindPair?: Pair;
}

export interface ServiceVolumes {
  found: ComposeValue;
  seq?: YAMLSeq;
  mounts: VolumeMount[];
}

/** A pair of a map by key: own pairs first (last wins), then maps merged with `<<`. */
export function pairIn(model: ComposeModel, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  let own: Pair | undefined;
  const merges: unknown[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = isScalar(item.key) ? item.key.value : undefined;
    const src = isScalar(item.key) ? (item.key as { source?: string }).source : undefined;
    if (k === '<<' || src === '<<' || (typeof k === 'symbol' && k.description === '<<')) {
      if (isSeq(item.value)) merges.push(...item.value.items);
      else merges.push(item.value);
    } else if (String(k) === key) own = item;
  }
  if (own || depth > 8) return own;
  for (const m of merges) {
    const t = model.resolve(m);
    if (isMap(t)) {
      const p = pairIn(model, t as YAMLMap, key, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

/** The value node of a pair, aliases resolved. */
export function valueOf(model: ComposeModel, pair: Pair | undefined): YNode | undefined {
  return pair ? model.resolve(pair.value) : undefined;
}

/** The span of a pair's value, or of its key when the value is empty. */
function valueSpan(model: ComposeModel, pair: Pair | undefined): Span | undefined {
  if (!pair) return undefined;
  const v = valueOf(model, pair);
  if (v && v.range) return model.spanOf(v);
  const k = pair.key as YNode | undefined;
  return k && k.range ? model.spanOf(k) : undefined;
}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/** compose-go's `isFilePath`: a short-syntax source that is a host path. */
export function isHostPathSource(source: string): boolean {
  if (source === '') return false;
  if (source[0] === '.' || source[0] === '/' || source[0] === '~') return true;
  if (source.startsWith('\\\\')) return true;
  return /^[A-Za-z]:/.test(source);
}

/**
 * A host path in a comparable form: `$HOME`/`${HOME}` (unresolved) → `~`,
 * `$XDG_RUNTIME_DIR` → `/run/user/<uid>`, repeated and trailing slashes
 * dropped, `.` and `..` segments of absolute paths resolved. Relative paths
 * (`./data`) and Windows paths are returned as written.
 */
export function normaliseHostPath(p: string): string {
  let s = p.trim();
  s = s.replace(/^\$\{HOME(?::?[-?][^}]*)?\}|^\$HOME(?![A-Za-z0-9_])/, '~');
  s = s.replace(/^\$\{PWD(?::?[-?][^}]*)?\}|^\$PWD(?![A-Za-z0-9_])/, '.');
  s = s.replace(/^\$\{XDG_RUNTIME_DIR(?::?[-?][^}]*)?\}|^\$XDG_RUNTIME_DIR(?![A-Za-z0-9_])/, '/run/user/<uid>');
  if (!s.startsWith('/') && !s.startsWith('~')) return s;
  const home = s.startsWith('~');
  const out: string[] = [];
  for (const seg of (home ? s.slice(1) : s).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const joined = out.join('/');
  if (home) return joined ? `~/${joined}` : '~';
  return '/' + joined;
}

interface ShortFields {
  source?: string;
  target?: string;
  mode?: string;
}

/** compose-go's field split of a short-syntax volume: parts separated by `:`, a drive letter kept with its path. */
function shortFields(parts: string[]): ShortFields | undefined {
  const fields: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    // `C:\x` and `C:/x`: the colon after a single letter is part of the path.
    if (p.length === 1 && /[A-Za-z]/.test(p) && i + 1 < parts.length && (fields.length === 0 || fields.length === 1)) {
      fields.push(`${p}:${parts[++i]!}`);
      continue;
    }
    fields.push(p);
  }
  if (fields.length === 1) return { target: fields[0] };
  if (fields.length === 2) return { source: fields[0], target: fields[1] };
  if (fields.length === 3) return { source: fields[0], target: fields[1], mode: fields[2] };
  return undefined;
}

/** The same split on written parts, keeping spans: returns groups of part indexes per field. */
function groupParts(parts: WrittenPart[]): WrittenPart[][] {
  const groups: WrittenPart[][] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.value.length === 1 && /[A-Za-z]/.test(p.value) && i + 1 < parts.length && groups.length <= 1) {
      groups.push([p, parts[++i]!]);
      continue;
    }
    groups.push([p]);
  }
  return groups;
}

function joinSpan(group: WrittenPart[]): Span {
  return { start: group[0]!.span.start, end: group[group.length - 1]!.span.end };
}

/**
 * Every volume entry of a service, through merge keys and aliases; undefined
 * when the service has no `volumes`. Worked out once per service (three rules
 * read them; a service belongs to one model, which never changes).
 */
export function serviceVolumes(model: ComposeModel, service: ComposeService): ServiceVolumes | undefined {
  const byService = model.derived.get(VOLUMES, () => new Map<ComposeService, ServiceVolumes | null>());
  let v = byService.get(service);
  if (v === undefined) byService.set(service, (v = readServiceVolumes(model, service) ?? null));
  return v ?? undefined;
}

const VOLUMES = new DerivedKey<Map<ComposeService, ServiceVolumes | null>>('service volumes');

function readServiceVolumes(model: ComposeModel, service: ComposeService): ServiceVolumes | undefined {
  const found = service.get('volumes');
  if (!found) return undefined;
  const seqNode = model.resolve(found.node);
  if (!isSeq(seqNode)) return { found, mounts: [] };
  const values = Array.isArray(found.value) ? (found.value as unknown[]) : [];
  const mounts: VolumeMount[] = [];
  (seqNode as YAMLSeq).items.forEach((item, index) => {
    const node = model.resolve(item);
    if (!node) return;
    const value = values[index];
    const m = isMap(node) ? longMount(model, node as YAMLMap, value, index, item) : shortMount(model, node, value, index, item);
    if (m) mounts.push(m);
  });
  return { found, seq: seqNode as YAMLSeq, mounts };
}

function shortMount(model: ComposeModel, node: YNode, value: unknown, index: number, item: unknown): VolumeMount | undefined {
  if (!isScalar(node) || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  const whole = String(value);
  if (whole === '') return undefined;
  const span = model.spanOf(node);
  const fields = whole.length <= 2 ? { target: whole } : shortFields(whole.split(':'));
  if (!fields) return undefined;
  const ws = writtenScalar(model, node);
  let sourceSpan = span;
  let targetSpan = span;
  let modeSpan: Span | undefined;
  let aligned = false;
  const optionSpans: { option: string; span: Span }[] = [];
  const sourcePath = fields.source !== undefined ? normaliseHostPath(fields.source) : undefined;
  const uncertain = hasVariable(sourcePath ?? '') || hasVariable(fields.target ?? '');
  if (ws) {
    const parts = ws.raw.length === 0 ? [] : splitWritten(model, ws, ':');
    const groups = groupParts(parts);
    const joined = groups.map((g) => g.map((p) => p.value).join(':'));
    const expected = [fields.source, fields.target, fields.mode].filter((x): x is string => x !== undefined);
    if (joined.length === expected.length && joined.every((j, i) => j === expected[i])) {
      aligned = true;
      const spans = groups.map(joinSpan);
      if (fields.source === undefined) targetSpan = spans[0]!;
      else {
        sourceSpan = spans[0]!;
        targetSpan = spans[1]!;
        if (fields.mode !== undefined) {
          modeSpan = spans[2]!;
          const modeGroup = groups[2]!;
          if (modeGroup.length === 1 && !modeGroup[0]!.raw.includes('$')) {
            let at = modeSpan.start;
            for (const opt of modeGroup[0]!.raw.split(',')) {
              optionSpans.push({ option: opt, span: { start: at, end: at + opt.length } });
              at += opt.length + 1;
            }
            if (ws.quote === '"' && modeGroup[0]!.raw.length !== modeSpan.end - modeSpan.start) optionSpans.length = 0;
          }
        }
      }
    }
  }
  const options = fields.mode ? fields.mode.split(',').map((o) => o.trim()) : [];
  let readOnly = false;
  let propagation: string | undefined;
  for (const o of options) {
    if (o === 'ro') readOnly = true;
    else if (o === 'rw') readOnly = false;
    else if (PROPAGATIONS.has(o)) propagation = o;
  }
  const source = fields.source;
  const mount: VolumeMount = {
    index,
    item,
    node,
    syntax: 'short',
    type: source === undefined ? 'volume' : isHostPathSource(sourcePath!) ? 'bind' : 'volume',
    source,
    target: fields.target,
    readOnly,
    options,
    propagation,
    uncertain,
    span,
    sourceSpan,
    targetSpan,
    modeSpan,
    optionSpans,
    aligned,
    written: ws,
  };
  if (mount.type === 'bind' && source !== undefined) {
    mount.hostPath = sourcePath;
    mount.hostPathWritten = source;
  } else if (source !== undefined) bindOfNamedVolume(model, mount, source);
  return mount;
}

function longMount(model: ComposeModel, map: YAMLMap, value: unknown, index: number, item: unknown): VolumeMount | undefined {
  const v = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined);
  const source = str(v.source);
  const target = str(v.target);
  const typeRaw = str(v.type)?.trim().toLowerCase();
  const type: MountType =
    typeRaw === 'bind' || typeRaw === 'volume' || typeRaw === 'tmpfs' || typeRaw === 'npipe' || typeRaw === 'image' || typeRaw === 'cluster'
      ? typeRaw
      : typeRaw === undefined
        ? source !== undefined && isHostPathSource(normaliseHostPath(source))
          ? 'bind'
          : 'volume'
        : 'unknown';
  const span = model.spanOf(map);
  const sourcePair = pairIn(model, map, 'source');
  const targetPair = pairIn(model, map, 'target');
  const readOnlyPair = pairIn(model, map, 'read_only');
  const bindPair = pairIn(model, map, 'bind');
  const bindMap = valueOf(model, bindPair);
  const propagationPair = isMap(bindMap) ? pairIn(model, bindMap as YAMLMap, 'propagation') : undefined;
  const bind = v.bind && typeof v.bind === 'object' ? (v.bind as Record<string, unknown>) : {};
  const propagation = str(bind.propagation)?.trim().toLowerCase();
  const mount: VolumeMount = {
    index,
    item,
    node: map as unknown as YNode,
    syntax: 'long',
    type,
    source,
    target,
    readOnly: composeBool(v.read_only),
    options: [],
    propagation,
    uncertain: hasVariable(source !== undefined ? normaliseHostPath(source) : '') || hasVariable(target ?? ''),
    span,
    sourceSpan: valueSpan(model, sourcePair) ?? span,
    targetSpan: valueSpan(model, targetPair) ?? span,
    optionSpans: [],
    aligned: true,
    map,
    readOnlyPair,
    propagationPair,
    bindPair,
  };
  if ((type === 'bind' || type === 'npipe') && source !== undefined) {
    mount.hostPath = normaliseHostPath(source);
    mount.hostPathWritten = source;
  } else if (type === 'volume' && source !== undefined) bindOfNamedVolume(model, mount, source);
  return mount;
}

/** A boolean as Compose casts it (`true`, `"yes"`, `on`, `y`, any case): BH201's reading. */
export const composeBool = composeTrue;

/**
 * A named volume declared at the top level with the `local` driver and
 * `driver_opts` that bind a host path (`o: bind`, `device: /path`): the mount
 * becomes a bind of that path.
 */
function bindOfNamedVolume(model: ComposeModel, mount: VolumeMount, name: string): void {
  const bind = namedVolumeBind(model, name);
  if (!bind) return;
  mount.type = 'bind';
  mount.namedVolume = { name, device: bind.device, deviceSpan: bind.span };
  mount.hostPath = normaliseHostPath(bind.device);
  mount.hostPathWritten = bind.device;
}

/** The host path a top-level named volume binds, with where `device` is written; undefined for other volumes. */
export function namedVolumeBind(model: ComposeModel, name: string): { device: string; span?: Span } | undefined {
  const top = model.top('volumes');
  const all = top?.value;
  if (!all || typeof all !== 'object' || Array.isArray(all)) return undefined;
  const def = (all as Record<string, unknown>)[name];
  if (!def || typeof def !== 'object' || Array.isArray(def)) return undefined;
  const d = def as Record<string, unknown>;
  if (d.external !== undefined && d.external !== false && d.external !== null) return undefined;
  if (d.driver !== undefined && d.driver !== null && d.driver !== 'local') return undefined;
  const opts = d.driver_opts;
  if (!opts || typeof opts !== 'object' || Array.isArray(opts)) return undefined;
  const o = (opts as Record<string, unknown>).o;
  const device = (opts as Record<string, unknown>).device;
  if (typeof o !== 'string' || typeof device !== 'string') return undefined;
  if (!o.split(',').map((x) => x.trim()).some((x) => x === 'bind' || x === 'rbind')) return undefined;
  // The device's span: volumes → name → driver_opts → device.
  let span: Span | undefined;
  const topMap = top ? model.resolve(top.node) : undefined;
  const volPair = isMap(topMap) ? pairIn(model, topMap as YAMLMap, name) : undefined;
  const volMap = valueOf(model, volPair);
  const optsPair = isMap(volMap) ? pairIn(model, volMap as YAMLMap, 'driver_opts') : undefined;
  const optsMap = valueOf(model, optsPair);
  const devicePair = isMap(optsMap) ? pairIn(model, optsMap as YAMLMap, 'device') : undefined;
  span = valueSpan(model, devicePair);
  return { device, span };
}

/** True when `path` is `base` or lies under it (both normalised). */
export function isUnder(path: string, base: string): boolean {
  if (base === '/') return path.startsWith('/');
  return path === base || path.startsWith(base + '/');
}

/** Service names grouped by the entry node that reaches them (one finding per written value). */
export function groupByNode<T extends { node: unknown }>(entries: Iterable<{ service: string; entry: T }>): Map<unknown, { entry: T; services: string[] }> {
  const out = new Map<unknown, { entry: T; services: string[] }>();
  for (const { service, entry } of entries) {
    const g = out.get(entry.node);
    if (g) {
      if (!g.services.includes(service)) g.services.push(service);
    } else out.set(entry.node, { entry, services: [service] });
  }
  return out;
}
