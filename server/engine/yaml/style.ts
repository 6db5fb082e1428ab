/**
 * The layout habits of a YAML file, so that inserted text looks as if the
 * author wrote it: how far nested maps are indented, how far a block
 * sequence's `-` sits from its key (`key:\n  - x` or `key:\n- x`), and whether
 * short lists are written in flow style (`[a, b]`).
 */
import { type YAMLMap } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from './nodes';
import { walk, type YamlSource } from './source';
import { DerivedKey } from '../util/derived';

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
 * from its block maps and sequences. Kept with the model (`src.derived`):
 * every fix a rule builds asks, and documents are not changed after parsing.
 */
export function detectStyle(src: YamlSource): YamlStyle {
  return src.derived ? src.derived.get(STYLE, () => Object.freeze(computeStyle(src))) : Object.freeze(computeStyle(src));
}

const STYLE = new DerivedKey<YamlStyle>('YAML style');

function computeStyle(src: YamlSource): YamlStyle {
  const indents = new Map<number, number>();
  const seqIndents = new Map<number, number>();
  let flow = 0;
  let block = 0;
  // Each offset's line and column come from one lookup; a node's start is its range's first offset.
  const startOf = (node: unknown): number | undefined => (node as { range?: [number, number, number] } | null)?.range?.[0];
  walk(src.doc?.contents, (node) => {
    if (!isMap(node) || node.flow) return;
    for (const item of (node as YAMLMap).items) {
      if (!isPair(item)) continue;
      const value = item.value;
      // Most values are scalars, which say nothing about the layout: no position to look up.
      if (!isMap(value) && !isSeq(value)) continue;
      const keyStart = startOf(item.key);
      if (keyStart === undefined) continue;
      const keyAt = src.lines.positionAt(keyStart);
      if (isMap(value) && !value.flow && value.items.length > 0) {
        const first = value.items[0];
        const fkStart = isPair(first) ? startOf(first.key) : undefined;
        if (fkStart === undefined) continue;
        const fk = src.lines.positionAt(fkStart);
        if (fk.line > keyAt.line && fk.character > keyAt.character) vote(indents, fk.character - keyAt.character);
      } else if (isSeq(value)) {
        const keyName = isScalar(item.key) ? String(item.key.value) : '';
        if (value.flow) {
          if (!EXEC_FORM_KEYS.has(keyName)) flow++;
          continue;
        }
        const seqStart = startOf(value);
        if (seqStart === undefined) continue;
        const dash = src.lines.positionAt(seqStart);
        if (dash.line <= keyAt.line) continue;
        if (!EXEC_FORM_KEYS.has(keyName)) block++;
        if (dash.character >= keyAt.character) vote(seqIndents, dash.character - keyAt.character);
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
