import type { Fix, TextEdit } from '../types';

/** Sorts edits and checks they do not overlap. Two inserts at one offset keep their given order. */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  return edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i).map((x) => x.e);
}

export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
      // Two edits touching the same point conflict unless both are pure inserts elsewhere.
      if (x.start === y.start && (x.end > x.start || y.end > y.start)) return true;
      if (x.start === x.end && y.start === y.end && x.start === y.start) return true;
    }
  }
  return false;
}

/**
 * One fix's edits in document order, with an insertion and a replacement that
 * start at the same offset merged into one edit (the insertion first), so no
 * consumer has to guess their order (LSP clients reject such pairs as
 * overlapping). Edits that truly overlap are left for `applyEdits` to refuse.
 */
export function coalesceEdits(edits: readonly TextEdit[]): TextEdit[] {
  if (edits.length === 1) {
    const e = edits[0]!;
    return [{ start: e.start, end: e.end, text: e.text }];
  }
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && prev.start === e.start) out[out.length - 1] = { start: e.start, end: e.end, text: prev.text + e.text };
    else out.push({ start: e.start, end: e.end, text: e.text });
  }
  return out;
}

/** Applies non-overlapping edits to text. Throws on overlap: callers choose which edits to keep first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`Overlapping edits at offset ${e.start}`);
    if (e.start > text.length || e.end > text.length || e.end < e.start) throw new Error(`Edit out of range: ${e.start}-${e.end}`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Picks fixes whose edits do not overlap any already picked, in the order given. */
export function pickCompatibleFixes(fixes: readonly Fix[]): Fix[] {
  const picked: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const f of fixes) {
    if (f.otherFiles && f.otherFiles.length > 0) continue;
    if (editsOverlap(f.edits, edits)) continue;
    picked.push(f);
    edits.push(...f.edits);
  }
  return picked;
}
