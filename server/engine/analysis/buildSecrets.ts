/**
 * BuildKit build secrets as fixes write them: a `--mount=type=secret,…` flag
 * added to a RUN, the `# syntax=` directive that secret mounts need, and the
 * secret mounts a RUN already has (a value read from one is not a leak).
 */
import type { DockerfileModel, Instruction } from '../model/dockerfile';
import type { TextEdit } from '../types';

/** A secret id derived from a variable or tool name: lower case, `[a-z0-9_.-]`. */
export function secretIdFor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
}

/** Inserts `--mount=<spec>` right after the RUN keyword, before any other flag. */
export function addMountEdit(ins: Instruction, spec: string): TextEdit {
  const first = Math.min(ins.flags[0]?.span.start ?? Infinity, ins.argsSpan?.start ?? Infinity);
  const at = Number.isFinite(first) ? first : ins.keywordSpan.end;
  const sep = Number.isFinite(first) ? '' : ' ';
  return { start: at, end: at, text: `${sep}--mount=${spec} ` };
}

/** `# syntax=docker/dockerfile:1` as the first line, when the file has no syntax directive. */
export function syntaxDirectiveEdits(model: DockerfileModel): TextEdit[] {
  if (model.directives.some((d) => d.name.toLowerCase() === 'syntax')) return [];
  return [{ start: 0, end: 0, text: `# syntax=docker/dockerfile:1${model.lines.eol}` }];
}

export interface SecretMount {
  id?: string;
  target?: string;
  env?: string;
}

/** The `--mount=type=secret` flags of a RUN, parsed. */
export function secretMounts(ins: Instruction): SecretMount[] {
  const out: SecretMount[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const kv: Record<string, string> = {};
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) kv[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
      else kv[part.trim().toLowerCase()] = '';
    }
    if (kv.type !== 'secret') continue;
    out.push({ id: kv.id, target: kv.target ?? kv.dst ?? kv.destination, env: kv.env });
  }
  return out;
}

/** A secret id not yet mounted by the RUN: `base`, else `base_2`, `base_3`… */
export function freeSecretId(ins: Instruction, base: string): string {
  const used = new Set(secretMounts(ins).map((m) => m.id));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}
