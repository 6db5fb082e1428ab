/**
 * Secret detection shared by every rule that looks for credentials: variable
 * names that say "secret", and literal values shaped like a known kind of
 * credential. Callers mask values with `maskSecret` before they reach a
 * message.
 */

/** Name tokens that mark a secret on their own. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'PRIVATEKEY']);
/** `<X>_KEY` is a secret for these X. */
const KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'ACCESS', 'SECRET', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH', 'CLIENT', 'SESSION', 'APP', 'LICENSE', 'ACCOUNT', 'SERVICE', 'WEBHOOK', 'HMAC', 'JWT', 'CRYPT']);
/** A last token that makes the name describe a secret rather than hold one. */
const DESCRIPTIVE_SUFFIXES = new Set([
  'FILE', 'FILES', 'PATH', 'DIR', 'VERSION', 'URL', 'URI', 'HOST', 'PORT', 'NAME', 'USER', 'USERNAME', 'LENGTH', 'LEN', 'TYPE', 'ENABLED',
  'ENABLE', 'DISABLED', 'ID', 'MODE', 'POLICY', 'EXPIRY', 'EXPIRES', 'TTL', 'TIMEOUT', 'HEADER', 'FIELD', 'REGEX', 'METHOD', 'PROVIDER', 'ENV',
  'VAR', 'ENDPOINT', 'SIZE', 'MIN', 'MAX', 'ROTATION', 'ALGORITHM', 'ALG', 'LOCATION', 'REF', 'ARN', 'KIND', 'FORMAT', 'PREFIX', 'SUFFIX', 'COMMAND', 'CMD',
  'SERVER', 'REQUIRED', 'HASH', 'SHA', 'SHA256', 'SHA512', 'MD5', 'CHECKSUM', 'FINGERPRINT', 'FINGERPRINTS', 'STORE', 'MANAGER', 'COUNT',
]);
/** Tokens that make the whole name non-secret (public keys, key servers, signature fingerprints). */
const NEUTRAL_TOKENS = new Set(['PUBLIC', 'PUB', 'GPG', 'GNUPG', 'PGP', 'KEYSERVER', 'KEYRING', 'FINGERPRINT', 'NO', 'SKIP', 'DISABLE', 'ALLOW', 'REQUIRE', 'MIN', 'MAX']);

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password` into upper-case tokens. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toUpperCase());
}

/** True when a variable name says it holds a secret (`DB_PASSWORD`, `NPM_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
export function isSecretName(name: string): boolean {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return false;
  // `PWD` and `OLDPWD` are the shell's working directory.
  if (tokens.length === 1 && (tokens[0] === 'PWD' || tokens[0] === 'OLDPWD')) return false;
  if (tokens.some((t) => NEUTRAL_TOKENS.has(t))) return false;
  const last = tokens[tokens.length - 1]!;
  if (DESCRIPTIVE_SUFFIXES.has(last)) return false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (SECRET_WORDS.has(t)) return true;
    // Run-together names: ROOTPASSWORD, DBPASSWD, AUTHTOKEN, CLIENTSECRET, ROOTPASS (not BYPASS or KEEPASSXC).
    if (/^[A-Z0-9]+(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET)$/.test(t) || /^(ROOT|ADMIN|DB|USER|SA|SU|MASTER|MYSQL|REDIS|LDAP)PASS$/.test(t)) return true;
    if (t === 'KEY' && i > 0 && KEY_QUALIFIERS.has(tokens[i - 1]!)) return true;
    if (t === 'AUTH' && i === tokens.length - 1 && tokens.length > 1) return true;
  }
  return false;
}

/**
 * - `empty`: `""` or nothing;
 * - `reference`: only a variable (`$X`, `${X}`, `${X:-default}`), see `parseReference`;
 * - `placeholder`: template text (`<your-token>`, `xxx`, `changeme` is NOT one: a default password is a secret);
 * - `path`: a file name or absolute path (`resetPassword.sh`, `/run/secrets/db`): the variable points at a secret, it is not one;
 * - `literal`: anything else.
 */
export type ValueKind = 'empty' | 'reference' | 'placeholder' | 'path' | 'literal';

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1).trim();
  return v;
}

/** `$X`, `${X}`, `${X:-fallback}`, `${X-fallback}` → the name and the fallback, if any. */
export function parseReference(value: string): { name: string; fallback?: string } | null {
  const v = unquote(value);
  const m = /^\$(?:(\w+)|\{(\w+)(?:(:?[-+?])([^}]*))?\})$/.exec(v);
  if (!m) return null;
  const name = (m[1] ?? m[2])!;
  // `${X:+word}` yields word only when X is set, `${X:?msg}` fails: neither is a default.
  if (m[3] && (m[3].endsWith('-')) && m[4] !== undefined) return { name, fallback: unquote(m[4]) };
  return { name };
}

/** What kind of value a secret-named variable has. */
export function classifyValue(value: string | null | undefined): ValueKind {
  const v = unquote(value ?? '');
  if (v === '') return 'empty';
  if (parseReference(v)) return 'reference';
  if (/^\/[\w.@+-]+(\/[\w.@+-]*)*$/.test(v) || /^[\w.-]+\.(sh|bash|py|pl|rb|js|txt|conf|cfg|ini|json|ya?ml|xml|properties|env|pem|crt|key|p12|jks)$/i.test(v)) return 'path';
  if (/^<[^<>]*>$/.test(v) || /^(x{3,}|\*{3,}|\.{3}|-|none|null|undefined|todo|tbd|placeholder|your[-_ ].*|replace[-_ ]?me|set[-_ ]?me)$/i.test(v)) return 'placeholder';
  return 'literal';
}

export interface CredentialMatch {
  /** What it looks like, for the message: "an AWS access key ID". */
  kind: string;
  /** Offset of the credential within the scanned text. */
  start: number;
  end: number;
  /** The secret part (for URLs: the password only). */
  secret: string;
}

/**
 * Token formats. Every pattern has a fixed prefix and bounded quantifiers, so a
 * scan costs at most a constant per position (no nested quantifiers, no
 * unbounded runs that a string of near-matches could make quadratic).
 */
const CREDENTIAL_PATTERNS: { kind: string; rx: RegExp; hints: readonly string[] | RegExp; group?: number; validate?: (m: RegExpExecArray) => boolean }[] = [
  { kind: 'a private key', rx: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g, hints: ['-----BEGIN '] },
  { kind: 'an AWS access key ID', rx: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, hints: ['AKIA', 'ASIA'] },
  // `aws_secret_access_key = …`, `AWS_SECRET_ACCESS_KEY=…`, `"SecretAccessKey": "…"`.
  { kind: 'an AWS secret access key', rx: /\b(?:aws_?)?secret_?access_?key["']?(?:[ \t]{0,8}[:=][ \t]{0,8}|[ \t]{1,8})["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi, hints: /secret/i, group: 1, validate: (m) => looksLikeAwsSecret(m[1]!) },
  { kind: 'a GitHub token', rx: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'] },
  { kind: 'a GitLab token', rx: /\bglpat-[A-Za-z0-9_-]{20,255}\b/g, hints: ['glpat-'] },
  { kind: 'a Slack token', rx: /\b(?:xox[abposr]-[A-Za-z0-9-]{10,255}|xapp-[0-9]-[A-Za-z0-9-]{10,255})\b/g, hints: ['xox', 'xapp-'] },
  { kind: 'a Slack webhook URL', rx: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Za-z0-9_]{4,20}\/[A-Za-z0-9_]{4,20}\/[A-Za-z0-9_]{8,64}/g, hints: ['https://hooks.slack.com/'] },
  { kind: 'a Stripe secret key', rx: /\b[sr]k_live_[A-Za-z0-9]{20,255}\b/g, hints: ['k_live_'] },
  { kind: 'an npm token', rx: /\bnpm_[A-Za-z0-9]{36}\b/g, hints: ['npm_'] },
  { kind: 'a PyPI token', rx: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40,1024}/g, hints: ['pypi-AgEIcHlwaS5vcmc'] },
  { kind: 'a Google API key', rx: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, hints: ['AIza'] },
  { kind: 'a JSON Web Token', rx: /\beyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,2048}/g, hints: ['eyJ'], validate: (m) => isJwtHeader(m[0].slice(0, m[0].indexOf('.'))) },
];

/**
 * Every pattern can match only where one of its hints (a fixed part of it)
 * is written: looking for a fixed string costs much less than running the
 * pattern, and most text holds none of them.
 */
function mayMatch(text: string, hints: readonly string[] | RegExp): boolean {
  if (hints instanceof RegExp) return hints.test(text);
  for (const h of hints) if (text.includes(h)) return true;
  return false;
}

/** Any pattern's hint, in one expression: one pass over a text rules out every pattern at once. */
const ANY_HINT = new RegExp(
  CREDENTIAL_PATTERNS.flatMap((p) =>
    p.hints instanceof RegExp
      ? // A case-insensitive word: each letter in either case.
        [p.hints.source.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`)]
      : p.hints.map((h) => h.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
  ).join('|'),
);

/** Forty base64 characters with both cases and a digit or `/`/`+`: not a hex digest, not a word. */
function looksLikeAwsSecret(v: string): boolean {
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9/+]/.test(v) && !/^[0-9a-fA-F]+$/.test(v);
}

/** The first part of a JWT decodes to a JSON object with an `alg`. */
function isJwtHeader(part: string): boolean {
  try {
    const json = JSON.parse(Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && typeof (json as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** Passwords that are template text in a URL (`user:password@host`), not a password. */
const PLACEHOLDER_PASSWORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'pw', 'secret', 'token', 'apikey', 'api_key', 'mypassword', 'yourpassword', 'your_password', 'pass123', 'changeit']);

/**
 * `scheme://user:password@host` → the password. Found from each `://` with
 * bounded scans (scheme ≤ 32 characters, user ≤ 256, password ≤ 200), so the
 * cost is linear in the text.
 */
const URL_USER = /[^\s:/@'"`]{1,256}:/y;
const URL_PASSWORD = /([^\s/@'"`$]{1,200})@[^\s/'"`@]/y;

function urlPasswords(text: string, out: CredentialMatch[]): void {
  const userRx = URL_USER;
  const passRx = URL_PASSWORD;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let s = at;
    while (s > 0 && at - s < 32 && /[A-Za-z0-9+.-]/.test(text[s - 1]!)) s--;
    if (s === at || !/[A-Za-z]/.test(text[s]!) || (s > 0 && /\w/.test(text[s - 1]!))) continue;
    userRx.lastIndex = at + 3;
    // (`test` moves `lastIndex` past the user as `exec` would, without building a match.)
    if (!userRx.test(text)) continue;
    passRx.lastIndex = userRx.lastIndex;
    const p = passRx.exec(text);
    if (!p) continue;
    const secret = p[1]!;
    if (classifyValue(secret) !== 'literal' || PLACEHOLDER_PASSWORDS.has(secret.toLowerCase())) continue;
    const start = passRx.lastIndex - p[0].length;
    out.push({ kind: 'a password in a URL', start, end: start + secret.length, secret });
  }
}

/** An AWS secret key (40 base64 characters) within a few lines after an access key ID, as `~/.aws/credentials` and `aws configure` write them. */
const AWS_SECRET_NEARBY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function awsSecretsNearKeyIds(text: string, ids: CredentialMatch[], out: CredentialMatch[]): void {
  const rx = AWS_SECRET_NEARBY;
  for (const id of ids) {
    const window = text.slice(id.end, Math.min(text.length, id.end + 200));
    rx.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rx.exec(window))) {
      if (!looksLikeAwsSecret(m[0])) continue;
      const start = id.end + m.index;
      if (!out.some((c) => c.start === start)) out.push({ kind: 'an AWS secret access key', start, end: start + 40, secret: m[0] });
      break;
    }
  }
}

/** `findCredentials`' answer for a text without any (shared: callers only read it). */
const NO_CREDENTIALS: readonly CredentialMatch[] = [];

/** Credential-shaped literals in `text`, in order. */
export function findCredentials(text: string): readonly CredentialMatch[] {
  if (text.length < 8) return NO_CREDENTIALS;
  // Most texts hold neither a pattern's fixed part nor a URL: nothing else to build.
  const hinted = ANY_HINT.test(text);
  if (!hinted && text.indexOf('://') < 0) return NO_CREDENTIALS;
  const out: CredentialMatch[] = [];
  for (const p of CREDENTIAL_PATTERNS) {
    if (!hinted) break;
    if (!mayMatch(text, p.hints)) continue;
    p.rx.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.rx.exec(text))) {
      if (p.validate && !p.validate(m)) continue;
      if (p.group) {
        const secret = m[p.group]!;
        const start = m.index + m[0].lastIndexOf(secret);
        if (classifyValue(secret) !== 'literal') continue;
        out.push({ kind: p.kind, start, end: start + secret.length, secret });
      } else {
        out.push({ kind: p.kind, start: m.index, end: m.index + m[0].length, secret: m[0] });
      }
    }
  }
  if (out.length > 0) awsSecretsNearKeyIds(text, out.filter((c) => c.kind === 'an AWS access key ID'), out);
  urlPasswords(text, out);
  if (out.length < 2) return out;
  // One finding per place: a Slack webhook URL is not also a URL password, a token inside a URL is reported once.
  out.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: CredentialMatch[] = [];
  for (const c of out) {
    const last = kept[kept.length - 1];
    if (last && c.start < last.end) continue;
    kept.push(c);
  }
  return kept;
}
