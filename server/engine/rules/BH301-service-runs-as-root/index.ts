import { defineRule, type FixProposal } from '../rule';
import type { ComposeModel, ComposeService } from '../../model/compose';
import type { DockerfileModel, Stage } from '../../model/dockerfile';
import type { Host } from '../../host';
import { parseDockerfile } from '../../parse/dockerfile';
import { imageName, matchesImagePatterns, stageChain } from '../../analysis/dockerfile';
import { builtInUser, createdUser, earlierNonRootUser, effectiveUser, isRootUser, isWindowsImage } from '../../analysis/users';
import { dirname, relativePath, resolvePath } from '../../util/paths';
import { detectStyle } from '../../yaml/style';
import { insertPair } from '../../yaml/edit';
import { type Pair } from 'yaml';
import { isPair, isScalar } from '../../yaml/nodes';
import { rootUser } from '../BH101-root-user';
import { own } from '../../util/own';

interface Options {
  nonRootImages: string[];
}

/** Where Compose builds a service's image from, read from `build:`. */
export interface BuildSource {
  /** Absolute path of the Dockerfile, or undefined for `dockerfile_inline`. */
  dockerfile?: string;
  /** The Dockerfile's text (read through the host, or inline). */
  text: string;
  target?: string;
  args: Record<string, string>;
}

/** The image pattern defaults of BH101, so both rules agree on which base images are non-root. */
const BH101_NON_ROOT = (rootUser.meta.options!.properties.nonRootImages as { default: string[] }).default;

export const serviceRunsAsRoot = defineRule<Options>({
  meta: {
    id: 'BH301',
    name: 'service-runs-as-root',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'A service runs as root: `user:` is root, or it sets no `user:` and the Dockerfile it builds has no non-root USER in its target stage.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.1 — Ensure that a user for the container has been created' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #2: Set a user', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — user', url: 'https://docs.docker.com/reference/compose-file/services/#user' },
      { title: 'Compose Build Specification', url: 'https://docs.docker.com/reference/compose-file/build/' },
    ],
    fixable: 'unsafe',
    messages: {
      explicitRoot: 'Service `{service}` sets `user: {user}`, so its processes run as root: use a non-root user (a UID such as `10001`).',
      builtRoot:
        'Service `{service}` runs as root: it sets no `user:` and its image, built from `{dockerfile}`{stage}, {why}. Add a non-root USER to the Dockerfile, or set `user:` here.',
    },
    options: {
      type: 'object',
      properties: {
        nonRootImages: {
          type: 'array',
          items: { type: 'string' },
          default: BH101_NON_ROOT,
          description: 'Base images (`registry/repository:tag`, `*` wildcards, `!` to exclude) that already run as a non-root user, as for BH101.',
        },
      },
      additionalProperties: false,
    },
  },
  checkCompose({ model, file, host, options, report }) {
    for (const service of model.services) {
      const user = service.get('user');
      if (user) {
        const value = typeof user.value === 'number' ? String(user.value) : typeof user.value === 'string' ? user.value.trim() : undefined;
        if (value && isRootUser(value)) report({ messageId: 'explicitRoot', data: { service: service.name, user: value }, span: user.usedAt ?? user.span });
        // `user: ""` or `user:` (written empty, not an unset variable) leaves the image's USER in force: judged below like no `user:`.
        const written = model.text.slice(user.span.start, user.span.end);
        if (!((value === '' || user.value === null) && !written.includes('$'))) continue;
      }
      // `user:` set through `extends` or another file of the project (the override file) decides.
      const inherited = service.effective('user');
      if (inherited !== undefined && inherited !== null && inherited !== '') continue;
      const build = service.get('build');
      if (!build || !host) continue;
      const source = readBuildSource(build.value, file.path, model, host);
      if (!source) continue;
      const df = parseDockerfile(source.text, { buildArgs: source.args, target: source.target });
      const verdict = rootVerdict(df, options.nonRootImages);
      if (!verdict) continue;
      const where = source.dockerfile ? relativePath(dirname(file.path), source.dockerfile) : 'dockerfile_inline';
      const stage = df.stages[df.targetStage]!;
      report({
        messageId: 'builtRoot',
        data: { service: service.name, dockerfile: where, stage: stage.name ? ` (stage \`${stage.name}\`)` : '', why: verdict.why },
        span: build.usedAt ?? build.keySpan ?? build.span,
        // With `user: ""` written, a second `user:` key would clash: no fix then.
        fixes: user ? [] : addUserFix(model, service, verdict.existing),
        related: source.dockerfile ? [{ path: source.dockerfile, text: source.text, span: verdict.span, message: verdict.related }] : undefined,
      });
    }
  },
});

/** Reads `build:` (a context string or a mapping) and the Dockerfile it names; undefined for remote contexts or missing files. */
export function readBuildSource(build: unknown, composePath: string, model: ComposeModel, host: Host): BuildSource | undefined {
  const spec: Record<string, unknown> = typeof build === 'string' ? { context: build } : build && typeof build === 'object' && !Array.isArray(build) ? (build as Record<string, unknown>) : {};
  const context = typeof spec.context === 'string' && spec.context !== '' ? spec.context : '.';
  // Git and HTTP contexts are not on this machine.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@/.test(context) || /^github\.com\//.test(context)) return undefined;
  const args = buildArgs(spec.args, model.env);
  const target = typeof spec.target === 'string' && spec.target !== '' ? spec.target : undefined;
  if (typeof spec.dockerfile_inline === 'string') return { text: spec.dockerfile_inline, target, args };
  const contextDir = resolvePath(dirname(composePath), context);
  const name = typeof spec.dockerfile === 'string' && spec.dockerfile !== '' ? spec.dockerfile : 'Dockerfile';
  const dockerfile = resolvePath(contextDir, name);
  const text = host.readFile(dockerfile);
  if (text === undefined) return undefined;
  return { dockerfile, text, target, args };
}

/** `args:` as a mapping or a list of `KEY=value` / `KEY` (taken from the environment). */
function buildArgs(args: unknown, env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(args)) {
    for (const a of args) {
      if (typeof a !== 'string') continue;
      const eq = a.indexOf('=');
      if (eq > 0) out[a.slice(0, eq)] = a.slice(eq + 1);
      else if (own(env, a) !== undefined) out[a] = own(env, a)!;
    }
  } else if (args && typeof args === 'object') {
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) {
      if (v === null || v === undefined) {
        if (own(env, k) !== undefined) out[k] = own(env, k)!;
      } else out[k] = String(v);
    }
  }
  return out;
}

/** Why the target stage of `df` runs as root, and a non-root user it already has; undefined when it does not (or cannot be known). */
function rootVerdict(df: DockerfileModel, nonRootImages: string[]): { why: string; existing?: string; span: { start: number; end: number }; related: string } | undefined {
  const final: Stage | undefined = df.stages[df.targetStage];
  if (!final) return undefined;
  const chain = stageChain(df, final);
  const base = chain[chain.length - 1]!.image;
  if (isWindowsImage(base) || base.unresolved) return undefined;
  const existing = earlierNonRootUser(chain) ?? createdUser(chain) ?? builtInUser(base);
  const last = effectiveUser(df, chain);
  if (!last) {
    if (!base.isScratch && matchesImagePatterns(imageName(base), nonRootImages)) return undefined;
    return { why: 'sets no USER', existing, span: final.image.span, related: 'The image is built from this stage, which sets no USER.' };
  }
  if (last.unresolved || !isRootUser(last.value)) return undefined;
  return { why: `ends with \`USER ${last.value}\``, existing, span: last.ins.span, related: `The image runs as \`${last.value}\` from here.` };
}

/** `user: <name>` for a user the image already has; nothing is offered when there is none to name. */
function addUserFix(model: ComposeModel, service: ComposeService, existing: string | undefined): FixProposal[] {
  if (!existing || !service.map || !/^[a-z_][a-z0-9_.-]*$/i.test(existing)) return [];
  const own = (key: string): Pair | undefined => service.map!.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  const after = own('build') ?? own('image');
  const edits = insertPair(model, service.map, 'user', existing, { after, style: detectStyle(model) });
  return edits ? [{ id: 'set-user', title: `Run the service as the image's user "${existing}"`, safe: false, edits }] : [];
}
