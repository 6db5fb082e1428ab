/**
 * The layout habits of a YAML file, so that inserted text looks as if the
 * author wrote it: how far nested maps are indented, how far a block
 * sequence's `-` sits from its key (`key:\n  - x` or `key:\n- x`), and whether
 * short lists are written in flow style (`[a, b]`).
 */
import { type YAMLMap } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from './nodes';
import { columnOf, lineOf, nodeSpan, walk, type YamlSource } from './source';

export interface YamlStyle {
  /** Columns a nested block map is indented by, relative to its key. */
  indent: number;
  /** Columns from a key to the `-` of its block sequence (0: the `-` sits under the key). */
  seqIndent: number;
  /** The file writes lists under keys in flow style (`key: [a, b]`) more often than as blocks. */
  flowSeqs: boolean;
  /** The document's line break. */
  eol: string;
}

/** Keys whose lists are conventionally flow-style exec forms; they say nothing about the file's habit. */
const EXEC_FORM_KEYS = new Set(['command', 'entrypoint', 'test']);

const DEFAULT_INDENT = 2;

function mostCommon(votes: Map<number, number>): number | undefined {
  let best: number | undefined;
  let bestCount = 0;
  for (const [v, n] of votes) {
    if (n > bestCount || (n === bestCount && best !== undefined && v < best)) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

function vote(votes: Map<number, number>, v: number): void {
  votes.set(v, (votes.get(v) ?? 0) + 1);
}

/**
 * Detects the file's indentation unit, sequence indentation and list style
 * from its block maps and sequences. Kept per parsed document: every fix a
 * rule builds asks, and documents are not changed after parsing.
 */
export function detectStyle(src: YamlSource): YamlStyle {
  const key = src.doc ?? src;
  let style = STYLES.get(key);
  if (!style) STYLES.set(key, (style = Object.freeze(computeStyle(src))));
  return style;
}

const STYLES = new WeakMap<object, YamlStyle>();

function computeStyle(src: YamlSource): YamlStyle {
  const indents = new Map<number, number>();
  const seqIndents = new Map<number, number>();
  let flow = 0;
  let block = 0;
  walk(src.doc?.contents, (node) => {
    if (!isMap(node) || node.flow) return;
    for (const item of (node as YAMLMap).items) {
      if (!isPair(item)) continue;
      const key = nodeSpan(src, item.key);
      if (!key) continue;
      const keyLine = lineOf(src, key.start);
      const keyCol = columnOf(src, key.start);
      const value = item.value;
      if (isMap(value) && !value.flow && value.items.length > 0) {
        const first = value.items[0];
        const fk = isPair(first) ? nodeSpan(src, first.key) : undefined;
        if (fk && lineOf(src, fk.start) > keyLine && columnOf(src, fk.start) > keyCol) vote(indents, columnOf(src, fk.start) - keyCol);
      } else if (isSeq(value)) {
        const keyName = isScalar(item.key) ? String(item.key.value) : '';
        if (value.flow) {
          if (!EXEC_FORM_KEYS.has(keyName)) flow++;
          continue;
        }
        const s = nodeSpan(src, value);
        if (!s || lineOf(src, s.start) <= keyLine) continue;
        if (!EXEC_FORM_KEYS.has(keyName)) block++;
        const dashCol = columnOf(src, s.start);
        if (dashCol >= keyCol) vote(seqIndents, dashCol - keyCol);
      }
    }
  });
  const indent = mostCommon(indents) ?? DEFAULT_INDENT;
  return {
    indent,
    seqIndent: mostCommon(seqIndents) ?? indent,
    flowSeqs: flow > block,
    eol: src.lines.eol,
  };
}
