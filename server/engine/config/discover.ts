/**
 * Finds the config that applies to a file. Walking up from the file's folder
 * to `root` (the workspace folder or the CLI's working directory), every
 * `.bulkhead.yaml` (or `.yml`) found is a layer; nearer files win, and a file
 * with `root: true` ends the walk. Each file's `extends:` (a relative path or
 * a package in `node_modules`) is loaded below it, with cycles reported. A
 * `.hadolint.yaml` found the same way is the lowest layer unless a Bulkhead
 * config says `hadolint: false`. `explicit` (settings or `--config`) replaces
 * the walk. The CLI, the server and the tests all load config through here.
 */
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Host } from '../host';
import type { AnyRule } from '../rules/rule';
import { CONFIG_FILE_NAMES, applyLayers, configForFile, configForMatch, matchForFile, parseConfig, type BulkheadConfig, type ConfigLayer, type LoadedConfig } from './config';
import { HADOLINT_CONFIG_NAMES, parseHadolintConfig } from './hadolint';

export interface ConfigLookup {
  /** The nearest config file (or the explicit one), if any. */
  path?: string;
  /** That file, parsed: its own problems and line index. */
  loaded: LoadedConfig;
  /** The config in force for the file: every layer merged, overrides applied. */
  config: BulkheadConfig & { ignored: boolean };
  /** Every layer merged, before the per-file `overrides` and `ignore` (what an editor keeps as the last good config). */
  merged: BulkheadConfig;
  /** Every config file read (extended files and `.hadolint.yaml` included), farthest first, each with its problems. */
  files: { path: string; loaded: LoadedConfig }[];
}

/** The nearest `.bulkhead.yaml`/`.yml` from the file's folder up to `root`. */
export function findConfigFile(filePath: string, root: string | undefined, host: Host): string | undefined {
  return configChain(filePath, root, host, CONFIG_FILE_NAMES)[0];
}

/** Config files with one of `names`, nearest first, from the file's folder up to `root`. */
function configChain(filePath: string, root: string | undefined, host: Host, names: readonly string[], cache?: ConfigCache): string[] {
  return configChainFrom(dirname(resolve(filePath)), root ? resolve(root) : undefined, host, names, cache);
}

/** `configChain` from the (resolved) folder `from` up to the (resolved) folder `stop`. */
function configChainFrom(from: string, stop: string | undefined, host: Host, names: readonly string[], cache?: ConfigCache): string[] {
  const out: string[] = [];
  if (cache) {
    // The same walk, a folder at a time from the cache: files in one tree share their parents' steps.
    let step: ChainStep | undefined = chainStep(cache, from, stop, host, names);
    for (let i = 0; i < CHAIN_DEPTH && step; i++, step = step.up) if (step.found !== undefined) out.push(step.found);
    return out;
  }
  let dir = from;
  for (let i = 0; i < CHAIN_DEPTH; i++) {
    const found = configIn(dir, host, names);
    if (found !== undefined) out.push(found);
    const parent = parentInWalk(dir, stop);
    if (parent === undefined) break;
    dir = parent;
  }
  return out;
}

/** The most folders a walk up looks in. */
const CHAIN_DEPTH = 64;

/** The first of `names` in `dir`. */
function configIn(dir: string, host: Host, names: readonly string[]): string | undefined {
  for (const name of names) {
    if (host.knownAbsent?.(dir, name)) continue;
    const candidate = join(dir, name);
    if (host.fileExists(candidate)) return candidate;
  }
  return undefined;
}

/** The folder a walk up to `stop` looks in after `dir`, if any: it ends at `stop`, at a folder outside it, and at the file system's root. */
function parentInWalk(dir: string, stop: string | undefined): string | undefined {
  if (stop !== undefined && (dir === stop || !isInside(dir, stop))) return undefined;
  const parent = dirname(dir);
  return parent === dir ? undefined : parent;
}

/** One folder of a walk up (see `configChain`): the config file found in it, and the next folder's step. */
interface ChainStep {
  found: string | undefined;
  up: ChainStep | undefined;
}

function chainStep(cache: ConfigCache, dir: string, stop: string | undefined, host: Host, names: readonly string[]): ChainStep {
  // The steps of each set of names (a constant list) and root.
  let byStop = cache.chains.get(names);
  if (!byStop) cache.chains.set(names, (byStop = new Map()));
  let steps = byStop.get(stop);
  if (!steps) byStop.set(stop, (steps = new Map()));
  // Folders not seen yet, nearest first; then each is linked to the step above it.
  const fresh: string[] = [];
  let known: ChainStep | undefined;
  for (let d: string | undefined = dir; d !== undefined; d = parentInWalk(d, stop)) {
    known = steps.get(d);
    if (known) break;
    fresh.push(d);
  }
  for (let i = fresh.length - 1; i >= 0; i--) {
    known = { found: configIn(fresh[i]!, host, names), up: known };
    steps.set(fresh[i]!, known);
  }
  return known!;
}

function isInside(dir: string, root: string): boolean {
  // Resolved paths under `root` start with it and a separator; anything else (another case on a
  // case-insensitive system, the file system's root as `root`) is left to `relative`.
  if (dir.length > root.length && dir.startsWith(root) && dir[root.length] === sep) return true;
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const EMPTY = (rules: readonly AnyRule[]): LoadedConfig => parseConfig('', rules);

export interface LoadConfigOptions {
  root?: string;
  explicit?: string;
  host: Host;
  rules: readonly AnyRule[];
  /**
   * hadolint's user-level config files, tried in order when no `.hadolint.yaml`
   * is found in the tree (as hadolint does: see `hadolintUserConfigFiles`).
   */
  hadolintUserFiles?: readonly string[];
  /**
   * Lookups kept for a run in which the config files do not change (the
   * CLI's): files that find the same config files share one merged config,
   * and files that the same overrides apply to share one config object (so
   * that what the engine keeps per config, such as rule settings, is kept once).
   */
  cache?: ConfigCache;
}

export interface ConfigCache {
  readonly lookups: Map<string, Omit<ConfigLookup, 'config'>>;
  readonly forFile: WeakMap<BulkheadConfig, Map<string, BulkheadConfig & { ignored: boolean }>>;
  /** Each folder's step of the walks up (see `configChain`), per set of names and `root`. */
  readonly chains: Map<readonly string[], Map<string | undefined, Map<string, ChainStep>>>;
}

export function createConfigCache(): ConfigCache {
  return { lookups: new Map(), forFile: new WeakMap(), chains: new Map() };
}

function configForFileIn(cache: ConfigCache | undefined, merged: BulkheadConfig, filePath: string): BulkheadConfig & { ignored: boolean } {
  if (!cache) return configForFile(merged, filePath);
  const m = matchForFile(merged, filePath);
  const key = `${m.overrides.join(',')}|${m.ignored}`;
  let byMatch = cache.forFile.get(merged);
  if (!byMatch) cache.forFile.set(merged, (byMatch = new Map()));
  let config = byMatch.get(key);
  if (!config) byMatch.set(key, (config = configForMatch(merged, m.overrides, m.ignored)));
  return config;
}

/** Where hadolint looks for a config outside the project, in its order. */
export function hadolintUserConfigFiles(env: Record<string, string | undefined>, home: string): string[] {
  const out: string[] = [];
  if (env.XDG_CONFIG_HOME) out.push(join(env.XDG_CONFIG_HOME, 'hadolint.yaml'));
  out.push(join(home, '.config', 'hadolint.yaml'), join(home, '.hadolint', 'hadolint.yaml'), join(home, '.hadolint.yaml'));
  return out;
}

export function loadConfigFor(filePath: string, options: LoadConfigOptions): ConfigLookup {
  const { host, rules } = options;
  const files: { path: string; loaded: LoadedConfig }[] = [];
  const read = (p: string): LoadedConfig => {
    const text = host.readFile(p);
    if (text === undefined) {
      const loaded = parseConfig('', rules, p);
      loaded.problems.push({ message: `Cannot read config file ${p}.`, span: { start: 0, end: 0 }, severity: 'error' });
      return loaded;
    }
    return parseConfig(text, rules, p);
  };

  /** The layers a file stands for: what it extends (recursively), then itself. */
  const expand = (p: string, stack: string[]): ConfigLayer[] => {
    const loaded = read(p);
    const layers: ConfigLayer[] = [];
    for (const ext of loaded.layer.extends ?? []) {
      const target = resolveExtends(ext.ref, p, host);
      if (!target) {
        loaded.problems.push({ message: `\`extends\`: cannot find \`${ext.ref}\` (a path relative to this file, or a package in node_modules).`, span: ext.span, severity: 'error' });
        continue;
      }
      if (stack.includes(target) || target === p) {
        loaded.problems.push({ message: `\`extends\`: \`${ext.ref}\` leads back to ${basename(target)}, a cycle: ${[...stack, p, target].map((x) => basename(x)).join(' → ')}.`, span: ext.span, severity: 'error' });
        continue;
      }
      if (stack.length > 16) {
        loaded.problems.push({ message: '`extends`: the chain is deeper than 16 files.', span: ext.span, severity: 'error' });
        continue;
      }
      layers.push(...expand(target, [...stack, p]));
    }
    layers.push(loaded.layer);
    // Listed after what it extends: `files` runs from the lowest layer to the highest.
    files.push({ path: p, loaded });
    return layers;
  };

  // Both walks up start from the file's folder and stop at the root.
  const from = dirname(resolve(filePath));
  const stop = options.root ? resolve(options.root) : undefined;
  let chain: string[];
  if (options.explicit) chain = [options.explicit];
  else {
    const nearestFirst = configChainFrom(from, stop, host, CONFIG_FILE_NAMES, options.cache);
    chain = [];
    for (const p of nearestFirst) {
      chain.push(p);
      // Read once to see `root: true`; `expand` parses again with problems recorded.
      const t = host.readFile(p);
      if (t !== undefined && /^root\s*:\s*true\b/m.test(t) && parseConfig(t, rules, p).layer.root) break;
    }
    chain.reverse();
  }
  const hadolintPath = (): string | undefined => configChainFrom(from, stop, host, HADOLINT_CONFIG_NAMES, options.cache)[0] ?? options.hadolintUserFiles?.find((f) => host.fileExists(f));
  const cache = options.cache;
  let key: string | undefined;
  let hp: string | undefined;
  if (cache) {
    hp = hadolintPath();
    key = `${chain.join('\0')}\0\0${hp ?? ''}`;
    const hit = cache.lookups.get(key);
    if (hit) return { ...hit, config: configForFileIn(cache, hit.merged, filePath) };
  }
  const layers: ConfigLayer[] = [];
  for (const p of chain) layers.push(...expand(p, []));

  let merged = applyLayers(layers, rules);
  if (merged.hadolint) {
    if (!cache) hp = hadolintPath();
    const text = hp ? host.readFile(hp) : undefined;
    if (hp && text !== undefined) {
      const h = parseHadolintConfig(text, rules, hp);
      const loaded = parseConfig('', rules, hp);
      loaded.problems.push(...h.problems);
      files.unshift({ path: hp, loaded: { ...loaded, lines: h.lines } });
      merged = applyLayers([h.layer, ...layers], rules);
    }
  }
  const nearest = chain[chain.length - 1];
  const nearestLoaded = nearest ? files.find((f) => f.path === nearest)?.loaded : undefined;
  const lookup = { path: nearest, loaded: nearestLoaded ?? EMPTY(rules), merged, files };
  if (cache && key !== undefined) cache.lookups.set(key, lookup);
  return { ...lookup, config: configForFileIn(cache, merged, filePath) };
}

/**
 * `./base.yaml`, `../shared/.bulkhead.yaml`, `/abs/path.yaml`; or a package
 * in node_modules (looked up from the config file's folder upwards): the
 * package's `bulkhead` field in package.json, else its `.bulkhead.yaml`,
 * `.bulkhead.yml`, `bulkhead.yaml` or `bulkhead.yml`; `pkg/file.yaml` names a
 * file inside a package.
 */
export function resolveExtends(ref: string, from: string, host: Host): string | undefined {
  const dir = dirname(from);
  if (ref.startsWith('.') || isAbsolute(ref)) {
    const p = resolve(dir, ref);
    return host.fileExists(p) ? p : undefined;
  }
  for (let d = dir, i = 0; i < 64; i++) {
    const pkgDir = join(d, 'node_modules', ref);
    if (/\.ya?ml$/.test(ref) && host.fileExists(pkgDir)) return pkgDir;
    const pkgJson = host.readFile(join(pkgDir, 'package.json'));
    if (pkgJson !== undefined) {
      try {
        const field = (JSON.parse(pkgJson) as { bulkhead?: unknown }).bulkhead;
        if (typeof field === 'string') {
          const p = resolve(pkgDir, field);
          if (host.fileExists(p)) return p;
        }
      } catch {
        /* a broken package.json: try the default names */
      }
    }
    for (const name of [...CONFIG_FILE_NAMES, 'bulkhead.yaml', 'bulkhead.yml']) {
      const p = join(pkgDir, name);
      if (host.fileExists(p)) return p;
    }
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return undefined;
}
