#!/usr/bin/env node
/**
 * A stand-in for the desktop `code` executable that runs extension tests in a
 * real VS Code served by code-server and driven by Debian's Chromium.
 *
 * `@vscode/test-electron`'s `runTests({ vscodeExecutablePath })` spawns this
 * with the desktop CLI arguments (`--extensionDevelopmentPath=…`,
 * `--extensionTestsPath=…`, a folder or `.code-workspace`, and flags that do
 * not apply to a browser); the suite itself does not know which host it is
 * in. The exit code is the test run's, from the workbench's
 * `codeAutomationExit(code)`.
 */
import { resolve } from 'node:path';
import { format } from 'node:util';
import { checkInstalled, isNoise, isWorkbenchChatter, launchBrowser, makeRunDir, removeRunDir, startCodeServer } from './host-lib.mjs';

const TIMEOUT_MS = Number(process.env.BULKHEAD_VSCODE_TIMEOUT_MS ?? 10 * 60 * 1000);

const opts = { extensionDevelopmentPath: [], extensionTestsPath: undefined, target: undefined };
for (const a of process.argv.slice(2)) {
  const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
  if (!m) {
    opts.target = resolve(a);
    continue;
  }
  const [, name, value] = m;
  if (name === 'extensionDevelopmentPath') opts.extensionDevelopmentPath.push(resolve(value));
  else if (name === 'extensionTestsPath') opts.extensionTestsPath = resolve(value);
  // Desktop-only flags (--no-sandbox, --disable-updates, --user-data-dir, …) do not apply: the run gets its own folders.
}

let run;
let server;
let context;
let finished = false;

async function finish(code, message) {
  if (finished) return;
  finished = true;
  if (message) console.error(`code-host: ${message}`);
  if (context) await context.close().catch(() => {});
  if (server) await server.stop();
  if (run) removeRunDir(run);
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(130, `stopped by ${sig}`));

try {
  if (!opts.extensionTestsPath) throw new Error('missing --extensionTestsPath');
  checkInstalled();
  run = makeRunDir(process.env.BULKHEAD_VSCODE_SETTINGS ? JSON.parse(process.env.BULKHEAD_VSCODE_SETTINGS) : {});
  server = await startCodeServer(run);
  context = await launchBrowser(run);
  const page = context.pages()[0] ?? (await context.newPage());
  const exitCode = new Promise((res, rej) => {
    page.exposeFunction('codeAutomationExit', (code) => res(Number(code) || 0)).catch(rej);
  });
  page.on('console', async (msg) => {
    // Extension-host output (the mocha report) arrives as workbench log lines whose
    // arguments are ['%c INFO', 'color: …', format, ...values]; format them as Node would.
    let values;
    try {
      values = await Promise.all(msg.args().map((a) => a.jsonValue()));
    } catch {
      values = [msg.text()];
    }
    let level;
    if (typeof values[0] === 'string' && /^%c\s*(INFO|WARN|\s?ERR|DEBUG|TRACE)\s*$/.test(values[0])) {
      level = values[0].replace('%c', '').trim();
      values = values.slice(2);
    }
    const text = format(...values);
    if (process.env.BULKHEAD_VSCODE_VERBOSE) return console.log(text);
    if (level === 'INFO' && !isNoise(text) && !isWorkbenchChatter(text)) console.log(text);
  });
  page.on('pageerror', (e) => console.error(`code-host: page error: ${e.message}`));

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const extEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('BULKHEAD_') || k === 'MOCHA_GREP') extEnv[k] = v;
  const payload = [
    ...opts.extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ['extensionEnvironment', JSON.stringify(extEnv)],
  ];
  const q = new URLSearchParams();
  if (opts.target?.endsWith('.code-workspace')) q.set('workspace', opts.target);
  else if (opts.target) q.set('folder', opts.target);
  else q.set('ew', 'true');
  q.set('payload', JSON.stringify(payload));
  await page.goto(server.url(`/?${q.toString()}`));

  const timer = new Promise((res) => setTimeout(() => res('timeout'), TIMEOUT_MS).unref());
  const code = await Promise.race([exitCode, timer]);
  if (code === 'timeout') await finish(1, `the extension tests did not finish within ${TIMEOUT_MS / 1000} s\n--- code-server output ---\n${server.log()}`);
  else await finish(code, code === 0 ? undefined : `extension tests failed (exit code ${code})`);
} catch (e) {
  await finish(1, `cannot run the tests in code-server: ${e?.stack ?? e}`);
}
