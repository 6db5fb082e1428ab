/**
 * Offsets as dockerfile-ast's document gives them back. dockerfile-ast keeps
 * LSP positions, and its document turns an offset into a position and back
 * with one loss: an offset on the `\n` of a `\r\n` comes back at the `\r`
 * (the end of that line's content). The model builder's line index reads
 * dockerfile-ast's ranges the same way. Bulkhead's readers that follow
 * dockerfile-ast on offsets (propertyReader.ts, heredocReader.ts) take every
 * offset through here wherever dockerfile-ast's went through a position.
 *
 * `text` has no lone `\r` (parse/dockerfile.ts turns them into `\n` first).
 */

/**
 * An offset that has been through a position and back, as dockerfile-ast's
 * document (and the model builder's line index) turn them: a position on the
 * `\n` of a `\r\n` is the end of that line's content, at the `\r`. Every
 * range dockerfile-ast reads text from has been through positions.
 */
export function viaPosition(text: string, o: number): number {
  return o > 0 && text.charCodeAt(o) === 0x0a && text.charCodeAt(o - 1) === 0x0d ? o - 1 : o;
}

/** A span as the model builder reads dockerfile-ast's range for it (see `viaPosition`). */
export function asPosition(text: string, span: { start: number; end: number }): { start: number; end: number } {
  return { start: viaPosition(text, span.start), end: viaPosition(text, span.end) };
}

/** The text of a range, as dockerfile-ast's document reads it (`substring`: a range that ends first reads the text between). */
export function rangeText(text: string, start: number, end: number): string {
  return text.substring(viaPosition(text, start), viaPosition(text, end));
}
