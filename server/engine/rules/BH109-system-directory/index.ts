import { posix } from 'node:path';
import { defineRule } from '../rule';
import type { DArgument, DockerfileModel, Instruction, Stage } from '../../model/dockerfile';
import { substituteVariables } from '../../parse/variables';
import { stageChain, varsInScope } from '../../analysis/dockerfile';
import { finalImageStages } from '../../analysis/commands';
import { setOf } from '../../util/sets';

interface Options {
  systemDirectories: string[];
}

const DEFAULT_SYSTEM_DIRECTORIES = [
  '/', '/bin', '/sbin', '/usr', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib64', '/lib', '/lib64', '/etc', '/boot', '/dev', '/proc', '/sys', '/root',
];
/** Working directories that are normal to reset to or work in (`WORKDIR /` before a step, root's home in tool images). */
const NORMAL_WORKDIRS = new Set(['/', '/root']);
/** Directories of executables: a directory tree copied into one puts non-executables among the system's commands. */
const BIN_DIRS = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin']);
/** Source names that hold executables, an overlay of the filesystem, or what a directory of the same name should hold. */
const OVERLAY_SOURCE = /^(bin|sbin|rootfs|root|fs|overlay|files|filesystem|usr|scripts?)$/i;

function normalize(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** The build context itself: `.`, `./`, `*`, `./*`. */
function isWholeContext(src: string): boolean {
  return /^(\.\/?|\.?\/?\*|\.\/\.)$/.test(src.trim());
}

/** WORKDIR in effect before `at` in `stage` (through `FROM <stage>`); undefined when it is the base image's (unknown). */
function workdirAt(model: DockerfileModel, stage: Stage, at: Instruction): string | undefined {
  let cwd: string | undefined;
  for (const s of stageChain(model, stage).reverse()) {
    for (const ins of s.instructions) {
      if (s === stage && ins.span.start >= at.span.start) return cwd;
      if (ins.keyword !== 'WORKDIR' || !ins.args.length) continue;
      const raw = ins.args.map((a) => a.value).join(' ');
      const sub = substituteVariables(raw, varsInScope(model, s, ins), { escapeChar: model.escapeChar });
      if (sub.unresolved) cwd = undefined;
      else if (sub.value.startsWith('/')) cwd = normalize(sub.value);
      else cwd = cwd === undefined ? undefined : normalize(posix.join(cwd, sub.value));
    }
  }
  return cwd;
}

export const systemDirectory = defineRule<Options>({
  meta: {
    id: 'BH109',
    name: 'system-directory',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'filesystem',
    description: 'The build context is copied into a system directory (`/`, `/etc`, `/usr/bin`, …), or WORKDIR makes a system directory the application directory.',
    references: [
      { title: 'Filesystem Hierarchy Standard 3.0 — /opt, /srv, /usr/local for add-on software', url: 'https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html' },
      { title: 'Dockerfile reference — WORKDIR', url: 'https://docs.docker.com/reference/dockerfile/#workdir' },
    ],
    fixable: 'none',
    messages: {
      context: 'The whole build context is copied into `{dir}`, a system directory: the application\'s files mix with (and can overwrite) the OS\'s. Copy it into its own directory (`/app`, `/opt/<name>`, `/srv/<name>`).',
      contextViaWorkdir: 'The whole build context is copied into the working directory `{dir}` (set by WORKDIR), a system directory: the application\'s files mix with (and can overwrite) the OS\'s. Set `WORKDIR /app` (or another directory of its own) first.',
      directoryIntoBin: 'The directory `{src}` is copied into `{dir}`: its whole tree lands among the system\'s commands. Copy it into a directory of its own and put only the executables on PATH.',
      workdir: 'WORKDIR `{dir}` makes a system directory the application\'s directory: what the image writes and copies there mixes with the OS\'s files. Use a directory of its own (`/app`, `/opt/<name>`).',
    },
    options: {
      type: 'object',
      properties: {
        systemDirectories: {
          type: 'array',
          items: { type: 'string' },
          default: DEFAULT_SYSTEM_DIRECTORIES,
          description: 'Absolute directories that belong to the OS (exact directories, not their subdirectories).',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const system = setOf(options.systemDirectories, normalize);
    const final = finalImageStages(model);
    for (const stage of model.stages) {
      if (!final.has(stage.index)) continue;
      for (const ins of stage.instructions) {
        if (ins.keyword === 'WORKDIR') {
          if (!ins.args.length) continue;
          const raw = ins.args.map((a) => a.value).join(' ');
          const sub = substituteVariables(raw, varsInScope(model, stage, ins), { escapeChar: model.escapeChar });
          if (sub.unresolved) continue;
          const prev = workdirAt(model, stage, ins);
          const dir = sub.value.startsWith('/') ? normalize(sub.value) : prev !== undefined ? normalize(posix.join(prev, sub.value)) : undefined;
          if (dir && system.has(dir) && !NORMAL_WORKDIRS.has(dir)) report({ messageId: 'workdir', data: { dir }, span: { start: ins.args[0]!.span.start, end: ins.args[ins.args.length - 1]!.span.end } });
          continue;
        }
        // `ONBUILD COPY . /`: copied in every image built FROM this one (whose WORKDIR is not known here).
        const trigger = ins.keyword === 'ONBUILD' && ins.trigger && (ins.trigger.keyword === 'COPY' || ins.trigger.keyword === 'ADD') ? ins.trigger : undefined;
        if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD' && !trigger) continue;
        const copy = trigger ?? ins;
        // Files from a stage or an image (`--from`) are build outputs put in place on purpose (rootfs assembly, binaries).
        if (copy.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
        const args: DArgument[] = copy.form === 'exec' ? copy.execArgs ?? [] : copy.args;
        if (args.length < 2) continue;
        const vars = varsInScope(model, stage, ins);
        const value = (a: DArgument): string | undefined => {
          const s = substituteVariables(a.value, vars, { escapeChar: model.escapeChar });
          return s.unresolved ? undefined : s.value;
        };
        const destArg = args[args.length - 1]!;
        const destRaw = value(destArg);
        if (destRaw === undefined) continue;
        const sources = args.slice(0, -1).filter((a) => !a.value.startsWith('<<'));
        if (!sources.length) continue;
        const relative = !destRaw.startsWith('/');
        const cwd = relative && !trigger ? workdirAt(model, stage, ins) : undefined;
        if (relative && cwd === undefined) continue;
        const dir = normalize(relative ? posix.join(cwd!, destRaw) : destRaw);
        if (!system.has(dir)) continue;
        const srcValues = sources.map(value);
        if (srcValues.some((s) => s !== undefined && isWholeContext(s))) {
          report({ messageId: relative ? 'contextViaWorkdir' : 'context', data: { dir }, span: destArg.span });
          continue;
        }
        if (BIN_DIRS.has(dir) && !relative) {
          const i = srcValues.findIndex((s) => s !== undefined && /\/$/.test(s) && !/[*?[]/.test(s) && !OVERLAY_SOURCE.test(posix.basename(s)));
          if (i >= 0) report({ messageId: 'directoryIntoBin', data: { src: srcValues[i]!, dir }, span: sources[i]!.span });
        }
      }
    }
  },
});
