/**
 * `o[key]` for a key that came from the file being linted (a variable,
 * build argument or command name): only the object's own entries, never
 * `constructor`, `toString` and the rest of Object.prototype.
 */
export function own<T>(o: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
