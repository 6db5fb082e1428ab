/**
 * Where a file names images that can be pinned to a digest, and the edit that
 * pins one. Pure: the lookup itself is the registry client's job.
 *
 * Sites: every `FROM` (all stages), `COPY --from=<image>`, `RUN
 * --mount=…,from=<image>`, and Compose `image:`. A `FROM $BASE` whose global
 * `ARG BASE=<image>` has a literal default is pinned in the ARG, where the
 * reference is written. Stage names, `scratch` and references that depend on a
 * variable without a literal default are listed with the reason they are not
 * pinnable.
 */
import type { Span, TextEdit, FileKind } from '../types';
import { parseDockerfile } from '../parse/dockerfile';
import { parseCompose } from '../parse/compose';
import { isBuilt } from '../analysis/imageTrust';
import type { DockerfileModel } from '../model/dockerfile';
import { normaliseReference, type ImageName } from './reference';
import { own } from '../util/own';

export type ImageSiteKind = 'from' | 'copy-from' | 'mount-from' | 'compose-image' | 'arg-default';

export interface ImageSite {
  kind: ImageSiteKind;
  /** The reference as written (without quotes). */
  written: string;
  /** Where `written` is in the document. */
  span: Span;
  /** The reference normalised for a registry, when it can be pinned. */
  name?: ImageName;
  /** Why the site cannot be pinned. */
  skip?: 'variable' | 'scratch' | 'stage' | 'invalid';
}

export interface SitesInput {
  text: string;
  kind: FileKind;
  buildArgs?: Record<string, string>;
  env?: Record<string, string>;
}

export function imageSites(input: SitesInput): ImageSite[] {
  const sites = input.kind === 'dockerfile' ? dockerfileSites(parseDockerfile(input.text, { buildArgs: input.buildArgs })) : composeSites(input.text, input.env);
  // One site per place in the file (several `FROM $BASE` share the ARG).
  const seen = new Set<string>();
  return sites.filter((s) => {
    const k = `${s.span.start}:${s.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function site(kind: ImageSiteKind, written: string, span: Span): ImageSite {
  if (written.includes('$')) return { kind, written, span, skip: 'variable' };
  if (written.toLowerCase() === 'scratch') return { kind, written, span, skip: 'scratch' };
  const name = normaliseReference(written);
  return name ? { kind, written, span, name } : { kind, written, span, skip: 'invalid' };
}

/** `$NAME` / `${NAME}` alone. */
const LONE_VARIABLE = /^\$(?:(\w+)|\{(\w+)\})$/;

function dockerfileSites(model: DockerfileModel): ImageSite[] {
  const out: ImageSite[] = [];
  const stageNames = new Set(model.stages.map((s) => s.name).filter((n): n is string => !!n));
  const isStage = (v: string): boolean => stageNames.has(v.toLowerCase()) || /^\d+$/.test(v);
  const text = model.text;
  for (const stage of model.stages) {
    const img = stage.image;
    if (img.raw === '') continue;
    if (img.stageIndex !== undefined) {
      out.push({ kind: 'from', written: img.raw, span: img.span, skip: 'stage' });
      continue;
    }
    const lone = LONE_VARIABLE.exec(img.raw);
    const arg = lone ? model.globalArgs.filter((a) => a.name === (lone[1] ?? lone[2])).pop() : undefined;
    if (arg && arg.value !== null && arg.valueSpan && !own(model.buildArgs, arg.name)) {
      // Pin where the reference is written: inside the quotes of the ARG default, if any.
      const raw = text.slice(arg.valueSpan.start, arg.valueSpan.end);
      const q = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]) ? 1 : 0;
      const span = { start: arg.valueSpan.start + q, end: arg.valueSpan.end - q };
      out.push({ ...site('arg-default', text.slice(span.start, span.end), span) });
      continue;
    }
    out.push(site('from', img.raw, img.span));
  }
  for (const ins of model.instructions) {
    for (const f of ins.flags) {
      if (!f.valueSpan || f.value === null) continue;
      const name = f.name.toLowerCase();
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && name === 'from') {
        if (isStage(f.value)) continue;
        out.push(site('copy-from', text.slice(f.valueSpan.start, f.valueSpan.end), f.valueSpan));
      } else if (ins.keyword === 'RUN' && name === 'mount') {
        // `type=bind,from=<image>,target=…`: the `from=` field of the mount.
        const raw = text.slice(f.valueSpan.start, f.valueSpan.end);
        const m = /(^|,)from=([^,]*)/.exec(raw);
        if (!m || m[2] === '' || isStage(m[2]!)) continue;
        const start = f.valueSpan.start + m.index + m[1]!.length + 'from='.length;
        out.push(site('mount-from', m[2]!, { start, end: start + m[2]!.length }));
      }
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function composeSites(text: string, env: Record<string, string> | undefined): ImageSite[] {
  const model = parseCompose(text, { env });
  const out: ImageSite[] = [];
  for (const s of model.services) {
    const v = s.get('image');
    if (!v || typeof v.node !== 'object' || !v.span || v.span.end <= v.span.start) continue;
    // The name of an image the service builds is not something a registry can pin.
    if (isBuilt(s.effective('build'))) continue;
    let { start, end } = v.span;
    const raw = text.slice(start, end);
    if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0])) {
      start++;
      end--;
    }
    const written = text.slice(start, end);
    // Escapes in a double-quoted scalar would make offsets drift: not pinned in place.
    if (raw[0] === '"' && written.includes('\\')) {
      out.push({ kind: 'compose-image', written, span: { start, end }, skip: 'invalid' });
      continue;
    }
    out.push(site('compose-image', written, { start, end }));
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The edit that pins a site to `digest`, keeping the tag for readability
 * (`node:20` → `node:20@sha256:…`; a reference with no tag gets the
 * `latest` it stands for); an existing digest is replaced.
 */
export function pinEdit(s: ImageSite, digest: string): TextEdit | undefined {
  if (!s.name || !/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  const at = s.written.indexOf('@');
  const base = at >= 0 ? s.written.slice(0, at) : s.written;
  const lastSlash = base.lastIndexOf('/');
  const hasTag = base.slice(lastSlash + 1).includes(':');
  const next = `${base}${hasTag ? '' : ':latest'}@${digest}`;
  if (next === s.written) return undefined;
  return { start: s.span.start, end: s.span.end, text: next };
}

/** The reference whose tag is looked up: `domain/path:tag`. */
export function lookupReference(s: ImageSite): string | undefined {
  if (!s.name) return undefined;
  return `${s.name.domain}/${s.name.path}:${s.name.tag ?? 'latest'}`;
}

export interface PinOutcome {
  edits: TextEdit[];
  /** Sites pinned (or refreshed) by `edits`. */
  changed: { site: ImageSite; digest: string }[];
  /** Sites already current. */
  current: ImageSite[];
  /** Sites that could not be looked up, with a message that is safe to show. */
  failed: { site: ImageSite; message: string }[];
  /** Sites that are not pinnable (stage names, scratch, variables). */
  skipped: ImageSite[];
}

export interface DigestResolver {
  resolve(reference: string, opts?: { refresh?: boolean; signal?: AbortSignal }): Promise<{ digest: string }>;
}

/**
 * Looks up every site of a document (or those overlapping `range`) and builds
 * the edits: `pin` pins references without a digest; `refresh` re-reads the
 * tag of references that have one and replaces the digest when it moved.
 * Lookups of one document run concurrently (the client limits them).
 */
export async function pinSites(
  sites: readonly ImageSite[],
  resolver: DigestResolver,
  opts: { mode: 'pin' | 'refresh'; range?: Span; signal?: AbortSignal },
): Promise<PinOutcome> {
  const out: PinOutcome = { edits: [], changed: [], current: [], failed: [], skipped: [] };
  const wanted = sites.filter((s) => !opts.range || (s.span.start <= opts.range.end && opts.range.start <= s.span.end));
  const todo: ImageSite[] = [];
  for (const s of wanted) {
    if (!s.name) out.skipped.push(s);
    else if (opts.mode === 'pin' ? s.name.digest === undefined : s.name.digest !== undefined && s.name.tag !== undefined) todo.push(s);
    else if (opts.mode === 'pin') out.current.push(s);
  }
  const results = await Promise.all(
    todo.map(async (s) => {
      try {
        const r = await resolver.resolve(lookupReference(s)!, { refresh: opts.mode === 'refresh', signal: opts.signal });
        return { s, digest: r.digest };
      } catch (e) {
        return { s, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  for (const r of results) {
    if ('error' in r) {
      out.failed.push({ site: r.s, message: r.error! });
      continue;
    }
    const edit = pinEdit(r.s, r.digest);
    if (!edit) out.current.push(r.s);
    else {
      out.edits.push(edit);
      out.changed.push({ site: r.s, digest: r.digest });
    }
  }
  out.edits.sort((a, b) => a.start - b.start);
  return out;
}
