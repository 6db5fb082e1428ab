import { basename as pathBasename, dirname as pathDirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Path helpers: string operations only, no file access. */
export function dirname(p: string): string {
  return pathDirname(p);
}

export function joinPath(...parts: string[]): string {
  return join(...parts);
}

export function resolvePath(base: string, p: string): string {
  return resolve(base, p);
}

/** `p` relative to the folder `from`, with a leading `./` when it stays inside it. */
export function relativePath(from: string, p: string): string {
  const rel = relative(from, p).split(sep).join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? rel : './' + rel;
}

export function basename(p: string): string {
  return pathBasename(p);
}
