/**
 * `npm run bench`: speed of the engine and the CLI on the real-world corpus,
 * reported as ratios against baselines measured in the same run (the machines
 * are shared and noisy, so absolute numbers move; ratios move much less).
 *
 * - Dockerfiles: dockerfile-ast parse alone (the baseline), the full model
 *   (adds ARG resolution and the shell parse of every RUN), and a full lint
 *   with every rule on.
 * - Compose: `yaml` parseDocument alone (baseline), the model, a full lint.
 * - CLI: one small file as a whole process against bare `node -e 0`, and the
 *   whole corpus as one process.
 *
 * Prints a table and writes `.bench/latest.json`. Options:
 *   --rounds N   timed rounds per measurement (default 5; the median is kept)
 *   --quick      fewer files and rounds, for a smoke run
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDocument } from 'yaml';
import { initEngine, lint, parseDockerfile, parseCompose, memoryHost, type FileKind } from '../server/engine';

const root = path.resolve(__dirname, '..');
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

/** Median over rounds of the time to run `fn` over every sample, after one warm-up round. */
function timeOver(samples: Sample[], fn: (s: Sample) => unknown): number {
  let sink = 0;
  const once = (): number => {
    const t0 = performance.now();
    for (const s of samples) if (fn(s)) sink++;
    return performance.now() - t0;
  };
  once();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(once());
  if (sink < 0) console.log(sink);
  return median(times);
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

async function main(): Promise<void> {
  await initEngine({ wasmDirs: [path.join(root, 'dist')] });
  const corpus = loadCorpus();
  const host = memoryHost({});
  const rows: { measure: string; value: string; note: string }[] = [];
  const json: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, rounds, quick };

  for (const kind of ['dockerfile', 'compose'] as const) {
    const samples = corpus[kind];
    const lines = samples.reduce((n, s) => n + s.lines, 0);
    const per1000 = (ms: number): number => (ms / lines) * 1000;
    const parse =
      kind === 'dockerfile'
        ? timeOver(samples, (s) => DockerfileParser.parse(s.text).getInstructions().length)
        : timeOver(samples, (s) => parseDocument(s.text, { keepSourceTokens: true }).contents);
    const model =
      kind === 'dockerfile'
        ? timeOver(samples, (s) => parseDockerfile(s.text).stages.length)
        : timeOver(samples, (s) => parseCompose(s.text, { env: {} }).services.length);
    const full = timeOver(samples, (s) => lint({ path: s.path, text: s.text, kind }, { host }).findings.length);
    const baseName = kind === 'dockerfile' ? 'dockerfile-ast parse' : 'yaml parseDocument';
    rows.push({ measure: `${kind}: ${baseName} (baseline)`, value: `${per1000(parse).toFixed(2)} ms / 1000 lines`, note: `${samples.length} files, ${lines} lines` });
    rows.push({ measure: `${kind}: model`, value: `${per1000(model).toFixed(2)} ms / 1000 lines`, note: `${(model / parse).toFixed(2)}× baseline` });
    rows.push({ measure: `${kind}: lint, all rules`, value: `${per1000(full).toFixed(2)} ms / 1000 lines`, note: `${(full / parse).toFixed(2)}× baseline, rules ${(((full - model) / full) * 100).toFixed(0)}% of lint` });
    json[kind] = { files: samples.length, lines, parseMsPer1000: per1000(parse), modelMsPer1000: per1000(model), lintMsPer1000: per1000(full), lintOverParse: full / parse };
  }

  const cli = path.join(root, 'dist', 'cli.js');
  if (fs.existsSync(cli)) {
    const small = path.join(root, 'examples', 'Dockerfile');
    const runs = quick ? 3 : 10;
    const bare = timeProcess(['-e', '0'], runs);
    const one = timeProcess([cli, '--format', 'json', small], runs);
    const whole = timeProcess([cli, '--format', 'json', corpusDir], quick ? 1 : 3);
    rows.push({ measure: 'process: node -e 0 (baseline)', value: `${bare.toFixed(0)} ms`, note: '' });
    rows.push({ measure: 'CLI: one small file', value: `${one.toFixed(0)} ms`, note: `+${(one - bare).toFixed(0)} ms over baseline` });
    rows.push({ measure: 'CLI: whole corpus, one process', value: `${whole.toFixed(0)} ms`, note: `${corpus.dockerfile.length + corpus.compose.length} files` });
    json.cli = { nodeBareMs: bare, oneFileMs: one, overBareMs: one - bare, wholeCorpusMs: whole };
  } else {
    rows.push({ measure: 'CLI', value: 'skipped', note: 'run `npm run build` first' });
  }

  const w0 = Math.max(...rows.map((r) => r.measure.length));
  const w1 = Math.max(...rows.map((r) => r.value.length));
  console.log(`Bulkhead bench — ${process.version}, median of ${rounds} rounds${quick ? ' (quick)' : ''}\n`);
  for (const r of rows) console.log(`${r.measure.padEnd(w0)}  ${r.value.padStart(w1)}  ${r.note}`);
  const outDir = path.join(root, '.bench');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(root, path.join(outDir, 'latest.json'))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
