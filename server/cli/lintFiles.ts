/**
 * Lints the files of a CLI run, on every core when there are many. Each file
 * is read, optionally fixed, and linted exactly as a sequential run would;
 * results come back in the order of the targets, so the report does not
 * depend on how the work was split. Worker threads run this same bundle
 * (the CLI's entry point hands control here when it starts as a worker).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { fixAll, initEngine, lint, nodeFileHost, type BulkheadConfig, type FileKind, type Finding, type Host } from '../engine';

export interface LintJob {
  path: string;
  kind: FileKind;
  config: BulkheadConfig;
}

export interface LintOutcome {
  /** The text that was linted (after fixes), or undefined when the file could not be read. */
  text?: string;
  /** Why the file could not be read. */
  readError?: { code?: string; message: string };
  findings: Finding[];
  failures: { ruleId: string; message: string }[];
  /** Safe fixes applied. */
  fixed: number;
  /** Linted before the shell parser was loaded, and a script needed it (see LintResult.incomplete). */
  incomplete?: true;
}

/** Below this many files a run stays on one thread: starting a worker costs about as much as linting 50 small files. */
const PARALLEL_MIN_FILES = 64;

/**
 * A host that remembers what it read: a CLI run sees the file system as it
 * was when the run started, and the same `.bulkhead.yaml`, `.dockerignore`
 * or built Dockerfile is looked up for many files.
 */
export interface CachingHost extends Host {
  /**
   * What a folder held when the run read it (the CLI lists every folder it
   * walks): a name it did not list does not exist, and a regular file it did
   * list does, with no system call for either.
   */
  knowListing(dir: string, entries: readonly fs.Dirent[]): void;
}

export function cachingHost(inner: Host): CachingHost {
  const texts = new Map<string, string | undefined>();
  const exists = new Map<string, boolean>();
  const listings = new Map<string, Map<string, boolean>>();
  const listed = (p: string): boolean | undefined => {
    const slash = p.lastIndexOf(path.sep);
    const names = slash > 0 ? listings.get(p.slice(0, slash)) : undefined;
    if (!names) return undefined;
    const isFile = names.get(p.slice(slash + 1));
    // A symbolic link (or anything but a plain file) is asked of the file system.
    return isFile === undefined ? false : isFile ? true : undefined;
  };
  return {
    knowListing(dir, entries) {
      const names = new Map<string, boolean>();
      for (const e of entries) names.set(e.name, e.isFile());
      listings.set(dir, names);
    },
    readFile(p) {
      if (!texts.has(p)) texts.set(p, listed(p) === false ? undefined : inner.readFile(p));
      return texts.get(p);
    },
    fileExists(p) {
      let e = exists.get(p);
      if (e === undefined) {
        e = texts.has(p) ? texts.get(p) !== undefined : (listed(p) ?? inner.fileExists(p));
        exists.set(p, e);
      }
      return e;
    },
  };
}

export function lintFile(job: LintJob, host: Host, fix: boolean): LintOutcome {
  let raw: string;
  try {
    const st = fs.statSync(job.path);
    if (!st.isFile()) throw new Error('not a regular file');
    raw = fs.readFileSync(job.path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { readError: { code: err.code, message: err.message }, findings: [], failures: [], fixed: 0 };
  }
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  let text = bom ? raw.slice(1) : raw;
  let fixed = 0;
  if (fix) {
    const out = fixAll({ path: job.path, text, kind: job.kind }, { config: job.config, host });
    if (out.text !== text) {
      fs.writeFileSync(job.path, bom + out.text);
      text = out.text;
      fixed = out.applied;
    }
  }
  const res = lint({ path: job.path, text, kind: job.kind }, { config: job.config, host });
  const outcome: LintOutcome = { text, findings: res.findings, failures: res.failures.map((f) => ({ ruleId: f.ruleId, message: f.message })), fixed };
  if (res.incomplete) outcome.incomplete = true;
  return outcome;
}

/** Lints a job; when a script needed the shell parser before it was loaded, loads it and lints again. */
async function lintFileComplete(job: LintJob, host: Host, fix: boolean, ensureEngine: () => Promise<void>): Promise<LintOutcome> {
  const first = lintFile(job, host, fix);
  if (!first.incomplete) return first;
  await ensureEngine();
  return lintFile(job, host, fix);
}

/** How many threads to use for `count` files: `BULKHEAD_JOBS` when set, else one per core (at most 8). */
export function threadCount(count: number, fix: boolean): number {
  const env = Number.parseInt(process.env.BULKHEAD_JOBS ?? '', 10);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const wanted = Number.isFinite(env) && env > 0 ? env : Math.min(cores, 8);
  // --fix writes files: one thread, so that a file is never written twice at once.
  if (fix || count < PARALLEL_MIN_FILES) return 1;
  return Math.max(1, Math.min(wanted, Math.ceil(count / (PARALLEL_MIN_FILES / 2))));
}

interface WorkerInput {
  bulkheadLintWorker: true;
  jobs: LintJob[];
  wasmDirs: string[];
}

/**
 * Lints every job, on `threads` threads (the calling thread is one of them).
 * Jobs are dealt out round-robin, which spreads the large files of a folder
 * over the threads without measuring them first.
 */
export async function lintFiles(
  jobs: LintJob[],
  options: { fix: boolean; host: Host; wasmDirs: string[]; threads: number; script: string; ensureEngine: () => Promise<void> },
): Promise<LintOutcome[]> {
  const threads = Math.min(options.threads, jobs.length);
  const here = (j: LintJob): Promise<LintOutcome> => lintFileComplete(j, options.host, options.fix, options.ensureEngine);
  if (threads <= 1) {
    const out: LintOutcome[] = [];
    for (const j of jobs) out.push(await here(j));
    return out;
  }
  const shards: number[][] = Array.from({ length: threads }, () => []);
  jobs.forEach((_, i) => shards[i % threads]!.push(i));
  const results: LintOutcome[] = new Array(jobs.length);
  const workers = shards.slice(1).map(
    (idx) =>
      new Promise<void>((resolve, reject) => {
        const input: WorkerInput = { bulkheadLintWorker: true, jobs: idx.map((i) => jobs[i]!), wasmDirs: options.wasmDirs };
        const w = new (workerThreads().Worker)(options.script, { workerData: input, argv: [WORKER_FLAG], stdout: false, stderr: false });
        w.once('message', (out: LintOutcome[]) => {
          out.forEach((o, k) => (results[idx[k]!] = o));
          resolve();
        });
        w.once('error', reject);
        w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a lint worker stopped with exit code ${code}`))));
      }),
  );
  // This thread lints its own share while the workers start.
  for (const i of shards[0]!) results[i] = await here(jobs[i]!);
  await Promise.all(workers);
  const missing = results.findIndex((r) => r === undefined);
  if (missing >= 0) throw new Error(`a lint worker returned no result for ${jobs[missing]!.path}`);
  return results;
}

/** Marks a lint worker's argv, so that a plain run need not load worker_threads to know it is not one. */
const WORKER_FLAG = '--bulkhead-lint-worker';

function workerThreads(): typeof WorkerThreads {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:worker_threads') as typeof WorkerThreads;
}

/** True when this thread was started by `lintFiles`; it then lints its jobs and posts the outcomes. */
export function runAsLintWorker(): boolean {
  if (!process.argv.includes(WORKER_FLAG)) return false;
  const { isMainThread, parentPort, workerData } = workerThreads();
  if (isMainThread || !parentPort) return false;
  const input = workerData as WorkerInput | undefined;
  if (!input?.bulkheadLintWorker) return false;
  const port = parentPort;
  void initEngine({ wasmDirs: input.wasmDirs }).then(() => {
    const host = cachingHost(nodeFileHost());
    port.postMessage(input.jobs.map((j) => lintFile(j, host, false)));
  });
  return true;
}
