import * as path from 'node:path';

/** Path helpers: string operations only, no file access. */
export function dirname(p: string): string {
  return path.dirname(p);
}

export function joinPath(...parts: string[]): string {
  return path.join(...parts);
}

export function resolvePath(base: string, p: string): string {
  return path.resolve(base, p);
}

/** `p` relative to the folder `from`, with a leading `./` when it stays inside it. */
export function relativePath(from: string, p: string): string {
  const rel = path.relative(from, p).split(path.sep).join('/');
  return rel.startsWith('../') || path.isAbsolute(rel) ? rel : './' + rel;
}

export function basename(p: string): string {
  return path.basename(p);
}
