/**
 * Digest pinning against a real registry (Debian's docker-registry on
 * 127.0.0.1): the engine's client (anonymous, Basic, token flow, errors,
 * cache) and `bulkhead --pin` on real files.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RegistryClient, RegistryError, MemoryDigestCache, nodeHttpTransport, imageSites, pinSites, applyEdits, type HttpTransport } from '../../server/engine';
import { TestRegistry, registryAvailable, REGISTRY_BIN } from './registry';
import { tempDir } from '../support/tmp';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

/** The real transport, counting requests and refusing anything but 127.0.0.1. */
function loopbackTransport(): HttpTransport & { count: number } {
  const real = nodeHttpTransport();
  const t = {
    count: 0,
    request(req: Parameters<HttpTransport['request']>[0]) {
      if (new URL(req.url).hostname !== '127.0.0.1') throw new Error(`test contacted ${req.url}`);
      t.count++;
      return real.request(req);
    },
  };
  return t;
}

const creds = (username: string, password: string) => ({ get: async () => ({ username, password }) });

async function rejects(p: Promise<unknown>, kind: string, message: RegExp, secret?: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RegistryError, `expected a RegistryError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, message);
    if (secret) assert.ok(!e.message.includes(secret), 'the error message must not contain the password');
    return;
  }
  assert.fail('expected the lookup to fail');
}

describe('registry client and pinning against a real registry', { timeout: 180_000 }, () => {
  let reg: TestRegistry;
  let app1: string;
  let app2: string;
  let base: string;

  before(async () => {
    assert.ok(registryAvailable(), `${REGISTRY_BIN} is missing: run scripts/test-deps.sh (Debian package docker-registry)`);
    reg = await TestRegistry.start();
    app1 = await reg.pushImage('team/app', '1.0');
    app2 = await reg.pushImage('team/app', '2.0');
    base = await reg.pushImage('library-mirror/node', '20');
  });
  after(async () => {
    await reg?.dispose();
  });

  it('resolves a tag to the digest of its OCI index with one HEAD, then from the cache', async () => {
    const transport = loopbackTransport();
    const client = new RegistryClient({ transport, cache: new MemoryDigestCache() });
    const r = await client.resolve(`${reg.host}/team/app:1.0`);
    assert.equal(r.digest, app1);
    assert.equal(r.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.equal(r.cached, false);
    assert.equal(transport.count, 1);
    const again = await client.resolve(`${reg.host}/team/app:1.0`);
    assert.equal(again.digest, app1);
    assert.equal(again.cached, true);
    assert.equal(transport.count, 1, 'the cache avoids a second request');
    assert.notEqual(app1, app2);
    assert.equal((await client.resolve(`${reg.host}/team/app:2.0`)).digest, app2);
  });

  it('a missing tag and a missing repository give clear errors', async () => {
    const client = new RegistryClient({ transport: loopbackTransport() });
    await rejects(client.resolve(`${reg.host}/team/app:9.9`), 'not-found', /Tag `9\.9` of `127\.0\.0\.1:\d+\/team\/app` was not found/);
    await rejects(client.resolve(`${reg.host}/nobody/here:1`), 'not-found', /was not found/);
    await rejects(client.resolve('Not A Reference'), 'invalid-reference', /not an image reference/);
  });

  it('Basic auth: the right password works, a wrong one or none gives a clear error without the password', async () => {
    await reg.restart({ kind: 'basic', user: 'ci', password: 'correct-horse' });
    try {
      const ok = new RegistryClient({ transport: loopbackTransport(), credentials: creds('ci', 'correct-horse') });
      assert.equal((await ok.resolve(`${reg.host}/team/app:1.0`)).digest, app1);
      const wrong = new RegistryClient({ transport: loopbackTransport(), credentials: creds('ci', 'battery-staple') });
      await rejects(wrong.resolve(`${reg.host}/team/app:1.0`), 'auth', /refused the credentials/, 'battery-staple');
      const none = new RegistryClient({ transport: loopbackTransport() });
      await rejects(none.resolve(`${reg.host}/team/app:1.0`), 'auth', /needs credentials .*docker login/);
    } finally {
      await reg.restart({ kind: 'none' });
    }
  });

  it('token auth: follows the Bearer challenge to the token service and reuses the token', async () => {
    await reg.restart({ kind: 'token', user: 'ci', password: 's3cret-pass' });
    try {
      const transport = loopbackTransport();
      const client = new RegistryClient({ transport, credentials: creds('ci', 's3cret-pass') });
      assert.equal((await client.resolve(`${reg.host}/team/app:1.0`)).digest, app1);
      assert.equal(reg.tokenRequests, 1);
      assert.equal(transport.count, 3, 'HEAD (401), token, HEAD');
      assert.equal((await client.resolve(`${reg.host}/team/app:2.0`)).digest, app2);
      const wrong = new RegistryClient({ transport: loopbackTransport(), credentials: creds('ci', 'nope-nope') });
      await rejects(wrong.resolve(`${reg.host}/team/app:1.0`), 'auth', /token service .* refused the credentials/, 'nope-nope');
    } finally {
      await reg.restart({ kind: 'none' });
    }
  });

  it('computes the digest from the manifest body when the registry sends no digest header', async () => {
    const real = loopbackTransport();
    const methods: string[] = [];
    const stripping: HttpTransport = {
      async request(req) {
        methods.push(req.method);
        const res = await real.request(req);
        const headers = { ...res.headers };
        delete headers['docker-content-digest'];
        return { ...res, headers };
      },
    };
    const client = new RegistryClient({ transport: stripping });
    assert.equal((await client.resolve(`${reg.host}/team/app:1.0`)).digest, app1);
    assert.deepEqual(methods, ['HEAD', 'GET']);
  });

  it('retries 429 and 5xx with backoff (honouring Retry-After), then reports the registry as unavailable', async () => {
    const { createServer } = await import('node:http');
    let hits = 0;
    let alwaysLimited = false;
    const flaky = createServer((_req, res) => {
      hits++;
      if (alwaysLimited) res.writeHead(429).end();
      else if (hits === 1) res.writeHead(429, { 'Retry-After': '0' }).end();
      else if (hits === 2) res.writeHead(503).end();
      else res.writeHead(200, { 'Docker-Content-Digest': app1, 'Content-Type': 'application/vnd.oci.image.index.v1+json' }).end();
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const port = (flaky.address() as { port: number }).port;
    try {
      const delays: number[] = [];
      const client = new RegistryClient({ transport: loopbackTransport(), sleep: async (ms) => void delays.push(ms) });
      assert.equal((await client.resolve(`127.0.0.1:${port}/x/y:1`)).digest, app1);
      assert.deepEqual(delays, [0, 400], 'Retry-After: 0, then exponential backoff');
      alwaysLimited = true;
      const giveUp = new RegistryClient({ transport: loopbackTransport(), retries: 2, sleep: async () => undefined });
      await rejects(giveUp.resolve(`127.0.0.1:${port}/x/y:1`), 'unreachable', /rate-limiting/);
    } finally {
      await new Promise((r) => flaky.close(r));
    }
  });

  it('a cached digest expires after its TTL and is looked up again', async () => {
    let now = 1_000_000;
    const transport = loopbackTransport();
    const client = new RegistryClient({ transport, cache: new MemoryDigestCache(), cacheTtlMs: 60_000, now: () => now });
    await client.resolve(`${reg.host}/team/app:1.0`);
    now += 59_000;
    assert.equal((await client.resolve(`${reg.host}/team/app:1.0`)).cached, true);
    now += 2_000;
    assert.equal((await client.resolve(`${reg.host}/team/app:1.0`)).cached, false);
    assert.equal(transport.count, 2);
    assert.equal(client.cached(`${reg.host}/team/app:1.0`)?.fresh, true);
  });

  it('pins every kind of site in a Dockerfile and a compose file, keeping the tag', async () => {
    const h = reg.host;
    const dockerfile = `ARG BASE=${h}/library-mirror/node:20\nFROM $BASE AS build\nCOPY --from=${h}/team/app:1.0 /a /a\nRUN --mount=type=bind,from=${h}/team/app:2.0,target=/b true\nFROM build\nFROM scratch\n`;
    const client = new RegistryClient({ transport: loopbackTransport() });
    const d = await pinSites(imageSites({ text: dockerfile, kind: 'dockerfile' }), client, { mode: 'pin' });
    assert.deepEqual(d.failed, []);
    assert.equal(
      applyEdits(dockerfile, d.edits),
      `ARG BASE=${h}/library-mirror/node:20@${base}\nFROM $BASE AS build\nCOPY --from=${h}/team/app:1.0@${app1} /a /a\nRUN --mount=type=bind,from=${h}/team/app:2.0@${app2},target=/b true\nFROM build\nFROM scratch\n`,
    );
    assert.deepEqual(d.skipped.map((s) => s.skip), ['stage', 'scratch']);
    const compose = `services:\n  web:\n    image: "${h}/team/app:1.0"\n  old:\n    image: ${h}/team/app:2.0@sha256:${'0'.repeat(64)}\n`;
    const c = await pinSites(imageSites({ text: compose, kind: 'compose' }), client, { mode: 'pin' });
    assert.equal(applyEdits(compose, c.edits), compose.replace(`app:1.0"`, `app:1.0@${app1}"`));
    const refreshed = await pinSites(imageSites({ text: compose, kind: 'compose' }), client, { mode: 'refresh' });
    assert.equal(applyEdits(compose, refreshed.edits), compose.replace(`sha256:${'0'.repeat(64)}`, app2));
  });

  it('bulkhead --pin writes, --dry-run prints a diff and writes nothing, and a stopped registry leaves files unchanged', async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    const dir = tempDir('pin');
    const cache = tempDir('cache');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, BULKHEAD_CACHE_DIR: cache, DOCKER_CONFIG: dir } });
    const original = `FROM ${reg.host}/team/app:1.0\r\nUSER 1000\r\n`;
    fs.writeFileSync(path.join(dir, 'Dockerfile'), original);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  web:\n    image: ${reg.host}/team/app:2.0 # comment stays\n`);

    const dry = run('--pin', '--dry-run', '.');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^-FROM ${reg.host}/team/app:1\\.0\\r?$`, 'm'));
    assert.match(dry.stdout, new RegExp(`^\\+FROM ${reg.host}/team/app:1\\.0@${app1}`, 'm'));
    assert.match(dry.stderr, /would have pinned 2 image references in 2 files/);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), original);

    // The registry goes away: the cache still answers what was looked up; anything new fails cleanly.
    await reg.stop();
    try {
      fs.writeFileSync(path.join(dir, 'other.Dockerfile'), `FROM ${reg.host}/team/app:3.0\n`);
      const down = run('--pin', 'other.Dockerfile');
      assert.equal(down.status, 2);
      assert.match(down.stderr, /^other\.Dockerfile:1:6: error: Cannot reach 127\.0\.0\.1:\d+/m);
      assert.equal(fs.readFileSync(path.join(dir, 'other.Dockerfile'), 'utf8'), `FROM ${reg.host}/team/app:3.0\n`);
      const cached = run('--pin', 'Dockerfile', 'compose.yaml');
      assert.equal(cached.status, 0, cached.stderr);
    } finally {
      await reg.restart({ kind: 'none' });
    }
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), `FROM ${reg.host}/team/app:1.0@${app1}\r\nUSER 1000\r\n`);
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), `services:\n  web:\n    image: ${reg.host}/team/app:2.0@${app2} # comment stays\n`);
    const again = run('--pin', '.');
    assert.match(again.stderr, /pinned 0 image references/);
  });

  it('bulkhead --pin reads credentials from DOCKER_CONFIG, and a wrong password leaves the file unchanged without printing it', async () => {
    const dir = tempDir('pin-auth');
    const cache = tempDir('cache');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, BULKHEAD_CACHE_DIR: cache, DOCKER_CONFIG: dir } });
    const login = (password: string) => fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`ci:${password}`).toString('base64') } } }));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${reg.host}/team/app:2.0\n`);
    await reg.restart({ kind: 'basic', user: 'ci', password: 'right-one' });
    try {
      login('wrong-one');
      const bad = run('--pin', 'Dockerfile');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /^Dockerfile:1:6: error: .*refused the credentials/m);
      assert.ok(!bad.stderr.includes('wrong-one') && !bad.stdout.includes('wrong-one'));
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), `FROM ${reg.host}/team/app:2.0\n`);
      login('right-one');
      const ok = run('--pin', 'Dockerfile');
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), `FROM ${reg.host}/team/app:2.0@${app2}\n`);
    } finally {
      await reg.restart({ kind: 'none' });
    }
  });
});
