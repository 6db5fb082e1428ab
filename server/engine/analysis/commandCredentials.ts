/**
 * Credentials given on a RUN command line: `curl -u user:pass`, `wget
 * --password=…`, `docker login -p`, `mysql -pSECRET`, `PGPASSWORD=… psql`,
 * `sshpass -p`, `aws configure set aws_secret_access_key …`, `npm config set
 * //…:_authToken …`, `https://user:token@host` URLs, and `gcloud auth
 * activate-service-account --key-file` with a key file that a COPY put in the
 * image. Each value is classified: a literal, a build argument, an ENV, read
 * from a secret mount (fine), or unknown (not reported).
 *
 * BH121 reports these; BH120 leaves the literal values found here to it, so a
 * credential on a command line is reported once.
 */
import type { DockerfileModel, Instruction } from '../model/dockerfile';
import type { Word, SimpleCommand } from '../parse/shell';
import type { Span } from '../types';
import { effectiveCommand, findOptions, positionalArgs, runCommands, type CommandSite } from './commands';
import { stageChain } from './dockerfile';
import { secretMounts } from './buildSecrets';
import { copyArgs } from './copySources';
import { classifyValue, findCredentials, parseReference } from '../secrets/detect';
import { DerivedKey } from '../util/derived';

export type CredentialSource =
  | { kind: 'literal' }
  | { kind: 'arg'; name: string }
  | { kind: 'env'; name: string };

export interface CommandCredential {
  site: CommandSite;
  /** What it is, for the message: "the password of `curl -u`". */
  what: string;
  /** The word that holds the value. */
  word: Word;
  /** The value inside `word.value`: `[start, end)`. */
  valueRange: [number, number];
  /** The value as written (for masking; never shown in clear). */
  secret: string;
  /** Where the value is written in the document (the word when it cannot be mapped exactly). */
  span: Span;
  source: CredentialSource;
  /** Base for the secret id of a fix (`curl_auth`). */
  secretId: string;
}

export interface CopiedKeyFile {
  site: CommandSite;
  word: Word;
  span: Span;
  file: string;
  copy: Instruction;
}

export interface CommandCredentialResult {
  credentials: CommandCredential[];
  keyFiles: CopiedKeyFile[];
}

const CREDENTIALS = new DerivedKey<CommandCredentialResult>('command-line credentials');

const CURL_VALUE_OPTIONS = ['o', 'H', 'd', 'X', 'A', 'e', 'b', 'c', 'F', 'T', 'w', 'x', 'K', 'r', 'm', 'E', 'C', 'z', 'Y', 'y', 'D', 'Q', 'output', 'header', 'data', 'data-raw', 'data-binary', 'request', 'user-agent', 'referer', 'cookie', 'cookie-jar', 'form', 'upload-file', 'write-out', 'proxy', 'config', 'range', 'max-time', 'cert', 'cacert', 'connect-timeout', 'retry', 'url', 'resolve', 'oauth2-bearer'];
const MYSQL_TOOLS = new Set(['mysql', 'mysqladmin', 'mysqldump', 'mysqlimport', 'mysqlshow', 'mysqlcheck', 'mysqlpump', 'mariadb', 'mariadb-admin', 'mariadb-dump', 'mariadb-import', 'mariadb-show', 'mariadb-check', 'mysql_upgrade', 'mariadb-upgrade']);
const LOGIN_TOOLS = new Set(['docker', 'podman', 'buildah', 'skopeo', 'nerdctl', 'oras', 'helm', 'crane', 'regctl']);
/** Environment variables that hold a password for the tool they are given to. */
/** A Map: a variable named `constructor` or `toString` is not one of them. */
const PASSWORD_VARIABLES = new Map<string, string>([['PGPASSWORD', 'pgpassword'], ['MYSQL_PWD', 'mysql_pwd'], ['SSHPASS', 'sshpass'], ['REDISCLI_AUTH', 'rediscli_auth']]);

/** Every credential on a RUN command line, and service-account key files copied into the image. */
export function commandLineCredentials(model: DockerfileModel): CommandCredentialResult {
  return model.derived.get(CREDENTIALS, () => findCommandLineCredentials(model));
}

function findCommandLineCredentials(model: DockerfileModel): CommandCredentialResult {
  const result: CommandCredentialResult = { credentials: [], keyFiles: [] };
  for (const site of runCommands(model)) {
    try {
      scanCommand(model, site, result);
    } catch {
      /* a command the scanner does not understand is skipped */
    }
  }
  // One entry per place (a URL password found as a URL and as an option value).
  const seen = new Set<string>();
  result.credentials = result.credentials.filter((c) => {
    const k = `${c.span.start}:${c.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return result;
}

function scanCommand(model: DockerfileModel, site: CommandSite, out: CommandCredentialResult): void {
  const cmd = site.command;
  const add = (what: string, word: Word, range: [number, number], secretId: string): void => {
    const secret = word.value.slice(range[0], range[1]);
    const source = sourceOf(model, site, secret);
    if (!source) return;
    out.credentials.push({ site, what, word, valueRange: range, secret, span: spanIn(word, range), source, secretId });
  };

  // Password variables given to the command (`PGPASSWORD=… psql`) or exported (`export PGPASSWORD=…`).
  for (const a of cmd.assignments) {
    const id = PASSWORD_VARIABLES.get(a.name);
    if (id && a.value) add(`\`${a.name}\``, a.value, whole(a.value), id);
  }
  const eff = effectiveCommand(cmd);
  if (!eff) return;
  const args = eff.args;
  const base = eff.baseName;
  if (base === 'export' || base === 'declare' || base === 'typeset' || base === 'readonly') {
    for (const w of args) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.value);
      const id = m ? PASSWORD_VARIABLES.get(m[1]!) : undefined;
      if (id) add(`\`${m![1]}\``, w, afterEq(w), id);
    }
  }

  if (base === 'curl') {
    for (const m of findOptions(args, { short: ['u', 'U'], long: ['user', 'proxy-user'], takesValue: true }, CURL_VALUE_OPTIONS)) {
      if (!m.value) continue;
      const w = m.value.word;
      const full = w.value;
      // The value is the rest of the word (`-uuser:pw`, `--user=user:pw`) or the next word.
      const offset = m.value.separate ? 0 : full.length - m.value.text.length;
      const colon = m.value.text.indexOf(':');
      if (colon < 0) continue; // no password: curl prompts
      add(`the password of \`curl ${m.name}\``, w, [offset + colon + 1, full.length], 'curl_auth');
    }
  } else if (base === 'wget') {
    for (const m of findOptions(args, { long: ['password', 'http-password', 'ftp-password', 'proxy-password'], takesValue: true })) {
      if (!m.value) continue;
      const w = m.value.word;
      add(`\`wget ${m.name}\``, w, m.value.separate ? whole(w) : afterEq(w), 'wget_password');
    }
  } else if (LOGIN_TOOLS.has(base) && isLogin(base, args)) {
    for (const m of findOptions(args, { short: ['p'], long: ['password'], takesValue: true }, ['u', 'username', 'server', 'config'])) {
      if (!m.value) continue;
      const w = m.value.word;
      const offset = m.value.separate ? 0 : w.value.length - m.value.text.length;
      add(`the password of \`${base} login ${m.name}\``, w, [offset, w.value.length], `${base}_password`);
    }
  } else if (MYSQL_TOOLS.has(base)) {
    for (const w of args) {
      if (w.value === '--') break;
      // `-pSECRET` (attached: `-p` alone prompts, and the next word is the database) and `--password=SECRET`.
      const short = /^-p(.+)$/s.exec(w.value);
      if (short) add(`the password of \`${base} -p\``, w, [2, w.value.length], 'mysql_password');
      else if (/^--password=./s.test(w.value)) add(`the password of \`${base} --password\``, w, afterEq(w), 'mysql_password');
    }
  } else if (base === 'sshpass') {
    for (const m of findOptions(args, { short: ['p'], takesValue: true }, ['f', 'd', 'P'])) {
      if (!m.value) continue;
      const w = m.value.word;
      const offset = m.value.separate ? 0 : w.value.length - m.value.text.length;
      add('the password of `sshpass -p`', w, [offset, w.value.length], 'sshpass');
    }
  } else if (base === 'aws') {
    const pos = positionalArgs(args, ['profile', 'region', 'output', 'endpoint-url']);
    if (pos[0]?.value === 'configure' && pos[1]?.value === 'set' && pos[2] && pos[3]) {
      const key = pos[2].value.split('.').pop()!;
      if (key === 'aws_secret_access_key' || key === 'aws_session_token') add(`\`aws configure set ${key}\``, pos[3], whole(pos[3]), key);
    }
  } else if (base === 'npm' || base === 'yarn' || base === 'pnpm') {
    const pos = positionalArgs(args, ['userconfig', 'registry', 'location', 'L']);
    const setAt = pos[0]?.value === 'config' && pos[1]?.value === 'set' ? 2 : pos[0]?.value === 'set' ? 1 : -1;
    const key = setAt >= 0 ? pos[setAt] : undefined;
    if (key && /(^|:)_(authToken|auth|password)(=|$)/.test(key.value)) {
      const eq = key.value.indexOf('=');
      if (eq >= 0) add(`\`${base} config set …:_authToken\``, key, [eq + 1, key.value.length], 'npm_token');
      else if (pos[setAt + 1]) add(`\`${base} config set …:_authToken\``, pos[setAt + 1]!, whole(pos[setAt + 1]!), 'npm_token');
    }
  } else if (base === 'gcloud') {
    const pos = positionalArgs(args, ['key-file', 'project', 'account', 'configuration']);
    if (pos[0]?.value === 'auth' && pos[1]?.value === 'activate-service-account') {
      for (const m of findOptions(args, { long: ['key-file'], takesValue: true })) {
        if (!m.value || m.value.word.dynamic) continue;
        const copy = copiedInto(model, site, m.value.text);
        if (copy) out.keyFiles.push({ site, word: m.value.word, span: m.value.span, file: m.value.text, copy });
      }
    }
  }

  // URLs with credentials, in any argument: `https://user:token@host`, `https://<token>@host`.
  // (Asked of every command: the words are read where they are, without a list of them all.)
  for (let k = 0; k <= args.length; k++) {
    const w = k < args.length ? args[k]! : eff.nameWord;
    if (w.value.indexOf('://') < 0) continue;
    for (const u of urlUserinfo(w.value)) add(u.what, w, u.range, base === 'git' ? 'git_token' : 'url_password');
  }
}

/** The whole of a word's value, as a range in it. */
function whole(w: Word): [number, number] {
  return [0, w.value.length];
}

/** A word's value after its first `=`, as a range in it. */
function afterEq(w: Word): [number, number] {
  return [w.value.indexOf('=') + 1, w.value.length];
}

function isLogin(base: string, args: readonly Word[]): boolean {
  const pos = positionalArgs(args, ['u', 'username', 'p', 'password', 'config', 'H', 'host', 'context', 'namespace', 'n']);
  if (base === 'helm') return pos[0]?.value === 'registry' && pos[1]?.value === 'login';
  if (base === 'crane' || base === 'regctl') return pos[0]?.value === 'auth' && pos[1]?.value === 'login';
  return pos[0]?.value === 'login';
}

/** `scheme://user:pass@host` → the password; `scheme://TOKEN@host` → a token-looking user part. */
function urlUserinfo(value: string): { what: string; range: [number, number] }[] {
  const out: { what: string; range: [number, number] }[] = [];
  const rx = /\b([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/([^\s/@'"`?#]{1,512})@(?=[^\s/@'"`])/g;
  let m: RegExpExecArray | null;
  while ((m = rx.exec(value))) {
    const userinfo = m[2]!;
    const start = m.index + m[1]!.length + 3;
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      if (colon + 1 < userinfo.length) out.push({ what: 'the password of a URL', range: [start + colon + 1, start + userinfo.length] });
    } else if (parseReference(userinfo) || findCredentials(userinfo).length || /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}$/.test(userinfo)) {
      // A lone user part is a token when it is a variable, a known token shape, or long and random-looking (`git@` is a user).
      out.push({ what: 'the token of a URL', range: [start, start + userinfo.length] });
    }
  }
  return out;
}

/** Where the value comes from, or undefined when it is fine (a secret mount) or cannot be judged. */
export function credentialSource(model: DockerfileModel, site: CommandSite, secret: string): CredentialSource | undefined {
  return sourceOf(model, site, secret);
}

function sourceOf(model: DockerfileModel, site: CommandSite, secret: string): CredentialSource | undefined {
  const v = secret.trim();
  if (v === '' || v.includes('/run/secrets/')) return undefined;
  const ref = parseReference(v);
  if (ref) {
    const ins = site.instruction;
    if (secretMounts(ins).some((m) => m.env === ref.name)) return undefined;
    if (assignedInScript(site, ref.name)) return undefined; // `PW=$(cat /run/secrets/pw); mysql -p$PW`
    if (argDeclared(model, ins, ref.name)) return { kind: 'arg', name: ref.name };
    if (envDeclared(model, ins, ref.name)) return { kind: 'env', name: ref.name };
    return undefined;
  }
  if (/[$`]/.test(v)) return undefined; // other expansions: not judged
  if (classifyValue(v) !== 'literal') return undefined;
  if (/^(password|passwd|pass|secret|token|<.*>|\.\.\.)$/i.test(v)) return undefined;
  return { kind: 'literal' };
}

function assignedInScript(site: CommandSite, name: string): boolean {
  return site.script.commands.some(
    (c: SimpleCommand) =>
      c.span.start < site.command.span.start &&
      (c.assignments.some((a) => a.name === name) || ((c.baseName === 'export' || c.baseName === 'read') && c.args.some((w) => w.value === name || w.value.startsWith(name + '=')))),
  );
}

/** An `ARG name` earlier in the instruction's stage (ARGs do not cross FROM), or an `ONBUILD ARG` for a trigger. */
function argDeclared(model: DockerfileModel, ins: Instruction, name: string): boolean {
  const stage = model.stages[ins.stageIndex];
  if (!stage) return false;
  const at = (ins.onbuildParent ?? ins).span.start;
  return stage.instructions.some((i) => {
    if (i.span.start >= at) return false;
    const decl = i.keyword === 'ARG' ? i : ins.onbuildParent && i.trigger?.keyword === 'ARG' ? i.trigger : undefined;
    return decl?.properties.some((p) => p.name === name) ?? false;
  });
}

/** An `ENV name` earlier in the stage or in the stages it is built FROM. */
function envDeclared(model: DockerfileModel, ins: Instruction, name: string): boolean {
  const stage = model.stages[ins.stageIndex];
  if (!stage) return false;
  const at = (ins.onbuildParent ?? ins).span.start;
  return stageChain(model, stage).some((s) => s.instructions.some((i) => i.keyword === 'ENV' && (s !== stage || i.span.start < at) && i.properties.some((p) => p.name === name)));
}

/** A COPY/ADD from the build context earlier in the stage chain that puts a file with this name in the image. */
function copiedInto(model: DockerfileModel, site: CommandSite, file: string): Instruction | undefined {
  const stage = site.stage;
  if (!stage) return undefined;
  const baseName = file.slice(file.lastIndexOf('/') + 1);
  if (!baseName) return undefined;
  const at = (site.instruction.onbuildParent ?? site.instruction).span.start;
  for (const s of stageChain(model, stage)) {
    for (const i of s.instructions) {
      if (s === stage && i.span.start >= at) continue;
      const args = copyArgs(i);
      if (!args?.dest || args.from !== undefined || args.sources.length === 0) continue;
      const dest = args.dest.value;
      const sources = args.sources.map((a) => a.value);
      const destBase = dest.replace(/\/+$/, '').split('/').pop()!;
      const names = dest.endsWith('/') || sources.length > 1 ? sources.map((x) => x.replace(/\/+$/, '').split('/').pop()!) : [destBase];
      if (names.includes(baseName) || (dest === file && !dest.endsWith('/'))) return i;
    }
  }
  return undefined;
}

/** The span of `value[range]` in the document when the word is plain or simply quoted, else the word's span. */
export function spanIn(w: Word, range: [number, number]): Span {
  if (w.raw === w.value) return { start: w.span.start + range[0], end: w.span.start + range[1] };
  if (w.raw.length === w.value.length + 2 && /^(['"])[\s\S]*\1$/.test(w.raw) && w.raw.slice(1, -1) === w.value) {
    return { start: w.span.start + 1 + range[0], end: w.span.start + 1 + range[1] };
  }
  return w.span;
}
