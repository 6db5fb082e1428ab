/**
 * Finds the config that applies to a file: the nearest `.bulkhead.yaml` (or
 * `.yml`) walking up from the file's folder, stopping at `root` (the
 * workspace folder or the CLI's working directory).
 */
import * as path from 'node:path';
import type { Host } from '../host';
import type { AnyRule } from '../rules/rule';
import { CONFIG_FILE_NAMES, defaultConfig, parseConfig, type LoadedConfig } from './config';

export interface ConfigLookup {
  /** The config file used, if any. */
  path?: string;
  loaded: LoadedConfig;
}

export function findConfigFile(filePath: string, root: string | undefined, host: Host): string | undefined {
  let dir = path.dirname(path.resolve(filePath));
  const stop = root ? path.resolve(root) : undefined;
  for (let i = 0; i < 64; i++) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (host.fileExists(candidate)) return candidate;
    }
    if (stop !== undefined && (dir === stop || !isInside(dir, stop))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Loads the config for a file. `explicit` (a path from settings or `--config`)
 * wins over discovery.
 */
export function loadConfigFor(
  filePath: string,
  options: { root?: string; explicit?: string; host: Host; rules: readonly AnyRule[] },
): ConfigLookup {
  const p = options.explicit ?? findConfigFile(filePath, options.root, options.host);
  if (!p) return { loaded: { config: defaultConfig(), problems: [], lines: parseConfig('', options.rules).lines } };
  const text = options.host.readFile(p);
  if (text === undefined) {
    const loaded = parseConfig('', options.rules, p);
    loaded.problems.push({ message: `Cannot read config file ${p}.`, span: { start: 0, end: 0 }, severity: 'error' });
    return { path: p, loaded };
  }
  return { path: p, loaded: parseConfig(text, options.rules, p) };
}
