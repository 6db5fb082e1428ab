/**
 * `bulkhead [paths…]`: lints Dockerfiles and Compose files from the command
 * line. A thin layer over the engine: file discovery, config loading,
 * formatting and exit codes live here; analysis does not.
 *
 * Exit codes: 0 no findings at or above the threshold, 1 findings, 2 usage,
 * config or internal error.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readdirSync, statSync, writeSync, type Dirent, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import {
  ALL_RULES,
  detectFileKind,
  initEngine,
  LineIndex,
  loadConfigFor,
  createConfigCache,
  nodeFileHost,
  ruleByRef,
  hadolintUserConfigFiles,
  SEVERITY_RANK,
  ruleSetting,
  type BulkheadConfig,
  type ConfigLookup,
  type FileKind,
  type Finding,
  type Severity,
} from '../engine';
import { jsonReport, sarifReport, stylishReport, type FileReport, type ReportStream, type Write } from './format';
import { runPin } from './pin';
import { cachingHost, LintRun, ReportPositions, runAsLintWorker, threadCount, type CachingHost } from './lintFiles';

const USAGE = `Usage: bulkhead [options] [paths…]

Lints Dockerfiles and Docker Compose files for container security problems.
Folders are searched recursively (node_modules and .git are skipped); the
default is the current folder.

Options:
  -f, --format <stylish|json|sarif>  output format (default: stylish)
  -o, --output <file>                write the report to a file
      --fix                          apply safe fixes in place, then report what remains
  -c, --config <file>                use this .bulkhead.yaml instead of discovery
      --fail-on <info|warning|error> lowest severity that makes the exit code 1
                                     (default: the config's failOn, else info)
  -q, --quiet                        report errors only
      --kind <dockerfile|compose>    how to read explicitly named files with other names
      --target <stage>               judge this build stage as the image (like docker build --target)
      --build-arg <NAME=value>       a build argument for resolving ARGs (repeatable)

Pinning images (contacts registries; nothing else does):
      --pin                          pin every image reference to the digest its tag
                                     points at now (keeps the tag), writing the files
      --refresh-pins                 update existing pins whose tag has moved
      --dry-run                      with --pin/--refresh-pins: print a diff, write nothing
      --insecure-registry <host>     reach this registry over plain HTTP (repeatable;
                                     localhost and 127.0.0.1 always are)
      --allow-credential-helpers     run docker-credential-* helpers from ~/.docker/config.json
      --list-rules                   print the rules and exit
      --print-config <file>          print the config in force for a file (JSON) and exit
  -v, --version                      print the version and exit
  -h, --help                         print this help and exit

Exit codes: 0 no findings at or above the threshold, 1 findings, 2 usage,
config or internal error, or a report that cannot be written.`;

class UsageError extends Error {}
/** The report could not be written (a full disk, a folder that does not exist): said in one line, exit 2. */
class OutputError extends Error {}

// A CLI run is short: V8's optimising compiler would spend over a second of
// background CPU on the shell parser's WebAssembly, and the process cannot
// exit before it finishes. The baseline compiler parses the whole corpus as fast.
setFlagsFromString('--liftoff-only');
// The lint's objects live for one file: see bin/bulkhead.js and docs/performance.md.
setFlagsFromString('--no-allocation-site-pretenuring');

function version(): string {
  for (const p of [join(__dirname, '..', 'package.json'), join(__dirname, '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'bulkhead' && pkg.version) return pkg.version;
    } catch {
      /* next */
    }
  }
  return '0.0.0';
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** hadolint's user-level config files (used when the tree has no `.hadolint.yaml`). */
const hadolintUserFiles = hadolintUserConfigFiles(process.env, homeDir());

/**
 * The user's home folder as `os.homedir()` finds it: `$HOME` (`%USERPROFILE%`
 * on Windows) when set. node:os is not loaded at start-up (about a millisecond
 * of a small file's run), so it is asked only when the variable is not set.
 */
function homeDir(): string {
  const fromEnv = process.platform === 'win32' ? process.env.USERPROFILE : process.env.HOME;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return fromEnv || (require('node:os') as typeof import('node:os')).homedir();
}

/** Files to lint under `dir`, sorted; symlinked folders are not followed. */
function walk(dir: string, host: CachingHost, found: (file: string, kind: FileKind, regular: boolean) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // Config lookups ask each folder for its `.bulkhead.yaml`: the listing answers.
  host.knowListing(dir, entries);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, host, found);
    } else if (e.isFile() || e.isSymbolicLink()) {
      const kind = detectFileKind(p);
      if (kind) found(p, kind, e.isFile());
    }
  }
}

interface Target {
  path: string;
  kind: FileKind;
  /** Named on the command line (not found in a folder). */
  explicit: boolean;
  /** A regular file when the run looked (see `LintJob.regular`). */
  regular: boolean;
}

/** The targets in order; `found` hears of each as soon as it is found (a folder's files before the next folder is listed). */
function collect(paths: string[], kindFlag: FileKind | undefined, host: CachingHost, found: (t: Target) => void): void {
  // Every argument is checked before any folder is listed: a usage error comes before anything else is said.
  const given = paths.map((p) => {
    const abs = resolve(p);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) return { abs, kind: undefined, regular: false };
    const kind = kindFlag ?? detectFileKind(abs);
    if (!kind) throw new UsageError(`${p}: not a Dockerfile or Compose file name (use --kind dockerfile|compose to lint it anyway)`);
    return { abs, kind, regular: st.isFile() };
  });
  const seen = new Set<string>();
  for (const { abs, kind, regular } of given) {
    if (!kind) {
      walk(abs, host, (f, fileKind, isFile) => {
        if (seen.has(f)) return;
        seen.add(f);
        found({ path: f, kind: fileKind, explicit: false, regular: isFile });
      });
    } else if (!seen.has(abs)) {
      seen.add(abs);
      found({ path: abs, kind, explicit: true, regular });
    }
  }
}

function parseSeverity(value: string | undefined, flag: string): Severity | undefined {
  if (value === undefined) return undefined;
  if (value === 'info' || value === 'warning' || value === 'error') return value;
  throw new UsageError(`${flag} must be info, warning or error (got "${value}")`);
}

/** The script a lint worker runs: the loader that started this run (bin/bulkhead.js, with its code cache), else this bundle. */
function workerScript(): string {
  const entry = (globalThis as { __bulkheadEntry?: unknown }).__bulkheadEntry;
  return typeof entry === 'string' && existsSync(entry) ? entry : __filename;
}

function listRules(): string {
  const rows = ALL_RULES.map((r) => [r.meta.id, r.meta.name, r.meta.defaultSeverity, r.meta.fixable === 'none' ? '-' : r.meta.fixable, r.meta.description]);
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['ID', 'NAME', 'SEVERITY', 'FIX'][i]!.length));
  const line = (r: string[]): string => r.map((c, i) => (i < 4 ? c.padEnd(w[i]!) : c)).join('  ');
  return [line(['ID', 'NAME', 'SEVERITY', 'FIX', 'DESCRIPTION']), ...rows.map(line)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        fix: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        kind: { type: 'string' },
        target: { type: 'string' },
        'build-arg': { type: 'string', multiple: true },
        'list-rules': { type: 'boolean' },
        'print-config': { type: 'string' },
        pin: { type: 'boolean' },
        'refresh-pins': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'insecure-registry': { type: 'string', multiple: true },
        'allow-credential-helpers': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const o = args.values;
  if (o.help) {
    stdout().write(USAGE + '\n');
    return 0;
  }
  if (o.version) {
    stdout().write(version() + '\n');
    return 0;
  }
  if (o['list-rules']) {
    stdout().write(listRules() + '\n');
    return 0;
  }
  const format = o.format ?? 'stylish';
  if (!['stylish', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be stylish, json or sarif (got "${format}")`);
  if (o.kind !== undefined && o.kind !== 'dockerfile' && o.kind !== 'compose') throw new UsageError(`--kind must be dockerfile or compose (got "${o.kind}")`);
  const failOnFlag = parseSeverity(o['fail-on'], '--fail-on');
  const buildArgFlags: Record<string, string> = {};
  for (const a of o['build-arg'] ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--build-arg must be NAME=value (got "${a}")`);
    buildArgFlags[a.slice(0, eq)] = a.slice(eq + 1);
  }
  if (o.target !== undefined && o.target.trim() === '') throw new UsageError('--target needs a stage name');
  const cwd = process.cwd();
  // The shell parser (WebAssembly) loads when a RUN script needs it: most
  // RUN lines are simple commands, which the engine reads without it.
  let engineReady: Promise<void> | undefined;
  const ensureEngine = (): Promise<void> => (engineReady ??= initEngine({ wasmDirs: [__dirname] }));
  const host = cachingHost(nodeFileHost());
  const configCache = createConfigCache();

  // A broken config stops the run before anything is reported or written (files found
  // before it may already be linting on worker threads; their outcomes are dropped).
  const explicit = o.config ? resolve(o.config) : undefined;
  if (explicit && !existsSync(explicit)) throw new UsageError(`--config ${o.config}: no such file`);
  const configs = new Map<string, BulkheadConfig>();
  const configProblems: string[] = [];
  const seenConfigs = new Set<string>();
  const noteProblems = (files: ConfigLookup['files']): void => {
    for (const f of files) {
      if (seenConfigs.has(f.path)) continue;
      seenConfigs.add(f.path);
      for (const p of f.loaded.problems) {
        const { line, column } = f.loaded.lines.oneBased(p.span.start);
        configProblems.push(`${relative(cwd, f.path) || f.path}:${line}:${column}: ${p.severity}: ${p.message} (BH901)`);
      }
    }
  };
  // One object per config in force, so that what the engine keeps per config is kept once.
  const flagged = new WeakMap<BulkheadConfig, BulkheadConfig>();
  const withFlags = (c: BulkheadConfig): BulkheadConfig => {
    let f = flagged.get(c);
    if (!f) flagged.set(c, (f = { ...c, target: o.target ?? c.target, buildArgs: { ...c.buildArgs, ...buildArgFlags } }));
    return f;
  };
  if (o['print-config'] !== undefined) {
    const file = resolve(o['print-config']);
    const found = loadConfigFor(file, { root: cwd, explicit, host, rules: ALL_RULES, hadolintUserFiles });
    noteProblems(found.files);
    if (configProblems.length) {
      stderr().write(configProblems.join('\n') + '\n');
      return 2;
    }
    stdout().write(JSON.stringify(printableConfig(file, found, withFlags(found.config)), null, 2) + '\n');
    return 0;
  }
  const pinning = !!(o.pin || o['refresh-pins']);
  if (pinning && o.fix) throw new UsageError('--pin and --fix are separate runs: pin first, then fix');
  if (!pinning && o['dry-run']) throw new UsageError('--dry-run goes with --pin or --refresh-pins');
  // Files are linted as they are found (on worker threads in a large run), while later folders are listed.
  // --fix must see every script before it writes, and the build's code-cache run
  // (bin/bulkhead.js) records the shell parser's start-up too: their files are added once the parser is loaded.
  const deferred = !!o.fix || process.env.BULKHEAD_WRITE_CODE_CACHE === '1';
  const run = pinning ? undefined : new LintRun({ fix: !!o.fix, host, wasmDirs: [__dirname], threadsFor: (n) => threadCount(n, !!o.fix), script: workerScript(), ensureEngine });
  const targets: Target[] = [];
  collect(args.positionals.length ? args.positionals : ['.'], o.kind as FileKind | undefined, host, (t) => {
    const found = loadConfigFor(t.path, { root: cwd, explicit, host, rules: ALL_RULES, hadolintUserFiles, cache: configCache });
    noteProblems(found.files);
    if (found.config.ignored) {
      if (t.explicit) stderr().write(`bulkhead: ${relative(cwd, t.path) || t.path}: ignored by the config's \`ignore\` patterns\n`);
      return;
    }
    const config = withFlags(found.config);
    configs.set(t.path, config);
    targets.push(t);
    // Once a config is broken nothing more is linted: the run stops with the config's problems.
    if (run && !deferred && configProblems.length === 0) {
      run.add({ path: t.path, kind: t.kind, config, regular: t.regular });
      // A long run will need the shell parser soon.
      if (targets.length === 9) void ensureEngine().catch(() => undefined);
    }
  });
  if (explicit && seenConfigs.size === 0) {
    noteProblems(loadConfigFor(join(cwd, 'x'), { root: cwd, explicit, host, rules: ALL_RULES, hadolintUserFiles }).files);
  }
  if (configProblems.length) {
    await run?.abort();
    stderr().write(configProblems.join('\n') + '\n');
    return 2;
  }

  if (pinning) {
    await ensureEngine();
    return runPin(targets, configs, {
      mode: o['refresh-pins'] ? 'refresh' : 'pin',
      dryRun: !!o['dry-run'],
      insecureRegistries: o['insecure-registry'] ?? [],
      allowCredentialHelpers: !!o['allow-credential-helpers'],
      cwd,
      out: (s) => stdout().write(s),
      err: (s) => stderr().write(s),
    });
  }

  let internalErrors = 0;
  let failing = false;
  const jobs = targets.map((t) => ({ path: t.path, kind: t.kind, config: configs.get(t.path)!, regular: t.regular }));
  // bin/bulkhead.js keeps this Node's code cache only after a run this short or shorter.
  (globalThis as { __bulkheadFilesLinted?: number }).__bulkheadFilesLinted = jobs.length;
  if (deferred) {
    await ensureEngine();
    for (const j of jobs) run!.add(j);
  }
  // Each file's part of the report is written once it and the files before it are linted,
  // and nothing of it is kept: the report of a large tree is never held whole.
  const report = reportWriter(o.output);
  const stream: ReportStream =
    format === 'json' ? jsonReport(version(), report.write) : format === 'sarif' ? sarifReport(version(), cwd, report.write) : stylishReport(useColour(o.output), report.write);
  const write = (r: FileReport): void => {
    const failOn = r.failOn ?? failOnFlag ?? 'info';
    if (!failing) failing = r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
    stream.file(r);
  };
  await run!.finishInOrder((i, r) => {
    const t = targets[i]!;
    const config = jobs[i]!.config;
    const display = relative(cwd, t.path) || t.path;
    if (r.points === undefined) {
      const found = unreadable(r.readError ?? { message: 'unreadable' }, config);
      const findings = o.quiet ? found.filter((f) => f.severity === 'error') : found;
      write({ path: t.path, display, kind: t.kind, lines: new LineIndex(''), findings, failOn: failOnFlag ?? config.failOn });
      return;
    }
    for (const f of r.failures) {
      internalErrors++;
      stderr().write(`bulkhead: internal error in rule ${f.ruleId} on ${display}: ${f.message}\n`);
    }
    const findings = o.quiet ? r.findings.filter((f) => f.severity === 'error') : r.findings;
    write({ path: t.path, display, kind: t.kind, lines: new ReportPositions(r.points), findings, fixed: r.fixed, failOn: failOnFlag ?? config.failOn });
  });
  stream.end();
  report.end();

  if (internalErrors) return 2;
  return failing ? 1 : 0;
}

/** The config in force for a file, every rule resolved, for `--print-config`. */
function printableConfig(file: string, found: ConfigLookup, config: BulkheadConfig): Record<string, unknown> {
  const rules: Record<string, { severity: string; options?: Record<string, unknown> }> = {};
  for (const r of ALL_RULES) {
    const s = ruleSetting(r, config);
    rules[r.meta.id] = Object.keys(s.options).length ? { severity: s.severity, options: s.options } : { severity: s.severity };
  }
  return {
    file,
    configFiles: found.files.map((f) => f.path),
    ignored: found.config.ignored,
    presets: config.presets,
    failOn: config.failOn,
    target: config.target ?? null,
    buildArgs: config.buildArgs,
    composeFiles: config.composeFiles ?? [],
    trustedRegistries: config.trustedRegistries ?? [],
    suppressions: config.suppressions,
    hadolint: config.hadolint,
    hadolintIgnored: config.hadolintIgnored,
    rules,
  };
}

/**
 * The finding for a file the CLI could not read: BH900 at the severity the
 * file's config gives it (none when it is off), as the engine reports a file
 * it cannot analyse, and with the same fields as every other finding.
 */
function unreadable(e: { code?: string; message: string }, config: BulkheadConfig): Finding[] {
  const rule = ruleByRef('BH900')!;
  const severity = ruleSetting(rule, config).severity;
  if (severity === 'off') return [];
  const why = e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'ENOENT' ? 'it does not exist (a dangling link?)' : e.message;
  return [
    {
      ruleId: rule.meta.id,
      ruleName: rule.meta.name,
      severity,
      message: `Cannot read the file: ${why}.`,
      span: { start: 0, end: 0 },
      fixes: [],
      unsuppressible: true,
      hadolint: undefined,
      related: undefined,
    },
  ];
}

/**
 * Where the report goes (the file of `--output`, or stdout). The formats hand
 * it over a file's part at a time (see format.ts); each part is encoded
 * straight into one buffer that is reused, written out whenever it fills.
 * Joining the parts into a string of 64 K characters and encoding that string
 * made two new copies of every part: on these machines memory written for the
 * first time is the slow part, and the whole corpus's JSON report (11 MB) took
 * about 190 ms to write that way and 65 ms this way (docs/performance.md).
 */
function reportWriter(file: string | undefined): { write: Write; end(): void } {
  let fd: number;
  try {
    fd = file === undefined ? 1 : openSync(file, 'w');
  } catch (e) {
    throw new OutputError(`cannot write the report to ${file}: ${(e as Error).message}`);
  }
  const buffer = Buffer.allocUnsafeSlow(REPORT_BUFFER);
  let used = 0;
  // stdout set to non-blocking writes (a pipe once process.stdout exists): the rest goes through process.stdout.
  let stream = false;
  // The reader of stdout went away (`bulkhead … | head`): the rest is dropped, as other command-line tools do.
  let closed = false;
  const out = (bytes: Buffer): void => {
    if (closed) return;
    // A copy: process.stdout may write it after this buffer is reused.
    if (stream) return void stdout().write(Buffer.from(bytes));
    for (let at = 0; at < bytes.length; ) {
      try {
        at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (file === undefined && code === 'EAGAIN') {
          stream = true;
          return void stdout().write(Buffer.from(bytes.subarray(at)));
        }
        if (file === undefined && code === 'EPIPE') {
          closed = true;
          return;
        }
        throw new OutputError(`cannot write the report to ${file ?? 'stdout'}: ${(e as Error).message}`);
      }
    }
  };
  const flush = (): void => {
    if (used === 0) return;
    out(buffer.subarray(0, used));
    used = 0;
  };
  return {
    write: (text) => {
      // A UTF-16 code unit is at most three bytes of UTF-8.
      if (text.length * 3 > buffer.length - used) {
        flush();
        if (text.length * 3 > buffer.length) return out(Buffer.from(text));
      }
      used += buffer.write(text, used);
    },
    end: () => {
      flush();
      if (file !== undefined) closeSync(fd);
    },
  };
}

/** The size of the report writer's buffer. */
const REPORT_BUFFER = 0x20000;

function useColour(output: string | undefined): boolean {
  if (output || process.env.NO_COLOR || process.env.TERM === 'dumb') return false;
  // A terminal is a character device: anything else (a pipe, a file) is answered without making process.stdout.
  try {
    if (!fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return !!stdout().isTTY;
}

/**
 * Whether process.stdout or process.stderr was made. Node makes each on
 * first use, and making them costs 1 to 4 ms of a small run (loading its
 * stream modules, and `net` for a pipe): the report goes out through
 * `reportWriter`, and a run with nothing else to say never makes them.
 * Node's own warnings write to stderr, so a warning counts as making it.
 */
let streamsMade = false;
process.on('warning', () => (streamsMade = true));

function stdout(): NodeJS.WriteStream {
  streamsMade = true;
  return process.stdout;
}

function stderr(): NodeJS.WriteStream {
  streamsMade = true;
  return process.stderr;
}

/**
 * Exits once stdout and stderr are flushed (at once when neither was made).
 * Exiting explicitly matters: V8 keeps optimising the shell parser's
 * WebAssembly in the background after the work is done, which would
 * otherwise hold the process open for a second or more.
 */
function exit(code: number): void {
  if (!streamsMade) return process.exit(code);
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  stdout().write('', done);
  stderr().write('', done);
}

if (!runAsLintWorker()) main(process.argv.slice(2)).then(exit, (e) => {
  if (e instanceof UsageError) {
    stderr().write(`bulkhead: ${e.message}\n\n${USAGE}\n`);
  } else if (e instanceof OutputError) {
    stderr().write(`bulkhead: ${e.message}\n`);
  } else {
    stderr().write(`bulkhead: internal error: ${(e as Error)?.stack ?? e}\n`);
  }
  exit(2);
});
