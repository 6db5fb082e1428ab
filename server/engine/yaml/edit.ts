/**
 * Style-preserving edits of a YAML document, as text edits on offsets.
 *
 * Nothing is re-serialised: a removal deletes the lines (block style) or the
 * element and its comma (flow style) it concerns, an insertion writes new lines
 * with the indentation, sequence style and line breaks the file already uses.
 * Comments and quoting elsewhere are untouched. Every helper returns
 * `undefined` when it cannot make the edit safely (an unusual layout, or a
 * removal that would orphan an alias); callers then offer no fix.
 */
import { type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from './nodes';
import type { TextEdit } from '../types';
import {
  colonAfter,
  columnOf,
  commentLine,
  eolAt,
  isImplicitNull,
  itemSpan,
  lineOf,
  linePrefix,
  nodeSpan,
  pairSpan,
  parentOf,
  removalBreaksAliases,
  type YamlCollection,
  type YamlSource,
} from './source';
import { detectStyle, type YamlStyle } from './style';
import { renderBlockBody, renderBlockPair, renderFlow, rendersInline, scalarText, type YamlValue } from './render';

/** Indentation, then `-`, then optional anchors / tags: what may precede a block sequence item on its line. */
const SEQ_ITEM_PREFIX = /^([ \t]*)-(?:[ \t]+(?:[&!][^ \t]*[ \t]+)*)?$/;

function isLineBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

/** Skips whitespace, line breaks and comments from `i`. */
function skipSpaceAndComments(text: string, i: number): number {
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || isLineBreak(text[i]))) i++;
    if (text[i] === '#' && (i === 0 || /[ \t\r\n]/.test(text[i - 1]!))) {
      while (i < text.length && !isLineBreak(text[i])) i++;
      continue;
    }
    return i;
  }
}

/** Deletes whole lines `first..last` with their line breaks (the last line of the file: the break before it). */
function removeLines(src: YamlSource, first: number, last: number): TextEdit {
  const { lines } = src;
  if (last + 1 < lines.lineCount) return { start: lines.lineStart(first), end: lines.lineStart(last + 1), text: '' };
  const start = first > 0 ? lines.lineContentEnd(first - 1) : 0;
  return { start, end: src.text.length, text: '' };
}

/** Inserts whole lines after `line`, each ending with the file's line break. */
function insertLinesAfter(src: YamlSource, line: number, newLines: readonly string[]): TextEdit {
  const { lines } = src;
  const eol = eolAt(src, line);
  if (line + 1 < lines.lineCount) {
    const at = lines.lineStart(line + 1);
    return { start: at, end: at, text: newLines.map((l) => l + eol).join('') };
  }
  const end = src.text.length;
  return { start: end, end, text: newLines.map((l) => eol + l).join('') };
}

/**
 * Replaces the only item of a block collection, written from `start` to `end`
 * on a line starting at `lineStart`, with an empty flow collection. When only
 * blanks separate it from its key's `:` it moves up there (`key: []`);
 * otherwise (an anchor or tag before it, a comment between) it stays in place.
 */
function emptyCollection(src: YamlSource, lineStart: number, start: number, end: number, empty: string): TextEdit {
  let i = lineStart;
  while (i > 0 && /[ \t\r\n]/.test(src.text[i - 1]!)) i--;
  if (i > 0 && src.text[i - 1] === ':') return { start: i, end, text: ` ${empty}` };
  return { start, end, text: empty };
}

function removeBlockItem(src: YamlSource, coll: YamlCollection, index: number): TextEdit[] | undefined {
  const span = itemSpan(src, coll.items[index]);
  if (!span) return undefined;
  const prefix = linePrefix(src, span.start);
  const lineStart = span.start - prefix.length;
  const only = coll.items.length === 1;
  if (isSeq(coll)) {
    const m = SEQ_ITEM_PREFIX.exec(prefix);
    if (!m) return undefined;
    // The last item goes: an empty list stays a list (`[]`), not a null.
    if (only) return [emptyCollection(src, lineStart, lineStart + m[1]!.length, span.end, '[]')];
    return [removeLines(src, lineOf(src, span.start), lineOf(src, span.end))];
  }
  const alone = /^[ \t]*$/.test(prefix);
  const afterDash = /^[ \t]*-[ \t]+$/.test(prefix);
  if (!alone && !afterDash) return undefined;
  // The last pair goes: an empty map stays a map (`{}`), so merge keys and aliases to it stay valid.
  if (only) return [alone ? emptyCollection(src, lineStart, span.start, span.end, '{}') : { start: span.start, end: span.end, text: '{}' }];
  if (alone) return [removeLines(src, lineOf(src, span.start), lineOf(src, span.end))];
  // `- key: v` followed by more pairs: the next pair moves up behind the dash.
  if (index !== 0) return undefined;
  const next = itemSpan(src, coll.items[1]);
  return next ? [{ start: span.start, end: next.start, text: '' }] : undefined;
}

function removeFlowItem(src: YamlSource, coll: YamlCollection, index: number): TextEdit[] | undefined {
  const text = src.text;
  const spans = (coll.items as unknown[]).map((it) => itemSpan(src, it));
  const span = spans[index];
  if (!span || spans.some((s) => !s)) return undefined;
  if (spans.length === 1) {
    const j = skipSpaceAndComments(text, span.end);
    return [{ start: span.start, end: text[j] === ',' ? j + 1 : span.end, text: '' }];
  }
  if (index < spans.length - 1) {
    const comma = skipSpaceAndComments(text, span.end);
    if (text[comma] !== ',') return undefined;
    let k = comma + 1;
    while (text[k] === ' ' || text[k] === '\t') k++;
    let lineEnd = k;
    if (text[lineEnd] === '#') while (lineEnd < text.length && !isLineBreak(text[lineEnd])) lineEnd++;
    // The element on lines of its own (multi-line flow list): drop those lines.
    if (/^[ \t]*$/.test(linePrefix(src, span.start)) && isLineBreak(text[lineEnd])) {
      return [removeLines(src, lineOf(src, span.start), lineOf(src, lineEnd))];
    }
    // Keep a comment that follows the comma separated from the bracket.
    return [{ start: span.start, end: text[k] === '#' ? comma + 1 : k, text: '' }];
  }
  const prev = spans[index - 1]!;
  const comma = skipSpaceAndComments(text, prev.end);
  if (text[comma] !== ',' || comma > span.start) return undefined;
  if (!text.slice(prev.end, span.start).includes('#')) return [{ start: prev.end, end: span.end, text: '' }];
  // A comment sits between the comma and the element: keep it, drop the comma and the element.
  return [
    { start: comma, end: comma + 1, text: '' },
    { start: span.start, end: span.end, text: '' },
  ];
}

function removeItem(src: YamlSource, coll: YamlCollection, index: number): TextEdit[] | undefined {
  const item = coll.items[index];
  if (item === undefined || removalBreaksAliases(src, [item])) return undefined;
  return coll.flow ? removeFlowItem(src, coll, index) : removeBlockItem(src, coll, index);
}

/**
 * Removes a `key: value` pair from its map. Block style: the pair's lines with
 * their line breaks (comments on other lines stay); flow style: the pair and
 * one comma. The last pair of a map leaves `{}`.
 */
export function removePair(src: YamlSource, pair: Pair): TextEdit[] | undefined {
  const loc = parentOf(src, pair);
  if (!loc || !isMap(loc.parent)) return undefined;
  return removeItem(src, loc.parent, loc.index);
}

/**
 * Removes the item at `index` of a sequence: its `- item` lines (block) or the
 * element and one comma (flow). The last item leaves `[]`.
 */
export function removeSeqItem(src: YamlSource, seq: YAMLSeq, index: number): TextEdit[] | undefined {
  return removeItem(src, seq, index);
}

/** Appends an item to a sequence, as a new `- item` line under the others (block) or `, item` (flow). */
export function appendSeqItem(src: YamlSource, seq: YAMLSeq, value: YamlValue): TextEdit[] | undefined {
  const seqSpan = nodeSpan(src, seq);
  if (!seqSpan) return undefined;
  const item = renderFlow(value);
  if (seq.flow) {
    if (seq.items.length === 0) {
      if (src.text[seqSpan.start] !== '[') return undefined;
      const at = seqSpan.start + 1;
      return [{ start: at, end: at, text: item }];
    }
    const last = itemSpan(src, seq.items[seq.items.length - 1]);
    return last ? [{ start: last.end, end: last.end, text: `, ${item}` }] : undefined;
  }
  const last = itemSpan(src, seq.items[seq.items.length - 1]);
  if (!last || src.text[seqSpan.start] !== '-') return undefined;
  const pad = ' '.repeat(columnOf(src, seqSpan.start));
  return [insertLinesAfter(src, lineOf(src, last.end), [`${pad}- ${item}`])];
}

export interface InsertPairOptions {
  /** Insert after this pair of the map (default: after the last pair). */
  after?: Pair;
  /** The file's style (default: detected). */
  style?: YamlStyle;
}

/**
 * Inserts `key: value` into a map. Block style: new lines at the column of the
 * map's keys, after the `after` pair's lines (and comments indented under it);
 * flow style: `, key: value` after the `after` pair (or inside an empty `{}`).
 */
export function insertPair(src: YamlSource, map: YAMLMap, key: string, value: YamlValue, options: InsertPairOptions = {}): TextEdit[] | undefined {
  const style = options.style ?? detectStyle(src);
  const anchor = options.after ?? map.items[map.items.length - 1];
  if (anchor !== undefined && !map.items.includes(anchor)) return undefined;
  if (map.flow) {
    const entry = `${scalarText(key)}: ${renderFlow(value)}`;
    if (anchor === undefined) {
      const s = nodeSpan(src, map);
      if (!s || src.text[s.start] !== '{') return undefined;
      return [{ start: s.start + 1, end: s.start + 1, text: entry }];
    }
    const s = itemSpan(src, anchor);
    return s ? [{ start: s.end, end: s.end, text: `, ${entry}` }] : undefined;
  }
  if (!isPair(anchor)) return undefined;
  const span = pairSpan(src, anchor);
  if (!span) return undefined;
  const keyColumn = columnOf(src, span.start);
  let line = lineOf(src, span.end);
  // Comment lines indented under the pair belong to it (often commented-out list items).
  while (line + 1 < src.lines.lineCount && (commentLine(src, line + 1)?.indent ?? -1) > keyColumn) line++;
  return [insertLinesAfter(src, line, renderBlockPair(key, value, keyColumn, style))];
}

/**
 * Gives a value to a pair whose value is empty (`key:`, `key: ~`, `key: null`,
 * or `{key}` in flow style). Collections go below the key in block style, or
 * on its line when the style writes them in flow.
 */
export function setEmptyValue(src: YamlSource, pair: Pair, value: YamlValue, style: YamlStyle = detectStyle(src)): TextEdit[] | undefined {
  const v = pair.value;
  const explicitNull = !isImplicitNull(src, v);
  if (explicitNull && !(isScalar(v) && v.value === null)) return undefined;
  const key = nodeSpan(src, pair.key);
  const loc = parentOf(src, pair);
  if (!key || !loc) return undefined;
  const vspan = explicitNull ? nodeSpan(src, v) : undefined;
  const colon = colonAfter(src, key.end);
  if (loc.parent.flow) {
    const flow = renderFlow(value);
    if (vspan) return [{ start: vspan.start, end: vspan.end, text: flow }];
    return colon !== undefined ? [{ start: colon, end: colon, text: ` ${flow}` }] : [{ start: key.end, end: key.end, text: `: ${flow}` }];
  }
  if (colon === undefined) return undefined;
  if (rendersInline(value, style)) {
    const flow = renderFlow(value);
    if (vspan) return [{ start: vspan.start, end: vspan.end, text: flow }];
    return [{ start: colon, end: colon, text: ` ${flow}` }];
  }
  const body = renderBlockBody(value, columnOf(src, key.start), style);
  if (!vspan) return [insertLinesAfter(src, lineOf(src, colon), body)];
  return [
    { start: colon, end: vspan.end, text: '' },
    insertLinesAfter(src, lineOf(src, vspan.end), body),
  ];
}
