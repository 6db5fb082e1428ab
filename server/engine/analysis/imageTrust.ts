/**
 * Image provenance, shared by the Dockerfile and Compose image rules: every
 * place a Dockerfile pulls an image (`FROM`, `COPY --from=<image>`,
 * `RUN --mount=…,from=<image>`) and every Compose service `image:` that is
 * pulled, each with the span where the reference is written (the span the
 * "Pin to digest" action of the language server sits on), and the two
 * judgements the rules make on them: pinned by digest, and from a trusted
 * registry. Nothing here contacts a registry.
 */
import type { Node as YNode } from 'yaml';
import type { DockerfileModel, DProperty, Instruction, Stage } from '../model/dockerfile';
import type { ComposeModel } from '../model/compose';
import type { Span } from '../types';
import { parseImageReference, effectiveRegistry, type ParsedImageReference } from '../parse/imageRef';
import { substituteVariables } from '../parse/variables';
import { imageName, matchesImagePatterns, varsInScope } from './dockerfile';
import { normaliseReference } from '../registry/reference';
import { own } from '../util/own';
import { sharedList } from '../util/shared';
import { DerivedKey } from '../util/derived';

export type ImageUseKind = 'from' | 'copy-from' | 'mount-from';

/** An image a Dockerfile pulls (not a build stage, not `scratch`). */
export interface DockerfileImageUse {
  kind: ImageUseKind;
  /** The reference as written (`${BASE}`, `node:20`). */
  raw: string;
  /** After ARG substitution (global ARGs for FROM, the stage's scope for flags). */
  resolved: string;
  /** Some variable has no value, so the reference is not known. */
  unresolved: boolean;
  ref: ParsedImageReference;
  /** Where the reference is written in the instruction (the FROM image, the flag value, the mount's `from=` field). */
  writtenSpan: Span;
  /**
   * Where to report: `writtenSpan`, or for `FROM $BASE` whose global `ARG
   * BASE=<image>` has a default (and no build arg overrides it), that
   * default, because that is where the reference is written and pinned.
   */
  span: Span;
  /** The global ARG whose default is the reference, when `span` is in it. */
  argDefault?: DProperty;
  instruction: Instruction;
  stage: Stage;
  /** `FROM` (the stage's base), `COPY --from` or `RUN --mount`, for messages. */
  where: string;
  /** A well-formed reference (what Docker would try to pull); false for junk such as `exit-"unsupported"`. */
  valid: boolean;
}

/** `$NAME` / `${NAME}` alone. */
const LONE_VARIABLE = /^\$(?:(\w+)|\{(\w+)\})$/;

/** True when `value` names a build stage of the file: a stage name (any case) or a stage index. */
export function isStageReference(model: DockerfileModel, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (/^\d+$/.test(v)) return true;
  return model.stages.some((s) => s.name === v);
}

/**
 * Every image the Dockerfile pulls, in source order. ONBUILD triggers are
 * left out: a trigger's `--from` names a stage or image of the child
 * Dockerfile, which this file cannot see.
 */
export function dockerfileImageUses(model: DockerfileModel): readonly DockerfileImageUse[] {
  // Read by BH103, BH130 and BH131: worked out once per model (models do not change after parsing).
  return model.derived.get(IMAGE_USES, () => sharedList(imageUsesOf(model)));
}

const IMAGE_USES = new DerivedKey<readonly DockerfileImageUse[]>('image uses');

function imageUsesOf(model: DockerfileModel): DockerfileImageUse[] {
  const out: DockerfileImageUse[] = [];
  for (const stage of model.stages) {
    const img = stage.image;
    if (img.raw === '' || img.isScratch || img.stageIndex !== undefined) continue;
    const use: DockerfileImageUse = {
      kind: 'from',
      raw: img.raw,
      resolved: img.resolved,
      unresolved: img.unresolved || img.resolved.includes('$'),
      ref: { registry: img.registry, repository: img.repository, tag: img.tag, digest: img.digest },
      writtenSpan: img.span,
      span: img.span,
      instruction: stage.from,
      stage,
      where: 'FROM',
      valid: isValidReference(img.resolved),
    };
    const lone = LONE_VARIABLE.exec(img.raw.trim());
    const arg = lone ? model.globalArgs.filter((a) => a.name === (lone[1] ?? lone[2])).pop() : undefined;
    if (arg && arg.value !== null && arg.valueSpan && own(model.buildArgs, arg.name) === undefined) {
      const raw = model.text.slice(arg.valueSpan.start, arg.valueSpan.end);
      const q = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]) ? 1 : 0;
      use.span = { start: arg.valueSpan.start + q, end: arg.valueSpan.end - q };
      use.argDefault = arg;
    }
    out.push(use);
  }
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'RUN') continue;
      for (const f of ins.flags) {
        if (f.value === null || !f.valueSpan) continue;
        const name = f.name.toLowerCase();
        let raw: string | undefined;
        let span: Span | undefined;
        let kind: ImageUseKind | undefined;
        if (ins.keyword === 'COPY' && name === 'from') {
          raw = f.value;
          span = f.valueSpan;
          kind = 'copy-from';
        } else if (ins.keyword === 'RUN' && name === 'mount') {
          const field = mountFrom(model.text, f.valueSpan);
          if (!field) continue;
          raw = field.value;
          span = field.span;
          kind = 'mount-from';
        }
        if (raw === undefined || !span || !kind || raw.trim() === '') continue;
        const sub = substituteVariables(raw, varsInScope(model, stage, ins), { escapeChar: model.escapeChar });
        const resolved = sub.value.trim();
        if (resolved === '' || resolved.toLowerCase() === 'scratch' || isStageReference(model, resolved)) continue;
        out.push({
          kind,
          raw,
          resolved,
          unresolved: sub.unresolved || resolved.includes('$'),
          ref: parseImageReference(resolved),
          writtenSpan: span,
          span,
          instruction: ins,
          stage,
          where: kind === 'copy-from' ? 'COPY --from' : 'RUN --mount',
          valid: isValidReference(resolved),
        });
      }
    }
  }
  return out.sort((a, b) => a.writtenSpan.start - b.writtenSpan.start);
}

/** True when Docker would accept the reference (lower-case path, valid tag and digest). */
export function isValidReference(ref: string): boolean {
  return normaliseReference(ref) !== undefined;
}

/** Mount types whose `from=` names a stage, context or image. */
const MOUNT_TYPES_WITH_FROM = new Set(['bind', 'cache']);

/** The `from=` field of a `--mount` value (`type=bind,from=node:20,target=/x`), for bind and cache mounts. */
function mountFrom(text: string, valueSpan: Span): { value: string; span: Span } | undefined {
  const raw = text.slice(valueSpan.start, valueSpan.end);
  let type = 'bind';
  let from: { value: string; span: Span } | undefined;
  let pos = 0;
  for (const field of raw.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq >= 0 ? field.slice(0, eq) : field).trim().toLowerCase();
    const value = eq >= 0 ? field.slice(eq + 1) : '';
    if (key === 'type') type = value.trim().toLowerCase();
    else if (key === 'from') {
      const start = valueSpan.start + pos + eq + 1;
      from = { value, span: { start, end: start + value.length } };
    }
    pos += field.length + 1;
  }
  if (!from || !MOUNT_TYPES_WITH_FROM.has(type)) return undefined;
  return from;
}

/** Pinned: the reference names a digest, so every pull gets the same bytes. */
export function isDigestPinned(ref: ParsedImageReference): boolean {
  return !!ref.digest;
}

/** The name matched against exemption patterns: `registry/repository:tag` as written (registry and tag when present). */
export function exemptionName(ref: ParsedImageReference): string {
  return imageName(ref);
}

/** True when an exemption pattern (`*` wildcards, `!` to exclude; see `matchesImagePatterns`) matches the image. */
export function isExempt(ref: ParsedImageReference, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  if (matchesImagePatterns(imageName(ref), patterns)) return true;
  // `docker.io/node*` should match `node:20` too: try the name with Docker Hub spelled out.
  const reg = effectiveRegistry(ref);
  if (!ref.registry || reg === 'docker.io') {
    const withHub = imageName({ ...ref, registry: 'docker.io' });
    if (matchesImagePatterns(withHub, patterns)) return true;
    if (!ref.repository.includes('/')) return matchesImagePatterns(imageName({ ...ref, registry: 'docker.io', repository: 'library/' + ref.repository }), patterns);
  }
  return false;
}

/** Docker Hub host names, all the same registry. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry host a reference pulls from, lower-cased; `docker.io` when none is written. */
export function registryHost(ref: ParsedImageReference): string {
  return effectiveRegistry({ ...ref, registry: ref.registry?.toLowerCase() });
}

function wildcard(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
}

/**
 * True when the reference comes from a trusted registry. A pattern without
 * `/` is a registry host: `ghcr.io`, `*.example.com` (any subdomain, not the
 * domain itself), `localhost:5000` (a port must be written to match a port;
 * `localhost:*` takes any). `docker.io` (or `index.docker.io`,
 * `registry-1.docker.io`) is Docker Hub, where images without a registry
 * come from. A pattern with `/` also names a repository path:
 * `ghcr.io/my-org/*`, `docker.io/library/*` (the official images).
 */
export function isTrustedRegistry(ref: ParsedImageReference, patterns: readonly string[]): boolean {
  const host = registryHost(ref);
  const hub = host === 'docker.io';
  const repo = ref.repository.toLowerCase();
  const paths = hub && !repo.includes('/') ? [repo, 'library/' + repo] : [repo];
  for (const raw of patterns) {
    const p = raw.trim().toLowerCase();
    if (p === '') continue;
    const slash = p.indexOf('/');
    let hostPattern = slash >= 0 ? p.slice(0, slash) : p;
    const pathPattern = slash >= 0 ? p.slice(slash + 1) : undefined;
    if (DOCKER_HUB.has(hostPattern)) hostPattern = 'docker.io';
    const hostRx = wildcard(hostPattern);
    const hostOk = hub ? [...DOCKER_HUB].some((h) => hostRx.test(h)) : hostRx.test(host);
    if (!hostOk) continue;
    if (pathPattern === undefined || pathPattern === '' || pathPattern === '*') return true;
    const rx = wildcard(pathPattern);
    if (paths.some((x) => rx.test(x))) return true;
  }
  return false;
}

/** A Compose `image:` value that Compose pulls, with every service it reaches. */
export interface ComposeImageUse {
  /** The value after interpolation. */
  value: string;
  ref: ParsedImageReference;
  /** Where the value is written (inside an anchor when merged). */
  span: Span;
  services: string[];
}

/**
 * Every `image:` that Compose pulls: services that also have `build:` name
 * the image they build, and are left out. Values that still hold `$` after
 * interpolation depend on the environment and are left out too. One entry
 * per written value, naming every service it reaches (anchors, merge keys).
 */
export function composeImageUses(model: ComposeModel): ComposeImageUse[] {
  const byNode = new Map<YNode, ComposeImageUse>();
  for (const service of model.services) {
    const image = service.get('image');
    if (!image || typeof image.value !== 'string') continue;
    const value = image.value.trim();
    if (value === '' || value.includes('$') || !isValidReference(value)) continue;
    if (isBuilt(service.effective('build'))) continue;
    const hit = byNode.get(image.node);
    if (hit) hit.services.push(service.name);
    else byNode.set(image.node, { value, ref: parseImageReference(value), span: image.span, services: [service.name] });
  }
  return [...byNode.values()].sort((a, b) => a.span.start - b.span.start);
}

/** A service with `build:` runs the image it builds; its `image:` only names the result, which nothing pulls. */
export function isBuilt(build: unknown): boolean {
  if (build === undefined || build === null) return false;
  if (typeof build === 'string') return build.trim() !== '';
  return typeof build === 'object';
}
