/**
 * A minimal LSP client for the protocol tests: starts the BUILT server
 * (dist/server.js) as a child process over stdio, initializes it with
 * capabilities like VS Code's, answers `workspace/configuration` from a
 * settings map, and records what the server sends. Everything waits on
 * messages, never on fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type CodeAction,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

export const serverPath = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface StartOptions {
  pull?: boolean;
  initializationOptions?: Record<string, unknown>;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Node options for the server process (`--expose-gc`). */
  nodeArgs?: string[];
  folders?: string[];
  settings?: (scopeUri: string | undefined) => Record<string, unknown>;
}

export class TestClient {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly published = new Map<string, PublishDiagnosticsParams>();
  refreshes = 0;
  registrations: string[] = [];
  /** `workspace/applyEdit` requests from the server, in order; each is applied to the client's copy when it targets an open document. */
  applied: { label?: string; edit: WorkspaceEdit }[] = [];
  /** Every `window/logMessage` the server sent. */
  logs: string[] = [];
  /** `window/showMessage` notifications and `window/showMessageRequest`s. */
  messages: { type: number; message: string }[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  stderr = '';

  private constructor(private readonly options: StartOptions) {
    this.proc = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...(options.env ?? {}) } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      this.wake();
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((i) => (this.options.settings ? this.options.settings(i.scopeUri) : {})),
    );
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.wake();
      return null;
    });
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      this.wake();
      return null;
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.wake();
    });
    this.conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.wake();
      return null;
    });
    this.conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: WorkspaceEdit }) => {
      this.applied.push(p);
      for (const c of p.edit.documentChanges ?? []) {
        if ('textDocument' in c && this.texts.has(c.textDocument.uri) && c.textDocument.version === this.version(c.textDocument.uri)) {
          this.change(c.textDocument.uri, applyLspEdits(this.texts.get(c.textDocument.uri)!, c.edits as TextEdit[]));
        }
      }
      this.wake();
      return { applied: true };
    });
    this.conn.listen();
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const c = new TestClient(options);
    const folders = (options.folders ?? []).map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) }));
    await c.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
        textDocument: {
          ...(options.pull === false ? {} : { diagnostic: { dynamicRegistration: false } }),
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
      },
    });
    await c.conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `check` returns a value (re-checked after every server message). */
  async until<T>(check: () => T | undefined, what: string, limitMs = 20_000): Promise<T> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\nserver stderr:\n${this.stderr}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, 250); // a hang guard between messages, not a pacing sleep
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  open(file: string, text: string, languageId = 'plaintext'): string {
    const uri = pathToFileURL(file).toString();
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async pull(uri: string, previousResultId?: string): Promise<{ kind: string; resultId?: string; items?: Diagnostic[] }> {
    return this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  /** Applies a WorkspaceEdit's edits for `uri` to the client's copy, checks the version, sends didChange. */
  apply(uri: string, edit: WorkspaceEdit): string {
    const changes = (edit.documentChanges ?? []).filter((c): c is { textDocument: { uri: string; version: number | null }; edits: TextEdit[] } => 'textDocument' in c && c.textDocument.uri === uri);
    if (changes.length !== 1) throw new Error(`expected one edit for ${uri}, got ${JSON.stringify(edit)}`);
    if (changes[0]!.textDocument.version !== this.version(uri)) throw new Error('the edit targets another document version');
    const text = applyLspEdits(this.texts.get(uri)!, changes[0]!.edits);
    this.change(uri, text);
    return text;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

/** Applies LSP edits (line/character in UTF-16 units) to text. */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  const off = (p: { line: number; character: number }): number => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
