/**
 * The CLI's file host: a run sees the file system as it was when it started.
 * Folders the run listed answer lookups of their names without asking the
 * file system again; anything else is asked once.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachingHost, lintFile, lintFiles, LintRun, ReportPositions, type LintJob } from '../../server/cli/lintFiles';
import { ALL_RULES, createConfigCache, defaultConfig, initEngine, LineIndex, loadConfigFor, nodeFileHost, type Host } from '../../server/engine';

function counting(inner: Host): Host & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readFile(p) {
      asked.push(`read ${path.basename(p)}`);
      return inner.readFile(p);
    },
    fileExists(p) {
      asked.push(`exists ${path.basename(p)}`);
      return inner.fileExists(p);
    },
  };
}

describe('cachingHost', () => {
  it('answers from a folder listing, and asks the file system only about links, folders and unlisted folders', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-host-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), 'x: 1\n');
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'c.yaml'), 'y: 2\n');
      fs.symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'link.yaml'));
      const inner = counting(nodeFileHost());
      const host = cachingHost(inner);
      host.knowListing(dir, fs.readdirSync(dir, { withFileTypes: true }));
      // Written after the listing: the run does not see it.
      fs.writeFileSync(path.join(dir, 'late.yaml'), 'z: 3\n');

      assert.equal(host.fileExists(path.join(dir, 'a.yaml')), true);
      assert.equal(host.fileExists(path.join(dir, 'missing.yaml')), false);
      assert.equal(host.readFile(path.join(dir, 'missing.yaml')), undefined);
      assert.equal(host.fileExists(path.join(dir, 'late.yaml')), false);
      assert.deepEqual(inner.asked, []);

      assert.equal(host.readFile(path.join(dir, 'a.yaml')), 'x: 1\n');
      assert.equal(host.fileExists(path.join(dir, 'link.yaml')), true);
      assert.equal(host.fileExists(path.join(dir, 'sub')), false);
      assert.equal(host.fileExists(path.join(dir, 'sub', 'c.yaml')), true);
      assert.equal(host.fileExists(path.join(dir, 'sub', 'c.yaml')), true);
      assert.deepEqual(inner.asked, ['read a.yaml', 'exists link.yaml', 'exists sub', 'exists c.yaml']);

      // On a case-insensitive file system `A.YAML` opens `a.yaml`: a name listed in another case, or not plain ASCII, is asked.
      inner.asked.length = 0;
      host.fileExists(path.join(dir, 'A.YAML'));
      host.fileExists(path.join(dir, 'ä.yaml'));
      assert.equal(host.fileExists(path.join(dir, 'b.yaml')), false);
      assert.deepEqual(inner.asked, ['exists A.YAML', 'exists ä.yaml']);

      // `knownAbsent` says the same, without building the path: true only where the listing rules the name out.
      inner.asked.length = 0;
      assert.equal(host.knownAbsent!(dir, 'missing.yaml'), true);
      assert.equal(host.knownAbsent!(dir, 'late.yaml'), true);
      for (const name of ['a.yaml', 'link.yaml', 'sub', 'A.YAML', 'ä.yaml']) assert.equal(host.knownAbsent!(dir, name), false, name);
      assert.equal(host.knownAbsent!(path.join(dir, 'sub'), 'x.yaml'), false, 'an unlisted folder');
      assert.deepEqual(inner.asked, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets config discovery skip the names a listing rules out, finding the same configs as the file system', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-host-'));
    try {
      const files: Record<string, string> = {
        '.bulkhead.yaml': 'failOn: error\n',
        'a/Dockerfile': 'FROM x\n',
        'a/b/.hadolint.yaml': 'ignored: [DL3007]\n',
        'a/b/Dockerfile': 'FROM x\n',
        'a/b/c/.bulkhead.yml': 'rules:\n  BH101: off\n',
        'a/b/c/Dockerfile': 'FROM x\n',
        'd/Dockerfile': 'FROM x\n',
      };
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
      const listAll = (host: ReturnType<typeof cachingHost>, d: string): void => {
        const entries = fs.readdirSync(d, { withFileTypes: true });
        host.knowListing(d, entries);
        for (const e of entries) if (e.isDirectory()) listAll(host, path.join(d, e.name));
      };
      const inner = counting(nodeFileHost());
      const listed = cachingHost(inner);
      listAll(listed, dir);
      const plain = nodeFileHost();
      const cache = createConfigCache();
      for (const rel of ['a/Dockerfile', 'a/b/Dockerfile', 'a/b/c/Dockerfile', 'd/Dockerfile']) {
        const file = path.join(dir, rel);
        const options = { root: dir, rules: ALL_RULES, hadolintUserFiles: [] };
        const ours = loadConfigFor(file, { ...options, host: listed, cache });
        const theirs = loadConfigFor(file, { ...options, host: plain });
        assert.deepEqual(ours.files.map((f) => f.path), theirs.files.map((f) => f.path), rel);
        assert.deepEqual(ours.config, theirs.config, rel);
      }
      // Only the configs themselves were read: no name was looked up on disk.
      assert.ok(inner.asked.every((a) => a.startsWith('read ')), inner.asked.join(', '));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `count` Dockerfiles in folders of their own under `dir`, the i-th with `text(i)`, as lint jobs under the default config. */
function dockerfileJobs(dir: string, count: number, text: (i: number) => string): LintJob[] {
  const config = defaultConfig();
  return Array.from({ length: count }, (_, i) => {
    const p = path.join(dir, `d${i}`, 'Dockerfile');
    fs.mkdirSync(path.dirname(p));
    fs.writeFileSync(p, text(i));
    return { path: p, kind: 'dockerfile' as const, config };
  });
}

describe('lintFiles', () => {
  it('a worker that stops early fails the run with an error (not an unhandled rejection), while this thread is still linting', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-workers-'));
    try {
      const jobs = dockerfileJobs(dir, 300, () => 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1000\n');
      // A worker script that exits at once, without a result.
      const script = path.join(dir, 'exits.js');
      fs.writeFileSync(script, 'process.exit(0);\n');
      const dist = path.resolve(__dirname, '..', '..', 'dist');
      const run = lintFiles(jobs, { fix: false, host: cachingHost(nodeFileHost()), wasmDirs: [dist], threads: 3, script, ensureEngine: () => initEngine({ wasmDirs: [dist] }) });
      await assert.rejects(run, /a lint worker stopped with exit code 0/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LintRun.finishInOrder', () => {
  it('gives every outcome once, in the order the files were added, on three threads; and what it is given to throws ends the run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-order-'));
    try {
      // Files of very different sizes, so that the threads finish them out of order.
      const jobs = dockerfileJobs(dir, 240, (i) => `FROM alpine:3.20\n${'RUN apk add --no-cache curl && curl -k https://example.com/x | sh\n'.repeat(i % 7 === 0 ? 400 : 1)}ENV TOKEN_${i}=x\n`);
      const dist = path.resolve(__dirname, '..', '..', 'dist');
      const options = { fix: false, host: cachingHost(nodeFileHost()), wasmDirs: [dist], threadsFor: () => 3, script: path.join(dist, 'cli.js'), ensureEngine: () => initEngine({ wasmDirs: [dist] }) };
      const run = new LintRun(options);
      for (const j of jobs) run.add(j);
      const order: number[] = [];
      const messages: string[] = [];
      await run.finishInOrder((i, outcome) => {
        order.push(i);
        messages.push(outcome.findings.map((f) => f.message).join('|'));
      });
      assert.deepEqual(order, jobs.map((_, i) => i));
      // The same outcomes as one thread gives.
      const single = await lintFiles(jobs, { ...options, threads: 1 });
      assert.deepEqual(messages, single.map((o) => o.findings.map((f) => f.message).join('|')));

      const failing = new LintRun(options);
      for (const j of jobs) failing.add(j);
      let given = 0;
      await assert.rejects(
        failing.finishInOrder(() => {
          if (++given === 100) throw new Error('the report cannot be written');
        }),
        /the report cannot be written/,
      );
      assert.equal(given, 100);
      await failing.abort();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lintFile', () => {
  it('keeps the line and column of every offset a report prints, as the file text gives them (CRLF, a BOM, astral characters)', async () => {
    await initEngine();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-points-'));
    try {
      const p = path.join(dir, 'Dockerfile');
      const text = '\uFEFF# 🐳 image\r\nFROM node\r\nARG NPM_TOKEN\r\nENV DB_PASSWORD=hunter2-prod\r\nRUN curl -k https://x | sh\r\nADD file.txt /app/\r\nRUN apt-get update && apt-get install -y curl\r\n';
      fs.writeFileSync(p, text);
      const out = lintFile({ path: p, kind: 'dockerfile', config: defaultConfig() }, nodeFileHost(), false);
      assert.ok(out.points && out.findings.length > 3);
      const lines = new LineIndex(text.slice(1));
      const positions = new ReportPositions(out.points);
      let edits = 0;
      for (const f of out.findings) {
        for (const offset of [f.span.start, f.span.end]) assert.deepEqual(positions.oneBased(offset), lines.oneBased(offset));
        for (const x of f.fixes.filter((x) => x.safe)) {
          for (const e of x.edits) {
            edits++;
            assert.deepEqual(positions.oneBased(e.start), lines.oneBased(e.start));
            assert.deepEqual(positions.oneBased(e.end), lines.oneBased(e.end));
          }
        }
      }
      assert.ok(edits > 0, 'a safe fix was checked');
      assert.throws(() => positions.oneBased(text.length + 50), /no position kept/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
