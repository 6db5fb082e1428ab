/**
 * Inline suppressions:
 *   `# bulkhead-ignore BH101,no-root-user -- reason` silences the next
 *   instruction (Dockerfile) or the next YAML key and the block under it;
 *   `# bulkhead-ignore-file BH101 -- reason` silences the whole file.
 * A suppression that silences nothing, or names an unknown rule, is reported.
 */
import type { Span } from './types';
import type { LineIndex } from './text/lineIndex';

export interface Suppression {
  scope: 'next' | 'file';
  /** Rule ids or names as written. */
  rules: { ref: string; span: Span }[];
  reason?: string;
  /** The comment itself. */
  span: Span;
  /** What it covers; for `next` the following instruction or YAML entry. */
  target?: Span;
}

const DIRECTIVE = /^[ \t]*#[ \t]*bulkhead-ignore(-file)?\b(.*)$/;

/**
 * Finds suppression comments. `targetForLine` gives the span covered by the
 * construct starting on a line (the instruction or the YAML entry).
 */
export function findSuppressions(lines: LineIndex, targetForLine: (line: number) => Span | undefined): Suppression[] {
  const out: Suppression[] = [];
  const text = lines.text;
  if (text.indexOf('bulkhead-ignore') < 0) return out;
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    if (lineText.indexOf('bulkhead-ignore') < 0) continue;
    const m = DIRECTIVE.exec(lineText);
    if (!m) continue;
    const lineStart = lines.lineStart(line);
    const scope = m[1] ? 'file' : 'next';
    const rest = m[2] ?? '';
    const restStart = lineStart + lineText.length - rest.length;
    const sep = rest.indexOf('--');
    const idsPart = sep >= 0 ? rest.slice(0, sep) : rest;
    const reason = sep >= 0 ? rest.slice(sep + 2).trim() : undefined;
    const rules: Suppression['rules'] = [];
    const idRx = /[A-Za-z0-9_-]+/g;
    let im: RegExpExecArray | null;
    while ((im = idRx.exec(idsPart))) {
      rules.push({ ref: im[0], span: { start: restStart + im.index, end: restStart + im.index + im[0].length } });
    }
    const s: Suppression = {
      scope,
      rules,
      reason: reason || undefined,
      span: { start: lineStart + (lineText.length - lineText.trimStart().length), end: lineStart + lineText.length },
    };
    if (scope === 'next') {
      // The next line that is neither blank nor a comment.
      for (let l = line + 1; l < lines.lineCount; l++) {
        const t = lines.lineText(l).trim();
        if (t === '' || t.startsWith('#')) continue;
        s.target = targetForLine(l) ?? { start: lines.lineStart(l), end: lines.lineContentEnd(l) };
        break;
      }
    }
    out.push(s);
  }
  return out;
}

export interface HadolintPragma {
  scope: 'next' | 'file';
  /** hadolint codes, upper case (`DL3008`). */
  codes: string[];
  span: Span;
  target?: Span;
}

const HADOLINT = /^[ \t]*#[ \t]*hadolint[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([A-Za-z0-9, \t]+)/;

/**
 * hadolint's pragmas: `# hadolint ignore=DL3008,DL3009` for the next
 * instruction, `# hadolint global ignore=DL3003` for the file.
 */
export function findHadolintPragmas(lines: LineIndex, targetForLine: (line: number) => Span | undefined): HadolintPragma[] {
  const out: HadolintPragma[] = [];
  if (lines.text.indexOf('hadolint') < 0) return out;
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    if (lineText.indexOf('hadolint') < 0) continue;
    const m = HADOLINT.exec(lineText);
    if (!m) continue;
    const lineStart = lines.lineStart(line);
    const p: HadolintPragma = {
      scope: m[1] ? 'file' : 'next',
      codes: m[2]!.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()),
      span: { start: lineStart + (lineText.length - lineText.trimStart().length), end: lineStart + lineText.length },
    };
    if (p.scope === 'next') {
      for (let l = line + 1; l < lines.lineCount; l++) {
        const t = lines.lineText(l).trim();
        if (t === '' || t.startsWith('#')) continue;
        p.target = targetForLine(l) ?? { start: lines.lineStart(l), end: lines.lineContentEnd(l) };
        break;
      }
    }
    out.push(p);
  }
  return out;
}
