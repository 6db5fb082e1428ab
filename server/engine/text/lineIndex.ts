/**
 * One line index per document. Every line/column in Bulkhead is computed here,
 * for Dockerfiles and YAML alike. Line breaks are `\r\n`, `\n` and a lone `\r`,
 * as the LSP text document model defines them. Columns are UTF-16 code units
 * (JavaScript string indices), which is what LSP uses by default.
 */
export interface LineCol {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  character: number;
}

export class LineIndex {
  /** Offset of the first character of each line. Always starts with 0. */
  readonly lineStarts: readonly number[];
  /** `eol`, worked out when first asked (fixes ask for it for every line they insert). */
  private dominantEol: string | undefined = undefined;

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Most files have only `\n` line breaks: jump from one to the next.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Converts an offset to a 0-based line and UTF-16 column. Offsets are clamped to the text. */
  positionAt(offset: number): LineCol {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  /**
   * Converts a 0-based line and column to an offset. A column past the end of
   * the line is clamped to the line's end (before its line break), as LSP asks.
   */
  offsetAt(pos: LineCol): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line]!;
    const end = this.lineContentEnd(pos.line);
    return Math.max(start, Math.min(start + pos.character, end));
  }

  /** Offset of the start of a line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))]!;
  }

  /** Offset just past the last character of the line, before its line break. */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    let end = next;
    if (end > this.lineStarts[line]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineContentEnd(line));
  }

  /** The line break that ends the given line ('' for the last line). */
  lineBreakOf(line: number): string {
    const end = this.lineContentEnd(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    return this.text.slice(end, next);
  }

  /** The document's dominant line ending; `\n` when it has none. */
  get eol(): string {
    return (this.dominantEol ??= this.countEol());
  }

  private countEol(): string {
    if (this.text.indexOf('\r') < 0) return '\n';
    let crlf = 0;
    let lf = 0;
    let cr = 0;
    for (let line = 0; line < this.lineStarts.length - 1; line++) {
      const b = this.lineBreakOf(line);
      if (b === '\r\n') crlf++;
      else if (b === '\n') lf++;
      else if (b === '\r') cr++;
    }
    if (crlf > lf && crlf >= cr) return '\r\n';
    if (cr > lf && cr > crlf) return '\r';
    return '\n';
  }

  /** 1-based line and column (UTF-16 code units), as SARIF and the CLI report them. */
  oneBased(offset: number): { line: number; column: number } {
    const p = this.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  }
}

/**
 * Replaces every lone `\r` with `\n`. The result has the same length, so offsets
 * are unchanged; parsers that only understand `\n` or `\r\n` (dockerfile-ast,
 * yaml) can then be fed the text and their offsets are valid for the original.
 */
export function normaliseLoneCR(text: string): string {
  if (text.indexOf('\r') < 0) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}
