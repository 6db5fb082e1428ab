/**
 * Digests looked up, by `domain/path:tag`, with when they were fetched. In
 * memory, and optionally saved through a store (a JSON file in the user's
 * cache folder, shared by the CLI and the language server).
 */
export interface CachedDigest {
  digest: string;
  fetchedAt: number;
}

export interface DigestCache {
  get(key: string): CachedDigest | undefined;
  set(key: string, value: CachedDigest): void;
}

/** Reads and writes the whole cache as text; the node one is a file. */
export interface CacheStore {
  read(): string | undefined;
  write(text: string): void;
}

/** At most this many entries are kept (the oldest go first). */
const MAX_ENTRIES = 5000;

export class MemoryDigestCache implements DigestCache {
  protected readonly entries = new Map<string, CachedDigest>();

  get(key: string): CachedDigest | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedDigest): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** A cache loaded from a store on first use and written back after every change. A corrupt store starts empty. */
export class PersistentDigestCache extends MemoryDigestCache {
  private loaded = false;

  constructor(private readonly store: CacheStore) {
    super();
  }

  override get(key: string): CachedDigest | undefined {
    this.load();
    return super.get(key);
  }

  override set(key: string, value: CachedDigest): void {
    this.load();
    super.set(key, value);
    const out: Record<string, CachedDigest> = {};
    for (const [k, v] of this.entries) out[k] = v;
    try {
      this.store.write(JSON.stringify({ version: 1, digests: out }, null, 1));
    } catch {
      /* a read-only cache folder only costs a lookup next time */
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    let text: string | undefined;
    try {
      text = this.store.read();
    } catch {
      return;
    }
    if (!text) return;
    try {
      const data = JSON.parse(text) as { version?: number; digests?: Record<string, CachedDigest> };
      if (data.version !== 1 || !data.digests || typeof data.digests !== 'object') return;
      for (const [k, v] of Object.entries(data.digests)) {
        if (v && typeof v.digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(v.digest) && typeof v.fetchedAt === 'number') super.set(k, { digest: v.digest, fetchedAt: v.fetchedAt });
      }
    } catch {
      /* corrupt: start empty */
    }
  }
}
