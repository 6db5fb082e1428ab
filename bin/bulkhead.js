#!/usr/bin/env node
// The `bulkhead` command: loads the bundled CLI (dist/cli.js, built by
// `npm run build`) through V8's code cache.
//
// Compiling the 1 MB bundle and the functions a run calls costs more than a
// small file's lint. V8 can hand back the compiled code of an earlier run:
// `npm run build` writes dist/cli.js.cache, and when this Node's V8 rejects
// it (another Node version), a cache for this Node is kept in the system's
// temporary folder instead. A missing or stale cache only costs time: each
// cache names the bundle build and the Node it was made for, and V8 checks
// its own version and flags before it uses one.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { setFlagsFromString } = require('node:v8');

// Set before compiling: V8 ties a code cache to the flags it was made with,
// and the bundle sets this flag too (see server/cli/main.ts).
setFlagsFromString('--liftoff-only');
// A run is one pass over its files: V8 optimising functions after a longer
// warm-up spends less CPU compiling code that is about to stop running. The
// corpus lints in about three quarters of the time of V8's default budget at
// 600,000, and 3 to 6% sooner again at this value (docs/performance.md).
setFlagsFromString('--interrupt-budget=1200000');
// The lint's objects live for one file. V8 moves the objects of an allocation
// site that survived young collections into the old generation from then on,
// and the shell parse cache (whose parses do live long) made its sites and,
// through pointers from those dead old objects, others look long-lived: a
// third of the lint's allocation was promoted and waited for a full
// collection. The bundle sets this flag too (docs/performance.md).
setFlagsFromString('--no-allocation-site-pretenuring');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
/**
 * The most files a run may lint for its compiled code to be kept as this
 * Node's cache. A run that lints nothing (`--version`, a config error) would
 * keep a cache without the lint's functions, and V8 runs code from a cache
 * recorded after a long run more slowly on the next small run (3 to 5 ms of a
 * small file's lint, docs/performance.md); a later short run writes it then.
 */
const SHORT_RUN = 16;
const shipped = `${bundle}.cache`;
globalThis.__bulkheadEntry = __filename;

function run() {
  let source;
  try {
    source = readSource(bundle);
  } catch {
    // No bundle (or an unusual install): let Node report what is missing.
    require(bundle);
    return;
  }
  // `npm run build` ends the bundle with an id of its content; without one
  // there is nothing to tie a cache to, and none is used.
  const id = /\/\/# bulkheadBuildId=([0-9a-f]{16,64})\s*$/.exec(source.slice(-200))?.[1];
  const header = id ? Buffer.from(`bulkhead ${id} ${process.version} ${process.arch}\n`) : undefined;
  const writeTo = process.env.BULKHEAD_WRITE_CODE_CACHE === '1' ? shipped : undefined;
  // The shipped cache first; the temporary folder's only when V8 refuses it (another Node).
  const candidates = header && !writeTo ? [() => shipped, () => tmpCache(id)] : [];
  // The build writes the bundle as a function expression (`wrapCli` in
  // scripts/build.mjs), so its text is compiled as it is: Node's module
  // wrapper around it made a concatenation V8 copied before compiling.
  let script;
  let used = false;
  for (const where of candidates) {
    const data = readOrUndefined(where());
    // The header names the bundle and the Node it was made for: V8's own
    // check compares the source's length, not its text.
    if (!data || data.length <= header.length || !data.subarray(0, header.length).equals(header)) continue;
    script = new vm.Script(source, { filename: bundle, cachedData: data.subarray(header.length) });
    if (!script.cachedDataRejected) {
      used = true;
      break;
    }
  }
  if (!used) script = new vm.Script(source, { filename: bundle });
  const target = !header ? undefined : writeTo ?? (used ? undefined : tmpCache(id));
  if (target && isMainThread()) {
    // After the run, so the cache holds the functions the run compiled too;
    // for this Node's own cache, only after a short run (see SHORT_RUN).
    process.once('exit', () => {
      const linted = globalThis.__bulkheadFilesLinted;
      if (writeTo || (typeof linted === 'number' && linted >= 1 && linted <= SHORT_RUN)) writeCache(target, header, script);
    });
  }
  // The script's value is the function the bundle is written as (see
  // `wrapCli` in scripts/build.mjs): it gets the module's usual arguments.
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/**
 * The bundle's text. The build writes it in ASCII (see scripts/build.mjs),
 * and ASCII bytes read as Latin-1 give the same string as UTF-8 in less than
 * half the time (about 3 of a small run's milliseconds on these machines);
 * any other bytes are read as UTF-8.
 */
function readSource(file) {
  const bytes = fs.readFileSync(file);
  const { isAscii } = require('node:buffer');
  return typeof isAscii === 'function' && isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8');
}

function isMainThread() {
  return !process.argv.includes('--bulkhead-lint-worker');
}

/** This Node's cache of this bundle in the temporary folder. */
function tmpCache(id) {
  const os = require('node:os');
  return path.join(os.tmpdir(), 'bulkhead-code-cache', `cli-${id}-${process.version}-${process.platform}-${process.arch}.cache`);
}

function readOrUndefined(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file, header, script) {
  try {
    const data = Buffer.concat([header, script.createCachedData()]);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so that a parallel run never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only or full disk only means the next run compiles again.
  }
}

run();
