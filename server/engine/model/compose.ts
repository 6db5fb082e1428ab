import type { Document, Node as YNode, YAMLMap, Pair } from 'yaml';
import type { Span } from '../types';
import type { LineIndex } from '../text/lineIndex';
import type { Derived } from '../util/derived';

export interface ComposeProblem {
  message: string;
  span: Span;
  /** `error` for YAML that cannot be read; `warning` for suspicious structure. */
  severity: 'error' | 'warning';
}

/**
 * A value looked up in the Compose model. `span` is where the value is written
 * in this file (inside an anchor when it came through `<<` or an alias);
 * `usedAt` is the span of the service key, alias or merge key that brought it
 * into the service, when that differs.
 */
export interface ComposeValue {
  node: YNode;
  /** The value as plain data, with `${…}` interpolated in strings; undefined when it cannot be built safely. */
  value: unknown;
  /** Where the value node is written (without its trailing newline). */
  span: Span;
  /** The key that holds the value (inside the anchor when merged). */
  keySpan?: Span;
  /** The whole `key: value` pair. */
  pair?: Pair;
  /** True when found through a merge key (`<<: *x`) or an alias. */
  indirect: boolean;
  /** The alias / merge key that brought the value in, when indirect. */
  usedAt?: Span;
}

export interface ComposeService {
  name: string;
  /** The service's key. */
  nameSpan: Span;
  /** The service's mapping; undefined when the service is `null` or not a map. */
  map?: YAMLMap;
  /** Span of the whole service entry (key and body). */
  span: Span;
  /** Looks a key (or a path of keys) up through merge keys and aliases. */
  get(...path: string[]): ComposeValue | undefined;
  /** Every key set on the service, own and merged. */
  keys(): string[];
  /** The service's definition in this file as plain data (merge keys applied, `${…}` interpolated). */
  definition(): unknown;
  /**
   * A value of the service as Compose runs it: `extends` resolved and the
   * project's other files (the override file) merged in. Use it to decide
   * that something is *missing*; report and fix through `get`, which knows
   * where things are written in this file.
   */
  effective(...path: string[]): unknown;
}

/** The Compose project a file belongs to. */
export interface ComposeProject {
  /** Files merged into the project's services, in order (base first); the linted file is one of them. */
  files: string[];
  /** A service as Compose runs it: `extends` resolved, the project's files merged in order. */
  effective(name: string): Record<string, unknown> | undefined;
  /** Names of every service of the project, including those of other files and of `include:`d files. */
  serviceNames(): string[];
  /** A service's effective definition, looked up in `include:`d files too. */
  definition(name: string): Record<string, unknown> | undefined;
  /** Absolute paths of the files named by `include:` (recursively). */
  includedFiles(): string[];
  /** Profiles enabled for the project (`composeProfiles` in the config); empty means none, as `docker compose` starts by default. */
  activeProfiles: string[];
  /**
   * Whether a service starts with the active profiles: services without
   * `profiles:` always do; others when one of their profiles is active.
   * Rules that reason about services running together (a shared network)
   * use it; every service is still linted.
   */
  isActive(name: string): boolean;
}

export interface ComposeModel {
  kind: 'compose';
  text: string;
  lines: LineIndex;
  /** The parsed YAML document; undefined when the file is empty. */
  doc?: Document.Parsed;
  root?: YAMLMap;
  problems: ComposeProblem[];
  services: ComposeService[];
  /** Top-level keys other than services (`secrets`, `networks`, `volumes`, `x-…`). */
  top(key: string): ComposeValue | undefined;
  /** The project the file belongs to (a project of one file until the engine attaches its neighbours). */
  project: ComposeProject;
  /** Variables used for `${…}` interpolation (from the `.env` next to the file). */
  env: Record<string, string>;
  /** Resolves a node that may be an alias to its target, bounded. */
  resolve(node: unknown): YNode | undefined;
  /** Span of a node as written, trimmed of its trailing line break. */
  spanOf(node: YNode): Span;
  /** What the analysis layer works out from the model, kept with it (util/derived.ts). */
  derived: Derived;
}
