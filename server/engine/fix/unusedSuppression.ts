/**
 * The safe fix for an unused suppression (BH902): remove the one rule that
 * suppresses nothing from the comment, or the whole comment line when it was
 * the comment's only rule. Removing a suppression that silences nothing
 * cannot change any other finding, so the fix is safe for fix-all.
 */
import type { Fix } from '../types';
import type { LineIndex } from '../text/lineIndex';
import type { Suppression } from '../suppress';

export function removeSuppressedRuleFix(lines: LineIndex, s: Suppression, index: number): Fix {
  const rule = s.rules[index]!;
  const title = s.rules.length === 1 ? `Remove the unused suppression comment` : `Remove ${rule.ref} from the suppression comment`;
  return { id: 'remove-unused-suppression', title, safe: true, edits: [removalEdit(lines, s, index)] };
}

function removalEdit(lines: LineIndex, s: Suppression, index: number): { start: number; end: number; text: string } {
  const text = lines.text;
  if (s.rules.length === 1) {
    // The whole line: its content and its line break (for the last line, the break before it).
    const line = lines.positionAt(s.span.start).line;
    if (line + 1 < lines.lineCount) return { start: lines.lineStart(line), end: lines.lineStart(line + 1), text: '' };
    const start = line > 0 ? lines.lineContentEnd(line - 1) : 0;
    return { start, end: lines.lineContentEnd(line), text: '' };
  }
  const first = s.rules[0]!.span;
  const last = s.rules[s.rules.length - 1]!.span;
  // Keep the author's separator (`BH101,BH102`, `BH101, BH102`, `BH101 BH102`).
  const sep = text.slice(first.end, s.rules[1]!.span.start);
  const kept = s.rules.filter((_, i) => i !== index).map((r) => text.slice(r.span.start, r.span.end));
  return { start: first.start, end: last.end, text: kept.join(sep) };
}
