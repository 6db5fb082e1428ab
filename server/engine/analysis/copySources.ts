/**
 * The sources and destination of a COPY or ADD as BuildKit reads them: flags
 * removed, JSON form unquoted, heredoc sources (`<<EOF`) and their bodies set
 * apart from files of the build context.
 */
import type { DArgument, Instruction } from '../model/dockerfile';

export interface CopyArgs {
  /** Files or directories named as sources (context paths, or paths in `--from` stage/image). */
  sources: DArgument[];
  /** Heredoc sources (`<<EOF`): file contents written in the Dockerfile. */
  heredocs: DArgument[];
  dest?: DArgument;
  /** `--from=<stage|image|context>`, when given. */
  from?: string;
}

export function copyArgs(ins: Instruction): CopyArgs | undefined {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  const bodyStart = Math.min(...ins.heredocs.map((h) => h.body?.span.start ?? h.markerSpan.end), Infinity);
  const words = ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.filter((a) => a.span.start < bodyStart);
  if (words.length === 0) return undefined;
  const dest = words[words.length - 1];
  const rest = words.slice(0, -1);
  const from = ins.flags.find((f) => f.name === 'from')?.value ?? undefined;
  return {
    sources: rest.filter((a) => !a.value.startsWith('<<')),
    heredocs: rest.filter((a) => a.value.startsWith('<<')),
    dest,
    from,
  };
}

/** `ADD https://…`, `ADD git@…`: not a file of the build context. */
export function isRemoteSource(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^git@/.test(value);
}
