/**
 * Soak: 10,000 random edits to open documents through JSON-RPC against the
 * built server, with diagnostics pulled along the way. The server must answer
 * every request, report no uncaught exception or unhandled rejection, and end
 * with its memory flat: the heap after the run (after a GC) is measured
 * against the heap after a warm-up of the same work.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from './client';
import { tempDir } from '../support/tmp';

const EDITS = Number(process.env.SOAK_EDITS ?? 10_000);

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const DOCKERFILE = 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN curl -fsSL https://x/i.sh | sh && \\\n    npm ci\nFROM debian:12\nCOPY --from=build /app /app\nRUN apt-get update && apt-get install -y curl\nCMD ["/app"]\n';
const COMPOSE = 'services:\n  web:\n    image: nginx\n    privileged: true\n    ports: ["80:80"]\n    environment:\n      DB_PASSWORD: hunter2\n  db:\n    image: postgres:16\n';
const PIECES = ['\n', ' ', '"', "'", '\\\n', 'RUN sudo curl -k x | sh\n', '  cap_add: [ALL]\n', '${', '<<EOF\n', '# bulkhead-ignore BH101\n', 'x', '\t', '- ', ': '];

describe('soak', { timeout: 15 * 60 * 1000 }, () => {
  it(`${EDITS} random edits: every request answered, nothing uncaught, memory flat`, async () => {
    const dir = tempDir('soak');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    const client = await TestClient.start({ folders: [dir], nodeArgs: ['--expose-gc'] });
    try {
      const docs = [
        { uri: client.open(path.join(dir, 'Dockerfile'), DOCKERFILE, 'dockerfile'), base: DOCKERFILE },
        { uri: client.open(path.join(dir, 'compose.yaml'), COMPOSE, 'dockercompose'), base: COMPOSE },
      ];
      const random = rng(20261123);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      let heapAfterWarmup = 0;
      for (let i = 1; i <= EDITS; i++) {
        const d = pick(docs);
        let text = client.texts.get(d.uri)!;
        const at = Math.floor(random() * (text.length + 1));
        const r = random();
        if (r < 0.45) text = text.slice(0, at) + pick(PIECES) + text.slice(at);
        else if (r < 0.9) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 6));
        else text = d.base; // back to a valid file now and then
        if (text.length > 20_000) text = d.base;
        client.change(d.uri, text);
        if (i % 25 === 0) {
          const res = await client.pull(d.uri);
          assert.equal(res.kind, 'full');
        }
        if (i === Math.min(1000, EDITS)) heapAfterWarmup = ((await client.conn.sendRequest('bulkhead/stats', { gc: true })) as { heapUsed: number }).heapUsed;
      }
      for (const d of docs) await client.pull(d.uri);
      const end = (await client.conn.sendRequest('bulkhead/stats', { gc: true })) as { heapUsed: number; cachedResults: number; openDocuments: number };
      assert.equal(end.openDocuments, 2);
      assert.ok(end.cachedResults <= 2, `the cache keeps one result per open document, not per version (${end.cachedResults})`);
      const grewMiB = (end.heapUsed - heapAfterWarmup) / 2 ** 20;
      assert.ok(grewMiB < 16, `heap grew by ${grewMiB.toFixed(1)} MiB between the warm-up and the end`);
      const uncaught = [...client.logs, client.stderr].filter((l) => /uncaught|unhandled rejection/i.test(l));
      assert.deepEqual(uncaught, []);
    } finally {
      await client.stop();
    }
  });
});

describe('typing in the editor', { timeout: 5 * 60 * 1000 }, () => {
  it('a Compose service typed from scratch, one keystroke at a time: the server answers every pull, and the finished service gets its findings', async () => {
    const dir = tempDir('typing');
    const client = await TestClient.start({ folders: [dir] });
    try {
      const target = 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: "nginx:${TAG:-latest}"\n    privileged: true\n    cap_add: [SYS_ADMIN]\n    ports:\n      - "5432:5432"\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DB_PASSWORD: hunter2\n';
      const uri = client.open(path.join(dir, 'compose.yaml'), '', 'dockercompose');
      for (let i = 1; i <= target.length; i++) {
        client.change(uri, target.slice(0, i));
        const res = await client.pull(uri);
        assert.equal(res.kind, 'full', `after ${i} characters`);
        assert.ok(Array.isArray(res.items), `after ${i} characters`);
      }
      const done = await client.pull(uri);
      const codes = new Set((done.items ?? []).map((d) => String(typeof d.code === 'object' ? (d.code as { value: unknown }).value : d.code)));
      for (const id of ['BH201', 'BH202', 'BH204', 'BH215', 'BH218', 'BH231']) assert.ok(codes.has(id), `${id} on the finished service (have ${[...codes].join(', ')})`);
      assert.ok(!JSON.stringify(done.items).includes('hunter2'), 'the secret is masked');
      const uncaught = [...client.logs, client.stderr].filter((l) => /uncaught|unhandled rejection|failed/i.test(l));
      assert.deepEqual(uncaught, []);
    } finally {
      await client.stop();
    }
  });
});
