/**
 * Compose as `docker compose` applies it to a file: the default override file
 * (`compose.override.yaml`) merged onto its base, `extends:` (same file and
 * other files) resolved, and the services that `include:` brings into the
 * project. Rules ask a service for its *effective* definition when they judge
 * something that is missing (no `cap_drop`, no `read_only`, no `user:`):
 * another file of the project may set it. What is written in the linted file
 * is still read through `ComposeService.get`, with its spans.
 */
import type { ComposeModel, ComposeProject } from '../model/compose';
import type { Host } from '../host';
import { basename, dirname, joinPath, resolvePath } from '../util/paths';

export interface ProjectOptions {
  /** Absolute path of the linted file. */
  path: string;
  host?: Host;
  /** Parses another Compose file of the project (with the same `.env` values). */
  parse(text: string): ComposeModel;
  /** Extra files of the project in `-f` order (from config), absolute. */
  files?: string[];
  /** Active profiles (`composeProfiles` in the config). */
  profiles?: string[];
}

/** Keys whose sequence value replaces the base's instead of being appended to it. */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'test', 'dns', 'dns_search', 'tmpfs', 'profiles']);
/** Keys that may be written as a list of `KEY=value` and merge as mappings. */
const MAPPING_LISTS = new Set(['environment', 'labels', 'annotations', 'sysctls', 'args', 'extra_hosts', 'driver_opts']);
/** Keys a service does not inherit through `extends`. */
const NOT_EXTENDED = new Set(['depends_on', 'links', 'volumes_from', 'extends']);
/** Guards against cycles and runaway chains of `extends` and `include`. */
const MAX_CHAIN = 16;
const MAX_FILES = 32;

type Definition = Record<string, unknown>;

/** The other file of the default base/override pair, when it exists: base files first. */
export function defaultProjectFiles(path: string, host: Host | undefined): string[] {
  if (!host) return [path];
  const dir = dirname(path);
  const name = basename(path);
  const override = /^((?:docker-)?compose)\.override\.(ya?ml)$/.exec(name);
  if (override) {
    const base = [`${override[1]}.${override[2]}`, `${override[1]}.${override[2] === 'yml' ? 'yaml' : 'yml'}`].map((n) => joinPath(dir, n)).find((p) => host.fileExists(p));
    return base ? [base, path] : [path];
  }
  const plain = /^((?:docker-)?compose)\.(ya?ml)$/.exec(name);
  if (plain) {
    const over = [`${plain[1]}.override.${plain[2]}`, `${plain[1]}.override.${plain[2] === 'yml' ? 'yaml' : 'yml'}`].map((n) => joinPath(dir, n)).find((p) => host.fileExists(p));
    return over ? [path, over] : [path];
  }
  return [path];
}

/** Builds the project around `model` (the linted file) and attaches it. */
export function attachProject(model: ComposeModel, options: ProjectOptions): ComposeProject {
  const models = new Map<string, ComposeModel | null>([[options.path, model]]);
  const load = (p: string): ComposeModel | undefined => {
    if (models.has(p)) return models.get(p) ?? undefined;
    if (models.size >= MAX_FILES || !options.host) return undefined;
    const text = options.host.readFile(p);
    const m = text === undefined ? null : options.parse(text);
    models.set(p, m);
    return m ?? undefined;
  };
  let files = options.files && options.files.includes(options.path) ? options.files : defaultProjectFiles(options.path, options.host);
  files = files.filter((f) => f === options.path || load(f));

  const effectiveCache = new Map<string, Definition | undefined>();
  const effective = (name: string): Definition | undefined => {
    if (effectiveCache.has(name)) return effectiveCache.get(name);
    let def: Definition | undefined;
    for (const f of files) {
      const m = load(f);
      const own = m ? definitionIn(m, name) : undefined;
      if (!own) continue;
      const resolved = resolveExtends(own, f, load, 0);
      def = def ? mergeDefinitions(def, resolved) : resolved;
    }
    effectiveCache.set(name, def);
    return def;
  };

  const serviceNames = (): string[] => {
    const names = new Set<string>();
    for (const f of files) for (const s of load(f)?.services ?? []) names.add(s.name);
    for (const f of includedFiles(model, options.path, load)) for (const s of load(f)?.services ?? []) names.add(s.name);
    return [...names];
  };

  const activeProfiles = options.profiles ?? [];
  const project: ComposeProject = {
    files,
    activeProfiles,
    isActive: (name: string) => {
      const def = project.definition(name);
      const profiles = Array.isArray(def?.profiles) ? (def!.profiles as unknown[]).filter((p): p is string => typeof p === 'string') : [];
      return profiles.length === 0 || profiles.includes('*') && activeProfiles.length > 0 || profiles.some((p) => activeProfiles.includes(p));
    },
    effective,
    serviceNames,
    includedFiles: () => includedFiles(model, options.path, load),
    definition: (name: string) => {
      const inProject = effective(name);
      if (inProject) return inProject;
      for (const f of includedFiles(model, options.path, load)) {
        const m = load(f);
        const d = m ? definitionIn(m, name) : undefined;
        if (d) return resolveExtends(d, f, load, 0);
      }
      return undefined;
    },
  };
  model.project = project;
  return project;
}

/** A project of one file, with `extends` inside it resolved (no host, or an unsaved buffer). */
export function singleFileProject(model: ComposeModel, path: string): ComposeProject {
  return attachProject(model, { path, parse: () => model });
}

function definitionIn(model: ComposeModel, name: string): Definition | undefined {
  const s = model.services.find((x) => x.name === name);
  if (!s) return undefined;
  const v = s.definition();
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Definition) : {};
}

/** The definition with its `extends:` chain applied (the service's own keys win). */
function resolveExtends(def: Definition, file: string, load: (p: string) => ComposeModel | undefined, depth: number): Definition {
  const ext = def.extends;
  if (ext === undefined || ext === null || depth >= MAX_CHAIN) return def;
  const spec = typeof ext === 'string' ? { service: ext } : ext && typeof ext === 'object' ? (ext as { service?: unknown; file?: unknown }) : {};
  if (typeof spec.service !== 'string') return def;
  const baseFile = typeof spec.file === 'string' && spec.file !== '' ? resolvePath(dirname(file), spec.file) : file;
  const m = load(baseFile);
  const baseOwn = m ? definitionIn(m, spec.service) : undefined;
  if (!baseOwn) return def;
  const base = resolveExtends(baseOwn, baseFile, load, depth + 1);
  const inherited: Definition = {};
  for (const [k, v] of Object.entries(base)) if (!NOT_EXTENDED.has(k)) inherited[k] = v;
  const own: Definition = {};
  for (const [k, v] of Object.entries(def)) if (k !== 'extends') own[k] = v;
  return mergeDefinitions(inherited, own);
}

/**
 * Compose's merge rules, as for override files: mappings merge key by key,
 * sequences are appended (without duplicates) except those that replace
 * (`command`, `entrypoint`, `healthcheck.test`…), `KEY=value` lists merge as
 * mappings, scalars are replaced.
 */
export function mergeDefinitions(base: Definition, over: Definition, depth = 0): Definition {
  const out: Definition = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (depth > 8 || b === undefined || b === null || v === null) out[k] = v;
    else if (MAPPING_LISTS.has(k) && (Array.isArray(b) || Array.isArray(v))) out[k] = { ...asMapping(b), ...asMapping(v) };
    else if (Array.isArray(b) && Array.isArray(v)) {
      if (REPLACED_SEQUENCES.has(k)) out[k] = v;
      else {
        const seen = new Set(b.map((x) => JSON.stringify(x)));
        out[k] = [...b, ...v.filter((x) => !seen.has(JSON.stringify(x)))];
      }
    } else if (isPlainObject(b) && isPlainObject(v)) out[k] = mergeDefinitions(b, v, depth + 1);
    else out[k] = v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Definition {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function asMapping(v: unknown): Definition {
  if (isPlainObject(v)) return v;
  const out: Definition = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
      else out[item] = null;
    }
  }
  return out;
}

/** Files named by top-level `include:` (strings, or `path:` as a string or a list), resolved against the file's folder. */
function includedFiles(model: ComposeModel, path: string, load: (p: string) => ComposeModel | undefined): string[] {
  const out: string[] = [];
  const visit = (m: ComposeModel, file: string, depth: number): void => {
    const inc = m.top('include')?.value;
    if (!Array.isArray(inc) || depth >= MAX_CHAIN) return;
    for (const item of inc) {
      const paths = typeof item === 'string' ? [item] : isPlainObject(item) ? (Array.isArray(item.path) ? item.path : [item.path]) : [];
      for (const p of paths) {
        if (typeof p !== 'string' || p === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith('oci://')) continue;
        const abs = resolvePath(dirname(file), p);
        if (out.includes(abs) || abs === path) continue;
        out.push(abs);
        const child = load(abs);
        if (child) visit(child, abs, depth + 1);
      }
    }
  };
  visit(model, path, 0);
  return out;
}
