/**
 * Digest pinning in the editor: the "Pin to digest" / "Refresh pinned digest"
 * quick fixes on image references, the commands that pin or refresh every
 * image of the workspace (with cancellable progress), and hovers that show
 * what the cache knows about an image. Only the commands contact registries;
 * hovers and code actions read the cache. Nothing contacts a registry in an
 * untrusted workspace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeAction,
  CodeActionKind,
  MarkupKind,
  type Connection,
  type Hover,
  type Range,
  type TextDocuments,
  type TextDocumentEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { workspaceFiles } from './workspace';
import {

  defaultCacheFile,
  dockerConfigCredentials,
  fileCacheStore,
  imageSites,
  LineIndex,
  nodeHttpTransport,
  parseDotEnv,
  PersistentDigestCache,
  pinSites,
  RegistryClient,
  type FileKind,
  type ImageSite,
  type TextEdit,
} from '../engine';

export { PIN_COMMANDS } from './commands';

export interface RegistrySettings {
  insecureRegistries: string[];
  allowCredentialHelpers: boolean;
}

export interface PinningHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** How the server reads a document (its settings decide the file patterns). */
  kindOf(uri: string, text?: string): Promise<FileKind | undefined>;
  buildArgs(uri: string): Promise<Record<string, string>>;
  registrySettings(uri?: string): Promise<RegistrySettings>;
  folders(): WorkspaceFolder[];
  trusted(): boolean;
  uriToPath(uri: string): string | undefined;
  log(message: string): void;
}

interface PinArgs {
  uri: string;
  version: number;
  start: number;
  end: number;
  mode: 'pin' | 'refresh';
}


export class Pinning {
  private readonly cache = new PersistentDigestCache(fileCacheStore(defaultCacheFile()));

  constructor(private readonly host: PinningHost) {}

  private async client(uri?: string): Promise<RegistryClient> {
    const s = await this.host.registrySettings(uri);
    return new RegistryClient({
      transport: nodeHttpTransport(),
      credentials: dockerConfigCredentials({ allowHelpers: s.allowCredentialHelpers && this.host.trusted() }),
      cache: this.cache,
      insecureRegistries: s.insecureRegistries,
    });
  }

  private async sitesOf(uri: string, text: string, kind: FileKind): Promise<ImageSite[]> {
    let env: Record<string, string> = {};
    const p = this.host.uriToPath(uri);
    if (kind === 'compose' && p) {
      try {
        env = parseDotEnv(fs.readFileSync(path.join(path.dirname(p), '.env'), 'utf8'));
      } catch {
        /* no .env */
      }
    }
    return imageSites({ text, kind, env, buildArgs: kind === 'dockerfile' ? await this.host.buildArgs(uri) : undefined });
  }

  /** Quick fixes for the image references in `range`. They run a command: the lookup happens only when chosen. */
  async codeActions(doc: TextDocument, kind: FileKind, range: Range, lines: LineIndex): Promise<CodeAction[]> {
    if (!this.host.trusted()) return [];
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    const out: CodeAction[] = [];
    for (const s of await this.sitesOf(doc.uri, doc.getText(), kind)) {
      if (!s.name || s.span.start > end || start > s.span.end) continue;
      const mode = s.name.digest ? 'refresh' : 'pin';
      if (mode === 'refresh' && !s.name.tag) continue;
      const title = mode === 'pin' ? `Pin ${s.written} to its digest` : `Refresh the pinned digest of ${s.written.slice(0, s.written.indexOf('@'))}`;
      const args: PinArgs = { uri: doc.uri, version: doc.version, start: s.span.start, end: s.span.end, mode };
      out.push(CodeAction.create(title, { title, command: 'bulkhead.pinImage', arguments: [args] }, CodeActionKind.QuickFix));
    }
    return out;
  }

  async execute(command: string, args: unknown[]): Promise<unknown> {
    if (!this.host.trusted()) {
      void this.host.connection.window.showWarningMessage('Bulkhead does not contact registries in an untrusted workspace. Trust the workspace to pin images.');
      return { applied: false, reason: 'untrusted' };
    }
    if (command === 'bulkhead.pinImage') return this.pinOne(args[0] as PinArgs);
    return this.pinWorkspace(command === 'bulkhead.refreshPinnedDigests' ? 'refresh' : 'pin');
  }

  private async pinOne(a: PinArgs | undefined): Promise<unknown> {
    const doc = a && this.host.documents.get(a.uri);
    if (!a || !doc || doc.version !== a.version) return { applied: false, reason: 'stale' };
    const kind = await this.host.kindOf(doc.uri);
    if (!kind) return { applied: false, reason: 'not linted' };
    const sites = await this.sitesOf(doc.uri, doc.getText(), kind);
    const outcome = await pinSites(sites, await this.client(doc.uri), { mode: a.mode, range: { start: a.start, end: a.end } });
    if (outcome.failed.length) {
      void this.host.connection.window.showErrorMessage(`Bulkhead could not pin ${outcome.failed[0]!.site.written}: ${outcome.failed[0]!.message}`);
      return { applied: false, reason: outcome.failed[0]!.message };
    }
    const current = this.host.documents.get(a.uri);
    if (!current || current.version !== a.version) return { applied: false, reason: 'stale' };
    if (outcome.edits.length === 0) {
      void this.host.connection.window.showInformationMessage(`${outcome.current[0]?.written ?? 'The image'} is already pinned to the current digest.`);
      return { applied: false, reason: 'current' };
    }
    const lines = new LineIndex(doc.getText());
    const res = await this.host.connection.workspace.applyEdit({
      label: 'Pin image to digest',
      edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: outcome.edits.map((e) => lspEdit(lines, e)) }] },
    });
    return { applied: res.applied, digest: outcome.changed[0]?.digest };
  }

  /** Pins (or refreshes) every image of every Dockerfile and Compose file in the workspace folders. */
  private async pinWorkspace(mode: 'pin' | 'refresh'): Promise<unknown> {
    const { connection } = this.host;
    const progress = await connection.window.createWorkDoneProgress();
    const verb = mode === 'pin' ? 'Pinning' : 'Refreshing';
    progress.begin(`Bulkhead: ${verb} images`, 0, 'Finding files…', true);
    const abort = new AbortController();
    progress.token.onCancellationRequested(() => abort.abort());
    const files: { uri: string; text: string; kind: FileKind; version: number | null }[] = [];
    try {
      files.push(...(await workspaceFiles(this.host)));
      const client = await this.client(this.host.folders()[0]?.uri);
      const changes: TextDocumentEdit[] = [];
      let changed = 0;
      let changedFiles = 0;
      const failures: string[] = [];
      for (let i = 0; i < files.length; i++) {
        if (abort.signal.aborted) break;
        const f = files[i]!;
        progress.report(Math.round((i / Math.max(1, files.length)) * 100), `${path.basename(this.host.uriToPath(f.uri) ?? f.uri)} (${i + 1}/${files.length}) · ${changed} ${mode === 'pin' ? 'pinned' : 'refreshed'}`);
        const outcome = await pinSites(await this.sitesOf(f.uri, f.text, f.kind), client, { mode, signal: abort.signal });
        const lines = new LineIndex(f.text);
        for (const x of outcome.failed) {
          const p = lines.oneBased(x.site.span.start);
          failures.push(`${path.basename(this.host.uriToPath(f.uri) ?? f.uri)}:${p.line}: ${x.message}`);
        }
        if (outcome.edits.length === 0) continue;
        changes.push({ textDocument: { uri: f.uri, version: f.version }, edits: outcome.edits.map((e) => lspEdit(lines, e)) });
        changed += outcome.changed.length;
        changedFiles++;
      }
      if (abort.signal.aborted) {
        void connection.window.showInformationMessage(`Bulkhead: ${verb.toLowerCase()} cancelled; no file was changed.`);
        return { applied: false, reason: 'cancelled' };
      }
      let applied = true;
      if (changes.length) applied = (await connection.workspace.applyEdit({ label: `${verb} images`, edit: { documentChanges: changes } })).applied;
      const done = mode === 'pin' ? 'Pinned' : 'Refreshed';
      const summary = `${done} ${changed} image reference${changed === 1 ? '' : 's'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'} (${files.length} scanned).`;
      if (failures.length) void connection.window.showWarningMessage(`Bulkhead: ${summary} ${failures.length} lookup${failures.length === 1 ? '' : 's'} failed: ${failures.slice(0, 3).join('; ')}${failures.length > 3 ? '; …' : ''}`);
      else void connection.window.showInformationMessage(`Bulkhead: ${summary}`);
      this.host.log(`${summary}${failures.length ? ` ${failures.length} failed.` : ''}`);
      return { applied, changed, files: changedFiles, scanned: files.length, failed: failures.length };
    } finally {
      progress.done();
    }
  }

  /** What the cache knows about the image under the cursor; never contacts a registry. */
  async hover(doc: TextDocument, kind: FileKind, offset: number, lines: LineIndex): Promise<Hover | undefined> {
    const s = (await this.sitesOf(doc.uri, doc.getText(), kind)).find((x) => x.span.start <= offset && offset <= x.span.end);
    if (!s) return undefined;
    const md: string[] = [];
    if (!s.name) {
      const why = { variable: 'it depends on a build argument or variable without a literal default', scratch: '`scratch` is not an image', stage: 'it names a build stage', invalid: 'it is not a valid image reference' }[s.skip ?? 'invalid'];
      md.push(`**Bulkhead** · \`${s.written}\` cannot be pinned: ${why}.`);
    } else {
      const n = s.name;
      md.push(`**Bulkhead** · image \`${n.domain}/${n.path}:${n.tag ?? 'latest'}\``, '');
      md.push(`Registry \`${n.domain}\` · repository \`${n.path}\` · tag \`${n.tag ?? 'latest (implied)'}\``, '');
      md.push(n.digest ? `Pinned to \`${n.digest}\`.` : 'Not pinned: the tag can move to another image at any time.');
      const client = await this.client(doc.uri);
      const cached = client.cached(`${n.domain}/${n.path}:${n.tag ?? 'latest'}`);
      if (cached) {
        const age = describeAge(Date.now() - cached.fetchedAt);
        md.push('', `The tag pointed at \`${cached.digest}\` when looked up ${age} ago${cached.fresh ? '' : ' (stale)'}.`);
        if (n.digest) md.push(n.digest === cached.digest ? 'The pin is current.' : 'The tag has moved since it was pinned: **Refresh the pinned digest** updates it.');
      } else {
        md.push('', n.digest ? 'The tag has not been looked up yet: **Refresh the pinned digest** checks it.' : 'Not looked up yet: the **Pin to digest** quick fix looks it up and pins it.');
      }
    }
    return { contents: { kind: MarkupKind.Markdown, value: md.join('\n') }, range: { start: lines.positionAt(s.span.start), end: lines.positionAt(s.span.end) } };
  }
}

function lspEdit(lines: LineIndex, e: TextEdit): { range: Range; newText: string } {
  return { range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.text };
}

function describeAge(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60000));
  if (m < 1) return 'less than a minute';
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'}`;
  const d = Math.round(h / 24);
  return `${d} days`;
}

