/**
 * The Dockerfiles and Compose files of the workspace folders, for the
 * commands that work on all of them (lint, pin). Open documents are read from
 * the editor's buffer, with their version; others from disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocuments, WorkspaceFolder } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileKind } from '../engine';


export interface WorkspaceFile {
  uri: string;
  text: string;
  kind: FileKind;
  /** The open document's version, or null for a file on disk. */
  version: number | null;
}

export interface WorkspaceHost {
  documents: TextDocuments<TextDocument>;
  folders(): WorkspaceFolder[];
  kindOf(uri: string): Promise<FileKind | undefined>;
  uriToPath(uri: string): string | undefined;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Files taken from the workspace, at most. */
export const MAX_WORKSPACE_FILES = 5000;
/** Larger files are skipped by the workspace commands (the engine's own limit is higher). */
const MAX_FILE_BYTES = 1024 * 1024;

export async function workspaceFiles(host: WorkspaceHost): Promise<WorkspaceFile[]> {
  const out: WorkspaceFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= MAX_WORKSPACE_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await visit(p);
        continue;
      }
      if (!e.isFile()) continue;
      const uri = pathToFileURL(p).toString();
      const kind = await host.kindOf(uri);
      if (!kind) continue;
      const open = host.documents.get(uri);
      let text: string;
      try {
        if (!open && fs.statSync(p).size > MAX_FILE_BYTES) continue;
        text = open ? open.getText() : fs.readFileSync(p, 'utf8');
      } catch {
        continue;
      }
      out.push({ uri, text, kind, version: open ? open.version : null });
    }
  };
  for (const f of host.folders()) {
    const root = host.uriToPath(f.uri);
    if (root) await visit(root);
  }
  return out;
}
