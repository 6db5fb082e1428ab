/**
 * `yaml`'s node tests, classes and parser, for engine code, which imports
 * them from here and never from `yaml` itself.
 *
 * `yaml` is loaded on first use, not when the engine is: a run that lints
 * only Dockerfiles (with no config file) never loads it. Evaluating its
 * modules at start-up cost about 3 ms of a small CLI run, and their compiled
 * code made the CLI's code cache about a sixth larger (docs/performance.md).
 *
 * The node tests are written here rather than taken from `yaml`, so that
 * asking whether a value is a node needs no `yaml`. They read the tag that
 * `yaml` gives every node under the registered symbols it documents
 * (`Symbol.for('yaml.map')` and the rest, which parse/yamlReader.ts sets on
 * the nodes it builds too), exactly as `yaml`'s own tests do; a test compares
 * them with `yaml`'s on nodes of every kind and on values that are no node.
 */
import type * as Yaml from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');

type Tagged = { [NODE_TYPE]?: symbol };
const tagOf = (node: unknown): symbol | undefined => (node !== null && typeof node === 'object' ? (node as Tagged)[NODE_TYPE] : undefined);

export const isAlias = (node: unknown): node is Yaml.Alias => tagOf(node) === ALIAS;
export const isMap = <K = unknown, V = unknown>(node: unknown): node is Yaml.YAMLMap<K, V> => tagOf(node) === MAP;
export const isPair = <K = unknown, V = unknown>(node: unknown): node is Yaml.Pair<K, V> => tagOf(node) === PAIR;
export const isScalar = <T = unknown>(node: unknown): node is Yaml.Scalar<T> => tagOf(node) === SCALAR;
export const isSeq = <T = unknown>(node: unknown): node is Yaml.YAMLSeq<T> => tagOf(node) === SEQ;

let lib: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on the first call. Its node classes and its
 * parser are taken from here (each use of a CommonJS package's export in the
 * bundle goes through a property getter, so callers that use one often keep
 * it in a variable).
 */
export function yamlLib(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (lib ??= require('yaml') as typeof Yaml);
}

/** `yaml`'s `parseDocument`. */
export const parseDocument = ((source: string, options?: Parameters<typeof Yaml.parseDocument>[1]) => yamlLib().parseDocument(source, options)) as typeof Yaml.parseDocument;

/** Whether `yaml` has been loaded in this process (for tests of what a run loads). */
export function yamlLoaded(): boolean {
  return lib !== undefined;
}
