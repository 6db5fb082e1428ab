/**
 * Text that a Dockerfile writes into files: `echo …/printf … > file`,
 * `echo … | tee [-a] file`, `RUN cat > file <<EOF … EOF`, and
 * `COPY <<EOF /path` heredocs. Rules that look for settings written into
 * configuration files (`sslverify=0` in a `.repo`, `[trusted=yes]` in an
 * apt source) read these.
 */
import type { DockerfileModel, Instruction } from '../model/dockerfile';
import type { SimpleCommand } from '../parse/shell';
import type { Span } from '../types';
import { effectiveCommand, instructionSites, positionalArgs, runCommands, type InstructionSite } from './commands';
import { sharedList } from '../util/shared';
import { DerivedKey } from '../util/derived';

export interface WrittenText {
  /** The file written, as written (may contain `$VAR`). */
  path: string;
  /** The text written (best effort for echo/printf: arguments joined by spaces, `\n` of printf as line breaks). */
  text: string;
  /** Where `text[0]` is in the document, when the text is the document slice itself (heredoc bodies). */
  offset?: number;
  /** What to report when the text has no exact offset: the command, or the heredoc body. */
  span: Span;
  instruction: Instruction;
  onbuild: boolean;
}

/** Where in the document `index` of a written text is, as a span of `length`; the whole `span` when unknown. */
export function spanInWritten(w: WrittenText, index: number, length: number): Span {
  if (w.offset === undefined) return w.span;
  return { start: w.offset + index, end: w.offset + index + length };
}

function echoText(command: SimpleCommand): string | undefined {
  const eff = effectiveCommand(command);
  if (!eff) return undefined;
  if (eff.baseName === 'echo') {
    const args = eff.args.map((a) => a.value);
    let i = 0;
    let escapes = false;
    while (i < args.length && /^-[neE]+$/.test(args[i]!)) {
      if (args[i]!.includes('e')) escapes = true;
      i++;
    }
    const t = args.slice(i).join(' ');
    return escapes ? t.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : t;
  }
  if (eff.baseName === 'printf') {
    const args = eff.args.map((a) => a.value).filter((v, i) => !(i === 0 && v === '--'));
    return args.join(' ').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  }
  return undefined;
}

/**
 * Every text the Dockerfile writes into a file, in source order: worked out
 * once per model (two rules read them), each frozen, the list read-only (see
 * util/shared.ts).
 */
export function writtenTexts(model: DockerfileModel): readonly WrittenText[] {
  return model.derived.get(WRITTEN, () => sharedList(findWrittenTexts(model).map((w) => Object.freeze(w))));
}

const WRITTEN = new DerivedKey<readonly WrittenText[]>('written texts');

function findWrittenTexts(model: DockerfileModel): WrittenText[] {
  const out: WrittenText[] = [];
  for (const site of runCommands(model)) {
    const c = site.command;
    const text = echoText(c);
    if (text === undefined) continue;
    for (const r of c.redirects) {
      if ((r.operator === '>' || r.operator === '>>' || r.operator === '>|') && r.target) {
        out.push({ path: r.target.value, text, span: c.span, instruction: site.instruction, onbuild: site.onbuild });
      }
    }
    if (c.pipelineIndex < c.pipelineLength - 1) {
      for (const n of c.pipeline.commands.slice(c.pipelineIndex + 1)) {
        const eff = effectiveCommand(n);
        if (eff?.baseName === 'tee') {
          for (const p of positionalArgs(eff.args)) out.push({ path: p.value, text, span: { start: c.span.start, end: n.span.end }, instruction: site.instruction, onbuild: site.onbuild });
        }
        if (eff?.baseName === 'cat' || eff?.baseName === 'tee') continue;
        break;
      }
    }
  }
  for (const site of instructionSites(model)) if (site.instruction.heredocs.length > 0) heredocWrites(site, out);
  return out;
}

function heredocWrites(site: InstructionSite, out: WrittenText[]): void {
  const ins = site.instruction;
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const bodies = ins.heredocs.flatMap((h) => (h.body ? [h.body.span] : []));
    const args = ins.args.filter((a) => !bodies.some((b) => a.span.start >= b.start && a.span.start <= b.end) && !ins.heredocs.some((h) => h.body && a.span.start >= h.body.span.end));
    const dest = args[args.length - 1]?.value;
    if (!dest || /^<</.test(dest)) return;
    for (const h of ins.heredocs) {
      if (!h.body) continue;
      const path = dest.endsWith('/') ? dest + h.name : dest;
      out.push({ path, text: h.body.text, offset: h.body.span.start, span: h.body.span, instruction: ins, onbuild: site.onbuild });
    }
    return;
  }
  if (ins.keyword !== 'RUN') return;
  // `RUN cat > /etc/x <<EOF` / `RUN tee /etc/x <<EOF`: the first heredoc is the file's content.
  const line = ins.shell?.[0];
  const h = ins.heredocs[0];
  if (!line || !h?.body) return;
  for (const c of line.commands) {
    const eff = effectiveCommand(c);
    if (!eff) continue;
    const paths: string[] = [];
    if (eff.baseName === 'cat') for (const r of c.redirects) if ((r.operator === '>' || r.operator === '>>') && r.target) paths.push(r.target.value);
    if (eff.baseName === 'tee') paths.push(...positionalArgs(eff.args).map((w) => w.value));
    for (const p of paths) out.push({ path: p, text: h.body.text, offset: h.body.span.start, span: h.body.span, instruction: ins, onbuild: site.onbuild });
  }
}
