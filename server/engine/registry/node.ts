/**
 * The registry client's connection to the machine, for the CLI and the
 * language server: HTTP(S) over node's own modules, the digest cache file,
 * and credentials from Docker's `config.json`. Loaded lazily, so the rest of
 * the engine stays free of I/O.
 */
import type { Credentials, CredentialSource, HttpRequest, HttpResponse, HttpTransport } from './client';
import type { CacheStore } from './cache';

/* eslint-disable @typescript-eslint/no-require-imports */

/** Responses larger than this are cut off: a manifest is a few kilobytes. */
const MAX_BODY = 4 * 1024 * 1024;

export function nodeHttpTransport(): HttpTransport {
  const http = require('node:http') as typeof import('node:http');
  const https = require('node:https') as typeof import('node:https');
  return {
    request(req: HttpRequest): Promise<HttpResponse> {
      return new Promise((resolve, reject) => {
        const url = new URL(req.url);
        const mod = url.protocol === 'https:' ? https : http;
        const r = mod.request(url, { method: req.method, headers: { 'User-Agent': 'bulkhead', ...req.headers }, signal: req.signal }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_BODY) chunks.push(c);
          });
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
          });
          res.on('error', reject);
        });
        r.setTimeout(req.timeoutMs, () => {
          const e = new Error('timeout');
          e.name = 'TimeoutError';
          r.destroy(e);
        });
        r.on('error', reject);
        r.end();
      });
    },
  };
}

/** The cache file: `$BULKHEAD_CACHE_DIR`, else `$XDG_CACHE_HOME/bulkhead`, else `~/.cache/bulkhead`, then `digests.json`. */
export function defaultCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const path = require('node:path') as typeof import('node:path');
  const os = require('node:os') as typeof import('node:os');
  const dir = env.BULKHEAD_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'bulkhead');
  return path.join(dir, 'digests.json');
}

export function fileCacheStore(file: string): CacheStore {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  return {
    read: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
    write(text) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written whole, then renamed: a reader never sees half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text, { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
  };
}

export interface DockerConfigOptions {
  /** `config.json`; default `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
  file?: string;
  /**
   * Run `docker-credential-<helper> get` for registries configured with
   * `credHelpers`/`credsStore`. Off unless the user allows it, and never in an
   * untrusted workspace: it runs a program named by a file.
   */
  allowHelpers?: boolean;
}

/** Registry names as Docker writes them in `auths` for Docker Hub. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io', 'https://registry-1.docker.io'];

/** Credentials from Docker's client config, read on each request (a `docker login` takes effect at once). */
export function dockerConfigCredentials(options: DockerConfigOptions = {}): CredentialSource {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const os = require('node:os') as typeof import('node:os');
  const file = options.file ?? path.join(process.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
  return {
    async get(domain: string): Promise<Credentials | undefined> {
      let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
      try {
        config = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof config;
      } catch {
        return undefined;
      }
      const keys = domain === 'docker.io' ? DOCKER_HUB_KEYS : [domain, `https://${domain}`, `http://${domain}`];
      const helper = config.credHelpers?.[domain] ?? (domain === 'docker.io' ? config.credHelpers?.['index.docker.io'] : undefined) ?? config.credsStore;
      if (helper && options.allowHelpers) {
        const fromHelper = await runHelper(helper, domain === 'docker.io' ? 'https://index.docker.io/v1/' : domain);
        if (fromHelper) return fromHelper;
      }
      for (const [k, entry] of Object.entries(config.auths ?? {})) {
        const host = k.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
        if (!keys.includes(k) && !keys.includes(host)) continue;
        if (entry.username && entry.password) return { username: entry.username, password: entry.password };
        if (entry.auth) {
          const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
      }
      return undefined;
    },
  };
}

function runHelper(name: string, server: string): Promise<Credentials | undefined> {
  const cp = require('node:child_process') as typeof import('node:child_process');
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = cp.execFile(`docker-credential-${name}`, ['get'], { timeout: 10_000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const out = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(out.Username && out.Secret ? { username: out.Username, password: out.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(server);
  });
}
