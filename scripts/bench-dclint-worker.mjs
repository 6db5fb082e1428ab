// dclint for `npm run bench` (scripts/bench.ts), in a thread of its own: an
// isolate of its own (heap, compiled code, inline caches), as in a process of
// its own, which is how users run it. Run on the bench's own thread, a dclint
// round left Bulkhead's next passes over the same files up to twice as slow
// for several passes (docs/performance.md).
//
// Messages: the bench sends a list of files; the worker lints them one by one
// and answers with the time taken and the files dclint threw on.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { DCLinter } from 'dclint';

const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
parentPort.on('message', (files) => {
  const failed = [];
  const t0 = performance.now();
  for (const file of files) {
    try {
      linter.lintFiles([file], false);
    } catch {
      failed.push(file);
    }
  }
  parentPort.postMessage({ ms: performance.now() - t0, failed });
});
parentPort.postMessage('ready');
