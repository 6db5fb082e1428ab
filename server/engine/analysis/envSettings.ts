/**
 * Environment variables a Dockerfile sets for its build steps and its image:
 * `ENV`/`ARG` pairs (an ARG is in the environment of every later RUN), and in
 * RUN `VAR=… cmd`, `export VAR=…` and `env VAR=… cmd`; with the edit that
 * removes one.
 */
import type { DockerfileModel, DProperty, Instruction } from '../model/dockerfile';
import type { SimpleCommand } from '../parse/shell';
import type { Span, TextEdit } from '../types';
import { effectiveCommand, removeWordEdit } from './commands';

export interface RunAssignment {
  name: string;
  value: string;
  span: Span;
  /** The edit that removes it, when removing leaves a valid command (`VAR=1 cmd`, `env VAR=1 cmd`); not for `export`. */
  removal?: TextEdit;
}

/** What `runAssignments` answers for a command without any (shared: callers only read it). */
const NO_ASSIGNMENTS: readonly RunAssignment[] = [];

/**
 * Assignments that reach a program: prefixes of a command, `export`/`declare
 * -x` arguments, `env` wrapper arguments. A bare `X=1` with no command is an
 * unexported shell variable and is left out.
 */
export function runAssignments(text: string, command: SimpleCommand, wanted: (name: string) => boolean = () => true): readonly RunAssignment[] {
  // Asked of every command by the rules that look for one setting: only `wanted` names get their removal edit built.
  const eff = effectiveCommand(command);
  const viaEnv = !!eff && eff.wrappers.includes('env');
  // Most commands have no assignment and no `env` before them: nothing to list.
  if (command.assignments.length === 0 && !viaEnv) return NO_ASSIGNMENTS;
  const out: RunAssignment[] = [];
  const exported = command.name === 'export' || ((command.name === 'declare' || command.name === 'typeset') && command.args.some((a) => /^-[a-zA-Z]*x/.test(a.value)));
  for (const a of command.assignments) {
    if (!command.nameWord) continue;
    if ((command.name === 'declare' || command.name === 'typeset' || command.name === 'local' || command.name === 'readonly') && !exported) continue;
    if (!wanted(a.name)) continue;
    out.push({ name: a.name, value: a.value?.value ?? '', span: a.span, removal: exported ? undefined : removeWordEdit(text, a.span) });
  }
  if (eff && viaEnv) {
    for (const w of command.args) {
      if (w.span.start >= eff.nameWord.span.start) break;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
      if (m && wanted(m[1]!)) out.push({ name: m[1]!, value: m[2]!, span: w.span, removal: removeWordEdit(text, w.span) });
    }
  }
  return out;
}

/** Removes one NAME=value pair, or the whole instruction (its lines; the ONBUILD that holds it) when it is the only one. */
export function removePropertyEdit(model: DockerfileModel, ins: Instruction, p: DProperty): TextEdit {
  const { lines } = model;
  const owner = ins.onbuildParent ?? ins;
  if (ins.properties.length === 1) {
    const first = lines.positionAt(owner.span.start).line;
    const last = lines.positionAt(Math.max(owner.span.start, owner.span.end - 1)).line;
    if (last + 1 < lines.lineCount) return { start: lines.lineStart(first), end: lines.lineStart(last + 1), text: '' };
    return { start: first > 0 ? lines.lineContentEnd(first - 1) : 0, end: lines.lineContentEnd(last), text: '' };
  }
  const i = ins.properties.indexOf(p);
  if (i === 0) return { start: p.span.start, end: ins.properties[1]!.span.start, text: '' };
  return { start: ins.properties[i - 1]!.span.end, end: p.span.end, text: '' };
}
