/**
 * Reading positions out of a parsed `yaml` document for the edit helpers.
 *
 * A `yaml` node's `range` is `[start, valueEnd, nodeEnd]`; `nodeEnd` (and for
 * block collections even `valueEnd`) may run past the node into its trailing
 * comment and line break, so every end used here is trimmed of trailing
 * whitespace. Anchors (`&a`) and tags are written before a node's range.
 * Everything is an offset into the original text; lines come from the one
 * LineIndex of the document.
 *
 * This folder deliberately has no `index.ts`: the engine's tsconfig sets
 * `baseUrl: "."`, so an `index.ts` here would shadow the `yaml` package for
 * every `import … from 'yaml'` in the engine. Import the modules directly.
 */
import { type Document, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from './nodes';
import type { LineIndex } from '../text/lineIndex';
import type { Span } from '../types';
import type { Derived } from '../util/derived';

/** What the helpers need of a document: its text, its line index and the parsed `yaml` document. A `ComposeModel` is one. */
export interface YamlSource {
  text: string;
  lines: LineIndex;
  doc?: Document.Parsed;
  /** Where work derived from the document is kept (a `ComposeModel`'s); without it, nothing is kept. */
  derived?: Derived;
}

export type YamlCollection = YAMLMap | YAMLSeq;

/** Nesting depth beyond which the helpers stop walking (pathological documents). */
const MAX_DEPTH = 500;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** The span of a node as written, without trailing whitespace or line breaks; undefined when the node has no range. */
export function nodeSpan(src: YamlSource, node: unknown): Span | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  if (!r) return undefined;
  let end = Math.min(r[1], src.text.length);
  while (end > r[0] && isBlank(src.text[end - 1])) end--;
  return { start: r[0], end };
}

/** True for an empty value (`key:` with nothing after it): a null scalar with no source text. */
export function isImplicitNull(src: YamlSource, node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (!isScalar(node) || node.value !== null) return false;
  const s = nodeSpan(src, node);
  if (!s) return true;
  const written = src.text.slice(s.start, s.end);
  return written.trim() === '' || written.trimStart().startsWith('#');
}

/** Offset just past the `:` that follows a key, or undefined when there is none on the key's line. */
export function colonAfter(src: YamlSource, keyEnd: number): number | undefined {
  let i = keyEnd;
  while (src.text[i] === ' ' || src.text[i] === '\t') i++;
  return src.text[i] === ':' ? i + 1 : undefined;
}

/**
 * The span of a pair: from its key to the end of its value. For an empty value
 * the span ends after the `:`.
 */
export function pairSpan(src: YamlSource, pair: Pair): Span | undefined {
  const key = nodeSpan(src, pair.key);
  if (!key) return undefined;
  if (!isImplicitNull(src, pair.value)) {
    const v = nodeSpan(src, pair.value);
    if (v && v.end > key.end) return { start: key.start, end: v.end };
  }
  return { start: key.start, end: colonAfter(src, key.end) ?? key.end };
}

/** The span of an item of a collection (a pair of a map, a node of a sequence). */
export function itemSpan(src: YamlSource, item: unknown): Span | undefined {
  if (isPair(item)) return pairSpan(src, item);
  return nodeSpan(src, item);
}

/** The collection that directly holds a pair or node, and its index there. Aliases are not followed. */
export function parentOf(src: YamlSource, target: unknown): { parent: YamlCollection; index: number } | undefined {
  let found: { parent: YamlCollection; index: number } | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (found || depth > MAX_DEPTH) return;
    if (isPair(node)) {
      visit(node.key, depth + 1);
      visit(node.value, depth + 1);
      return;
    }
    if (isMap(node) || isSeq(node)) {
      const items = node.items as unknown[];
      for (let i = 0; i < items.length && !found; i++) {
        if (items[i] === target) {
          found = { parent: node, index: i };
          return;
        }
        visit(items[i], depth + 1);
      }
    }
  };
  visit(src.doc?.contents, 0);
  return found;
}

/** Calls `fn` for every node and pair under `root` (root included), without following aliases. */
export function walk(root: unknown, fn: (node: unknown) => void): void {
  const visit = (node: unknown, depth: number): void => {
    if (node === null || node === undefined || depth > MAX_DEPTH) return;
    fn(node);
    if (isPair(node)) {
      visit(node.key, depth + 1);
      visit(node.value, depth + 1);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) visit(item, depth + 1);
    }
  };
  visit(root, 0);
}

/**
 * True when removing `removed` (nodes or pairs) would leave an alias elsewhere
 * in the document pointing at an anchor defined inside them.
 */
export function removalBreaksAliases(src: YamlSource, removed: readonly unknown[]): boolean {
  const anchors = new Set<string>();
  const inside = new Set<unknown>();
  for (const r of removed) {
    walk(r, (n) => {
      inside.add(n);
      const a = (n as { anchor?: string }).anchor;
      if (!isPair(n) && typeof a === 'string' && a) anchors.add(a);
    });
  }
  if (anchors.size === 0) return false;
  let broken = false;
  walk(src.doc?.contents, (n) => {
    if (!broken && isAlias(n) && !inside.has(n) && anchors.has(n.source)) broken = true;
  });
  return broken;
}

/** 0-based line of an offset. */
export function lineOf(src: YamlSource, offset: number): number {
  return src.lines.positionAt(offset).line;
}

/** Column (UTF-16) of an offset in its line. */
export function columnOf(src: YamlSource, offset: number): number {
  return src.lines.positionAt(offset).character;
}

/** The text of the line before `offset`, from the line's start. */
export function linePrefix(src: YamlSource, offset: number): string {
  return src.text.slice(src.lines.lineStart(lineOf(src, offset)), offset);
}

/** The line break to write after new text at the end of `line`: the line's own, else the document's. */
export function eolAt(src: YamlSource, line: number): string {
  return src.lines.lineBreakOf(line) || src.lines.eol;
}

/** Whether a line holds only a comment (after indentation), and its indentation. */
export function commentLine(src: YamlSource, line: number): { indent: number } | undefined {
  const t = src.lines.lineText(line);
  const m = /^([ \t]*)#/.exec(t);
  return m ? { indent: m[1]!.length } : undefined;
}

