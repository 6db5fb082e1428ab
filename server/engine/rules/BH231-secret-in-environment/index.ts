import { isMap } from '../../yaml/nodes';
import { defineRule, type FixProposal } from '../rule';
import type { ComposeModel, ComposeService, ComposeValue } from '../../model/compose';
import type { TextEdit } from '../../types';
import { maskSecret } from '../../mask';
import { parseImageReference } from '../../parse/imageRef';
import { detectStyle, type YamlStyle } from '../../yaml/style';
import { removePair, removeSeqItem } from '../../yaml/edit';
import { eolAt, linePrefix, lineOf, nodeSpan } from '../../yaml/source';
import { dirname, resolvePath } from '../../util/paths';
import { envEntries, type EnvEntry } from '../../analysis/composeEnv';
import { secretId, secretVerdict, serviceSecretRefEdits, topLevelSecretEdits, type SecretVerdict } from '../../analysis/composeSecrets';
import type { Host } from '../../host';
import { own } from '../../util/own';

/**
 * Official images whose entrypoint reads `<VAR>_FILE` instead of `<VAR>`, for
 * these variables (each image's "Docker Secrets" documentation on Docker Hub).
 */
export const FILE_VARIANTS: Record<string, readonly string[]> = {
  postgres: ['POSTGRES_PASSWORD', 'POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_INITDB_ARGS'],
  mysql: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ROOT_HOST', 'MYSQL_DATABASE', 'MYSQL_USER', 'MYSQL_PASSWORD'],
  mariadb: [
    'MARIADB_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD_HASH', 'MARIADB_PASSWORD', 'MARIADB_PASSWORD_HASH', 'MARIADB_USER', 'MARIADB_DATABASE', 'MARIADB_ROOT_HOST',
    'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE', 'MYSQL_ROOT_HOST',
  ],
  mongo: ['MONGO_INITDB_ROOT_USERNAME', 'MONGO_INITDB_ROOT_PASSWORD'],
  wordpress: [
    'WORDPRESS_DB_HOST', 'WORDPRESS_DB_USER', 'WORDPRESS_DB_PASSWORD', 'WORDPRESS_DB_NAME', 'WORDPRESS_AUTH_KEY', 'WORDPRESS_SECURE_AUTH_KEY', 'WORDPRESS_LOGGED_IN_KEY',
    'WORDPRESS_NONCE_KEY', 'WORDPRESS_AUTH_SALT', 'WORDPRESS_SECURE_AUTH_SALT', 'WORDPRESS_LOGGED_IN_SALT', 'WORDPRESS_NONCE_SALT',
  ],
};

/** The official image a service runs (`postgres:16`, `docker.io/library/postgres`), when it runs one and does not build its own. */
export function officialImage(service: ComposeService): string | undefined {
  if (service.effective('build') !== undefined) return undefined;
  const image = service.effective('image');
  if (typeof image !== 'string' || image.includes('$')) return undefined;
  const ref = parseImageReference(image);
  if (ref.registry && ref.registry !== 'docker.io' && ref.registry !== 'index.docker.io') return undefined;
  const repo = ref.repository.replace(/^library\//, '');
  return repo.includes('/') ? undefined : repo;
}

/** `service \`a\`` or `services \`a\` and \`b\``. */
export function servicesPhrase(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  if (q.length === 1) return `service ${q[0]}`;
  return `services ${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

interface Hit {
  entry: EnvEntry;
  env: ComposeValue;
  verdict: SecretVerdict;
  services: ComposeService[];
}

export const secretInEnvironment = defineRule({
  meta: {
    id: 'BH231',
    name: 'secret-in-environment',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A service sets a secret in plain text in `environment:` — a secret-like variable with a literal value or default, or a credential-shaped value.',
    references: [
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Manage secrets securely in Docker Compose', url: 'https://docs.docker.com/compose/how-tos/use-secrets/' },
      { title: 'Compose file reference — secrets', url: 'https://docs.docker.com/reference/compose-file/secrets/' },
    ],
    fixable: 'unsafe',
    messages: {
      literal:
        '`{name}` is set to a plain-text secret ({masked}) for {services}: anyone who can read this file, its history or `docker inspect` sees it. Move it to a Compose secret, or pass it from the environment with a `${…}` reference.',
      default:
        '`{name}` has a plain-text default secret ({masked}) for {services}: it is used whenever the variable is not set, and anyone who can read this file sees it. Remove the default, or move the secret to a Compose secret.',
      credential:
        '`{name}` holds {kind} ({masked}) in plain text for {services}: anyone who can read this file, its history or `docker inspect` sees it. Revoke it, and move it to a Compose secret.',
    },
  },
  checkCompose({ model, file, host, report }) {
    // One finding per written entry, naming every service it reaches.
    const hits = new Map<unknown, Hit>();
    for (const service of model.services) {
      const env = service.get('environment');
      for (const entry of envEntries(model, env)) {
        const verdict = secretVerdict(entry.name, entry.written);
        if (!verdict) continue;
        const seen = hits.get(entry.item);
        if (seen) seen.services.push(service);
        else hits.set(entry.item, { entry, env: env!, verdict, services: [service] });
      }
    }
    // Two findings with one id (two services each with POSTGRES_PASSWORD): name the secrets after their services.
    const idCount = new Map<string, number>();
    for (const h of hits.values()) idCount.set(secretId(h.entry.name), (idCount.get(secretId(h.entry.name)) ?? 0) + 1);
    let style: YamlStyle | undefined;
    for (const { entry, env, verdict, services } of hits.values()) {
      const base = secretId(entry.name);
      // A secret of that name declared already (for another value): name this one after its service too.
      const id = idCount.get(base)! > 1 || topLevelSecretNames(model).has(base) ? secretId(`${services[0]!.name}_${entry.name}`) : base;
      const fixes =
        services.length === 1 && !entry.indirect && !env.indirect
          ? moveToSecretFix(model, services[0]!, env, entry, verdict.value, id, (style ??= detectStyle(model)), file.path, host)
          : [];
      const masked = maskSecret(verdict.kind === 'credential' ? verdict.credential : verdict.secret);
      const data = { name: entry.name, masked, services: servicesPhrase(services.map((s) => s.name)) };
      if (verdict.kind === 'credential') report({ messageId: 'credential', data: { ...data, kind: verdict.what }, span: entry.nameSpan, severity: 'error', fixes });
      else report({ messageId: verdict.kind, data, span: entry.nameSpan, fixes });
    }
  },
});

/** Names declared under the top-level `secrets:`. */
export function topLevelSecretNames(model: ComposeModel): Set<string> {
  const v = model.top('secrets')?.value;
  return new Set(v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
}

/**
 * Moves the value into `./secrets/<id>`: creates the file, declares the secret
 * at the top level, gives the service access, and replaces the variable by its
 * `_FILE` form when the image reads one — otherwise by a TODO comment.
 */
export function moveToSecretFix(
  model: ComposeModel,
  service: ComposeService,
  env: ComposeValue,
  entry: EnvEntry,
  value: string,
  id: string,
  style: YamlStyle,
  composePath: string,
  host: Host | undefined,
): FixProposal[] {
  const secretPath = resolvePath(dirname(composePath), `secrets/${id}`);
  if (host?.fileExists(secretPath)) return [];
  const image = officialImage(service);
  const fileVariant = image !== undefined && own(FILE_VARIANTS, image)?.includes(entry.name);
  const replace = fileVariant ? fileVariantEdits(model, entry, id) : todoEdits(model, env, entry, id);
  const top = topLevelSecretEdits(model, id, ['file', { raw: `./secrets/${id}` }], style);
  const ref = serviceSecretRefEdits(model, service, id, style, 'environment');
  if (!replace || !top || !ref) return [];
  return [
    {
      id: 'move-to-secret',
      title: `Move ${entry.name} to a Compose secret in ./secrets/${id} (keep secrets/ out of version control)`,
      safe: false,
      edits: [...replace, ...ref, ...top],
      otherFiles: [{ path: secretPath, create: { text: value } }],
    },
  ];
}

/** `NAME: value` → `NAME_FILE: /run/secrets/<id>` (and `- NAME=value` → `- NAME_FILE=/run/secrets/<id>`), keeping quotes. */
function fileVariantEdits(model: ComposeModel, entry: EnvEntry, id: string): TextEdit[] | undefined {
  const target = `/run/secrets/${id}`;
  if (entry.form === 'map') {
    const key = entry.nameSpan;
    const keyText = model.text.slice(key.start, key.end);
    const at = keyText.indexOf(entry.name);
    const vs = entry.scalar ? nodeSpan(model, entry.scalar) : undefined;
    if (at < 0 || !vs) return undefined;
    const v = model.text.slice(vs.start, vs.end);
    const q = v[0] === '"' || v[0] === "'" ? v[0] : '';
    return [
      { start: key.start + at + entry.name.length, end: key.start + at + entry.name.length, text: '_FILE' },
      { start: vs.start, end: vs.end, text: `${q}${target}${q}` },
    ];
  }
  const s = entry.span;
  const v = model.text.slice(s.start, s.end);
  const q = v[0] === '"' || v[0] === "'" ? v[0] : '';
  return [{ start: s.start, end: s.end, text: `${q}${entry.name}_FILE=${target}${q}` }];
}

/** Replaces the entry with a `# TODO` comment (block style only); the only entry leaves an empty `{}`/`[]` and the comment above the key. */
function todoEdits(model: ComposeModel, env: ComposeValue, entry: EnvEntry, id: string): TextEdit[] | undefined {
  if (entry.container.flow) return undefined;
  const comment = `# TODO: read ${entry.name} from /run/secrets/${id} (a Compose secret; keep secrets/ out of version control)`;
  const prefix = linePrefix(model, entry.span.start);
  if (entry.container.items.length === 1) {
    const removed = entry.form === 'map' && isMap(entry.container) ? removePair(model, entry.item as never) : removeSeqItem(model, entry.container as never, entry.index);
    const key = env.keySpan;
    if (!removed || !key) return undefined;
    const keyLine = lineOf(model, key.start);
    const indent = linePrefix(model, key.start);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    const at = model.lines.lineStart(keyLine);
    return [{ start: at, end: at, text: `${indent}${comment}${eolAt(model, keyLine)}` }, ...removed];
  }
  if (entry.form === 'map') {
    if (!/^[ \t]*$/.test(prefix)) return undefined;
    return [{ start: entry.span.start, end: entry.span.end, text: comment }];
  }
  const m = /^([ \t]*)-[ \t]+$/.exec(prefix);
  if (!m) return undefined;
  const dash = entry.span.start - prefix.length + m[1]!.length;
  return [{ start: dash, end: entry.span.end, text: comment }];
}
