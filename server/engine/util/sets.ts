/**
 * A rule's options are one object per config (rule settings are worked out
 * once per config), so a rule that looks its list options up as a set asks for
 * the same list on every lint: each set is made once per list.
 */
const PLAIN = new WeakMap<readonly string[], ReadonlySet<string>>();
const MAPPED = new WeakMap<(item: string) => string, WeakMap<readonly string[], ReadonlySet<string>>>();

/** The items of `list` (each passed through `map`, when given) as a set, made once per list and map. */
export function setOf(list: readonly string[], map?: (item: string) => string): ReadonlySet<string> {
  let cache = PLAIN;
  if (map) {
    let forMap = MAPPED.get(map);
    if (!forMap) MAPPED.set(map, (forMap = new WeakMap()));
    cache = forMap;
  }
  let set = cache.get(list);
  if (!set) cache.set(list, (set = new Set(map ? list.map(map) : list)));
  return set;
}
