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
