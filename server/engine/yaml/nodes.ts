/**
 * `yaml`'s node tests, read once. In the bundle, each use of a CommonJS
 * package's export goes through a property getter, and these run for every
 * node of every Compose file; engine code imports them from here.
 */
import * as yaml from 'yaml';

export const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

/** `yaml`'s node classes, read once for the same reason (parse/yamlReader.ts builds nodes with them). */
export const { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq } = yaml;

/**
 * `yaml`'s parser. Engine code takes every value of `yaml` from this module:
 * each module of the bundle that imports a CommonJS package makes its own
 * copy of the package's exports, a getter per export (about 60 for `yaml`),
 * at start-up.
 */
export const { parseDocument } = yaml;
