/**
 * Lists the engine works out once and hands to every rule: the command walks
 * of a Dockerfile, package commands, written texts, the sequences of a
 * Compose file's plain values. Their types are readonly, and no rule may
 * change one: the next rule reads the same list.
 *
 * They are not frozen at run time. In V8 11 (Node 20) a frozen array leaves
 * the fast paths of both `for…of` and indexing: reading one was five to nine
 * times slower (measured in a micro-benchmark), and every rule's loops over
 * the shared walks allocated an iterator result per step, a fourteenth of
 * what a Dockerfile lint allocated. What guards them instead: their readonly
 * types (an index assignment does not compile), and the tests, which freeze
 * them (`freezeSharedLists(true)`: the rule tests, the corpus runs and the
 * fuzz run), so that a rule that calls `push`, `sort`, `splice`… on one
 * fails there.
 */
let freeze = false;

/** Freezes shared lists from now on (tests: a write to one throws). */
export function freezeSharedLists(on: boolean): void {
  freeze = on;
}

/** `list`, frozen only when the tests asked for it (see above). */
export function sharedList<T>(list: T[]): readonly T[] {
  return freeze ? Object.freeze(list) : list;
}

/** Whether shared lists are frozen now (for values frozen deeply, such as Compose plain values). */
export function freezingSharedLists(): boolean {
  return freeze;
}
