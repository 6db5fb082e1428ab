/**
 * The Bulkhead VS Code client: starts the language server (dist/server.js)
 * over IPC and adds the editor pieces around it: a status bar item, an
 * output channel, and the restart / show output / show documentation
 * commands. No analysis happens here.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { DiagnosticPullMode, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;
let serverState: 'starting' | 'running' | 'stopped' | 'failed' = 'starting';

const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,dockerfile,containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/.bulkhead.{yaml,yml}' },
  { scheme: 'untitled', language: 'dockerfile' },
  { scheme: 'untitled', language: 'dockercompose' },
];

/** What the extension exposes to other extensions and its tests. */
export interface BulkheadApi {
  /** How long activation took, server start included (ms). */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<BulkheadApi> {
  const started = Date.now();
  output = vscode.window.createOutputChannel('Bulkhead', { log: true });
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Bulkhead';
  status.command = 'bulkhead.showOutput';
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('bulkhead.restartServer', async () => {
      output.appendLine('Restarting the Bulkhead language server.');
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('bulkhead.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('bulkhead.showDocumentation', (ruleId?: string, url?: string) => showDocumentation(context, ruleId, url)),
    vscode.commands.registerCommand('bulkhead.createConfig', () => createConfig()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) updateStatus();
    }),
  );
  await startClient(context);
  const activationMs = Date.now() - started;
  output.info(`Activated in ${activationMs} ms (language server started).`);
  return { activationMs };
}

/** A starter `.bulkhead.yaml`: the keys a team usually sets first, the rest commented with their meaning. */
const STARTER_CONFIG = `# Bulkhead configuration. Every key: https://github.com/bulkhead-dev/bulkhead#configuration
# The nearest .bulkhead.yaml applies to the files in its folder and below.

# recommended: every rule at its default severity; strict: info rules become warnings;
# cis: only the rules that check a CIS Docker Benchmark recommendation.
presets: [recommended]

rules:
  # By rule id or name: off, info, warning, error (or {severity, options}).
  # BH103: error
  # root-user:
  #   severity: error

# overrides:
#   - files: ["tools/**", "*.dev.Dockerfile"]
#     rules:
#       BH101: off

# ignore: [vendor/]
# trustedRegistries: [docker.io, ghcr.io/my-org/*]
# buildArgs:
#   BASE_TAG: "3.12-slim"
# target: runtime

suppressions:
  requireReason: true   # \`# bulkhead-ignore BH101 -- why\` must say why

# The CLI exits 1 on findings at or above this severity.
failOn: warning
`;

/** Writes a starter `.bulkhead.yaml` in a workspace folder (or opens the one that is there). */
async function createConfig(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new .bulkhead.yaml' }) : folders[0];
  if (!folder) {
    if (folders.length === 0) void vscode.window.showWarningMessage('Bulkhead: open a folder first; the config lives in the repository.');
    return;
  }
  let existing: vscode.Uri | undefined;
  for (const name of ['.bulkhead.yaml', '.bulkhead.yml']) {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    try {
      await vscode.workspace.fs.stat(uri);
      existing = uri;
      break;
    } catch {
      /* not there */
    }
  }
  if (existing) {
    await vscode.window.showTextDocument(existing);
    void vscode.window.showInformationMessage(`Bulkhead: ${vscode.workspace.asRelativePath(existing)} already exists.`);
    return;
  }
  const uri = vscode.Uri.joinPath(folder.uri, '.bulkhead.yaml');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  await vscode.window.showTextDocument(uri);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    synchronize: { configurationSection: 'bulkhead' },
    // Hovers link to a rule's bundled documentation through this command, and only this one.
    markdown: { isTrusted: { enabledCommands: ['bulkhead.showDocumentation'] } },
    // The server contacts registries (digest pinning) only in a trusted workspace.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      onTabs: false,
      // `bulkhead.run: onSave` skips the pulls made while typing; read per resource, so a change applies at once.
      filter: (document, mode) => mode === DiagnosticPullMode.onType && vscode.workspace.getConfiguration('bulkhead', document.uri).get<string>('run') === 'onSave',
    },
  };
  client = new LanguageClient('bulkhead', 'Bulkhead', serverOptions, clientOptions);
  const started = client;
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void started.sendNotification('bulkhead/workspaceTrusted', { trusted: true }).catch(() => undefined)));
  client.onDidChangeState((e) => {
    serverState = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
    updateStatus();
  });
  serverState = 'starting';
  updateStatus();
  try {
    await client.start();
  } catch (e) {
    serverState = 'failed';
    updateStatus();
    output.appendLine(`The Bulkhead language server failed to start: ${(e as Error)?.message ?? e}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (e) {
      output.appendLine(`Stopping the server: ${(e as Error)?.message ?? e}`);
    }
    await c.dispose().catch(() => undefined);
  }
  serverState = 'stopped';
  updateStatus();
}

function updateStatus(): void {
  if (!status) return;
  const editor = vscode.window.activeTextEditor;
  const findings = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'bulkhead') : [];
  const errors = findings.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
  if (serverState === 'failed' || serverState === 'stopped') {
    status.text = '$(shield) Bulkhead $(error)';
    status.tooltip = `Bulkhead: the language server is ${serverState === 'failed' ? 'not running (failed to start)' : 'stopped'}. Click for the output.`;
    status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  } else if (serverState === 'starting') {
    status.text = '$(sync~spin) Bulkhead';
    status.tooltip = 'Bulkhead: starting the language server';
    status.backgroundColor = undefined;
  } else {
    status.text = findings.length ? `$(shield) ${findings.length}` : '$(shield) Bulkhead';
    status.tooltip = findings.length ? `Bulkhead: ${findings.length} finding(s) in this file, ${errors} error(s). Click for the output.` : 'Bulkhead: no findings in this file. Click for the output.';
    status.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
  status.show();
}

/** Opens the bundled rule page in the Markdown preview, or the online page when it is not bundled. */
async function showDocumentation(context: vscode.ExtensionContext, ruleId?: string, url?: string): Promise<void> {
  if (!ruleId && !url) {
    ruleId = await vscode.window.showInputBox({ prompt: 'Rule id (for example BH101)', validateInput: (v) => (/^BH\d{3}$/i.test(v.trim()) ? undefined : 'A rule id looks like BH101') });
    if (!ruleId) return;
  }
  const id = ruleId?.trim().toUpperCase();
  const docsDir = context.asAbsolutePath('docs/rules');
  const page = id && fs.existsSync(docsDir) ? fs.readdirSync(docsDir).find((f) => f.startsWith(`${id}-`) && f.endsWith('.md')) : undefined;
  if (page) {
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(`${docsDir}/${page}`));
    return;
  }
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  else void vscode.window.showWarningMessage(`Bulkhead has no documentation page for ${ruleId}.`);
}
