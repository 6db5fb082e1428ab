/**
 * Lints the files of a CLI run, on every core when there are many. Each file
 * is read, optionally fixed, and linted exactly as a sequential run would;
 * results come back in the order of the targets, so the report does not
 * depend on how the work was split. Worker threads run this same bundle
 * (the CLI's entry point hands control here when it starts as a worker).
 */
import { readFileSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { sep } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { fixAll, initEngine, lint, nodeFileHost, type BulkheadConfig, type FileKind, type Finding, type Host, type LineIndex } from '../engine';

export interface LintJob {
  path: string;
  kind: FileKind;
  config: BulkheadConfig;
  /**
   * Known to be a regular file (its folder's listing, or the stat of a file
   * named on the command line, said so): read without asking again. Anything
   * else is checked first, so that a FIFO or a device is never opened.
   */
  regular?: boolean;
}

export interface LintOutcome {
  /**
   * The 1-based line and column of every offset the reports print (each
   * finding's start and end, and the edits of its safe fixes), as flat
   * triples: worked out where the file was linted, with the lint's own line
   * index, so that the file's text does not travel back from a worker and
   * the calling thread builds no line index of its own. Undefined when the
   * file could not be read.
   */
  points?: number[];
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
  knowListing(dir: string, entries: readonly Dirent[]): void;
}

export function cachingHost(inner: Host): CachingHost {
  const texts = new Map<string, string | undefined>();
  const exists = new Map<string, boolean>();
  const listings = new Map<string, { names: Map<string, boolean>; folded: Set<string> }>();
  /** What the listing of `dir` says of `name`: true (a plain file), false (no such entry), undefined (ask the file system). */
  const listedIn = (dir: string, name: string): boolean | undefined => {
    const listing = listings.get(dir);
    if (!listing) return undefined;
    const isFile = listing.names.get(name);
    // A symbolic link (or anything but a plain file) is asked of the file system.
    if (isFile !== undefined) return isFile ? true : undefined;
    // Not listed as written. On a case-insensitive file system (macOS, Windows)
    // `dockerfile` still opens `Dockerfile`: a name that matches an entry in
    // another case, or that is not plain ASCII (Unicode forms), is asked too.
    return !/^[\x20-\x7e]*$/.test(name) || listing.folded.has(name.toLowerCase()) ? undefined : false;
  };
  const listed = (p: string): boolean | undefined => {
    const slash = p.lastIndexOf(sep);
    return slash > 0 ? listedIn(p.slice(0, slash), p.slice(slash + 1)) : undefined;
  };
  return {
    knowListing(dir, entries) {
      const names = new Map<string, boolean>();
      const folded = new Set<string>();
      for (const e of entries) {
        names.set(e.name, e.isFile());
        folded.add(e.name.toLowerCase());
        folded.add(e.name.toUpperCase().toLowerCase());
      }
      listings.set(dir, { names, folded });
    },
    readFile(p) {
      if (!texts.has(p)) texts.set(p, listed(p) === false ? undefined : inner.readFile(p));
      return texts.get(p);
    },
    knownAbsent(dir, name) {
      return listedIn(dir, name) === false;
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

export function lintFile(job: LintJob, host: Host, fix: boolean, stopWhenIncomplete = false): LintOutcome {
  let raw: string;
  try {
    if (!job.regular && !statSync(job.path).isFile()) throw new Error('not a regular file');
    raw = readFileSync(job.path, 'utf8');
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
      writeFileSync(job.path, bom + out.text);
      text = out.text;
      fixed = out.applied;
    }
  }
  const res = lint({ path: job.path, text, kind: job.kind }, { config: job.config, host, stopWhenIncomplete });
  const outcome: LintOutcome = { points: reportPoints(res.findings, res.lines), findings: res.findings, failures: res.failures.map((f) => ({ ruleId: f.ruleId, message: f.message })), fixed };
  if (res.incomplete) outcome.incomplete = true;
  return outcome;
}

/** See `LintOutcome.points`. */
function reportPoints(findings: readonly Finding[], lines: LineIndex): number[] {
  const points: number[] = [];
  const add = (offset: number): void => {
    const p = lines.oneBased(offset);
    points.push(offset, p.line, p.column);
  };
  for (const f of findings) {
    add(f.span.start);
    add(f.span.end);
    for (const x of f.fixes) {
      if (!x.safe) continue;
      for (const e of x.edits) {
        add(e.start);
        add(e.end);
      }
    }
  }
  return points;
}

/** Lines and columns of the offsets a file's report prints (see `LintOutcome.points`), looked up like a LineIndex's. */
export class ReportPositions {
  private readonly at = new Map<number, { line: number; column: number }>();

  constructor(points: readonly number[]) {
    for (let k = 0; k + 2 < points.length; k += 3) this.at.set(points[k]!, { line: points[k + 1]!, column: points[k + 2]! });
  }

  oneBased(offset: number): { line: number; column: number } {
    const p = this.at.get(offset);
    if (!p) throw new Error(`no position kept for offset ${offset}`);
    return p;
  }
}

/**
 * Lints a job; when a script needs the shell parser before it is loaded, the
 * lint stops there (no rule runs twice), the parser loads and the job is linted again.
 */
async function lintFileComplete(job: LintJob, host: Host, fix: boolean, ensureEngine: () => Promise<void>): Promise<LintOutcome> {
  const first = lintFile(job, host, fix, true);
  if (!first.incomplete) return first;
  await ensureEngine();
  return lintFile(job, host, fix);
}

/** How many threads to use for `count` files: `BULKHEAD_JOBS` when set, else one per core (at most 8). */
export function threadCount(count: number, fix: boolean): number {
  // --fix writes files: one thread, so that a file is never written twice at once.
  if (fix || count < PARALLEL_MIN_FILES) return 1;
  return Math.max(1, Math.min(threadsWanted(), Math.ceil(count / (PARALLEL_MIN_FILES / 2))));
}

/**
 * `BULKHEAD_JOBS`, else the cores (at most 8): worked out once per process.
 * A run asks again for every file it adds, and reading `process.env` and
 * `require` cost about 9 µs a call (22 ms of the corpus's single thread).
 */
let wantedThreads: number | undefined;
function threadsWanted(): number {
  if (wantedThreads === undefined) {
    const env = Number.parseInt(process.env.BULKHEAD_JOBS ?? '', 10);
    // node:os is loaded only here: a small run does without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const os = require('node:os') as typeof import('node:os');
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    wantedThreads = Number.isFinite(env) && env > 0 ? env : Math.min(cores, 8);
  }
  return wantedThreads;
}

interface WorkerInput {
  bulkheadLintWorker: true;
  wasmDirs: string[];
}

/** A job as sent to a worker: its config is an index into the configs sent before it (a config is sent once, not once per file). */
interface WireJob {
  index: number;
  path: string;
  kind: FileKind;
  config: number;
  regular: boolean;
}
/** What the calling thread sends a worker: configs (each once, numbered from `from`), chunks of jobs, and the end. */
type ToWorker = { configs: BulkheadConfig[]; from: number } | { jobs: WireJob[] } | { done: true };
type FromWorker = { results: [number, LintOutcome][] };

/** Files per chunk a worker takes; each worker holds two, so that it never waits for the next. */
const WORKER_CHUNK = 16;
/** Chunks a worker may hold while the calling thread is still listing folders (it cannot answer then). */
const WALK_AHEAD = 3;
/** Files the calling thread lints between answering the workers. */
const HERE_CHUNK = 4;

export interface LintRunOptions {
  fix: boolean;
  host: Host;
  wasmDirs: string[];
  /** How many threads (the calling thread included) a run of `count` files should use. */
  threadsFor: (count: number) => number;
  script: string;
  ensureEngine: () => Promise<void>;
}

interface WorkerSlot {
  worker: WorkerThreads.Worker;
  /** Chunks sent and not answered yet. */
  outstanding: number;
  /** Configs sent so far. */
  configsSent: number;
  finished: boolean;
  end(): void;
  done: Promise<void>;
}

/**
 * A lint run that takes its files as they are found: the calling thread lists
 * folders and loads configs while the workers already lint the files found
 * so far (a run over a large tree spent a tenth of its time listing before
 * any file was linted). Jobs are taken from one queue in chunks, in order,
 * by whichever thread is free: the calling thread also writes the report,
 * and files differ a hundredfold in size, so a fixed share per thread left
 * one thread waiting for the other. Workers start once the run is large
 * enough (`threadsFor`), and outcomes come back in the order of the jobs, so
 * the report does not depend on how the work was split.
 */
export class LintRun {
  private readonly jobs: LintJob[] = [];
  private readonly wire: WireJob[] = [];
  private readonly configs: BulkheadConfig[] = [];
  private readonly configIds = new Map<BulkheadConfig, number>();
  private readonly slots: WorkerSlot[] = [];
  private results: (LintOutcome | undefined)[] = [];
  /** Given each outcome in order, once the outcomes before it are in (see `finishInOrder`). */
  private each: ((index: number, outcome: LintOutcome) => void) | undefined;
  private delivered = 0;
  private next = 0;
  private closed = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: LintRunOptions) {}

  /** Adds a file; a worker may start linting it at once. */
  add(job: LintJob): void {
    if (this.closed) throw new Error('LintRun.add after finish');
    const index = this.jobs.length;
    this.jobs.push(job);
    this.wire.push({ index, path: job.path, kind: job.kind, config: this.configId(job.config), regular: job.regular === true });
    const wanted = Math.max(1, Math.min(this.options.threadsFor(this.jobs.length), this.jobs.length)) - 1;
    while (this.slots.length < wanted) this.startWorker();
    for (const slot of this.slots) this.feed(slot, WALK_AHEAD);
  }

  /** Lints what is left (on this thread too) and returns every outcome, in the order the files were added. */
  async finish(): Promise<LintOutcome[]> {
    const all: LintOutcome[] = [];
    await this.finishInOrder((i, outcome) => (all[i] = outcome));
    return all;
  }

  /**
   * Lints what is left (on this thread too) and gives `each` every outcome in
   * the order the files were added, as soon as it and the ones before it are
   * in: the CLI writes a file's part of the report then, and the run keeps no
   * outcome it has given. What `each` throws ends the run.
   */
  async finishInOrder(each: (index: number, outcome: LintOutcome) => void): Promise<void> {
    this.closed = true;
    this.each = each;
    const here = (j: LintJob): Promise<LintOutcome> => lintFileComplete(j, this.options.host, this.options.fix, this.options.ensureEngine);
    this.results.length = this.jobs.length;
    this.deliver();
    if (this.slots.length === 0) {
      for (let i = 0; i < this.jobs.length; i++) {
        this.results[i] = await here(this.jobs[i]!);
        this.deliver();
        if (this.failure) throw this.failure.error;
      }
    } else {
      for (const slot of this.slots) {
        this.feed(slot, 2);
        if (slot.outstanding === 0) slot.end();
      }
      // This thread lints from the same queue, and answers the workers between chunks.
      for (let chunk = this.take(HERE_CHUNK); chunk.length > 0; chunk = this.take(HERE_CHUNK)) {
        for (const j of chunk) this.results[j.index] = await here(this.jobs[j.index]!);
        this.deliver();
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.failure) throw this.failure.error;
      }
      await Promise.all(this.slots.map((s) => s.done));
    }
    if (this.failure) throw this.failure.error;
    if (this.delivered < this.jobs.length) throw new Error(`a lint worker returned no result for ${this.jobs[this.delivered]!.path}`);
  }

  /** Gives `each` the outcomes now in order, and lets go of them. */
  private deliver(): void {
    const each = this.each;
    // Nothing more after a failure: the run is ending.
    if (!each || this.failure) return;
    try {
      while (this.delivered < this.jobs.length) {
        const outcome = this.results[this.delivered];
        if (outcome === undefined) return;
        this.results[this.delivered] = undefined;
        each(this.delivered++, outcome);
      }
    } catch (error) {
      this.failure ??= { error };
    }
  }

  /** Stops the workers without waiting for their outcomes (the run is not finished). */
  async abort(): Promise<void> {
    this.closed = true;
    this.failure ??= { error: new Error('the lint run was aborted') };
    await Promise.all(
      this.slots.map((slot) => {
        slot.finished = true;
        return slot.worker.terminate();
      }),
    );
  }

  private configId(c: BulkheadConfig): number {
    let id = this.configIds.get(c);
    if (id === undefined) {
      this.configIds.set(c, (id = this.configs.length));
      this.configs.push(c);
    }
    return id;
  }

  private take(size: number): WireJob[] {
    const from = this.next;
    this.next = Math.min(this.wire.length, from + size);
    return this.wire.slice(from, this.next);
  }

  /** Sends `slot` chunks until it holds `limit` (and the configs they need first). */
  private feed(slot: WorkerSlot, limit: number): void {
    while (slot.outstanding < limit) {
      const chunk = this.take(WORKER_CHUNK);
      if (chunk.length === 0) return;
      if (slot.configsSent < this.configs.length) {
        slot.worker.postMessage({ configs: this.configs.slice(slot.configsSent), from: slot.configsSent } satisfies ToWorker);
        slot.configsSent = this.configs.length;
      }
      slot.outstanding++;
      slot.worker.postMessage({ jobs: chunk } satisfies ToWorker);
    }
  }

  private startWorker(): void {
    const worker = new (workerThreads().Worker)(this.options.script, {
      workerData: { bulkheadLintWorker: true, wasmDirs: this.options.wasmDirs } satisfies WorkerInput,
      argv: [WORKER_FLAG],
      stdout: false,
      stderr: false,
    });
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A worker that fails stops the run (an internal error), also while this thread is still linting.
    done.catch((error: unknown) => (this.failure ??= { error }));
    const slot: WorkerSlot = {
      worker,
      outstanding: 0,
      configsSent: 0,
      finished: false,
      done,
      end: () => {
        if (slot.finished) return;
        slot.finished = true;
        worker.postMessage({ done: true } satisfies ToWorker);
        resolve();
      },
    };
    worker.on('message', (m: FromWorker) => {
      for (const [index, outcome] of m.results) this.results[index] = outcome;
      this.deliver();
      slot.outstanding--;
      this.feed(slot, 2);
      if (this.closed && slot.outstanding === 0) slot.end();
    });
    worker.once('error', reject);
    worker.once('messageerror', reject);
    worker.once('exit', (code) => (slot.finished ? resolve() : reject(new Error(`a lint worker stopped with exit code ${code}`))));
    this.slots.push(slot);
  }
}

/** Lints every job, on `threads` threads (the calling thread is one of them); see LintRun. */
export async function lintFiles(
  jobs: LintJob[],
  options: { fix: boolean; host: Host; wasmDirs: string[]; threads: number; script: string; ensureEngine: () => Promise<void> },
): Promise<LintOutcome[]> {
  const run = new LintRun({ ...options, threadsFor: () => options.threads });
  for (const j of jobs) run.add(j);
  return run.finish();
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
  const ready = initEngine({ wasmDirs: input.wasmDirs });
  const host = cachingHost(nodeFileHost());
  const configs: BulkheadConfig[] = [];
  port.on('message', (m: ToWorker) => {
    if ('configs' in m) m.configs.forEach((c, i) => (configs[m.from + i] = c));
    else if ('done' in m) port.close();
    else
      void ready.then(() => {
        const results: [number, LintOutcome][] = m.jobs.map((j) => [j.index, lintFile({ path: j.path, kind: j.kind, config: configs[j.config]!, regular: j.regular }, host, false)]);
        port.postMessage({ results } satisfies FromWorker);
      });
  });
  return true;
}
