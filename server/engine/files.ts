import type { FileKind } from './types';

export interface FilePatterns {
  dockerfile: string[];
  compose: string[];
}

/** Basename globs, as in the README and the `bulkhead.files.*` settings. */
export const DEFAULT_PATTERNS: FilePatterns = {
  dockerfile: ['Dockerfile', 'Containerfile', 'dockerfile', 'containerfile', '*.Dockerfile', '*.dockerfile', '*.Containerfile', 'Dockerfile.*', 'Containerfile.*', 'dockerfile.*'],
  compose: ['compose.yaml', 'compose.yml', 'compose.*.yaml', 'compose.*.yml', 'docker-compose.yaml', 'docker-compose.yml', 'docker-compose*.yaml', 'docker-compose*.yml'],
};

/** Suffixes that make a `Dockerfile.*` name something else (templates, scripts, docs). */
const NOT_DOCKERFILE_SUFFIX = /\.(jinja2?|j2|template|tmpl|tpl|go|py|txt|md|sh|json|erb|orig|bak|swp|ps1|ya?ml|toml|lock|dockerignore)$/i;

const globCache = new Map<string, RegExp>();

/**
 * Converts a glob to a regular expression. Supports `*` (within a path
 * segment), `**` (any number of segments), `?`, `{a,b}` and `[…]`. Patterns
 * without a `/` match the basename.
 */
export function globToRegExp(glob: string): RegExp {
  const cached = globCache.get(glob);
  if (cached) return cached;
  let re = '';
  let i = 0;
  let inGroup = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inGroup++;
      re += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      re += ')';
    } else if (c === ',' && inGroup > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close + 1;
        continue;
      }
      re += '\\[';
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    i++;
  }
  const rx = new RegExp('^' + re + '$');
  globCache.set(glob, rx);
  return rx;
}

export function matchesGlob(filePath: string, glob: string): boolean {
  const p = filePath.replace(/\\/g, '/');
  if (!glob.includes('/')) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    return globToRegExp(glob).test(base);
  }
  const rx = globToRegExp(glob.startsWith('**/') || glob.startsWith('/') ? glob.replace(/^\//, '') : '**/' + glob);
  return rx.test(p.replace(/^\//, ''));
}

/** Decides whether a path is a Dockerfile, a Compose file, or neither. */
export function detectFileKind(filePath: string, patterns: FilePatterns = DEFAULT_PATTERNS): FileKind | undefined {
  const p = filePath.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (patterns.compose.some((g) => matchesGlob(p, g))) return 'compose';
  if (patterns.dockerfile.some((g) => matchesGlob(p, g))) {
    if (/^(docker|container)file\./i.test(base) && NOT_DOCKERFILE_SUFFIX.test(base)) return undefined;
    return 'dockerfile';
  }
  return undefined;
}
