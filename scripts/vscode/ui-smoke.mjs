#!/usr/bin/env node
/**
 * UI smoke test of the INSTALLED extension: installs the packaged `.vsix`
 * (not the development folder) into a fresh code-server, opens a Dockerfile
 * that runs as root in Chromium and checks what a person sees:
 *   1. a warning squiggle in the editor,
 *   2. the finding listed in the Problems panel,
 *   3. `Ctrl+.` offering "Add a non-root USER",
 *   4. choosing it adds a USER line and the squiggle goes away.
 * Screenshots of each step go to docs/images/ (the README shows them).
 *
 *   node scripts/vscode/ui-smoke.mjs [path/to/bulkhead.vsix]
 * Waits on what the page shows (Playwright's auto-waiting locators); the
 * time limits only stop a hung run.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkInstalled, installVsix, launchBrowser, makeRunDir, removeRunDir, root, startCodeServer } from './host-lib.mjs';

const vsix = resolve(process.argv[2] ?? join(root, 'bulkhead.vsix'));
const shots = join(root, 'docs', 'images');
const STEP_MS = 60_000;

let run;
let server;
let context;
let workspace;

async function step(name, fn) {
  process.stdout.write(`ui-smoke: ${name} … `);
  await fn();
  console.log('ok');
}

let code = 0;
try {
  if (!existsSync(vsix)) throw new Error(`no extension package at ${vsix}; run \`npm run package\` first`);
  checkInstalled();
  run = makeRunDir({ 'editor.fontSize': 15, 'workbench.colorTheme': 'Default Light Modern', 'editor.minimap.enabled': false, 'window.commandCenter': false });
  installVsix(run, vsix);
  workspace = mkdtempSync(join(tmpdir(), 'bulkhead-ui-'));
  cpSync(join(root, 'test', 'vscode', 'ui-fixture'), workspace, { recursive: true });
  const original = readFileSync(join(workspace, 'Dockerfile'), 'utf8');
  server = await startCodeServer(run);
  context = await launchBrowser(run, { width: 1280, height: 720 });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  mkdirSync(shots, { recursive: true });

  await step('workbench opens the folder', async () => {
    await page.goto(server.url(`/?folder=${encodeURIComponent(workspace)}`));
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor();
  });

  await step('opening the Dockerfile shows a warning squiggle', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).first().click();
    await page.locator('.monaco-editor .view-line', { hasText: 'FROM' }).first().waitFor();
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    await page.screenshot({ path: join(shots, 'squiggle.png') });
  });

  await step('the Problems panel lists the finding', async () => {
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'BH101' }).first();
    await row.waitFor();
    const text = await row.innerText();
    if (!/root/i.test(text)) throw new Error(`the Problems row does not explain the finding: ${text}`);
    await page.screenshot({ path: join(shots, 'problems.png') });
  });

  await step('Ctrl+. offers "Add a non-root USER"', async () => {
    const fromLine = page.locator('.monaco-editor .view-line', { hasText: 'FROM' }).first();
    const widget = page.locator('.action-widget', { hasText: 'Add a non-root USER' });
    // On a busy machine the workbench can drop a key pressed while it is still
    // moving focus from the Problems panel (a CI run once waited a minute for a
    // menu that was never asked for). Each try puts the cursor on the flagged
    // base image in a focused editor and presses Ctrl+. once; the step fails
    // if no try shows the fix.
    const TRIES = 4;
    for (let attempt = 1; ; attempt++) {
      await fromLine.click();
      await page.locator('.monaco-editor.focused').first().waitFor();
      await page.keyboard.press('End');
      await page.keyboard.press('Control+.');
      try {
        await widget.waitFor({ timeout: STEP_MS / TRIES });
        break;
      } catch (e) {
        if (attempt === TRIES) throw e;
        const shown = await page.locator('.action-widget, .monaco-editor-overlaymessage').allInnerTexts().catch(() => []);
        console.error(`\nui-smoke: Ctrl+. showed no "Add a non-root USER" (try ${attempt} of ${TRIES}; on screen: ${JSON.stringify(shown.join(' | ').slice(0, 200))}); trying again`);
        await page.keyboard.press('Escape');
      }
    }
    await page.screenshot({ path: join(shots, 'quick-fix.png') });
  });

  await step('choosing it adds a USER and clears the squiggle', async () => {
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Add a non-root USER' }).first().click();
    // Monaco renders spaces as no-break spaces.
    await page.locator('.monaco-editor .view-line', { hasText: /^USER[\s\u00a0]10001:10001/ }).first().waitFor();
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'detached' });
    await page.screenshot({ path: join(shots, 'fixed.png') });
    const onDisk = readFileSync(join(workspace, 'Dockerfile'), 'utf8');
    if (onDisk !== original) throw new Error('the fix must edit the buffer, not write the file behind the editor');
  });
  console.log(`ui-smoke: passed; screenshots in ${join('docs', 'images')}`);
} catch (e) {
  code = 1;
  console.log('FAILED');
  console.error(`ui-smoke: ${e?.stack ?? e}`);
  if (context?.pages()[0]) await context.pages()[0].screenshot({ path: join(tmpdir(), 'bulkhead-ui-failure.png') }).then(() => console.error(`ui-smoke: screenshot of the failure: ${join(tmpdir(), 'bulkhead-ui-failure.png')}`), () => {});
  if (server && process.env.BULKHEAD_VSCODE_VERBOSE) console.error(server.log());
} finally {
  if (context) await context.close().catch(() => {});
  if (server) await server.stop();
  if (run) removeRunDir(run);
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
