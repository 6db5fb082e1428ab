/**
 * The engine's only way to reach files. The CLI gives it the real file
 * system, the language server gives it open documents first and the disk
 * second, and tests give it what they need. Paths are absolute.
 */
export interface Host {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  fileExists(path: string): boolean;
  /**
   * True when the host knows, without asking the file system, that `dir` has
   * no entry `name` (the CLI knows the listing of every folder it walked);
   * false when it may have one. Lets config discovery skip the names it would
   * look for in each folder.
   */
  knownAbsent?(dir: string, name: string): boolean;
}

/** A host over the local file system, for the CLI and the server. */
export function nodeFileHost(overrides?: (path: string) => string | undefined): Host {
  // Loaded lazily so the engine stays free of I/O unless a host is made.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  return {
    readFile(p) {
      const o = overrides?.(p);
      if (o !== undefined) return o;
      try {
        // Most lookups are for files that are not there: no exception for those.
        const st = fs.statSync(p, { throwIfNoEntry: false });
        if (!st || !st.isFile() || st.size > 16 * 1024 * 1024) return undefined;
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    fileExists(p) {
      if (overrides?.(p) !== undefined) return true;
      try {
        return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
      } catch {
        return false;
      }
    },
  };
}

/** A host over an in-memory map of path → text (tests, virtual workspaces). */
export function memoryHost(files: Record<string, string>): Host {
  return {
    readFile: (p) => files[p],
    fileExists: (p) => p in files,
  };
}
