/**
 * File names that hold credentials or private keys: what BH122 reports when a
 * COPY/ADD puts one in an image, and what BH123 wants a `.dockerignore` to
 * exclude. Names are judged on the path as written in the Dockerfile; globs
 * are judged on what they can match (`*.pem` can match a private key).
 */

export interface SensitiveFile {
  /** For the message: "an SSH private key". */
  what: string;
  /** Certainly a credential (error), or possibly one (`*.pem` that is not named like a certificate; a glob). */
  definite: boolean;
  /** Worth reporting when copied from another build stage too (credential dotfiles, SSH keys). */
  fromStage: boolean;
}

/** `.pem` names that are certificates or CA bundles, not private keys. */
const CERT_WORDS = /(^|[-_.])(ca|cas|cacert|cert|certs|certificate|certificates|chain|fullchain|bundle|pub|public|root|roots|trust|truststore|intermediate|crt)([-_.]|$)/i;
const KEY_WORDS = /(^|[-_.])(key|privkey|private|priv|secret|tls-key|server-key)([-_.]|$)/i;
/** `.key` names that are public signing keys (apt/yum repository keys). */
const PUBLIC_KEY_WORDS = /(^|[-_.])(gpg|pgp|signing|sign|apt|yum|rpm|repo|release|archive|keyring|pub|public|asc)([-_.]|$)/i;
const ENV_TEMPLATES = /^\.env\.(example|sample|template|dist|defaults?|tmpl|tpl|schema)$/i;

/** The sensitive kind of a path (a file or directory name as a COPY source writes it), if any. */
export function sensitiveFile(source: string): SensitiveFile | undefined {
  const path = source.replace(/\\/g, '/').replace(/\/+$/, '');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const base = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  const glob = /[*?[]/.test(base);
  if (!base || base === '..') return undefined;

  if (!glob) {
    if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(base)) return { what: 'an SSH private key', definite: true, fromStage: true };
    if (base === '.ssh') return { what: 'an SSH directory (private keys, known hosts)', definite: true, fromStage: true };
    if (base === '.aws' || (parent === '.aws' && (base === 'credentials' || base === 'config'))) return { what: 'AWS credentials', definite: true, fromStage: true };
    if (base === '.docker' || (parent === '.docker' && base === 'config.json')) return { what: 'Docker registry credentials', definite: true, fromStage: true };
    if (base === '.kube' || (parent === '.kube' && base === 'config') || /^kubeconfig(\.ya?ml)?$/i.test(base)) return { what: 'a Kubernetes kubeconfig', definite: true, fromStage: true };
    if (base === '.git-credentials') return { what: 'Git credentials', definite: true, fromStage: true };
    if (base === '.netrc' || base === '_netrc') return { what: 'a netrc file with login passwords', definite: true, fromStage: true };
    if (base === '.npmrc') return { what: 'an npm config file, which holds registry tokens', definite: true, fromStage: true };
    if (base === '.pypirc') return { what: 'a PyPI config file, which holds index passwords', definite: true, fromStage: true };
    if (base === '.gnupg') return { what: 'a GnuPG home (private keys)', definite: true, fromStage: true };
    if (base === '.env' || (/^\.env\.[\w.-]+$/.test(base) && !ENV_TEMPLATES.test(base))) return { what: 'an environment file', definite: true, fromStage: false };
    if (/^(gcp-|gcloud-|google-|firebase-)?credentials\.json$/i.test(base) || (/^(service[-_]?account|sa)[-_.\w]*\.json$/i.test(base) && /key|cred/i.test(base))) return { what: 'a cloud credentials file', definite: true, fromStage: false };
    if (/\.tfstate(\.backup)?$/i.test(base)) return { what: 'a Terraform state file (it holds resource secrets)', definite: true, fromStage: false };
    if (/\.(p12|pfx)$/i.test(base)) return { what: 'a PKCS#12 key store (private keys)', definite: true, fromStage: false };
    if (/\.(jks|keystore)$/i.test(base) && !/trust/i.test(base)) return { what: 'a Java key store', definite: false, fromStage: false };
    if (/\.pem$/i.test(base)) {
      const stem = base.slice(0, -4);
      if (KEY_WORDS.test(stem)) return { what: 'a private key', definite: true, fromStage: false };
      if (CERT_WORDS.test(stem)) return undefined;
      return { what: 'a private key (a PEM file not named like a certificate)', definite: false, fromStage: false };
    }
    if (/\.key$/i.test(base)) {
      const stem = base.slice(0, -4);
      if (PUBLIC_KEY_WORDS.test(stem)) return undefined;
      return { what: 'a private key', definite: true, fromStage: false };
    }
    return undefined;
  }
  // Globs: judged by the extension they select.
  const tail = base.slice(base.lastIndexOf('*') + 1);
  if (/^\.(pem|key)$/i.test(tail) && !CERT_WORDS.test(base.slice(0, base.lastIndexOf('*')))) return { what: 'private keys', definite: false, fromStage: false };
  if (/^\.(p12|pfx)$/i.test(tail)) return { what: 'PKCS#12 key stores', definite: false, fromStage: false };
  if (/^\.tfstate$/i.test(tail)) return { what: 'Terraform state files', definite: false, fromStage: false };
  if (/^\.env\*?$/.test(base)) return { what: 'environment files', definite: false, fromStage: false };
  if (/^id_\*$/.test(base)) return { what: 'SSH private keys', definite: false, fromStage: true };
  return undefined;
}
