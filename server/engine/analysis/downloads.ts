/**
 * Downloads in Dockerfiles: the sources of ADD (URLs, git repositories, local
 * files and archives), what `curl`/`wget` write and where, which commands run
 * a script they are given on stdin, and whether a RUN verifies what it
 * fetched (checksums, signatures). Shared by the dockerfile-downloads rules.
 */
import type { DockerfileModel, Instruction } from '../model/dockerfile';
import type { ShellScript, SimpleCommand, Word } from '../parse/shell';
import type { Span } from '../types';
import { substituteVariables } from '../parse/variables';
import { varsInScope } from './dockerfile';
import { effectiveCommand, findOptions, positionalArgs, type EffectiveCommand, type OptionSpec } from './commands';

// ---------------------------------------------------------------------------
// URLs

/** `http://` or `https://` (the schemes ADD downloads). */
export function isHttpUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/**
 * A git source as BuildKit reads ADD's argument: `git@host:repo`, `git://`,
 * `ssh://`, or an http(s) URL whose path ends in `.git` (optionally `#ref`).
 */
export function isGitSource(s: string): boolean {
  if (/^(git@[^:]+:|git:\/\/|ssh:\/\/|git\+\w+:\/\/)/i.test(s)) return true;
  if (!isHttpUrl(s)) return false;
  const noFrag = s.split('#')[0]!;
  return /\.git\/?$/i.test(noFrag.split('?')[0]!);
}

/**
 * A URL fit for a message: user info (`user:pass@`) removed, at most
 * `max` characters.
 */
export function displayUrl(url: string, max = 96): string {
  let u = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
  // `git@host:…` keeps `git@` (a user name, not a credential); other `user:pass@host` forms lose it.
  u = u.replace(/^(?![a-z][a-z0-9+.-]*:\/\/)(?!git@)[^/@\s:]+:[^/@\s]*@/i, '');
  // `${NAME}` reads as a message placeholder: show `$NAME`.
  u = u.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');
  return u.length > max ? u.slice(0, max - 1) + '…' : u;
}

/** Removes the user info of every URL in a text (`https://user:pass@host` → `https://host`). */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"'`]*@/gi, '$1');
}

/** The source for a message: its resolved value when fully resolved, else as written. */
export function sourceLabel(s: { raw: string; value: string; unresolved: boolean }): string {
  return displayUrl(s.unresolved ? s.raw : s.value);
}

// ---------------------------------------------------------------------------
// ADD / COPY sources

export interface SourceArg {
  /** As written. */
  raw: string;
  /** After ARG/ENV substitution (the raw value for ONBUILD triggers, whose scope is the child build). */
  value: string;
  /** Still contains an unresolved variable. */
  unresolved: boolean;
  span: Span;
}

/**
 * The sources of ADD/COPY (every argument but the last), without heredoc
 * bodies and markers; undefined when there are not two arguments.
 */
export function addSources(model: DockerfileModel, ins: Instruction): { sources: SourceArg[]; heredoc: boolean } | undefined {
  let args: { value: string; span: Span }[];
  if (ins.form === 'exec' && ins.execArgs) args = ins.execArgs;
  else {
    const bodies = ins.heredocs.flatMap((h) => (h.body ? [h.body.span] : []));
    args = ins.args.filter((a) => !bodies.some((b) => a.span.start >= b.start && a.span.start < b.end) && !isAfterHeredocBody(ins, a.span));
  }
  if (args.length < 2) return undefined;
  const heredoc = ins.heredocs.length > 0;
  let vars: Record<string, string> = {};
  const stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
  if (stage && !ins.onbuildParent) vars = varsInScope(model, stage, ins);
  const sources = args.slice(0, -1).map((a) => {
    // BuildKit reads shell-form words with its shell lexer: `"https://…git#$V"` is unquoted.
    const raw = ins.form === 'exec' ? a.value : unquoteWord(a.value);
    const sub = substituteVariables(raw, vars, { escapeChar: model.escapeChar });
    return { raw, value: sub.value, unresolved: sub.unresolved, span: a.span };
  });
  return { sources: heredoc ? sources.filter((s) => !/^<<-?/.test(s.raw)) : sources, heredoc };
}

function unquoteWord(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]) ? v.slice(1, -1) : v;
}

/** The delimiter word of a heredoc sits after its body. */
function isAfterHeredocBody(ins: Instruction, span: Span): boolean {
  return ins.heredocs.some((h) => h.body !== undefined && span.start >= h.body.span.end);
}

/** Names ADD unpacks when the source is a local archive (tar, optionally compressed). */
export const ARCHIVE_NAME = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz|tz|gz|bz2|xz|zst|lz|lzma|lz4|z)$/i;

// ---------------------------------------------------------------------------
// Downloaders

export const DOWNLOADERS = new Set(['curl', 'wget']);

/** curl options that take a value (so that their values are not read as URLs or options). */
const CURL_VALUE_OPTIONS = [
  'o', 'output', 'u', 'user', 'H', 'header', 'd', 'data', 'data-raw', 'data-binary', 'data-urlencode', 'A', 'user-agent', 'e', 'referer',
  'x', 'proxy', 'X', 'request', 'm', 'max-time', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'w', 'write-out', 'C',
  'continue-at', 'T', 'upload-file', 'b', 'cookie', 'c', 'cookie-jar', 'F', 'form', 'r', 'range', 'E', 'cert', 'key', 'cacert', 'capath',
  'K', 'config', 'output-dir', 'create-file-mode', 'proto', 'proto-redir', 'resolve', 'interface', 'limit-rate', 'Y', 'y', 'z', 'time-cond',
  'max-filesize', 'max-redirs', 'oauth2-bearer', 'pass', 'ciphers', 'tls-max', 'dns-servers', 'netrc-file', 'url', 'D', 'dump-header',
  'trace', 'trace-ascii', 'stderr', 'Q', 'quote', 'keepalive-time', 'P', 'ftp-port', 'unix-socket', 'abstract-unix-socket', 'happy-eyeballs-timeout-ms',
  'expect100-timeout', 'retry-all-errors-x', 'sslcert', 'pinnedpubkey', 'hostpubmd5', 'hostpubsha256', 'noproxy', 'preproxy', 'proxy-user', 'U',
  'local-port', 'ftp-method', 'krb', 'mail-from', 'mail-rcpt', 'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'json', 'variable', 'expand-url',
];
/** wget options that take a value (short letters and long names; long ones are usually written `--name=value`). */
const WGET_VALUE_OPTIONS = [
  'O', 'output-document', 'o', 'output-file', 'a', 'append-output', 'P', 'directory-prefix', 'e', 'execute', 'i', 'input-file', 'U', 'user-agent',
  't', 'tries', 'T', 'timeout', 'w', 'wait', 'Q', 'quota', 'l', 'level', 'A', 'accept', 'R', 'reject', 'D', 'domains', 'B', 'base', 'header',
  'user', 'password', 'http-user', 'http-password', 'ca-certificate', 'certificate', 'private-key', 'load-cookies', 'save-cookies', 'post-data',
  'post-file', 'referer', 'limit-rate', 'progress', 'dns-timeout', 'connect-timeout', 'read-timeout', 'X', 'I', 'exclude-directories', 'include-directories',
];

export function downloaderValueOptions(name: string): string[] {
  return name === 'wget' ? WGET_VALUE_OPTIONS : CURL_VALUE_OPTIONS;
}

const STDOUT = new Set(['-', '/dev/stdout', '/proc/self/fd/1']);

/** The options `computeDownload` looks for, and the value options around each (made once, not per download). */
const CURL_URL: OptionSpec = { long: ['url'], takesValue: true };
const CURL_OUTPUT: OptionSpec = { short: ['o'], long: ['output'], takesValue: true };
const CURL_VALUES_BUT_OUTPUT = CURL_VALUE_OPTIONS.filter((o) => o !== 'o' && o !== 'output');
const CURL_REMOTE_NAME: OptionSpec = { short: ['O'], long: ['remote-name', 'remote-name-all'] };
const CURL_OUTPUT_DIR: OptionSpec = { long: ['output-dir'], takesValue: true };
const WGET_OUTPUT: OptionSpec = { short: ['O'], long: ['output-document'], takesValue: true };
const WGET_VALUES_BUT_OUTPUT = WGET_VALUE_OPTIONS.filter((o) => o !== 'O' && o !== 'output-document');
const WGET_PREFIX: OptionSpec = { short: ['P'], long: ['directory-prefix'], takesValue: true };
const WGET_VALUES_BUT_PREFIX = WGET_VALUE_OPTIONS.filter((o) => o !== 'P' && o !== 'directory-prefix');

export interface Download {
  command: SimpleCommand;
  eff: EffectiveCommand;
  /** The URL arguments (positional words; for curl also `--url x`). */
  urls: Word[];
  /** Writes the body to stdout (curl without -o/-O, `wget -O -`). */
  toStdout: boolean;
  /** Files it writes, as written in the script (a path, maybe with `$VAR`). */
  files: string[];
}

/** Downloads worked out, per command (four readers ask for each; commands never change after parsing). */
const DOWNLOADS = new WeakMap<SimpleCommand, Download>();

/** When the command is curl or wget (through sudo/env…), what it downloads and where it writes. */
export function downloadOf(command: SimpleCommand): Download | undefined {
  const eff = effectiveCommand(command);
  if (!eff || !DOWNLOADERS.has(eff.baseName)) return undefined;
  let d = DOWNLOADS.get(command);
  if (d === undefined) DOWNLOADS.set(command, (d = computeDownload(command, eff)));
  return d;
}

function computeDownload(command: SimpleCommand, eff: EffectiveCommand): Download {
  const valueOpts = downloaderValueOptions(eff.baseName);
  const pos = positionalArgs(eff.args, valueOpts);
  const urls = pos.filter((w) => looksLikeUrl(w.value));
  const files: string[] = [];
  let toStdout = false;
  const redirOut = command.redirects.find((r) => r.operator === '>' || r.operator === '>>' || r.operator === '>|');
  if (eff.baseName === 'curl') {
    for (const m of findOptions(eff.args, CURL_URL, valueOpts)) if (m.value) urls.push(m.value.word);
    const outs = findOptions(eff.args, CURL_OUTPUT, CURL_VALUES_BUT_OUTPUT);
    for (const o of outs) if (o.value && !STDOUT.has(o.value.text)) files.push(o.value.text);
    const remoteName = findOptions(eff.args, CURL_REMOTE_NAME, valueOpts).length > 0;
    const outDir = findOptions(eff.args, CURL_OUTPUT_DIR, valueOpts)[0]?.value?.text;
    if (remoteName) for (const u of urls) files.push(joinDir(outDir, urlBaseName(u.value)));
    toStdout = outs.length === 0 || outs.some((o) => STDOUT.has(o.value?.text ?? ''));
    if (remoteName) toStdout = outs.some((o) => STDOUT.has(o.value?.text ?? ''));
  } else {
    const outs = findOptions(eff.args, WGET_OUTPUT, WGET_VALUES_BUT_OUTPUT);
    const prefix = findOptions(eff.args, WGET_PREFIX, WGET_VALUES_BUT_PREFIX)[0]?.value?.text;
    if (outs.length) {
      for (const o of outs) {
        if (STDOUT.has(o.value?.text ?? '')) toStdout = true;
        else if (o.value) files.push(o.value.text);
      }
    } else for (const u of urls) files.push(joinDir(prefix, urlBaseName(u.value)));
  }
  if (toStdout && redirOut?.target) {
    files.push(redirOut.target.value);
    toStdout = false;
  }
  return { command, eff, urls, toStdout, files };
}

function looksLikeUrl(v: string): boolean {
  return /^(https?|ftp):\/\//i.test(v) || /^\$\{?\w+\}?(\/|$)/.test(v) || /^[\w.-]+\.[a-z]{2,}(:\d+)?\//i.test(v) || /^"?\$/.test(v);
}

function urlBaseName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

function joinDir(dir: string | undefined, name: string): string {
  if (!dir) return name;
  return dir.replace(/\/+$/, '') + '/' + name;
}

/** The first URL of a download, for a message (user info removed), or a neutral phrase. */
export function downloadLabel(d: Download): string {
  const u = d.urls[0];
  return u ? `\`${displayUrl(u.value)}\`` : 'a remote file';
}

// ---------------------------------------------------------------------------
// Interpreters

/** Shells: a script on stdin, or as the first positional argument. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'fish', 'busybox']);
/** Other interpreters that run a program read from stdin (`python -`, `perl`, `node`). */
const INTERPRETERS = /^(python[0-9.]*|pypy[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|php[0-9.]*|lua[0-9.]*|tclsh|pwsh|powershell|deno|bun|Rscript)$/;

export function isShell(baseName: string): boolean {
  return SHELLS.has(baseName);
}

export function isInterpreter(baseName: string): boolean {
  return SHELLS.has(baseName) || INTERPRETERS.test(baseName) || baseName === 'source' || baseName === '.';
}

/** Options of the interpreters that take a value (so that the value is not read as the script). */
const INTERPRETER_VALUE_OPTIONS = ['o', 'O', 'W', 'X', 'm', 'r', 'I', 'e', 'E', 'require', 'init-file', 'rcfile'];

/**
 * Whether an interpreter command reads its program from stdin: no script
 * argument, or `-`, or `sh -s`; not when it runs `-c`/`-e` code or a file.
 */
export function readsProgramFromStdin(eff: EffectiveCommand): boolean {
  if (eff.baseName === 'source' || eff.baseName === '.') return eff.args.length === 0 || ['/dev/stdin', '-'].includes(eff.args[0]!.value);
  let args = eff.args;
  if (eff.baseName === 'busybox') {
    if (!args[0] || !isShell(args[0].value)) return false;
    args = args.slice(1);
  }
  const shell = isShell(eff.baseName) || eff.baseName === 'busybox';
  for (const a of args) {
    const v = a.value;
    if (v === '-' || v === '/dev/stdin') return true;
    if (v === '--') break;
    if (/^--/.test(v)) continue;
    if (/^-[a-zA-Z]+$/.test(v)) {
      if (/c/.test(v) && shell) return false;
      if (shell && /s/.test(v)) return true;
      if (!shell && /[ecm]/.test(v)) return false;
    }
  }
  const dd = args.findIndex((a) => a.value === '--');
  const before = dd >= 0 ? args.slice(0, dd) : args;
  const pos = positionalArgs(before, shell ? ['o', 'O'] : INTERPRETER_VALUE_OPTIONS);
  // `php -- --install-dir=x`: what follows `--` goes to the program; for a shell it starts with the script file.
  if (pos.length === 0 && dd >= 0 && shell) {
    const next = args[dd + 1];
    return !next || next.value === '-' || next.value === '/dev/stdin';
  }
  return pos.length === 0 || pos[0]!.value === '-' || pos[0]!.value === '/dev/stdin';
}

// ---------------------------------------------------------------------------
// Verification

/** The commands `isVerification` knows (a first filter: their words decide). */
const VERIFYING_TOOLS = new Set([
  ...['sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'md5sum', 'b2sum', 'b3sum', 'cksum', 'shasum', 'sha256', 'sha512', 'rhash'],
  ...['gpg', 'gpg2', 'gpgv', 'gpgv2', 'cosign', 'minisign', 'signify', 'signify-openbsd', 'openssl', 'rpm', 'rpmkeys', 'slsa-verifier', 'sigstore-verify'],
  ...['gh', 'pgpv', 'sq', 'ssh-keygen', 'sha256sum.exe', 'certutil'],
]);

/**
 * Whether a command verifies a download: a checksum check (`sha256sum -c`,
 * `shasum -a 256 -c`, `echo "<hash>  f" | sha256sum -c`), a signature check
 * (`gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`, `openssl dgst
 * -verify`, `rpm -K`), or a comparison of a computed hash (`sha256sum f |
 * grep`, `[ "$(sha256sum …)" = … ]`).
 */
export function isVerification(command: SimpleCommand): boolean {
  const eff = effectiveCommand(command);
  if (!eff) return false;
  const b = eff.baseName;
  // Asked about every command of a RUN by BH135: the words are listed only for the tools that verify.
  if (!VERIFYING_TOOLS.has(b)) return false;
  const vals = eff.args.map((a) => a.value);
  if (/^(sha(1|224|256|384|512)sum|md5sum|b2sum|b3sum|cksum|shasum|sha256|sha512|rhash)$/.test(b)) {
    if (vals.some((v) => v === '-c' || v === '--check' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(v) || v === '--status' || v === '-w')) return true;
    // `sha256sum file | grep -q <hash>` / `| cut -d' ' -f1` compared later / `… | awk`.
    if (command.pipelineLength > 1 && command.pipelineIndex < command.pipelineLength - 1) return true;
    // `[ "$(sha256sum f)" = "…" ]`, `test … = $(…)`: a hash computed for a comparison.
    if (command.inSubstitution) return true;
    return false;
  }
  if (b === 'gpg' || b === 'gpg2') return vals.some((v) => v === '--verify' || v === '--verify-files' || v === '--decrypt' || v === '-d');
  if (b === 'gpgv' || b === 'gpgv2') return true;
  if (b === 'cosign') return vals.some((v) => /^verify(-blob|-attestation|-blob-attestation)?$/.test(v));
  if (b === 'minisign' || b === 'signify' || b === 'signify-openbsd') return vals.some((v) => /^-[a-zA-Z]*V/.test(v));
  if (b === 'openssl') {
    if (vals.some((v) => v === '-verify' || v === '-signature' || v === '-prverify')) return true;
    // `[ "$(openssl sha512 -r f)" = "$SUM" ]`, `openssl dgst -sha256 f | grep …`: a digest computed for a comparison.
    return /^(dgst|sha1|sha224|sha256|sha384|sha512|md5)$/.test(vals[0] ?? '') && (command.inSubstitution || command.pipelineIndex < command.pipelineLength - 1);
  }
  if (b === 'rpm' || b === 'rpmkeys') return vals.some((v) => v === '-K' || v === '--checksig');
  if (b === 'slsa-verifier' || b === 'sigstore-verify') return true;
  if (b === 'gh') return vals[0] === 'attestation' && vals[1] === 'verify';
  if (b === 'pgpv' || b === 'sq') return vals.some((v) => /verify/.test(v));
  if (b === 'ssh-keygen') return vals.includes('-Y') && vals.some((v) => v === 'verify');
  if (b === 'sha256sum.exe' || b === 'certutil') return vals.some((v) => /hashfile/i.test(v));
  return false;
}

/** Every simple command of the instruction's scripts, with `sh -c '…'` strings. */
export function commandsOfScripts(scripts: readonly ShellScript[]): SimpleCommand[] {
  return scripts.flatMap((s) => s.commands);
}

// ---------------------------------------------------------------------------
// Remote scripts run without a file in between

export interface RemoteScriptRun {
  /** `curl` / `wget`. */
  downloader: string;
  /** The URL for a message (user info removed, in backticks), or `a remote script`. */
  url: string;
  /** The interpreter that runs it (`sh`, `bash`, `python3`, `source`). */
  shell: string;
  how: 'pipe' | 'process' | 'command' | 'herestring';
  span: Span;
  /** The download command(s) involved. */
  downloads: SimpleCommand[];
}

/**
 * Downloads to stdout that make up the whole of `word` (`<(curl …)`,
 * `"$(wget -qO- …)"`): not a download whose output is only part of a larger
 * text (`"echo $(curl …)"`).
 */
function downloadsWithin(script: ShellScript, word: Word): Download[] {
  if (!/^"?(\$\(|`|<\()[\s\S]*(\)|`)"?$/.test(word.raw)) return [];
  const span = word.span;
  const out: Download[] = [];
  for (const c of script.commands) {
    if (!c.inSubstitution || c.span.start < span.start || c.span.end > span.end) continue;
    const d = downloadOf(c);
    // The last command of the substitution's pipeline is what the substitution yields.
    if (d && d.toStdout && c.pipelineIndex === c.pipelineLength - 1) out.push(d);
    else if (d && d.toStdout && c.pipeline.commands.slice(c.pipelineIndex + 1).every((n) => isPassThrough(n))) out.push(d);
  }
  return out;
}

/** Commands that pass their input on (`tee`, `cat`, decompressors). */
function isPassThrough(c: SimpleCommand): boolean {
  const eff = effectiveCommand(c);
  return !!eff && /^(tee|cat|gunzip|zcat|gzip|bunzip2|bzcat|xz|xzcat|unxz|zstd|zstdcat|base64|tr|sed|dos2unix)$/.test(eff.baseName);
}

/**
 * The ways `command` runs a remote script without saving and checking it:
 * `curl … | sh` (reported on the download of the pipeline), `bash <(curl …)`,
 * `sh -c "$(curl …)"`, `eval "$(curl …)"`, `python3 -c "$(curl …)"`,
 * `bash <<< "$(curl …)"`, `sh < <(curl …)` (reported on the interpreter).
 */
export function remoteScriptRuns(command: SimpleCommand, script: ShellScript): readonly RemoteScriptRun[] {
  // Asked about every command by two rules, and most commands run nothing remote: the list is made when one is found.
  let out: RemoteScriptRun[] | undefined;
  const d = downloadOf(command);
  if (d && d.toStdout && command.pipelineIndex < command.pipelineLength - 1) {
    const later = command.pipeline.commands.slice(command.pipelineIndex + 1);
    for (const n of later) {
      const eff = effectiveCommand(n);
      if (eff && isInterpreter(eff.baseName) && readsProgramFromStdin(eff)) {
        (out ??= []).push({ downloader: d.eff.baseName, url: urlLabel(d), shell: shellLabel(eff), how: 'pipe', span: { start: command.span.start, end: n.span.end }, downloads: [command] });
        break;
      }
      if (!eff || !isPassThrough(n)) break;
    }
  }
  const eff = effectiveCommand(command);
  if (!eff || (eff.baseName !== 'eval' && !isInterpreter(eff.baseName))) return out ?? NO_RUNS;
  const push = (how: RemoteScriptRun['how'], ds: Download[]): void => {
    if (ds.length === 0) return;
    (out ??= []).push({ downloader: ds[0]!.eff.baseName, url: urlLabel(ds[0]!), shell: shellLabel(eff), how, span: command.span, downloads: ds.map((x) => x.command) });
  };
  if (isInterpreter(eff.baseName)) {
    const shell = isShell(eff.baseName) || eff.baseName === 'source' || eff.baseName === '.';
    // `bash <(curl …)`, `source <(curl …)`: the script file is a process substitution.
    const pos = positionalArgs(eff.args, shell ? ['o', 'O'] : INTERPRETER_VALUE_OPTIONS);
    const first = pos[0];
    const codeFlag = eff.args.findIndex((a) => (shell ? /^-[a-zA-Z]*c[a-zA-Z]*$/ : /^-[a-zA-Z]*[ce]$/).test(a.value) || a.value === '--eval');
    if (codeFlag >= 0) {
      const code = eff.args[codeFlag + 1];
      if (code && code.dynamic) push('command', downloadsWithin(script, code));
    } else if (first && first.raw.startsWith('<(')) push('process', downloadsWithin(script, first));
    else if (readsProgramFromStdin(eff)) {
      for (const r of command.redirects) {
        if (!r.target) continue;
        if (r.operator === '<<<') push('herestring', downloadsWithin(script, r.target));
        else if (r.operator === '<' && r.target.raw.startsWith('<(')) push('process', downloadsWithin(script, r.target));
      }
    }
  } else if (eff.baseName === 'eval') {
    for (const a of eff.args) if (a.dynamic) push('command', downloadsWithin(script, a));
  }
  return out ?? NO_RUNS;
}

/** `remoteScriptRuns`' answer for a command that runs nothing remote (shared: callers only read it). */
const NO_RUNS: readonly RemoteScriptRun[] = [];

export function urlLabel(d: Download): string {
  return d.urls[0] ? '`' + displayUrl(d.urls[0].value) + '`' : 'a remote script';
}

function shellLabel(eff: EffectiveCommand): string {
  if (eff.baseName === 'busybox' && eff.args[0]) return `busybox ${eff.args[0].value}`;
  return eff.baseName;
}

// ---------------------------------------------------------------------------
// Downloads used (extracted, installed, run) in the same RUN

export type UseKind = 'extracts' | 'installs' | 'runs' | 'makes executable';

export interface DownloadUse {
  kind: UseKind;
  command: SimpleCommand;
}

/** `tar` (or `bsdtar`) in extract mode: `tar xzf`, `tar -xf`, `tar --extract`. */
function isTarExtract(eff: EffectiveCommand): boolean {
  if (eff.baseName !== 'tar' && eff.baseName !== 'bsdtar' && eff.baseName !== 'gtar') return false;
  const first = eff.args[0]?.value ?? '';
  if (/^[a-zA-Z]+$/.test(first) && /x/.test(first)) return true; // old-style `tar xzf`
  return eff.args.some((a) => a.value === '--extract' || a.value === '--get' || /^-[a-zA-Z]*x[a-zA-Z]*$/.test(a.value));
}

const DECOMPRESSORS = /^(gunzip|zcat|bunzip2|bzcat|unxz|xzcat|unzstd|zstdcat|unlzma|lzcat|uncompress)$/;

function isDecompress(eff: EffectiveCommand): boolean {
  if (DECOMPRESSORS.test(eff.baseName)) return true;
  if (/^(gzip|bzip2|xz|zstd|lzma|pigz)$/.test(eff.baseName)) return eff.args.some((a) => a.value === '-d' || a.value === '--decompress' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a.value));
  return false;
}

/** Whether `used` (as written in a later command) names the file `downloaded`. */
/** A path as compared: `${V}` and `$V` name the same value; `./x` is `x`. */
export function normalizePath(p: string): string {
  return p.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1').replace(/^(\.\/)+/, '').replace(/\/\/+/g, '/');
}

/** The last path segment. */
export function pathBaseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The forms of a word that `useOf` compares with a file: as written, after `--opt=`, after `-xzf`. */
export function fileWordForms(v: string): string[] {
  const out = [v];
  const eq = /^--?[a-z-]+=(.+)$/.exec(v);
  if (eq) out.push(eq[1]!);
  const glued = /^-[a-zA-Z]*?f(.+)$/.exec(v);
  if (glued) out.push(glued[1]!);
  return out;
}

export function sameFile(downloaded: string, used: string): boolean {
  const norm = normalizePath;
  const a = norm(downloaded);
  const b = norm(used);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  // `cd /tmp && wget …/x.tgz && tar xzf /tmp/x.tgz`: a bare name against a path ending in it.
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  if (!a.includes('/') && b.includes('/')) return base(b) === a;
  if (!b.includes('/') && a.includes('/')) return base(a) === b;
  return false;
}

/** What a command does with `file`, if it extracts, installs, runs or chmods +x it. */
export function useOf(command: SimpleCommand, file: string): UseKind | undefined {
  const eff = effectiveCommand(command);
  if (!eff) return undefined;
  const b = eff.baseName;
  const vals = eff.args.map((a) => a.value);
  const has = (): boolean => vals.some((v) => fileWordForms(v).some((f) => sameFile(file, f)));
  if (isTarExtract(eff)) return has() ? 'extracts' : undefined;
  if (/^(unzip|7z|7za|7zr|unrar|cpio|jar)$/.test(b) || isDecompress(eff)) {
    if (b === 'jar' && !vals.some((v) => /^-?x/.test(v))) return undefined;
    return has() ? 'extracts' : undefined;
  }
  if (b === 'dpkg') return vals.some((v) => v === '-i' || v === '--install' || /^-[a-zA-Z]*i/.test(v)) && has() ? 'installs' : undefined;
  if (b === 'rpm') return vals.some((v) => /^-[a-zA-Z]*[iUF]/.test(v) || v === '--install' || v === '--upgrade' || v === '--freshen') && has() ? 'installs' : undefined;
  if (/^(apt|apt-get|yum|dnf|microdnf|tdnf|zypper|apk|gdebi|pip[0-9.]*|npm|gem|snap)$/.test(b)) {
    return vals.some((v) => /^(install|localinstall|add|reinstall|upgrade|-i)$/.test(v)) && has() ? 'installs' : undefined;
  }
  if (b === 'chmod') {
    const mode = positionalArgs(eff.args)[0]?.value ?? '';
    const exec = /^[ugoa]*\+[rwXst]*x/.test(mode) || (/^[0-7]{3,4}$/.test(mode) && /[1357]/.test(mode.slice(-3)));
    return exec && positionalArgs(eff.args).slice(1).some((w) => sameFile(file, w.value)) ? 'makes executable' : undefined;
  }
  if (command.nameWord && (sameFile(file, eff.name) || (eff.name.includes('/') && sameFile(file, eff.name)))) return 'runs';
  if (isInterpreter(b) || b === 'java') {
    const pos = positionalArgs(eff.args, ['o', 'O', 'cp', 'classpath']);
    if (b === 'java') return vals.includes('-jar') && has() ? 'runs' : undefined;
    return pos[0] && sameFile(file, pos[0].value) ? 'runs' : undefined;
  }
  return undefined;
}

/** Extract/decompress commands that read a download on stdin (`curl … | tar xz`). */
export function pipedExtract(command: SimpleCommand): SimpleCommand | undefined {
  for (const n of command.pipeline.commands.slice(command.pipelineIndex + 1)) {
    const eff = effectiveCommand(n);
    if (!eff) return undefined;
    if (isTarExtract(eff) || isDecompress(eff) || eff.baseName === 'cpio') return n;
    if (eff.baseName === 'dpkg' && eff.args.some((a) => a.value === '-i')) return n;
    if (!isPassThrough(n)) return undefined;
  }
  return undefined;
}
