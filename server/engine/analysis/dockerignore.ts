/**
 * `.dockerignore` as BuildKit reads it (moby/patternmatcher): one pattern per
 * line, `#` comments, `!` re-includes, a leading `/` or `./` is dropped,
 * patterns are cleaned like paths, `*` and `?` stay within one path segment,
 * `**` spans any number of segments, and the last matching pattern wins. A
 * pattern that matches a parent directory excludes what is inside it.
 *
 * Also: which ignore file applies to a Dockerfile (`<Dockerfile>.dockerignore`
 * next to it first, then `.dockerignore` at the root of the build context).
 */
import type { Host } from '../host';
import { basename, dirname, joinPath } from '../util/paths';

export interface IgnorePattern {
  /** The pattern as cleaned, without `!`. */
  pattern: string;
  negate: boolean;
  rx: RegExp;
  /** 0-based line in the file. */
  line: number;
}

function cleanPattern(p: string): string {
  let s = p.replace(/\\/g, '/');
  const parts: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  s = parts.join('/');
  return s;
}

/** A cleaned pattern as a regular expression over slash-separated relative paths. */
function patternRegex(pattern: string): RegExp {
  let rx = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          rx += '(?:.*/)?'; // `**/` matches zero or more directories
        } else rx += '.*';
      } else rx += '[^/]*';
    } else if (c === '?') rx += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) rx += '\\[';
      else {
        let cls = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
        rx += `[${cls}]`;
        i = close;
      }
    } else rx += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${rx}$`);
  } catch {
    // An invalid character class: match the pattern literally.
    return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, line) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const negate = t.startsWith('!');
    const pattern = cleanPattern((negate ? t.slice(1) : t).trim());
    if (pattern === '') return;
    out.push({ pattern, negate, rx: patternRegex(pattern), line });
  });
  return out;
}

/** Whether `path` (relative to the context, slash-separated) is excluded from the build context. */
export function isExcluded(patterns: readonly IgnorePattern[], path: string): boolean {
  const p = cleanPattern(path);
  const parents: string[] = [];
  const segs = p.split('/');
  for (let i = 1; i < segs.length; i++) parents.push(segs.slice(0, i).join('/'));
  let excluded = false;
  for (const pat of patterns) {
    const matches = pat.rx.test(p) || parents.some((d) => pat.rx.test(d));
    if (matches) excluded = !pat.negate;
  }
  return excluded;
}

export interface IgnoreFile {
  path: string;
  text: string;
  patterns: IgnorePattern[];
}

/** The two places an ignore file can be, in the order BuildKit looks: `<Dockerfile>.dockerignore`, then `<context>/.dockerignore`. */
export function ignoreFileCandidates(dockerfilePath: string, contextDir: string = dirname(dockerfilePath)): string[] {
  return [joinPath(dirname(dockerfilePath), basename(dockerfilePath) + '.dockerignore'), joinPath(contextDir, '.dockerignore')];
}

/** The ignore file that applies to the Dockerfile's build, if any (every candidate is probed through the host, so the engine lists it as a dependency). */
export function findIgnoreFile(host: Host, dockerfilePath: string, contextDir?: string): IgnoreFile | undefined {
  for (const p of ignoreFileCandidates(dockerfilePath, contextDir)) {
    const text = host.readFile(p);
    if (text !== undefined) return { path: p, text, patterns: parseDockerignore(text) };
  }
  return undefined;
}
