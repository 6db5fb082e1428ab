/**
 * The edit behind "Disable BHxxx for this line" and "… for this file": a
 * `# bulkhead-ignore` comment above the instruction or YAML line that holds the
 * finding (or a `# bulkhead-ignore-file` comment at the top), in the file's
 * own indentation and line endings. An existing suppression comment in that
 * place gets the rule added to its list instead of a second comment.
 */
import type { FileKind, Span, TextEdit } from '../types';
import { LineIndex } from '../text/lineIndex';
import { parseDockerfile } from '../parse/dockerfile';

export const SUPPRESSION_REASON_PLACEHOLDER = 'reason';

const NEXT = /^([ \t]*)#[ \t]*bulkhead-ignore(?!-file)\b[ \t]*([^\r\n]*?)(?=[ \t]*--|[ \t]*$)/;
const FILE = /^([ \t]*)#[ \t]*bulkhead-ignore-file\b[ \t]*([^\r\n]*?)(?=[ \t]*--|[ \t]*$)/;

export function suppressionEdit(text: string, kind: FileKind, span: Span, ruleId: string, scope: 'line' | 'file'): TextEdit {
  const lines = new LineIndex(text);
  const eol = lines.eol;
  if (scope === 'file') {
    let line = 0;
    if (kind === 'dockerfile') {
      // After the parser directives (`# syntax=`, `# escape=`), which must stay first.
      const model = parseDockerfile(text);
      for (const d of model.directives) line = Math.max(line, lines.positionAt(d.span.start).line + 1);
    }
    const existing = line < lines.lineCount ? extend(lines, line, FILE, ruleId) : undefined;
    if (existing) return existing;
    const at = line < lines.lineCount ? lines.lineStart(line) : text.length;
    const prefix = at === text.length && text.length > 0 && !/[\r\n]$/.test(text) ? eol : '';
    return { start: at, end: at, text: `${prefix}# bulkhead-ignore-file ${ruleId} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
  }
  let line = lines.positionAt(span.start).line;
  if (kind === 'dockerfile') {
    const model = parseDockerfile(text);
    const ins = model.instructions.find((i) => i.span.start <= span.start && span.start <= i.span.end);
    if (ins) line = lines.positionAt(ins.span.start).line;
  }
  if (line > 0) {
    const existing = extend(lines, line - 1, NEXT, ruleId);
    if (existing) return existing;
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  const at = lines.lineStart(line);
  return { start: at, end: at, text: `${indent}# bulkhead-ignore ${ruleId} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
}

/** Adds `ruleId` to the id list of a suppression comment on `line`, if there is one. */
function extend(lines: LineIndex, line: number, rx: RegExp, ruleId: string): TextEdit | undefined {
  const m = rx.exec(lines.lineText(line));
  if (!m) return undefined;
  const ids = m[2]!;
  const end = lines.lineStart(line) + m[0].length;
  if (ids.split(/[\s,]+/).includes(ruleId)) return { start: end, end, text: '' };
  return { start: end, end, text: ids.trim() ? `,${ruleId}` : ` ${ruleId}` };
}
