/**
 * The Bulkhead language server: a thin adapter from LSP to the engine.
 *
 * - Diagnostics by pull (LSP 3.17) when the client supports it, by push
 *   otherwise; results are tied to document versions and cached per
 *   (document version, config generation), so unchanged text is never linted
 *   twice.
 * - Code actions: each finding's fixes (linked through `Diagnostic.data`),
 *   disable for this line / file, show documentation, and
 *   `source.fixAll.bulkhead` (safe fixes only).
 * - Config: the nearest `.bulkhead.yaml` per document inside its workspace
 *   folder (or `bulkhead.configFile`); edits to config files and settings
 *   re-lint open documents without a reload. Problems in a config file are
 *   diagnostics in that file (BH901). A config with errors is not rejected as
 *   a whole: the engine's parseConfig keeps its valid parts and drops only the
 *   broken keys, and that is what linting uses.
 * Offsets become LSP positions here, through the engine's LineIndex.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  MarkupKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Pinning, PIN_COMMANDS, type RegistrySettings } from './pinning';
import { workspaceFiles } from './workspace';
import { SERVER_COMMANDS } from './commands';
import {
  ALL_RULES,
  CONFIG_FILE_NAMES,
  DEFAULT_PATTERNS,
  detectFileKind,
  fixAll,
  initEngine,
  lint,
  LineIndex,
  loadConfigFor,
  nodeFileHost,
  parseConfig,
  ruleByRef,
  hadolintUserConfigFiles,
  ruleDocUrl,
  suppressionEdit,
  type FileKind,
  type Finding,
  type Fix,
  type LintResult,
  matchForFile,
  configForMatch,
  type BulkheadConfig,
  type ConfigLookup,
  type Severity,
  type SeveritySetting,
  type Span,
} from '../engine';

// A lint's objects live until the next edit of the document. V8 otherwise
// allocates the objects of sites it saw survive young collections straight
// into the old generation, where they wait for a full collection: with this,
// 400 edits of the largest corpus Compose file took p50 14.9 against 17.3 ms
// and p95 22.6 against 32.0 ms (bin/bulkhead.js, docs/performance.md).
setFlagsFromString('--no-allocation-site-pretenuring');

const connection = createConnection(ProposedFeatures.all);
/** hadolint's user-level config files (used when the tree has no `.hadolint.yaml`). */
const hadolintUserFiles = hadolintUserConfigFiles(process.env, os.homedir());
const documents = new TextDocuments(TextDocument);

interface Settings {
  enable: boolean;
  configFile: string;
  files: { dockerfile: string[]; compose: string[] };
  registry: RegistrySettings;
  /** Per-user rule severities (`bulkhead.rules`). */
  rules: Record<string, SeveritySetting>;
  /** Whether `bulkhead.rules` wins over the workspace config (`user`) or yields to it (`workspace`, the default). */
  rulesPrecedence: 'workspace' | 'user';
}

const DEFAULT_SETTINGS: Settings = {
  enable: true,
  configFile: '',
  files: { dockerfile: DEFAULT_PATTERNS.dockerfile, compose: DEFAULT_PATTERNS.compose },
  registry: { insecureRegistries: [], allowCredentialHelpers: false },
  rules: {},
  rulesPrecedence: 'workspace',
};

/**
 * What the client sends back with each diagnostic, so a code action finds its fix without parsing messages.
 * No document URI or version: a code action names its document, and its fix is found again in a fresh
 * lint. (Each field here is sent with every diagnostic on every keystroke: the URI and version were an
 * eighth of a large Compose file's report.)
 */
export interface DiagnosticData {
  ruleId: string;
  fixes: { id: string; title: string; safe: boolean }[];
}

let hasPull = false;
/** VS Code's workspace trust, as the client reports it; other clients have no such notion and are trusted. */
let workspaceTrusted = true;
let hasConfiguration = false;
let hasWatchedFilesRegistration = false;
let folders: WorkspaceFolder[] = [];
let engineReady: Promise<void>;
let configGeneration = 0;
let lintCount = 0;
const settingsCache = new Map<string, Promise<Settings>>();

interface CacheEntry {
  version: number;
  generation: number;
  result: LintResult | undefined;
  kind: FileKind | undefined;
  diagnostics: Diagnostic[];
}
const cache = new Map<string, CacheEntry>();
/** Files each open document's last result was built from; kept when the cache entry is dropped. */
const dependencies = new Map<string, readonly string[]>();
const pushTimers = new Map<string, NodeJS.Timeout>();

function log(message: string): void {
  connection.console.log(`[bulkhead] ${message}`);
}

process.on('uncaughtException', (e) => connection.console.error(`[bulkhead] uncaught: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`[bulkhead] unhandled rejection: ${(e as Error)?.stack ?? e}`));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  hasPull = !!caps.textDocument?.diagnostic;
  hasConfiguration = !!caps.workspace?.configuration;
  hasWatchedFilesRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  const init = params.initializationOptions as { workspaceTrusted?: unknown } | undefined;
  if (typeof init?.workspaceTrusted === 'boolean') workspaceTrusted = init.workspaceTrusted;
  const wasmDir = __dirname;
  engineReady = initEngine({ wasmDirs: [wasmDir] }).catch((e) => {
    connection.console.error(`[bulkhead] cannot load the shell parser: ${(e as Error)?.message}; RUN analysis is off`);
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.bulkhead'] },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      hoverProvider: true,
      diagnosticProvider: hasPull ? { identifier: 'bulkhead', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'bulkhead' },
  };
});

connection.onInitialized(() => {
  if (hasWatchedFilesRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/.bulkhead.{yaml,yml}' },
        { globPattern: '**/.env' },
        // Files other documents' results depend on: built Dockerfiles, .dockerignore, seccomp profiles, the project's other Compose files.
        { globPattern: '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,.dockerignore,*.dockerignore,*.json,*.yaml,*.yml}' },
      ],
    });
  }
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    folders = folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)).concat(e.added);
    configChanged('workspace folders changed');
  });
});

// ---------- settings and config ----------

function getSettings(uri: string): Promise<Settings> {
  if (!hasConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'bulkhead' }).then(
      (raw: Partial<Settings> | null) => ({
        enable: raw?.enable !== false,
        configFile: typeof raw?.configFile === 'string' ? raw.configFile : '',
        files: {
          dockerfile: Array.isArray(raw?.files?.dockerfile) ? raw!.files!.dockerfile : DEFAULT_SETTINGS.files.dockerfile,
          compose: Array.isArray(raw?.files?.compose) ? raw!.files!.compose : DEFAULT_SETTINGS.files.compose,
        },
        registry: {
          insecureRegistries: Array.isArray(raw?.registry?.insecureRegistries) ? raw!.registry!.insecureRegistries.filter((x): x is string => typeof x === 'string') : [],
          allowCredentialHelpers: raw?.registry?.allowCredentialHelpers === true,
        },
        rules: userRules(raw?.rules),
        rulesPrecedence: raw?.rulesPrecedence === 'user' ? 'user' : 'workspace',
      }),
      () => DEFAULT_SETTINGS,
    );
    settingsCache.set(uri, s);
  }
  return s;
}

function userRules(raw: unknown): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === 'off' || v === 'info' || v === 'warning' || v === 'error') out[k] = v;
  }
  return out;
}

function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function folderOf(uri: string): WorkspaceFolder | undefined {
  let best: WorkspaceFolder | undefined;
  for (const f of folders) {
    const prefix = f.uri.endsWith('/') ? f.uri : f.uri + '/';
    if ((uri.startsWith(prefix) || uri === f.uri) && (!best || f.uri.length > best.uri.length)) best = f;
  }
  return best;
}

/** Open documents win over the disk, so unsaved config and `.env` edits count. */
const host = nodeFileHost((p) => documents.get(pathToFileURL(p).toString())?.getText());

/** The last config without errors, per nearest config file: a broken edit does not turn rules off. */
const lastGoodConfig = new Map<string, BulkheadConfig>();

/**
 * The config in force for a document: discovered (or `bulkhead.configFile`),
 * the last good one while the files have errors, then the user's
 * `bulkhead.rules` (under the workspace's rules, or over them with
 * `bulkhead.rulesPrecedence: user`), then the per-file overrides.
 */
function configFor(uri: string, settings: Settings): { config: BulkheadConfig & { ignored: boolean }; lookup: ConfigLookup; usingLastGood: boolean } {
  const filePath = uriToPath(uri);
  const folder = folderOf(uri);
  const root = folder ? uriToPath(folder.uri) : undefined;
  const explicit = settings.configFile ? path.resolve(root ?? process.cwd(), settings.configFile) : undefined;
  const target = filePath ?? path.join(root ?? process.cwd(), 'untitled');
  const lookup = loadConfigFor(target, { root, explicit: filePath || explicit ? explicit : undefined, host, rules: ALL_RULES, hadolintUserFiles });
  const key = lookup.path ?? `(none) ${root ?? ''}`;
  const broken = lookup.files.some((f) => f.loaded.problems.some((p) => p.severity === 'error'));
  let merged = lookup.merged;
  let usingLastGood = false;
  if (broken && lastGoodConfig.has(key)) {
    merged = lastGoodConfig.get(key)!;
    usingLastGood = true;
  } else if (!broken) lastGoodConfig.set(key, merged);
  const base = merged;
  if (Object.keys(settings.rules).length) {
    const user: BulkheadConfig['rules'] = {};
    for (const [ref, sev] of Object.entries(settings.rules)) {
      const rule = ruleByRef(ref);
      if (rule) user[rule.meta.id] = { severity: sev };
    }
    merged = { ...merged, rules: settings.rulesPrecedence === 'user' ? { ...merged.rules, ...user } : { ...user, ...merged.rules } };
  }
  // What the config is made from: the config files as read now (or, while they are broken, the last
  // good config standing in), and the user's rule settings.
  const inputs = JSON.stringify([
    settings.rules,
    settings.rulesPrecedence,
    usingLastGood ? `last good #${objectId(base)}` : lookup.files.map((f) => [f.path, f.loaded.lines.text]),
  ]);
  return { config: sharedConfig(merged, target, inputs), lookup, usingLastGood };
}

/**
 * Config objects by what they are made from and which `overrides` apply
 * (`ignore` included). Every lint reads and merges the config files again (an
 * edit to them counts at once), which made a new config object per lint, so
 * the engine's per-config caches (rule settings, the rules a lint runs) were
 * worked out again on every keystroke: about 0.4 ms per lint, which was half
 * the lint of a small Dockerfile. Unchanged inputs now give the same object,
 * on the next keystroke and for every file of a folder. The newest
 * MAX_CONFIG_OBJECTS are kept.
 */
const configObjects = new Map<string, BulkheadConfig & { ignored: boolean }>();
const MAX_CONFIG_OBJECTS = 64;

function sharedConfig(merged: BulkheadConfig, target: string, inputs: string): BulkheadConfig & { ignored: boolean } {
  const m = matchForFile(merged, target);
  const key = `${inputs}\u0000${m.overrides.join(',')}|${m.ignored}`;
  let config = configObjects.get(key);
  if (config) {
    configObjects.delete(key);
  } else {
    config = configForMatch(merged, m.overrides, m.ignored);
    if (configObjects.size >= MAX_CONFIG_OBJECTS) configObjects.delete(configObjects.keys().next().value as string);
  }
  configObjects.set(key, config);
  return config;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = ++nextObjectId));
  return id;
}

function isConfigDocument(uri: string): boolean {
  return CONFIG_FILE_NAMES.some((n) => uri.endsWith('/' + n));
}

// ---------- linting ----------

function kindOf(doc: TextDocument, settings: Settings): FileKind | undefined {
  if (doc.languageId === 'dockerfile') return 'dockerfile';
  if (doc.languageId === 'dockercompose') return 'compose';
  const p = uriToPath(doc.uri) ?? doc.uri;
  return detectFileKind(p, settings.files);
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

function toDiagnostic(doc: TextDocument, lines: LineIndex, f: Finding): Diagnostic {
  const rule = ruleByRef(f.ruleId);
  const data: DiagnosticData = { ruleId: f.ruleId, fixes: f.fixes.map((x) => ({ id: x.id, title: x.title, safe: x.safe })) };
  const diagnostic: Diagnostic = {
    range: toRange(lines, f.span),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: rule ? { href: ruleDocUrl(rule.meta) } : undefined,
    source: 'bulkhead',
    message: f.message,
    data,
  };
  // An unused suppression is shown faded, like unused code.
  if (f.ruleId === 'BH902') diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (f.related?.length) {
    diagnostic.relatedInformation = f.related.map((r) => {
      const text = r.path ? (r.text ?? host.readFile(r.path) ?? '') : doc.getText();
      const other = r.path ? new LineIndex(text) : lines;
      return { location: { uri: r.path ? pathToFileURL(r.path).toString() : doc.uri, range: toRange(other, r.span) }, message: r.message };
    });
  }
  return diagnostic;
}

/** Lints a document at its current version, or returns the cached result for that version and config. */
async function analyse(doc: TextDocument): Promise<CacheEntry | undefined> {
  await engineReady;
  const version = doc.version;
  const cached = cache.get(doc.uri);
  if (cached && cached.version === version && cached.generation === configGeneration) return cached;
  const generation = configGeneration;
  const settings = await getSettings(doc.uri);
  const current = documents.get(doc.uri);
  if (!current || current.version !== version) return undefined; // the text moved on while we waited
  let entry: CacheEntry;
  if (isConfigDocument(doc.uri)) {
    entry = { version, generation, result: undefined, kind: undefined, diagnostics: configDiagnostics(doc) };
  } else if (!settings.enable) {
    entry = { version, generation, result: undefined, kind: undefined, diagnostics: [] };
  } else {
    const kind = kindOf(doc, settings);
    if (!kind) {
      entry = { version, generation, result: undefined, kind, diagnostics: [] };
    } else {
      const { config, usingLastGood } = configFor(doc.uri, settings);
      if (usingLastGood) log(`the config for ${doc.uri} has errors; linting with the last good config`);
      const text = doc.getText();
      lintCount++;
      const result = config.ignored
        ? { kind, findings: [], lines: new LineIndex(text), failures: [], dependencies: [] }
        : lint({ path: uriToPath(doc.uri) ?? doc.uri, text, kind }, { config, host, patterns: settings.files });
      for (const f of result.failures) connection.console.error(`[bulkhead] rule ${f.ruleId} failed on ${doc.uri}: ${f.message}`);
      entry = { version, generation, result, kind, diagnostics: result.findings.map((f) => toDiagnostic(doc, result.lines, f)) };
      dependencies.set(doc.uri, result.dependencies);
    }
  }
  cache.set(doc.uri, entry);
  return entry;
}

/** BH901 diagnostics for a `.bulkhead.yaml` open in the editor, at the offending key. */
function configDiagnostics(doc: TextDocument): Diagnostic[] {
  const file = uriToPath(doc.uri);
  // Loaded as the explicit config so that `extends` is resolved (and its problems, such as a cycle, found).
  const loaded = (file && loadConfigFor(file, { explicit: file, host, rules: ALL_RULES }).files.find((f) => f.path === file)?.loaded) || parseConfig(doc.getText(), ALL_RULES, file);
  const rule = ruleByRef('BH901')!;
  return loaded.problems.map((p) => ({
    range: toRange(loaded.lines, p.span),
    severity: SEVERITY[p.severity],
    code: 'BH901',
    codeDescription: { href: ruleDocUrl(rule.meta) },
    source: 'bulkhead',
    message: p.message,
  }));
}

function resultId(entry: CacheEntry): string {
  return `${entry.version}:${entry.generation}`;
}

connection.languages.diagnostics.on(async (params, token: CancellationToken) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  try {
    const entry = await analyse(doc);
    if (token.isCancellationRequested || !entry) return { kind: DocumentDiagnosticReportKind.Full, items: cache.get(doc.uri)?.diagnostics ?? [] };
    const id = resultId(entry);
    if (params.previousResultId === id) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: id, items: entry.diagnostics };
  } catch (e) {
    connection.console.error(`[bulkhead] diagnostics failed for ${doc.uri}: ${(e as Error)?.stack ?? e}`);
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
});

function schedulePush(doc: TextDocument, delay = 150): void {
  if (hasPull) return;
  clearTimeout(pushTimers.get(doc.uri));
  pushTimers.set(
    doc.uri,
    setTimeout(() => {
      pushTimers.delete(doc.uri);
      void (async () => {
        try {
          const entry = await analyse(doc);
          const current = documents.get(doc.uri);
          if (!entry || !current || current.version !== entry.version) return; // a newer version will publish
          await connection.sendDiagnostics({ uri: doc.uri, version: entry.version, diagnostics: entry.diagnostics });
        } catch (e) {
          connection.console.error(`[bulkhead] push diagnostics failed for ${doc.uri}: ${(e as Error)?.stack ?? e}`);
        }
      })();
    }, delay),
  );
}

documents.onDidOpen((e) => schedulePush(e.document, 0));
documents.onDidChangeContent((e) => {
  if (isConfigDocument(e.document.uri)) configChanged(`config edited: ${e.document.uri}`, e.document.uri);
  else dependencyChanged([e.document.uri], e.document.uri);
  schedulePush(e.document);
});
documents.onDidClose((e) => {
  cache.delete(e.document.uri);
  dependencies.delete(e.document.uri);
  // Dependents read the buffer; from now on they read the disk, which may differ (changes discarded).
  dependencyChanged([e.document.uri]);
  clearTimeout(pushTimers.get(e.document.uri));
  if (!hasPull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

/** A config, setting or `.env` changed: forget results and lint open documents again. */
function configChanged(why: string, except?: string): void {
  configGeneration++;
  log(`${why}; re-linting open documents`);
  if (hasPull) {
    void connection.languages.diagnostics.refresh().catch(() => undefined);
  } else {
    for (const d of documents.all()) if (d.uri !== except) schedulePush(d, 0);
  }
}

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  configChanged('settings changed');
});

/**
 * Files changed that other documents' results were built from (a compose
 * file's Dockerfile, a `.dockerignore`): forget those results and lint the
 * documents again. Returns how many documents were affected.
 */
function dependencyChanged(uris: readonly string[], except?: string): number {
  const paths = new Set(uris.map((u) => uriToPath(u)).filter((p): p is string => !!p));
  if (paths.size === 0) return 0;
  const affected: string[] = [];
  for (const [uri, deps] of dependencies) {
    if (uri !== except && deps.some((d) => paths.has(d))) affected.push(uri);
  }
  if (affected.length === 0) return 0;
  for (const uri of affected) cache.delete(uri);
  log(`${[...paths].map((p) => path.basename(p)).join(', ')} changed; re-linting ${affected.length} dependent document(s)`);
  if (hasPull) void connection.languages.diagnostics.refresh().catch(() => undefined);
  else for (const uri of affected) {
    const d = documents.get(uri);
    if (d) schedulePush(d, 0);
  }
  return affected.length;
}

connection.onDidChangeWatchedFiles((e) => {
  if (!e.changes.length) return;
  const global = e.changes.filter((c) => /(^|\/)(\.bulkhead\.ya?ml|\.env)$/.test(c.uri));
  if (global.length) configChanged(`files changed: ${global.map((c) => path.basename(c.uri)).join(', ')}`);
  else dependencyChanged(e.changes.map((c) => c.uri));
});

// ---------- code actions ----------

function lspEdits(lines: LineIndex, edits: readonly { start: number; end: number; text: string }[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(lines, e), newText: e.text }));
}

function workspaceEdit(doc: TextDocument, lines: LineIndex, fix: Pick<Fix, 'edits' | 'otherFiles'>): WorkspaceEdit {
  const changes: WorkspaceEdit['documentChanges'] = [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lspEdits(lines, fix.edits) }];
  const dir = uriToPath(doc.uri) ? path.dirname(uriToPath(doc.uri)!) : undefined;
  for (const other of fix.otherFiles ?? []) {
    if (!dir && !path.isAbsolute(other.path)) continue;
    const uri = pathToFileURL(path.resolve(dir ?? '/', other.path)).toString();
    if (other.create) {
      // A create that must not overwrite would otherwise put its text in front of the existing file.
      if (!other.create.overwrite && host.fileExists(path.resolve(dir ?? '/', other.path))) continue;
      changes.push({ kind: 'create', uri, options: { overwrite: !!other.create.overwrite, ignoreIfExists: !other.create.overwrite } });
      changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: other.create.text }] });
    } else if (other.edits?.length) {
      // Offsets into the other file as it is now (its open buffer, else the disk), at its open version when it is open.
      const file = path.resolve(dir ?? '/', other.path);
      const text = host.readFile(file);
      if (text === undefined) continue;
      const open = documents.get(uri);
      changes.push({ textDocument: { uri, version: open ? open.version : null }, edits: lspEdits(new LineIndex(text), other.edits) });
    }
  }
  return { documentChanges: changes };
}

connection.onCodeAction(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  try {
    const entry = await analyse(doc);
    if (!entry?.result || token.isCancellationRequested || documents.get(doc.uri)?.version !== entry.version) return [];
    const result = entry.result;
    const lines = result.lines;
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      for (const diag of params.context.diagnostics) {
        if (diag.source !== 'bulkhead') continue;
        const data = diag.data as DiagnosticData | undefined;
        const ruleId = data?.ruleId ?? String(diag.code ?? '');
        const start = lines.offsetAt(diag.range.start);
        const end = lines.offsetAt(diag.range.end);
        // Re-find the finding in the fresh result: never trust a fix from a stale diagnostic.
        const finding = result.findings.find((f) => f.ruleId === ruleId && f.span.start === start && f.span.end === end && f.message === diag.message);
        if (!finding) continue;
        let preferred = false;
        for (const fix of finding.fixes) {
          const action = CodeAction.create(fix.title, workspaceEdit(doc, lines, fix), CodeActionKind.QuickFix);
          action.diagnostics = [diag];
          if (fix.safe && !preferred) preferred = action.isPreferred = true;
          actions.push(action);
        }
        const rule = ruleByRef(ruleId);
        if (rule && !finding.unsuppressible && entry.kind) {
          for (const scope of ['line', 'file'] as const) {
            const edit = suppressionEdit(doc.getText(), entry.kind, finding.span, rule.meta.id, scope);
            const action = CodeAction.create(
              `Disable ${rule.meta.id} for this ${scope}`,
              workspaceEdit(doc, lines, { edits: [edit] }),
              CodeActionKind.QuickFix,
            );
            action.diagnostics = [diag];
            actions.push(action);
          }
        }
        if (rule) {
          const action = CodeAction.create(`Show documentation for ${rule.meta.id}`, { title: `Show documentation for ${rule.meta.id}`, command: 'bulkhead.showDocumentation', arguments: [rule.meta.id, ruleDocUrl(rule.meta)] }, CodeActionKind.QuickFix);
          action.diagnostics = [diag];
          actions.push(action);
        }
      }
    }

    if (wants(CodeActionKind.QuickFix) && entry.kind) actions.push(...(await pinning.codeActions(doc, entry.kind, params.range, lines)));

    if (only?.some((o) => o === 'source.fixAll.bulkhead' || o === CodeActionKind.SourceFixAll || o === CodeActionKind.Source) && entry.kind) {
      const text = doc.getText();
      const out = fixAll({ path: uriToPath(doc.uri) ?? doc.uri, text, kind: entry.kind }, { config: configFor(doc.uri, await getSettings(doc.uri)).config, host });
      if (out.text !== text) {
        const action = CodeAction.create('Fix all safe Bulkhead problems', workspaceEdit(doc, lines, { edits: [minimalEdit(text, out.text)] }), 'source.fixAll.bulkhead');
        actions.push(action);
      }
    }
    return actions;
  } catch (e) {
    connection.console.error(`[bulkhead] code actions failed for ${doc.uri}: ${(e as Error)?.stack ?? e}`);
    return [];
  }
});

/** One edit that turns `a` into `b`, covering only the part that differs. */
function minimalEdit(a: string, b: string): { start: number; end: number; text: string } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  return { start, end: ea, text: b.slice(start, eb) };
}

connection.onRequest('bulkhead/stats', (p?: { gc?: boolean }) => {
  // With --expose-gc (soak tests), collect first so that heapUsed measures what is kept.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (p?.gc && gc) gc();
  const mem = process.memoryUsage();
  return { lintCount, openDocuments: documents.all().length, configGeneration, cachedResults: cache.size, heapUsed: mem.heapUsed, rss: mem.rss };
});

// ---------- digest pinning ----------

/** How a document (open or not) is read under its folder's settings; undefined when it is not linted. */
async function pinningKindOf(uri: string): Promise<FileKind | undefined> {
  const doc = documents.get(uri);
  const settings = await getSettings(uri);
  if (!settings.enable) return undefined;
  return doc ? kindOf(doc, settings) : detectFileKind(uriToPath(uri) ?? uri, settings.files);
}

const pinning = new Pinning({
  connection,
  documents,
  kindOf: pinningKindOf,
  async buildArgs(uri) {
    return configFor(uri, await getSettings(uri)).config.buildArgs;
  },
  async registrySettings(uri) {
    return (await getSettings(uri ?? folders[0]?.uri ?? '')).registry;
  },
  folders: () => folders,
  trusted: () => workspaceTrusted,
  uriToPath,
  log,
});

connection.onNotification('bulkhead/workspaceTrusted', (p: { trusted?: boolean }) => {
  workspaceTrusted = p?.trusted !== false;
  log(`workspace trust: ${workspaceTrusted ? 'trusted' : 'untrusted'}`);
});

// ---------- lint workspace ----------

/** Closed files whose diagnostics were pushed by Lint Workspace; opening one hands it to pull diagnostics. */
const pushedByWorkspaceLint = new Set<string>();

async function lintWorkspace(): Promise<{ files: number; withFindings: number; findings: number; cancelled: boolean }> {
  await engineReady;
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Bulkhead: Linting the workspace', 0, 'Finding files…', true);
  let cancelled = false;
  progress.token.onCancellationRequested(() => (cancelled = true));
  try {
    const files = await workspaceFiles({ documents, folders: () => folders, kindOf: (uri) => pinningKindOf(uri), uriToPath });
    let findings = 0;
    let withFindings = 0;
    for (let i = 0; i < files.length && !cancelled; i++) {
      const f = files[i]!;
      progress.report(Math.round((i / Math.max(1, files.length)) * 100), `${path.basename(uriToPath(f.uri) ?? f.uri)} (${i + 1}/${files.length})`);
      if (i % 20 === 0) await new Promise((r) => setImmediate(r)); // let cancellation and edits through
      const open = documents.get(f.uri);
      let diagnostics: Diagnostic[];
      if (open) {
        diagnostics = (await analyse(open))?.diagnostics ?? [];
      } else {
        const settings = await getSettings(f.uri);
        const { config } = configFor(f.uri, settings);
        if (config.ignored) continue;
        const result = lint({ path: uriToPath(f.uri) ?? f.uri, text: f.text, kind: f.kind }, { config, host, patterns: settings.files });
        const doc = TextDocument.create(f.uri, f.kind === 'dockerfile' ? 'dockerfile' : 'dockercompose', 0, f.text);
        diagnostics = result.findings.map((x) => toDiagnostic(doc, result.lines, x));
        await connection.sendDiagnostics({ uri: f.uri, diagnostics });
        pushedByWorkspaceLint.add(f.uri);
      }
      findings += diagnostics.length;
      if (diagnostics.length) withFindings++;
    }
    const summary = cancelled
      ? `Bulkhead: linting cancelled; ${findings} finding${findings === 1 ? '' : 's'} so far.`
      : `Bulkhead: ${findings} finding${findings === 1 ? '' : 's'} in ${withFindings} of ${files.length} file${files.length === 1 ? '' : 's'} (see the Problems panel).`;
    void connection.window.showInformationMessage(summary);
    log(summary);
    return { files: files.length, withFindings, findings, cancelled };
  } finally {
    progress.done();
  }
}

documents.onDidOpen((e) => {
  if (pushedByWorkspaceLint.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onExecuteCommand(async (params) => {
  if (params.command === 'bulkhead.lintWorkspace') {
    try {
      return await lintWorkspace();
    } catch (e) {
      connection.console.error(`[bulkhead] lint workspace failed: ${(e as Error)?.stack ?? e}`);
      void connection.window.showErrorMessage(`Bulkhead: Lint Workspace failed: ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }
  if (!PIN_COMMANDS.includes(params.command)) return undefined;
  try {
    return await pinning.execute(params.command, params.arguments ?? []);
  } catch (e) {
    connection.console.error(`[bulkhead] ${params.command} failed: ${(e as Error)?.stack ?? e}`);
    void connection.window.showErrorMessage(`Bulkhead: ${params.command} failed: ${(e as Error)?.message ?? e}`);
    return { applied: false, reason: 'error' };
  }
});

/** What a flagged range explains on hover: the rule, why it matters in one line, the fixes on offer, the docs. */
function findingHover(f: Finding): string {
  const rule = ruleByRef(f.ruleId);
  const lines = [`**${f.ruleId}** \`${f.ruleName}\` · ${f.severity}${rule ? ` · ${rule.meta.category.replace('-', ' ')}` : ''}`, '', rule?.meta.description ?? f.message];
  if (f.fixes.length) lines.push('', 'Fixes: ' + f.fixes.map((x) => `${x.title}${x.safe ? ' (safe)' : ''}`).join(' · '));
  else lines.push('', 'No automatic fix: see the documentation for what to change.');
  if (rule) lines.push('', `[Documentation](command:bulkhead.showDocumentation?${encodeURIComponent(JSON.stringify([rule.meta.id, ruleDocUrl(rule.meta)]))})`);
  return lines.join('\n');
}

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  try {
    const settings = await getSettings(doc.uri);
    const kind = settings.enable ? kindOf(doc, settings) : undefined;
    if (!kind) return null;
    const lines = new LineIndex(doc.getText());
    const offset = lines.offsetAt(params.position);
    const parts: string[] = [];
    let range: Range | undefined;
    const entry = cache.get(doc.uri);
    if (entry?.result && entry.version === doc.version) {
      for (const f of entry.result.findings) {
        if (offset < f.span.start || offset > f.span.end) continue;
        parts.push(findingHover(f));
        range ??= toRange(lines, f.span);
      }
    }
    const image = await pinning.hover(doc, kind, offset, lines);
    if (image) {
      parts.push((image.contents as { value: string }).value);
      range ??= image.range;
    }
    return parts.length ? { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range } : null;
  } catch (e) {
    connection.console.error(`[bulkhead] hover failed: ${(e as Error)?.stack ?? e}`);
    return null;
  }
});

documents.listen(connection);
connection.listen();
