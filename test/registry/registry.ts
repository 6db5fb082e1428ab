/**
 * A real OCI registry for the tests: Debian's `docker-registry` (the CNCF
 * distribution registry 2.8) started on 127.0.0.1 from a config written here,
 * with filesystem storage in a temporary folder, and optionally htpasswd
 * (Basic) or token auth with a token issuer run by the test. Images are
 * pushed through the registry's own API. Nothing but 127.0.0.1 is contacted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createSign } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REGISTRY_BIN = process.env.BULKHEAD_REGISTRY_BIN ?? '/usr/bin/docker-registry';

export function registryAvailable(): boolean {
  return fs.existsSync(REGISTRY_BIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type Auth = { kind: 'none' } | { kind: 'basic'; user: string; password: string } | { kind: 'token'; user: string; password: string };

export class TestRegistry {
  private proc?: ChildProcess;
  private issuer?: http.Server;
  /** Requests the token issuer answered. */
  tokenRequests = 0;
  log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(auth: Auth = { kind: 'none' }, dir?: string): Promise<TestRegistry> {
    const r = new TestRegistry(dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-registry-')), await freePort());
    await r.launch(auth);
    return r;
  }

  /** Starts again on the same storage (and port) with another auth mode. */
  async restart(auth: Auth): Promise<void> {
    await this.stop();
    await this.launch(auth);
  }

  private async launch(auth: Auth): Promise<void> {
    const storage = path.join(this.dir, 'storage');
    fs.mkdirSync(storage, { recursive: true });
    const lines = [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${storage}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${this.port}`,
    ];
    if (auth.kind === 'basic') {
      const file = path.join(this.dir, 'htpasswd');
      const out = spawnSync('htpasswd', ['-Bbn', auth.user, auth.password], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`htpasswd failed: ${out.stderr}`);
      fs.writeFileSync(file, out.stdout);
      lines.push('auth:', '  htpasswd:', '    realm: bulkhead-test', `    path: ${file}`);
    } else if (auth.kind === 'token') {
      const { realm, cert } = await this.startIssuer(auth);
      lines.push('auth:', '  token:', `    realm: ${realm}`, '    service: bulkhead-test-registry', '    issuer: bulkhead-test-issuer', `    rootcertbundle: ${cert}`);
    }
    const config = path.join(this.dir, 'config.yml');
    fs.writeFileSync(config, lines.join('\n') + '\n');
    this.proc = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d) => (this.log += d));
    this.proc.stderr!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await request('GET', `http://${this.host}/v2/`).then((r) => r.status, () => 0);
      if (status === 200 || status === 401) return;
      if (this.proc.exitCode !== null || Date.now() > deadline) throw new Error(`registry did not start:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A token issuer on loopback: checks Basic credentials, signs RS256 JWTs with a self-signed certificate (in `x5c`). */
  private async startIssuer(auth: { user: string; password: string }): Promise<{ realm: string; cert: string }> {
    const key = path.join(this.dir, 'issuer-key.pem');
    const cert = path.join(this.dir, 'issuer-cert.pem');
    if (!fs.existsSync(cert)) {
      const out = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=bulkhead-test-issuer'], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`openssl failed: ${out.stderr}`);
    }
    const der = Buffer.from(fs.readFileSync(cert, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
    const privateKey = fs.readFileSync(key, 'utf8');
    const port = await freePort();
    this.issuer = http.createServer((req, res) => {
      this.tokenRequests++;
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [user, password] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
      if (user !== auth.user || password !== auth.password) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      const access = (url.searchParams.getAll('scope') ?? []).map((s) => {
        const [type, name, actions] = s.split(':');
        return { type, name, actions: (actions ?? '').split(',') };
      });
      const now = Math.floor(Date.now() / 1000);
      const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
      const head = b64({ alg: 'RS256', typ: 'JWT', x5c: [der] });
      const claims = b64({ iss: 'bulkhead-test-issuer', sub: user, aud: url.searchParams.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: String(Math.random()), access });
      const sig = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(privateKey).toString('base64url');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${head}.${claims}.${sig}`, expires_in: 300 }));
    });
    await new Promise<void>((r) => this.issuer!.listen(port, '127.0.0.1', r));
    return { realm: `http://127.0.0.1:${port}/token`, cert };
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p && p.exitCode === null) {
      const done = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await done;
    }
    const s = this.issuer;
    this.issuer = undefined;
    if (s) await new Promise((r) => s.close(r));
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Uploads a blob (monolithic upload); returns its descriptor. */
  async pushBlob(name: string, data: Buffer, mediaType: string): Promise<{ mediaType: string; digest: string; size: number }> {
    const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
    const start = await request('POST', `http://${this.host}/v2/${name}/blobs/uploads/`);
    if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${start.body}`);
    const loc = new URL(start.headers.location!, `http://${this.host}`);
    loc.searchParams.set('digest', digest);
    const put = await request('PUT', loc.toString(), data, { 'Content-Type': 'application/octet-stream' });
    if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${put.body}`);
    return { mediaType, digest, size: data.length };
  }

  async putManifest(name: string, ref: string, manifest: object, mediaType: string): Promise<{ digest: string; size: number; bytes: Buffer }> {
    const bytes = Buffer.from(JSON.stringify(manifest));
    const res = await request('PUT', `http://${this.host}/v2/${name}/manifests/${ref}`, bytes, { 'Content-Type': mediaType });
    if (res.status !== 201) throw new Error(`manifest put: HTTP ${res.status} ${res.body}`);
    return { digest: 'sha256:' + createHash('sha256').update(bytes).digest('hex'), size: bytes.length, bytes };
  }

  /** Pushes a two-platform image (an OCI index over two OCI manifests) as `name:tag`; returns the index digest. */
  async pushImage(name: string, tag: string, seed = tag): Promise<string> {
    const entries = [];
    for (const arch of ['amd64', 'arm64']) {
      const cfg = await this.pushBlob(name, Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Labels: { seed } } })), 'application/vnd.oci.image.config.v1+json');
      const layer = await this.pushBlob(name, Buffer.from(`layer ${name} ${arch} ${seed}`), 'application/vnd.oci.image.layer.v1.tar+gzip');
      const mt = 'application/vnd.oci.image.manifest.v1+json';
      const m = await this.putManifest(name, `sha256:${createHash('sha256').update(JSON.stringify({ schemaVersion: 2, mediaType: mt, config: cfg, layers: [layer] })).digest('hex')}`, { schemaVersion: 2, mediaType: mt, config: cfg, layers: [layer] }, mt);
      entries.push({ mediaType: mt, digest: m.digest, size: m.size, platform: { architecture: arch, os: 'linux' } });
    }
    const it = 'application/vnd.oci.image.index.v1+json';
    return (await this.putManifest(name, tag, { schemaVersion: 2, mediaType: it, manifests: entries }, it)).digest;
  }
}

export function request(method: string, url: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    if (u.hostname !== '127.0.0.1') return reject(new Error(`tests only contact 127.0.0.1, not ${u.hostname}`));
    const req = http.request(u, { method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}
