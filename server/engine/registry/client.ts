/**
 * A small OCI Distribution client that does one thing: find the digest a tag
 * points at. It speaks through an injected transport (the node one is in
 * `node.ts`), so the engine itself does no I/O; it asks with the Accept
 * headers of the four manifest kinds and takes the digest of what the tag
 * names — for a multi-platform image, the index.
 *
 * Auth: anonymous first; on `401` it follows the challenge (`Bearer` token
 * flow with realm/service/scope, or `Basic`) with credentials from the
 * injected source. Credentials never appear in an error message or a log.
 */
import type * as Crypto from 'node:crypto';
import { normaliseReference, registryBaseUrl, tagKey, isLoopbackHost, type ImageName } from './reference';
import type { DigestCache } from './cache';

/** node:crypto, loaded when a digest is checked (it costs start-up time for every lint run otherwise). */
function crypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof Crypto;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface HttpTransport {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Where credentials for a registry come from (`~/.docker/config.json`, a test). */
export interface CredentialSource {
  get(domain: string): Promise<Credentials | undefined>;
}

export type RegistryErrorKind = 'invalid-reference' | 'auth' | 'not-found' | 'unreachable' | 'timeout' | 'protocol' | 'cancelled';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly reference?: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface DigestResult {
  /** The reference asked about, as given. */
  reference: string;
  /** `domain/path:tag`. */
  key: string;
  digest: string;
  mediaType?: string;
  /** When the digest was read from the registry (ms since the epoch). */
  fetchedAt: number;
  /** Served from the cache without asking the registry. */
  cached: boolean;
}

export interface RegistryClientOptions {
  transport: HttpTransport;
  credentials?: CredentialSource;
  cache?: DigestCache;
  /** Registries reached over plain HTTP (loopback hosts always are). */
  insecureRegistries?: readonly string[];
  /** Per request. */
  timeoutMs?: number;
  /** Extra attempts after a 429, a 5xx or a dropped connection. */
  retries?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** How long a cached digest stays current. */
  cacheTtlMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

const DIGEST_HEADER = 'docker-content-digest';

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export class RegistryClient {
  private readonly transport: HttpTransport;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private active = 0;
  private readonly queue: (() => void)[] = [];
  /** Requests sent to registries and token services (for tests and the status line). */
  requests = 0;

  constructor(private readonly options: RegistryClientOptions) {
    this.transport = options.transport;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 3;
    this.ttl = options.cacheTtlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The cached digest of a reference's tag, if any (no network). */
  cached(reference: string): { digest: string; fetchedAt: number; fresh: boolean } | undefined {
    const n = normaliseReference(reference);
    const hit = n && this.options.cache?.get(tagKey(n));
    return hit ? { ...hit, fresh: this.now() - hit.fetchedAt < this.ttl } : undefined;
  }

  /**
   * The digest that `reference`'s tag (default `latest`) points at now. A
   * digest already in the reference is ignored: the tag is looked up (that is
   * how stale pins are refreshed). A fresh cached answer is used unless
   * `refresh` is set.
   */
  async resolve(reference: string, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<DigestResult> {
    const n = normaliseReference(reference);
    if (!n) throw new RegistryError('invalid-reference', `\`${reference}\` is not an image reference that can be looked up.`, reference);
    const key = tagKey(n);
    const hit = this.options.cache?.get(key);
    if (hit && !opts.refresh && this.now() - hit.fetchedAt < this.ttl) return { reference, key, digest: hit.digest, fetchedAt: hit.fetchedAt, cached: true };
    await this.acquire(opts.signal);
    try {
      const { digest, mediaType } = await this.lookup(n, key, opts.signal);
      const fetchedAt = this.now();
      this.options.cache?.set(key, { digest, fetchedAt });
      return { reference, key, digest, mediaType, fetchedAt, cached: false };
    } finally {
      this.release();
    }
  }

  private async lookup(n: ImageName, key: string, signal?: AbortSignal): Promise<{ digest: string; mediaType?: string }> {
    const url = `${registryBaseUrl(n.domain, this.options.insecureRegistries)}/v2/${n.path}/manifests/${encodeURIComponent(n.tag ?? 'latest')}`;
    const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
    let res = await this.send({ method: 'HEAD', url, headers }, key, signal);
    if (res.status === 401) {
      const auth = await this.authorize(n, key, res, signal);
      headers.Authorization = auth;
      res = await this.send({ method: 'HEAD', url, headers }, key, signal);
      if (res.status === 401 || res.status === 403) throw new RegistryError('auth', `${n.domain} refused the credentials for \`${key}\` (HTTP ${res.status}).`, key);
    }
    if (res.status === 403) throw new RegistryError('auth', `${n.domain} denied access to \`${key}\` (HTTP 403).`, key);
    if (res.status === 404) throw new RegistryError('not-found', `Tag \`${n.tag ?? 'latest'}\` of \`${n.domain}/${n.path}\` was not found.`, key);
    // Some registries answer HEAD without the digest header, or not at all: GET the manifest and hash it.
    if (res.status === 200 && isDigest(res.headers[DIGEST_HEADER])) return { digest: res.headers[DIGEST_HEADER]!, mediaType: mediaTypeOf(res) };
    if (res.status === 200 || res.status === 405 || res.status === 501) {
      res = await this.send({ method: 'GET', url, headers }, key, signal);
      if (res.status === 404) throw new RegistryError('not-found', `Tag \`${n.tag ?? 'latest'}\` of \`${n.domain}/${n.path}\` was not found.`, key);
      if (res.status === 200) {
        const computed = 'sha256:' + crypto().createHash('sha256').update(res.body).digest('hex');
        const header = res.headers[DIGEST_HEADER];
        return { digest: isDigest(header) ? header! : computed, mediaType: mediaTypeOf(res) };
      }
    }
    throw new RegistryError('protocol', `${n.domain} answered HTTP ${res.status} for \`${key}\`.`, key);
  }

  /** The Authorization header value that answers a 401's challenge. */
  private async authorize(n: ImageName, key: string, res: HttpResponse, signal?: AbortSignal): Promise<string> {
    const challenge = parseChallenge(res.headers['www-authenticate'] ?? '');
    const creds = await this.options.credentials?.get(n.domain);
    if (challenge?.scheme === 'basic') {
      if (!creds) throw new RegistryError('auth', `${n.domain} needs credentials for \`${key}\`: log in with \`docker login ${n.domain}\`.`, key);
      return 'Basic ' + base64(`${creds.username}:${creds.password}`);
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
      throw new RegistryError('auth', `${n.domain} needs authentication for \`${key}\` with a method Bulkhead does not support.`, key);
    }
    const scope = challenge.params.scope ?? `repository:${n.path}:pull`;
    const cacheKey = `${n.domain} ${scope} ${creds?.username ?? ''}`;
    const known = this.tokens.get(cacheKey);
    if (known && known.expires > this.now()) return 'Bearer ' + known.token;
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new RegistryError('protocol', `${n.domain} gave a token service address that is not a URL.`, key);
    }
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopbackHost(realm.host)) && !this.options.insecureRegistries?.includes(realm.host)) {
      throw new RegistryError('auth', `${n.domain} sends credentials to a token service over plain HTTP (${realm.host}); Bulkhead refuses.`, key);
    }
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    if (creds) headers.Authorization = 'Basic ' + base64(`${creds.username}:${creds.password}`);
    const tr = await this.send({ method: 'GET', url: realm.toString(), headers }, key, signal);
    if (tr.status === 401 || tr.status === 403) {
      throw new RegistryError('auth', creds ? `The token service of ${n.domain} refused the credentials for \`${key}\`.` : `${n.domain} needs credentials for \`${key}\`: log in with \`docker login ${n.domain}\`.`, key);
    }
    if (tr.status !== 200) throw new RegistryError('protocol', `The token service of ${n.domain} answered HTTP ${tr.status}.`, key);
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(new TextDecoder().decode(tr.body)) as typeof body;
    } catch {
      throw new RegistryError('protocol', `The token service of ${n.domain} did not answer with JSON.`, key);
    }
    const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : undefined;
    if (!token) throw new RegistryError('protocol', `The token service of ${n.domain} gave no token.`, key);
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(cacheKey, { token, expires: this.now() + Math.max(0, ttl - 10) * 1000 });
    return 'Bearer ' + token;
  }

  /** One request, retried with backoff on 429, 5xx and dropped connections. */
  private async send(req: Omit<HttpRequest, 'timeoutMs' | 'signal'>, key: string, signal?: AbortSignal): Promise<HttpResponse> {
    const host = new URL(req.url).host;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new RegistryError('cancelled', 'Cancelled.', key);
      let res: HttpResponse | undefined;
      let failure: RegistryError | undefined;
      try {
        this.requests++;
        res = await this.transport.request({ ...req, timeoutMs: this.timeoutMs, signal });
      } catch (e) {
        const err = e as { name?: string; code?: string; message?: string };
        if (signal?.aborted) throw new RegistryError('cancelled', 'Cancelled.', key);
        failure =
          err?.name === 'TimeoutError' || err?.code === 'ETIMEDOUT'
            ? new RegistryError('timeout', `${host} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, key)
            : new RegistryError('unreachable', `Cannot reach ${host}${err?.code ? ` (${err.code})` : ''}: check the network, or try again later.`, key);
      }
      const retryable = failure ? failure.kind === 'unreachable' : res!.status === 429 || res!.status >= 500;
      if (!retryable || attempt >= this.retries) {
        if (failure) throw failure;
        if (res!.status === 429) throw new RegistryError('unreachable', `${host} is rate-limiting requests (HTTP 429); try again later.`, key);
        return res!;
      }
      const retryAfter = res ? Number(res.headers['retry-after']) : NaN;
      const delay = Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, 10_000) : 200 * 2 ** attempt;
      await this.sleep(delay);
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    const limit = Math.max(1, this.options.concurrency ?? 4);
    if (this.active < limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = (): void => {
        this.active++;
        resolve();
      };
      this.queue.push(go);
      signal?.addEventListener('abort', () => {
        const i = this.queue.indexOf(go);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new RegistryError('cancelled', 'Cancelled.'));
      });
    });
  }

  private release(): void {
    this.active--;
    this.queue.shift()?.();
  }
}

/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const rx = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  let p: RegExpExecArray | null;
  while ((p = rx.exec(m[2]!))) params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

function isDigest(v: string | undefined): boolean {
  return !!v && /^sha256:[a-f0-9]{64}$/.test(v);
}

function mediaTypeOf(res: HttpResponse): string | undefined {
  return res.headers['content-type']?.split(';')[0]?.trim() || undefined;
}

function base64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}
