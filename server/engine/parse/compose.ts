/**
 * Builds the Compose model from `yaml` with source ranges. Merge keys (`<<`)
 * and aliases are resolved on lookup, so a value found through an anchor keeps
 * the span where it is written. Alias expansion is bounded: a "billion laughs"
 * file becomes a problem report, never a stalled server.
 */
import type { Document, Node as YNode, YAMLMap, Pair, Scalar as YScalar } from 'yaml';
import { isMap, isSeq, isScalar, isAlias, isPair, parseDocument, yamlLib } from '../yaml/nodes';
import { LineIndex, normaliseLoneCR } from '../text/lineIndex';
import type { Span } from '../types';
import type { ComposeModel, ComposeProblem, ComposeService, ComposeValue } from '../model/compose';
import { substituteVariables } from './variables';
import { singleFileProject } from '../compose/project';
import { COMPOSE_YAML_OPTIONS, readComposeYaml } from './yamlReader';
import { freezingSharedLists, sharedList } from '../util/shared';
import { Derived } from '../util/derived';

export interface ComposeParseOptions {
  /** Variables from the `.env` beside the file. */
  env?: Record<string, string>;
  /** The file's path, for resolving `extends: {file}` and `include:` (the engine attaches the project). */
  path?: string;
  /** The line index of `text`, when the caller has one already. */
  lines?: LineIndex;
  /** False: parse with `yaml` alone, without Bulkhead's reader (tests compare the two). */
  reader?: boolean;
}

/** Nodes one plain value may expand to, aliases included (the bound that replaces `yaml`'s `maxAliasCount`). */
export const MAX_PLAIN_NODES = 100_000;
/** Alias expansions allowed when building plain values (the `yaml` default is 100). */
export const MAX_ALIAS_COUNT = 100;
/** Alias hops followed on lookup before giving up (cycles, deep chains). */
const MAX_ALIAS_HOPS = 32;
/** Nesting depth beyond which values are not built. */
const MAX_DEPTH = 200;
/** Estimated YAML nesting beyond which the text is not parsed at all. */
export const MAX_NESTING = 200;

export function parseCompose(text: string, options: ComposeParseOptions = {}): ComposeModel {
  const lines = options.lines?.text === text ? options.lines : new LineIndex(text);
  const problems: ComposeProblem[] = [];
  const env = { ...(options.env ?? {}) };
  let doc: Document.Parsed | undefined;
  // Bulkhead's reader builds the same document for the YAML Compose files are
  // written in, four to five times faster; `yaml` reads the rest. The reader
  // declines collections nested deeper than its own limit (100 levels), so
  // the estimate of the nesting, a pass over the whole text, is needed only
  // before `yaml` reads a file: its parser recurses per level and overflows
  // the stack near 800 levels (and is left unusable afterwards), so a file
  // nested too deeply is not parsed.
  let tooDeep: number | undefined;
  try {
    const yamlText = normaliseLoneCR(text);
    doc = options.reader === false ? undefined : readComposeYaml(yamlText);
    if (!doc) {
      tooDeep = nestingExceeds(text, MAX_NESTING);
      if (tooDeep === undefined) doc = parseDocument(yamlText, COMPOSE_YAML_OPTIONS);
    }
  } catch (e) {
    problems.push({ message: `Cannot parse YAML: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
  }
  if (tooDeep !== undefined) {
    problems.push({
      message: `YAML nesting is deeper than ${MAX_NESTING} levels; the file is not analysed.`,
      span: clampSpan({ start: tooDeep, end: tooDeep + 1 }, text),
      severity: 'error',
    });
  }
  for (const err of doc?.errors ?? []) {
    const [s, e] = err.pos;
    problems.push({ message: firstLine(err.message), span: clampSpan({ start: s, end: Math.max(e, s) }, text), severity: 'error' });
  }
  const trimEnd = (start: number, end: number): Span => {
    let e = Math.min(end, text.length);
    while (e > start && (text[e - 1] === '\n' || text[e - 1] === '\r' || text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    return { start, end: e };
  };
  const spanOf = (node: YNode): Span => {
    const r = node.range;
    if (!r) return { start: 0, end: 0 };
    return trimEnd(r[0], r[1]);
  };
  /** Alias → its anchor, computed once (`Alias.resolve` walks the whole document on every call). */
  let aliasTargets: Map<unknown, YNode> | undefined;
  const aliasTarget = (alias: unknown): YNode | undefined => {
    if (!doc) return undefined;
    aliasTargets ??= buildAliasTargets(doc);
    return aliasTargets.get(alias);
  };
  const resolve = (node: unknown): YNode | undefined => {
    let n = node;
    for (let hops = 0; hops < MAX_ALIAS_HOPS && isAlias(n); hops++) n = aliasTarget(n);
    if (isAlias(n)) return undefined;
    return (n ?? undefined) as YNode | undefined;
  };
  /**
   * Plain values are built once per node: `yaml` walks the whole document for
   * every `toJS` that meets an alias, and rules ask for the same values many
   * times (a 57-service file spent 400 ms here per lint). They are frozen, so a
   * rule cannot change what the next one reads.
   *
   * This cache and the others of this model are Maps, not WeakMaps: they are
   * kept as long as the model and go with it, and an entry costs a Map less
   * than a WeakMap (whose entries the garbage collector treats specially).
   */
  const plainCache = new Map<YNode, unknown>();
  /**
   * A collection's value once built (substituted and frozen) is kept with
   * what building it cost: the number of nodes it expanded to and how deep it
   * went. A value reached again (a service's map inside `services`, then the
   * service itself, then a key of it) is handed out again, and the budget and
   * depth limits are charged as if it had been built again, so a value that
   * was too large or too deep before still is.
   */
  const built = new Map<object, { value: unknown; count: number; height: number }>();
  /**
   * A node as plain data, the way `yaml`'s `toJS` builds it for this document
   * (scalars as parsed, keys as strings, `<<` merge keys filling in keys the
   * map does not set, aliases expanded), but with aliases looked up in the map
   * built once per document: `toJS` walks the whole document again for every
   * alias it meets, which made a 57-service file take 400 ms per lint.
   * Expansion is bounded like `maxAliasCount`: at most MAX_PLAIN_NODES nodes
   * per value, so an alias bomb costs nothing.
   *
   * Strings come out with Compose's variables substituted (keys as written),
   * and every array and object frozen, in the same walk: a rule cannot change
   * what the next one reads. A `__proto__` key is left out, as copying the
   * value's own keys always did.
   */
  const toPlain = (root: YNode): unknown => {
    let budget = MAX_PLAIN_NODES;
    let deepest = 0;
    const conv = (n: unknown, depth: number, substitute: boolean): unknown => {
      if (--budget < 0 || depth > MAX_NESTING) throw new RangeError('Excessive alias expansion');
      if (depth > deepest) deepest = depth;
      if (isAlias(n)) {
        const t = resolve(n);
        if (!t) throw new ReferenceError('Unresolved alias');
        return conv(t, depth + 1, substitute);
      }
      if (isScalar(n)) {
        const v = n.value;
        if (!substitute) return v;
        if (typeof v === 'string') return v.indexOf('$') < 0 ? v : substituteVariables(v, env, SUBSTITUTE).value;
        return v !== null && typeof v === 'object' ? deepFreeze(substituteIn(v, env, 0)) : v;
      }
      const collection = isSeq(n) || isMap(n);
      if (!collection) return n ?? null;
      if (substitute) {
        const hit = built.get(n);
        if (hit) {
          budget -= hit.count - 1;
          if (budget < 0 || depth + hit.height > MAX_NESTING) throw new RangeError('Excessive alias expansion');
          if (depth + hit.height > deepest) deepest = depth + hit.height;
          return hit.value;
        }
      }
      const budgetBefore = budget;
      const deepestBefore = deepest;
      deepest = depth;
      let out: unknown;
      if (isSeq(n)) {
        const list = n.items.map((x) => conv(x, depth + 1, substitute));
        out = substitute ? sharedList(list) : list;
      } else {
        const map: Record<string, unknown> = {};
        for (const item of (n as YAMLMap).items) {
          if (!isPair(item)) continue;
          if (isMergeKey(item.key)) {
            const src = isAlias(item.value) ? resolve(item.value) : item.value;
            const sources = isSeq(src) ? src.items.map((x) => (isAlias(x) ? resolve(x) : x)) : [src];
            for (const m of sources) {
              if (!isMap(m)) continue;
              const merged = conv(m, depth + 1, substitute) as Record<string, unknown>;
              for (const k of Object.keys(merged)) if (!Object.prototype.hasOwnProperty.call(map, k)) map[k] = merged[k];
            }
            continue;
          }
          const k = item.key === null || item.key === undefined ? '' : isScalar(item.key) ? item.key.value : conv(item.key, depth + 1, false);
          const key = k === null || k === undefined ? '' : typeof k === 'object' ? JSON.stringify(k) : String(k);
          const value = item.value === null || item.value === undefined ? null : conv(item.value, depth + 1, substitute);
          if (key !== '__proto__') map[key] = value;
        }
        out = substitute ? Object.freeze(map) : map;
      }
      if (substitute) built.set(n as object, { value: out, count: budgetBefore - budget + 1, height: deepest - depth });
      if (deepestBefore > deepest) deepest = deepestBefore;
      return out;
    };
    return conv(root, 0, true);
  };
  const plain = (node: YNode): unknown => {
    if (!doc) return undefined;
    if (plainCache.has(node)) return plainCache.get(node);
    let v: unknown;
    try {
      v = toPlain(node);
    } catch {
      v = undefined;
    }
    plainCache.set(node, v);
    return v;
  };

  /** Finds `key` in a map: own pairs first (last one wins), then merged maps in order. */
  /** A map's own pairs by key (the last one wins, as in `lookup` before) and its merge sources, read once per map. */
  const indexes = new Map<YAMLMap, { own: Map<string, Pair>; merges: { node: unknown; span: Span }[] }>();
  const indexOf = (map: YAMLMap): { own: Map<string, Pair>; merges: { node: unknown; span: Span }[] } => {
    let ix = indexes.get(map);
    if (ix) return ix;
    ix = { own: new Map(), merges: [] };
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? item.key.value : item.key;
      if (isMergeKey(item.key)) {
        const ks = isScalar(item.key) ? spanOf(item.key as YNode) : { start: 0, end: 0 };
        if (isSeq(item.value)) for (const m of item.value.items) ix.merges.push({ node: m, span: ks });
        else ix.merges.push({ node: item.value, span: ks });
        continue;
      }
      ix.own.set(String(k), item);
    }
    indexes.set(map, ix);
    return ix;
  };

  /** `seen` (the maps already looked in) is made when a merge is followed. */
  const lookup = (map: YAMLMap, key: string, seen: Set<YAMLMap> | undefined, indirect: boolean, usedAt?: Span): ComposeValue | undefined => {
    if (seen && (seen.has(map) || seen.size > MAX_ALIAS_HOPS)) return undefined;
    seen?.add(map);
    const { own: byKey, merges } = indexOf(map);
    const own = byKey.get(key);
    if (own) {
      const valueNode = own.value;
      const target = resolve(valueNode);
      if (target === undefined && valueNode !== null && valueNode !== undefined) return undefined;
      const keyNode = own.key as YNode | undefined;
      const aliasSpan = isAlias(valueNode) ? spanOf(valueNode as unknown as YNode) : undefined;
      const node = target ?? (new (yamlLib().Scalar)(null) as unknown as YNode);
      const keySpan = keyNode && keyNode.range ? spanOf(keyNode) : undefined;
      return {
        node,
        value: target ? plain(target) : null,
        span: target && target.range ? spanOf(target) : keySpan ?? { start: 0, end: 0 },
        keySpan,
        pair: own,
        indirect: indirect || aliasSpan !== undefined,
        usedAt: usedAt ?? aliasSpan,
      };
    }
    for (const m of merges) {
      const target = resolve(m.node);
      if (isMap(target)) {
        const found = lookup(target, key, (seen ??= new Set([map])), true, usedAt ?? m.span);
        if (found) return found;
      }
    }
    return undefined;
  };

  const keysOf = (map: YAMLMap, seen: Set<YAMLMap>, out: Set<string>): void => {
    if (seen.has(map) || seen.size > MAX_ALIAS_HOPS) return;
    seen.add(map);
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (isMergeKey(item.key)) {
        const vals = isSeq(item.value) ? item.value.items : [item.value];
        for (const v of vals) {
          const t = resolve(v);
          if (isMap(t)) keysOf(t, seen, out);
        }
      } else out.add(k);
    }
  };

  /**
   * Rules ask for the same keys of the same services again and again; the
   * document never changes after parsing, so each answer is kept (frozen, as
   * every rule gets the same object).
   */
  const pathCache = new Map<YAMLMap, Map<string, PathEntry>>();
  const pathsOf = (map: YAMLMap): Map<string, PathEntry> => {
    let byPath = pathCache.get(map);
    if (!byPath) pathCache.set(map, (byPath = new Map()));
    return byPath;
  };
  /**
   * `getPath` with the map's cache at hand (a service keeps its own). The
   * cache is a tree of the keys asked for, one level per key: the keys are
   * the rules' string constants, whose hashes V8 keeps, where a path joined
   * into one string was a new string to hash on every call.
   */
  const getPathIn = (map: YAMLMap, byPath: Map<string, PathEntry>, path: readonly string[]): ComposeValue | undefined => {
    let level = byPath;
    let entry: PathEntry | undefined;
    const last = path.length - 1;
    for (let i = 0; ; i++) {
      const key = path[i]!;
      entry = level.get(key);
      if (entry === undefined) level.set(key, (entry = { value: NOT_LOOKED_UP, next: undefined }));
      if (i >= last) break;
      level = entry.next ??= new Map();
    }
    const known = entry.value;
    if (known !== NOT_LOOKED_UP) return known;
    const found = findPath(map, path);
    if (found) Object.freeze(found);
    entry.value = found;
    return found;
  };
  const getPath = (map: YAMLMap | undefined, path: string[]): ComposeValue | undefined => (map ? getPathIn(map, pathsOf(map), path) : undefined);
  const findPath = (map: YAMLMap | undefined, path: readonly string[]): ComposeValue | undefined => {
    let cur: ComposeValue | undefined;
    let m: YAMLMap | undefined = map;
    let indirect = false;
    let usedAt: Span | undefined;
    for (const key of path) {
      if (!m) return undefined;
      cur = lookup(m, key, undefined, indirect, usedAt);
      if (!cur) return undefined;
      indirect = cur.indirect;
      usedAt = cur.usedAt;
      m = isMap(cur.node) ? (cur.node as YAMLMap) : undefined;
    }
    return cur;
  };

  const rootNode = doc ? resolve(doc.contents) : undefined;
  const root = isMap(rootNode) ? (rootNode as YAMLMap) : undefined;
  if (doc && doc.contents && !root && problems.length === 0 && !(isScalar(doc.contents) && doc.contents.value === null)) {
    problems.push({ message: 'A Compose file must be a mapping at the top level.', span: spanOf(doc.contents as YNode), severity: 'error' });
  }
  const services: ComposeService[] = [];
  const model: ComposeModel = {
    kind: 'compose',
    text,
    lines,
    doc,
    root,
    problems,
    services,
    top: (key: string) => (root ? getPath(root, [key]) : undefined),
    env,
    resolve,
    spanOf,
    project: undefined as unknown as ComposeModel['project'],
    derived: new Derived(),
  };
  const servicesValue = root ? getPath(root, ['services']) : undefined;
  if (servicesValue && isMap(servicesValue.node)) {
    // Own entries first, then those merged in with `<<` (own names win).
    const entries: Pair[] = [];
    const seenNames = new Set<string>();
    const collect = (map: YAMLMap, seenMaps: Set<YAMLMap>): void => {
      if (seenMaps.has(map) || seenMaps.size > MAX_ALIAS_HOPS) return;
      seenMaps.add(map);
      const merges: unknown[] = [];
      for (const item of map.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        if (isMergeKey(item.key)) {
          if (isSeq(item.value)) merges.push(...item.value.items);
          else merges.push(item.value);
          continue;
        }
        const name = String(item.key.value);
        if (seenNames.has(name)) continue;
        seenNames.add(name);
        entries.push(item);
      }
      for (const m of merges) {
        const t = resolve(m);
        if (isMap(t)) collect(t as YAMLMap, seenMaps);
      }
    };
    collect(servicesValue.node as YAMLMap, new Set());
    for (const item of entries) {
      if (!isScalar(item.key)) continue;
      const name = String(item.key.value);
      const keyNode = item.key as YNode;
      const target = resolve(item.value);
      const map = isMap(target) ? (target as YAMLMap) : undefined;
      const paths = map ? pathsOf(map) : undefined;
      const nameSpan = spanOf(keyNode);
      const end = target?.range ? spanOf(target).end : nameSpan.end;
      services.push({
        name,
        nameSpan,
        map,
        span: { start: nameSpan.start, end: Math.max(end, nameSpan.end) },
        get: map ? (...path: string[]) => getPathIn(map, paths!, path) : () => undefined,
        keys: () => {
          const out = new Set<string>();
          if (map) keysOf(map, new Set(), out);
          return [...out];
        },
        definition: () => (map ? plain(map) : {}),
        effective: (...path: string[]) => {
          let v: unknown = model.project.effective(name);
          for (const key of path) {
            if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
            v = (v as Record<string, unknown>)[key];
          }
          return v;
        },
      });
    }
  }

  model.services = services;
  model.project = singleFileProject(model, options.path ?? 'compose.yaml');
  return model;
}

const SUBSTITUTE = { dollarEscape: true } as const;
/** A path not looked up yet, in a map's cache of lookups. */
const NOT_LOOKED_UP = Symbol('not looked up');
/** A key of a path in a map's cache of lookups: the value at the path so far, and the keys asked for below it. */
interface PathEntry {
  value: ComposeValue | undefined | typeof NOT_LOOKED_UP;
  next: Map<string, PathEntry> | undefined;
}

/**
 * A scalar's value that is an object (under `%YAML 1.1`, a `!!timestamp` is a
 * Date and a `!!binary` a Uint8Array) as plain data: its own keys copied,
 * strings with variables substituted, nothing below MAX_DEPTH.
 */
function substituteIn(v: unknown, env: Readonly<Record<string, string | undefined>>, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (typeof v === 'string') return substituteVariables(v, env, SUBSTITUTE).value;
  if (Array.isArray(v)) return v.map((x) => substituteIn(x, env, depth + 1));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = substituteIn(x, env, depth + 1);
    return o;
  }
  return v;
}

/** Freezes `v`'s objects, and its arrays when shared lists are frozen (see util/shared.ts). */
function deepFreeze<T>(v: T, depth = 0): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v) && depth <= MAX_NESTING) {
    if (!Array.isArray(v) || freezingSharedLists()) Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x, depth + 1);
  }
  return v;
}

/**
 * Estimates the nesting depth of YAML text without parsing it, erring high:
 * open flow brackets (outside quotes and comments), plus for block style one
 * level per indentation step and per `- ` / `? ` indicator that opens a line.
 * Returns the offset where the estimate first exceeds `max`, if it does.
 */
export function nestingExceeds(text: string, max: number): number | undefined {
  let flow = 0;
  /** Indentation of each open block level, with its weight. */
  const indents: number[] = [];
  const weights: number[] = [];
  let blockDepth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line.
    let col = 0;
    while (i < n && text.charCodeAt(i) === SP) {
      i++;
      col++;
    }
    if (i >= n) break;
    const c0 = text.charCodeAt(i);
    const blank = c0 === LF || c0 === CR || c0 === HASH;
    if (!blank && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= col) {
        indents.pop();
        blockDepth -= weights.pop()!;
      }
      let w = 1;
      if (blockDepth + w > max) return i;
      for (;;) {
        if (i + 1 >= n) break;
        const c = text.charCodeAt(i);
        const d = text.charCodeAt(i + 1);
        if (!((c === DASH || c === QUESTION) && (d === SP || d === TAB))) break;
        w++;
        if (blockDepth + w > max) return i;
        i += 2;
        while (i < n && (text.charCodeAt(i) === SP || text.charCodeAt(i) === TAB)) i++;
      }
      indents.push(col);
      weights.push(w);
      blockDepth += w;
    }
    // Rest of the line.
    let quote = 0;
    let prev = SP;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (quote !== 0) {
        if (c === quote) {
          if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
          else quote = 0;
        } else if (c === BACKSLASH && quote === DQUOTE) i++;
      } else if (c === HASH && (prev === SP || prev === TAB)) {
        while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        break;
      } else if ((c === DQUOTE || c === SQUOTE) && (prev === SP || prev === TAB || prev === LBRACKET || prev === LBRACE || prev === COMMA || prev === COLON)) {
        quote = c;
      } else if (c === LBRACKET || c === LBRACE) {
        flow++;
        if (flow + blockDepth > max) return i;
      } else if ((c === RBRACKET || c === RBRACE) && flow > 0) flow--;
      prev = c;
      i++;
    }
    // A double-quoted scalar may span lines; a single line break ends nothing else.
    while (i < n && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) i++;
  }
  return undefined;
}

const SP = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const QUESTION = 0x3f;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Maps every alias to the node holding its anchor: the last node with that
 * anchor before the alias in document order, as YAML defines it. Iterative,
 * so deep documents cannot overflow the stack.
 */
function buildAliasTargets(doc: Document.Parsed): Map<unknown, YNode> {
  const out = new Map<unknown, YNode>();
  const anchors = new Map<string, YNode>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (isAlias(n)) {
      const t = anchors.get(n.source);
      if (t) out.set(n, t);
      continue;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, n as YNode);
    if (isMap(n) || isSeq(n)) for (let k = n.items.length - 1; k >= 0; k--) stack.push(n.items[k]);
  }
  return out;
}

/** `<<` as a key: `yaml` (with `merge: true`) gives it a symbol value. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<') || (key as YScalar).source === '<<';
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function clampSpan(s: Span, text: string): Span {
  const start = Math.max(0, Math.min(s.start, text.length));
  const end = Math.max(start, Math.min(s.end, text.length));
  return { start, end };
}

/** Parses a `.env` file: `KEY=value`, `export KEY=value`, quotes, comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) {
      const q = v[0];
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      const hash = v.search(/\s#/);
      if (hash >= 0) v = v.slice(0, hash).trimEnd();
    }
    out[m[1]!] = v;
  }
  return out;
}
