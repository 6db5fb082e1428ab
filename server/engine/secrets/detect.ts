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

const CREDENTIAL_PATTERNS: { kind: string; rx: RegExp; group?: number }[] = [
  { kind: 'a private key', rx: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'an AWS access key ID', rx: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'a GitHub token', rx: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'a GitLab token', rx: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'a Slack token', rx: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'a Stripe secret key', rx: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/g },
  { kind: 'an npm token', rx: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'a PyPI token', rx: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40,}/g },
  { kind: 'a Google API key', rx: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'a JSON Web Token', rx: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // `scheme://user:password@host`; a password that is a variable reference is not a literal.
  { kind: 'a password in a URL', rx: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s/@'"$]{1,200})@[^\s/'"]/gi, group: 1 },
];

/** Credential-shaped literals in `text`, in order. */
export function findCredentials(text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  if (text.length < 8) return out;
  for (const p of CREDENTIAL_PATTERNS) {
    p.rx.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.rx.exec(text))) {
      if (p.group) {
        const secret = m[p.group]!;
        const start = m.index + m[0].indexOf(':' + secret + '@') + 1;
        if (classifyValue(secret) !== 'literal') continue;
        out.push({ kind: p.kind, start, end: start + secret.length, secret });
      } else {
        out.push({ kind: p.kind, start: m.index, end: m.index + m[0].length, secret: m[0] });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
