/**
 * Image references as Docker parses them:
 * `[registry[:port]/]path[:tag][@digest]`. The first path component is a
 * registry only when it contains a `.` or `:`, or is `localhost`.
 */
export interface ParsedImageReference {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(ref: string): ParsedImageReference {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || /^\[.*\]/.test(first)) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, repository: rest, tag, digest };
}

/** `docker.io` for references with no registry, as Docker defaults. */
export function effectiveRegistry(ref: ParsedImageReference): string {
  const r = ref.registry;
  if (!r || r === 'index.docker.io' || r === 'registry-1.docker.io') return 'docker.io';
  return r;
}

/**
 * Why an image reference floats, if it does: no tag (Docker uses `latest`) or
 * the `latest` tag, and no digest. References that still hold `$` after ARG
 * resolution are not judged.
 */
export function floatingTag(ref: ParsedImageReference): 'untagged' | 'latest' | undefined {
  if (ref.digest) return undefined;
  if (ref.repository === '' || ref.repository.includes('$')) return undefined;
  if (ref.tag === undefined) return 'untagged';
  if (ref.tag.toLowerCase() === 'latest') return 'latest';
  return undefined;
}
