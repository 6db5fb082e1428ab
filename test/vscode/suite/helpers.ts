/**
 * Helpers for the extension tests: they wait on VS Code events, never on
 * fixed sleeps. The time limits below only stop a hung run; they assert
 * nothing about speed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const HANG_GUARD_MS = 30_000;

export function folder(name: string): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  assert.ok(f, `workspace folder ${name} is open (have: ${vscode.workspace.workspaceFolders?.map((w) => w.name).join(', ')})`);
  return f;
}

export function fileIn(folderName: string, ...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(folder(folderName).uri, ...segments);
}

export function bulkheadDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'bulkhead');
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return String(c);
}

function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return '(none)';
  return ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character} ${d.message}`).join('\n  ');
}

/**
 * Resolves with the document's Bulkhead diagnostics once `ready` holds for
 * them, checking now and at every `onDidChangeDiagnostics` for that URI.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  ready: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    let timer: NodeJS.Timeout | undefined;
    const check = (): boolean => {
      const ds = bulkheadDiagnostics(uri);
      if (!ready(ds)) return false;
      sub?.dispose();
      if (timer) clearTimeout(timer);
      resolve(ds);
      return true;
    };
    if (check()) return;
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`gave up waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; diagnostics now:\n  ${describeDiagnostics(bulkheadDiagnostics(uri))}`));
    }, HANG_GUARD_MS);
  });
}

export const hasCode = (code: string) => (ds: vscode.Diagnostic[]): boolean => ds.some((d) => codeOf(d) === code);
export const lacksCode = (code: string) => (ds: vscode.Diagnostic[]): boolean => !ds.some((d) => codeOf(d) === code);

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof (a as vscode.Command).command === 'string'));
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" carries an edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `VS Code applied "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Replaces the whole text of an open document (unsaved), as typing would. */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
}

/** Normalises line breaks so expectations read the same on every platform. */
export function lf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
