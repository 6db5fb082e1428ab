/**
 * Image references normalised as Docker does it, for talking to a registry:
 * `node` → `docker.io/library/node:latest`, `localhost:5000/x`,
 * `ghcr.io/o/r:tag@sha256:…`. Invalid references are rejected here, so no
 * request is ever built from a malformed name.
 */
import { parseImageReference } from '../parse/imageRef';

export interface ImageName {
  /** Registry host (with port): `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  domain: string;
  /** Repository path on that registry: `library/node`, `o/r`. */
  path: string;
  tag?: string;
  digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** Parses and normalises a reference; undefined when it is not a valid image reference. */
export function normaliseReference(ref: string): ImageName | undefined {
  const text = ref.trim();
  if (text === '' || text.includes('$') || /\s/.test(text)) return undefined;
  const p = parseImageReference(text);
  let domain = p.registry ?? 'docker.io';
  if (domain === 'index.docker.io' || domain === 'registry-1.docker.io') domain = 'docker.io';
  if (!DOMAIN.test(domain)) return undefined;
  let path = p.repository;
  if (domain === 'docker.io' && !path.includes('/')) path = 'library/' + path;
  if (path === '' || !path.split('/').every((c) => PATH_COMPONENT.test(c))) return undefined;
  if (p.tag !== undefined && !TAG.test(p.tag)) return undefined;
  if (p.digest !== undefined && !DIGEST.test(p.digest)) return undefined;
  return { domain, path, tag: p.tag, digest: p.digest };
}

/** `domain/path:tag` (the tag defaulting to `latest`): the key a digest is cached under. */
export function tagKey(n: ImageName): string {
  return `${n.domain}/${n.path}:${n.tag ?? 'latest'}`;
}

/** Hosts that are this machine: plain HTTP is allowed to them. */
export function isLoopbackHost(domain: string): boolean {
  const host = domain.replace(/:[0-9]+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The registry's base URL: HTTPS, except loopback hosts and registries configured as insecure. */
export function registryBaseUrl(domain: string, insecureRegistries: readonly string[] = []): string {
  if (domain === 'docker.io') return 'https://registry-1.docker.io';
  const http = isLoopbackHost(domain) || insecureRegistries.includes(domain);
  return `${http ? 'http' : 'https'}://${domain}`;
}
