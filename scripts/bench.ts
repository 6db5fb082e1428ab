/**
 * `npm run bench`: speed of the engine and the CLI on the real-world corpus,
 * reported as ratios against baselines measured in the same run (the machines
 * are shared and noisy, so absolute numbers move; ratios move much less).
 *
 * - Dockerfiles: dockerfile-ast parse alone (the baseline), the full model
 *   (adds ARG resolution and the shell parse of every RUN), and a full lint
 *   with every rule on.
 * - Compose: `yaml` parseDocument alone (baseline), the model, a full lint.
 * - Peers, in the same run on the same files: dockerfilelint and
 *   dockerfile-utils (`validate`) on the Dockerfiles, dclint on the Compose
 *   files (which reads each file itself: Bulkhead is timed reading it too;
 *   dclint runs on a worker thread, scripts/bench-dclint-worker.mjs, and the
 *   two take turns on parts of the corpus).
 * - CLI: one small file as a whole process against bare `node -e 0`, and the
 *   whole corpus as one process, both through bin/bulkhead.js (the command
 *   users run, with the code cache the build records).
 * - Every in-process round starts with an empty shell-parse cache, so that a
 *   round measures one pass over the corpus, as a CLI run makes. Timed rounds
 *   follow the same warm-up passes for every tool (`warmupPasses`): the
 *   engine rows and the peer comparisons are steady paces, and each tool's
 *   first pass (cold) is reported in the notes. The CLI rows are cold runs.
 * - Language server (the built dist/server.js over JSON-RPC): didChange →
 *   diagnostics for the largest corpus Dockerfile and Compose file, p50/p95
 *   over 200 edits; memory after opening 200 corpus files.
 * - Extension: the size of bulkhead.vsix (when built).
 *
 * Prints a table, writes `.bench/latest.json`, and replaces the table in
 * docs/performance.md (between its bench markers). Options:
 *   --rounds N   timed rounds per measurement (default 5; the median is kept)
 *   --quick      fewer files and rounds, for a smoke run
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDocument } from 'yaml';
import type { FileKind } from '../server/engine';
import { TestClient } from '../test/protocol/client';

// The V8 flag the CLI and the language server set for the engine (bin/bulkhead.js,
// server/lsp/main.ts), so that the engine is measured as they run it. Flags are
// the process's: the peers, in this process and in dclint's thread, run under it
// too (dockerfilelint's time with and without it: docs/performance.md).
setFlagsFromString('--no-allocation-site-pretenuring');

const root = path.resolve(__dirname, '..');
/**
 * The engine as it ships: the bundle `scripts/build.mjs` makes, with its own
 * copies of dockerfile-ast and yaml, as in the CLI and the server. Imported
 * from source instead, it would share node_modules' copies with the peers:
 * dockerfile-utils would run on Bulkhead's faster argument scan (which the
 * engine installs on dockerfile-ast's classes), and dclint's use of yaml would
 * leave yaml's code tuned for dclint's documents when Bulkhead's passes run.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require(path.join(root, 'dist', 'engine.js')) as typeof import('../server/engine');
const { clearShellCache, initEngine, lint, parseDockerfile, parseCompose, memoryHost } = engine;
const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Math.max(1, Number(args[roundsArg + 1])) : quick ? 2 : 5;

interface Sample {
  path: string;
  text: string;
  lines: number;
}

function loadCorpus(): Record<FileKind, Sample[]> {
  const manifest = path.join(corpusDir, 'MANIFEST.tsv');
  if (!fs.existsSync(manifest)) {
    console.error(`bench: no corpus at ${corpusDir} (set BULKHEAD_CORPUS)`);
    process.exit(2);
  }
  const out: Record<FileKind, Sample[]> = { dockerfile: [], compose: [] };
  for (const row of fs.readFileSync(manifest, 'utf8').split('\n').slice(1)) {
    if (!row) continue;
    const cols = row.split('\t');
    const kind = cols[5] as FileKind;
    if (kind !== 'dockerfile' && kind !== 'compose') continue;
    const abs = path.join(corpusDir, cols[0]!);
    const text = fs.readFileSync(abs, 'utf8');
    out[kind].push({ path: abs, text, lines: text.split('\n').length });
  }
  if (quick) for (const k of ['dockerfile', 'compose'] as const) out[k] = out[k].slice(0, 200);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Passes each measured function makes before its timed rounds. V8 optimises
 * a function only after it has run a while, and a lint runs hundreds of
 * functions: over the corpus, Bulkhead's Compose lint took 961, 375, 430,
 * 237, 178, 169 and 157 ms in its first seven passes, its Dockerfile lint
 * 2.8, 1.5, 1.1, 1.0 and 0.8 s in its first five, dockerfilelint 489, 318,
 * 268 and 267 ms (2026-12-07). With one warm-up pass, the timed rounds of the
 * slower-warming tool still held its warm-up. Every tool gets the same
 * warm-up, and its first pass (cold, as in a one-off CLI run) is reported
 * beside its steady pace.
 */
const warmupPasses = quick ? 1 : 6;

/**
 * Medians over rounds of the time to run each function over every sample,
 * after `warmup` warm-up passes each (the first of them is `first`, the
 * function's cold pass when nothing ran it before). The functions' rounds
 * alternate (a, b, c, a, b, c…): they are compared with each other, and a
 * slow spell of this shared machine then falls on all of them, not on
 * whichever ran at the time.
 */
function timeInterleaved(samples: Sample[], fns: ((s: Sample) => unknown)[], warmup = warmupPasses): { times: number[]; first: number[] } {
  let sink = 0;
  const once = (fn: (s: Sample) => unknown): number => {
    // Each round is one cold pass, as one CLI run is: a RUN script met again
    // within the pass is not parsed again, one kept from the last round is.
    clearShellCache();
    const t0 = performance.now();
    for (const s of samples) if (fn(s)) sink++;
    return performance.now() - t0;
  };
  const first = fns.map(() => 0);
  for (let w = 0; w < warmup; w++) fns.forEach((fn, k) => (w === 0 ? (first[k] = once(fn)) : once(fn)));
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < rounds; i++) fns.forEach((fn, k) => times[k]!.push(once(fn)));
  if (sink < 0) console.log(sink);
  return { times: times.map(median), first };
}

/**
 * For tools compared with each other in one process: each tool's rounds run
 * together (warm-up, then `rounds` rounds), as they would in a process of its
 * own; round by round alternation let one tool's garbage and warm-up fall on
 * the next one's rounds. The blocks repeat (a b c, a b c, a b c) so that a
 * slow spell of the machine falls on every tool; each tool's time is the
 * median of its block medians. A tool warms up in its first block (its code
 * stays compiled for the next ones, which start with one pass); `first` is
 * its first pass.
 */
function timeInBlocks(samples: Sample[], fns: ((s: Sample) => unknown)[]): { times: number[]; first: number[] } {
  const blocks = quick ? 1 : 3;
  const perTool: number[][] = fns.map(() => []);
  const first = fns.map(() => 0);
  for (let b = 0; b < blocks; b++) {
    fns.forEach((fn, k) => {
      const block = timeInterleaved(samples, [fn], b === 0 ? warmupPasses : 1);
      perTool[k]!.push(block.times[0]!);
      if (b === 0) first[k] = block.first[0]!;
    });
  }
  return { times: perTool.map(median), first };
}

function timeProcess(argv: string[], runs: number): number {
  const times: number[] = [];
  spawnSync(process.execPath, argv, { stdio: 'ignore' });
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, argv, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Runs `base` and `argv` alternately: the medians of each, and the median of the per-pair differences. */
function timePairs(base: string[], argv: string[], runs: number): { base: number; overBase: number } {
  const once = (a: string[]): number => {
    const t0 = performance.now();
    spawnSync(process.execPath, a, { stdio: 'ignore' });
    return performance.now() - t0;
  };
  once(base);
  once(argv);
  const bases: number[] = [];
  const diffs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = once(base);
    const t = once(argv);
    bases.push(b);
    diffs.push(t - b);
  }
  return { base: median(bases), overBase: median(diffs) };
}

async function main(): Promise<void> {
  await initEngine({ wasmDirs: [path.join(root, 'dist')] });
  const corpus = loadCorpus();
  const host = memoryHost({});
  const rows: { measure: string; value: string; note: string }[] = [];
  const json: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, rounds, quick };

  /** Each kind's first lint pass in this process (see `warmupPasses`). */
  const coldLint: Record<FileKind, number> = { dockerfile: 0, compose: 0 };
  for (const kind of ['dockerfile', 'compose'] as const) {
    const samples = corpus[kind];
    const lines = samples.reduce((n, s) => n + s.lines, 0);
    const per1000 = (ms: number): number => (ms / lines) * 1000;
    // The lint first: its first pass is the first time this kind of file is linted in the process (cold).
    const measured = timeInterleaved(samples, [
      (s) => lint({ path: s.path, text: s.text, kind }, { host }).findings.length,
      kind === 'dockerfile' ? (s) => DockerfileParser.parse(s.text).getInstructions().length : (s) => parseDocument(s.text, { keepSourceTokens: true }).contents,
      kind === 'dockerfile' ? (s) => parseDockerfile(s.text).stages.length : (s) => parseCompose(s.text, { env: {} }).services.length,
    ]);
    const [full, parse, model] = measured.times as [number, number, number];
    const cold = measured.first[0]!;
    coldLint[kind] = cold;
    const baseName = kind === 'dockerfile' ? 'dockerfile-ast parse' : 'yaml parseDocument';
    rows.push({ measure: `${kind}: ${baseName} (baseline)`, value: `${per1000(parse).toFixed(2)} ms / 1000 lines`, note: `${samples.length} files, ${lines} lines` });
    rows.push({ measure: `${kind}: model`, value: `${per1000(model).toFixed(2)} ms / 1000 lines`, note: `${(model / parse).toFixed(2)}× baseline` });
    rows.push({
      measure: `${kind}: lint, all rules`,
      value: `${per1000(full).toFixed(2)} ms / 1000 lines`,
      note: `${(full / parse).toFixed(2)}× baseline, rules ${(((full - model) / full) * 100).toFixed(0)}% of lint; first pass (cold) ${per1000(cold).toFixed(2)}`,
    });
    json[kind] = { files: samples.length, lines, parseMsPer1000: per1000(parse), modelMsPer1000: per1000(model), lintMsPer1000: per1000(full), lintOverParse: full / parse, lintFirstPassMsPer1000: per1000(cold) };
  }

  // ---- peers, same files, same run ----
  {
    const df = corpus.dockerfile;
    const dfLines = df.reduce((n, s) => n + s.lines, 0);
    const per1000 = (ms: number): number => (ms / dfLines) * 1000;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dockerfilelint = require('dockerfilelint') as { run(configPath: string, content: string): unknown[] };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dockerfileUtils = require('dockerfile-utils') as { validate(content: string): unknown[] };
    const emptyDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'bulkhead-bench-'));
    // The files a peer threw on (each is met once per round).
    const peerFailures = new Set<string>();
    const guard = <T>(fn: () => T, tool: string, file: string): T | undefined => {
      try {
        return fn();
      } catch {
        peerFailures.add(`${tool} ${path.relative(corpusDir, file)}`);
        return undefined;
      }
    };
    const blocks = timeInBlocks(df, [
      (s) => lint({ path: s.path, text: s.text, kind: 'dockerfile' }, { host }).findings.length,
      (s) => guard(() => dockerfilelint.run(emptyDir, s.text).length, 'dockerfilelint', s.path),
      (s) => guard(() => dockerfileUtils.validate(s.text).length, 'dockerfile-utils', s.path),
    ]);
    const [ours, dfl, dfu] = blocks.times as [number, number, number];
    // Each tool's first pass in this process (Bulkhead's is its first Dockerfile lint, above).
    const [, dflCold, dfuCold] = blocks.first as [number, number, number];
    const oursCold = coldLint.dockerfile;
    fs.rmSync(emptyDir, { recursive: true, force: true });
    const fastest = Math.min(dfl, dfu);
    const fastestCold = Math.min(dflCold, dfuCold);
    rows.push({ measure: 'peer: dockerfilelint (Dockerfiles)', value: `${per1000(dfl).toFixed(2)} ms / 1000 lines`, note: `Bulkhead ${(ours / dfl).toFixed(2)}× its time; first pass (cold) ${per1000(dflCold).toFixed(2)}` });
    rows.push({ measure: 'peer: dockerfile-utils validate (Dockerfiles)', value: `${per1000(dfu).toFixed(2)} ms / 1000 lines`, note: `Bulkhead ${(ours / dfu).toFixed(2)}× its time; first pass (cold) ${per1000(dfuCold).toFixed(2)}` });
    rows.push({
      measure: 'Bulkhead vs fastest Dockerfile peer',
      value: `${(ours / fastest).toFixed(2)}×`,
      note: `target ≤ 1.00× (every rule on); first passes (cold) ${(oursCold / fastestCold).toFixed(2)}×${peerFailures.size ? `; peers threw on ${peerFailures.size} files` : ''}`,
    });
    const dc = corpus.compose;
    const dcLines = dc.reduce((n, s) => n + s.lines, 0);
    // dclint runs on a thread of its own (an isolate of its own, as in a process of its own): run on this
    // thread, a round of it left Bulkhead's next passes up to twice as slow for several passes.
    const dclint = new Worker(path.join(__dirname, 'bench-dclint-worker.mjs'), { execArgv: [] });
    // The worker's next answer; an error or an exit of the worker ends the wait. (Its answers come one
    // per request, and each wait starts before the request's answer can arrive.)
    const fromDclint = (): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const settle = (then: () => void): void => {
          dclint.off('message', onMessage).off('error', onError).off('exit', onExit);
          then();
        };
        const onMessage = (m: unknown): void => settle(() => resolve(m));
        const onError = (e: Error): void => settle(() => reject(e));
        const onExit = (code: number): void => settle(() => reject(new Error(`dclint's thread exited (code ${code})`)));
        dclint.on('message', onMessage).on('error', onError).on('exit', onExit);
      });
    await fromDclint(); // 'ready'
    const dclintFiles = async (samples: Sample[]): Promise<number> => {
      dclint.postMessage(samples.map((s) => s.path));
      const { ms, failed } = (await fromDclint()) as { ms: number; failed: string[] };
      for (const f of failed) peerFailures.add(`dclint ${path.relative(corpusDir, f)}`);
      return ms;
    };
    const dclintRounds = quick ? 1 : 2;
    const timeOnce = (fn: (s: Sample) => unknown, samples: Sample[]): number => {
      const t0 = performance.now();
      for (const s of samples) fn(s);
      return performance.now() - t0;
    };
    const oursOnce = (samples: Sample[]): number => {
      clearShellCache();
      return timeOnce((s) => lint({ path: s.path, text: fs.readFileSync(s.path, 'utf8'), kind: 'compose' }, { host }).findings.length, samples);
    };
    await dclintFiles(dc.slice(0, 20));
    // Bulkhead warms up until its pace is steady: at least `warmupPasses` passes, and on until three
    // passes in a row are no more than 3% faster than the best before them (at most 30). Its passes over
    // these files are short, and V8 was still optimising after six of them: 611, 303, 295, 177, 154, 130
    // ms in one run, against about 115 later. dclint warms on 20 files: a pass of dclint over the corpus
    // takes half a minute, and its two rounds below took the same time to within 0.3%.
    {
      let best = Infinity;
      let still = 0;
      for (let w = 0; w < 30 && (w < warmupPasses || still < 3); w++) {
        const t = oursOnce(dc);
        still = t < best * 0.97 ? 0 : still + 1;
        best = Math.min(best, t);
      }
    }
    // dclint's rounds take minutes. Each round goes through the files in parts; after dclint's time on a
    // part, Bulkhead's (the median of five passes over the same part): the two times of a part are
    // taken seconds apart, so a slow spell of this shared machine falls on both. Bulkhead's passes start
    // a quarter of a second after dclint's thread answers: on these two cores, the passes right after it
    // ran up to twice as slow as later ones (what dclint's thread leaves to finish, its garbage
    // collection among it, shares the machine with them), and the sum of a round's parts read 23% above
    // a whole pass over the same files.
    const parts = quick ? 2 : 8;
    const split = Array.from({ length: parts }, (_, k) => dc.slice(Math.floor((k * dc.length) / parts), Math.floor(((k + 1) * dc.length) / parts)));
    let dclSum = 0;
    let oursSum = 0;
    for (let i = 0; i < dclintRounds; i++) {
      for (const part of split) {
        dclSum += await dclintFiles(part);
        await new Promise((resolve) => setTimeout(resolve, 250));
        oursSum += median([oursOnce(part), oursOnce(part), oursOnce(part), oursOnce(part), oursOnce(part)]);
      }
    }
    const dcl = dclSum / dclintRounds;
    const oursWithRead = oursSum / dclintRounds;
    await dclint.terminate();
    const composeCold = coldLint.compose;
    rows.push({
      measure: 'peer: dclint (Compose files, reads each file)',
      value: `${((dcl / dcLines) * 1000).toFixed(2)} ms / 1000 lines`,
      note: `Bulkhead (reading too) is ${(dcl / oursWithRead).toFixed(0)}× faster; target ≥ 200×; Bulkhead's first pass (cold, not reading) ${(dcl / composeCold).toFixed(0)}×`,
    });
    json.peers = {
      dockerfilelintMsPer1000: per1000(dfl),
      dockerfileUtilsMsPer1000: per1000(dfu),
      bulkheadDockerfileOverFastestPeer: ours / fastest,
      firstPass: {
        dockerfilelintMsPer1000: per1000(dflCold),
        dockerfileUtilsMsPer1000: per1000(dfuCold),
        bulkheadDockerfileOverFastestPeer: oursCold / fastestCold,
        bulkheadComposeSpeedupOverDclint: dcl / composeCold,
      },
      warmupPasses,
      dclintMsPer1000: (dcl / dcLines) * 1000,
      bulkheadComposeSpeedupOverDclint: dcl / oursWithRead,
      peerFailures: [...peerFailures].sort(),
    };
  }

  const cli = path.join(root, 'bin', 'bulkhead.js');
  if (fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    const small = path.join(root, 'examples', 'Dockerfile');
    // Interleaved with the baseline, pair by pair: the machine's load moves both alike.
    const pairs = timePairs(['-e', '0'], [cli, '--format', 'json', small], quick ? 5 : 25);
    const bare = pairs.base;
    const one = pairs.base + pairs.overBase;
    const whole = timeProcess([cli, '--format', 'json', corpusDir], quick ? 1 : 3);
    rows.push({ measure: 'process: node -e 0 (baseline)', value: `${bare.toFixed(0)} ms`, note: '' });
    rows.push({ measure: 'CLI: one small file', value: `${one.toFixed(0)} ms`, note: `+${(one - bare).toFixed(0)} ms over baseline (median of paired runs); target ≤ +25 ms` });
    const corpusFiles = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).length;
    rows.push({ measure: 'CLI: whole corpus, one process', value: `${whole.toFixed(0)} ms`, note: `${corpusFiles} files; target < 1500 ms` });
    json.cli = { nodeBareMs: bare, oneFileMs: one, overBareMs: one - bare, wholeCorpusMs: whole };
  } else {
    rows.push({ measure: 'CLI', value: 'skipped', note: 'run `npm run build` first' });
  }

  // ---- language server ----
  if (fs.existsSync(path.join(root, 'dist', 'server.js'))) {
    const largest = (kind: FileKind): Sample => corpus[kind].reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const client = await TestClient.start({ nodeArgs: ['--expose-gc'] });
    try {
      const latency = async (s: Sample, kind: FileKind): Promise<{ p50: number; p95: number; lines: number }> => {
        const uri = client.open(s.path, s.text, kind === 'dockerfile' ? 'dockerfile' : 'dockercompose');
        await client.pull(uri);
        const times: number[] = [];
        const edits = quick ? 40 : 200;
        for (let i = 0; i < edits; i++) {
          // Type at the end of the file: a comment line that grows, as when someone writes.
          const text = s.text + '\n# ' + 'x'.repeat(i % 40);
          const t0 = performance.now();
          client.change(uri, text);
          await client.pull(uri);
          times.push(performance.now() - t0);
        }
        client.close(uri);
        times.sort((a, b) => a - b);
        return { p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]!, lines: s.lines };
      };
      for (const kind of ['dockerfile', 'compose'] as const) {
        const l = await latency(largest(kind), kind);
        rows.push({ measure: `server: didChange → diagnostics, largest ${kind}`, value: `p50 ${l.p50.toFixed(1)} ms · p95 ${l.p95.toFixed(1)} ms`, note: `${l.lines} lines, ${quick ? 40 : 200} edits` });
        (json.server ??= {} as Record<string, unknown>) as Record<string, unknown>;
        (json.server as Record<string, unknown>)[`${kind}LatencyMs`] = l;
      }
      const before = (await client.conn.sendRequest('bulkhead/stats', { gc: true })) as { heapUsed: number; rss: number };
      const files = [...corpus.dockerfile.slice(0, 150), ...corpus.compose.slice(0, 50)];
      for (const s of files) {
        const uri = client.open(s.path, s.text, corpus.compose.includes(s) ? 'dockercompose' : 'dockerfile');
        await client.pull(uri);
      }
      const after = (await client.conn.sendRequest('bulkhead/stats', { gc: true })) as { heapUsed: number; rss: number };
      const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
      rows.push({ measure: 'server: memory with 200 corpus files open', value: `heap ${mib(after.heapUsed)} MiB · rss ${mib(after.rss)} MiB`, note: `+${mib(after.heapUsed - before.heapUsed)} MiB heap over an idle server` });
      (json.server as Record<string, unknown>).memory = { idleHeap: before.heapUsed, heapWith200: after.heapUsed, rssWith200: after.rss };
    } finally {
      await client.stop();
    }
  }
  const vsix = path.join(root, 'bulkhead.vsix');
  if (fs.existsSync(vsix)) {
    const size = fs.statSync(vsix).size;
    rows.push({ measure: 'extension: bulkhead.vsix', value: `${(size / 1024).toFixed(0)} KiB`, note: '' });
    json.vsixBytes = size;
  }
  // Activation is measured by the real-VS-Code suite (npm run test:vscode), which writes .bench/activation.json.
  const activation = path.join(root, '.bench', 'activation.json');
  if (fs.existsSync(activation)) {
    const a = JSON.parse(fs.readFileSync(activation, 'utf8')) as { activationMs: number; date: string };
    rows.push({ measure: 'extension: activation, server started', value: `${a.activationMs} ms`, note: `real VS Code (code-server), ${a.date.slice(0, 10)}` });
    json.activationMs = a.activationMs;
  }

  const w0 = Math.max(...rows.map((r) => r.measure.length));
  const w1 = Math.max(...rows.map((r) => r.value.length));
  console.log(`Bulkhead bench — ${process.version}, median of ${rounds} rounds${quick ? ' (quick)' : ''}\n`);
  for (const r of rows) console.log(`${r.measure.padEnd(w0)}  ${r.value.padStart(w1)}  ${r.note}`);
  const outDir = path.join(root, '.bench');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(root, path.join(outDir, 'latest.json'))}`);
  // The table in docs/performance.md, between its markers; the rest of the page (what changed the numbers) is kept.
  const perf = path.join(root, 'docs', 'performance.md');
  if (fs.existsSync(perf) && !quick) {
    const page = fs.readFileSync(perf, 'utf8');
    const table = ['| Measure | Value | Note |', '|---|---|---|', ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.note.replace(/\|/g, '\\|')} |`)].join('\n');
    const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${process.version}, ${require('node:os').cpus().length} CPUs, median of ${rounds} rounds.`;
    const next = page.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${stamp}\n\n${table}\n<!-- bench:end -->`);
    if (next !== page) {
      fs.writeFileSync(perf, next);
      console.log(`updated ${path.relative(root, perf)}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
