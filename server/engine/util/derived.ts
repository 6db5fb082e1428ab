/**
 * What the analysis layer works out from a parsed file (variable scopes,
 * package commands, image uses, a service's volumes…), kept on the file's
 * model so that it goes when the model goes.
 *
 * Not in module-level WeakMaps keyed by the model. V8's young-generation
 * collector (the scavenger) visits a WeakMap's values as strongly held and
 * drops the entry of a key that died only afterwards: everything worked out
 * for every file linted since the last scavenge was copied once more before
 * it could go. Over the corpus's Dockerfiles, 3.5 MB survived each scavenge
 * (28% of what had been allocated since the one before) where 48 KB do now,
 * and the scavenges took about 8 times as long (docs/performance.md).
 */
export class Derived {
  private readonly values = new Map<DerivedKey<unknown>, unknown>();

  /** The value kept under `key`, worked out by `compute` the first time it is asked for. */
  get<V>(key: DerivedKey<V>, compute: () => NoInfer<V>): V {
    const values = this.values;
    const kept = values.get(key);
    if (kept !== undefined || values.has(key)) return kept as V;
    const value = compute();
    values.set(key, value);
    return value;
  }
}

/** The name of one kind of derived value (its type is `V`). */
export class DerivedKey<V> {
  /** Only ties the key to its value's type; never set. */
  declare private readonly valueType?: V;
  constructor(readonly name: string) {}
}
