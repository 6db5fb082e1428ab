/**
 * Where the parts of a Compose short-syntax string (`./src:/app:ro`,
 * `127.0.0.1:8080:80`) are written in the file, so that findings point at the
 * part they are about and fixes edit just that part. Shared by
 * `compose/volumes.ts` and `compose/ports.ts`.
 *
 * A single-line scalar (plain, single- or double-quoted) is decoded character
 * by character, each character keeping the offset it is written at. The
 * decoded text is split on a separator with `${…}` kept whole (its `:-`
 * belongs to the variable), and each part is interpolated on its own. When the
 * interpolated parts, joined again, are not the interpolated whole (a variable
 * whose value holds the separator), the parts are not `aligned`: callers then
 * report on the whole value and offer no fix.
 */
import { type Node as YNode } from 'yaml';
import { isScalar } from '../yaml/nodes';
import type { ComposeModel } from '../model/compose';
import type { Span } from '../types';
import { substituteVariables } from '../parse/variables';

export interface WrittenScalar {
  /** The scalar's content as YAML reads it, before interpolation. */
  raw: string;
  /** Offset at which each character of `raw` is written. */
  starts: number[];
  /** Offset just past the last character of the content (before a closing quote). */
  end: number;
  /** Offset of the first character of the content (after an opening quote). */
  start: number;
  quote: '' | '"' | "'";
}

/**
 * A scalar as written, character by character; undefined for block scalars,
 * multi-line scalars and escapes other than `\\`, `\"`, `\/` and `''`.
 * Numbers (`- 8080`) are read from their source text, as Compose reads them.
 */
export function writtenScalar(model: ComposeModel, node: unknown): WrittenScalar | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const text = model.text;
  const [r0] = node.range;
  const span = model.spanOf(node as YNode);
  const type = node.type;
  if (type !== 'PLAIN' && type !== 'QUOTE_DOUBLE' && type !== 'QUOTE_SINGLE') return undefined;
  const written = text.slice(span.start, span.end);
  if (/[\r\n]/.test(written)) return undefined;
  if (type === 'PLAIN') {
    const starts: number[] = [];
    for (let i = span.start; i < span.end; i++) starts.push(i);
    return { raw: written, starts, start: span.start, end: span.end, quote: '' };
  }
  const q = type === 'QUOTE_DOUBLE' ? '"' : "'";
  if (text[r0] !== q || text[span.end - 1] !== q || span.end - r0 < 2) return undefined;
  let raw = '';
  const starts: number[] = [];
  const last = span.end - 1;
  for (let i = r0 + 1; i < last; i++) {
    const c = text[i]!;
    if (q === "'" && c === "'") {
      if (text[i + 1] !== "'") return undefined;
      starts.push(i);
      raw += "'";
      i++;
      continue;
    }
    if (q === '"' && c === '\\') {
      const n = text[i + 1];
      if (n !== '\\' && n !== '"' && n !== '/') return undefined;
      starts.push(i);
      raw += n;
      i++;
      continue;
    }
    starts.push(i);
    raw += c;
  }
  if (typeof node.value === 'string' && node.value !== raw) return undefined;
  return { raw, starts, start: r0 + 1, end: last, quote: q };
}

export interface WrittenPart {
  /** The part as written (before interpolation). */
  raw: string;
  /** The part after `${…}` interpolation. */
  value: string;
  /** Some variable in the part has no value and no default. */
  unresolved: boolean;
  span: Span;
}

/** Offset where character `i` of the scalar starts (`raw.length` is the content's end). */
export function offsetAt(ws: WrittenScalar, i: number): number {
  return i < ws.starts.length ? ws.starts[i]! : ws.end;
}

/**
 * Splits the first `length` characters of the scalar (all by default) on `sep`
 * outside `${…}` (and `$$`), each part interpolated, with its span.
 */
export function splitWritten(model: ComposeModel, ws: WrittenScalar, sep: string, length = ws.raw.length): WrittenPart[] {
  const out: WrittenPart[] = [];
  const raw = ws.raw;
  let depth = 0;
  let from = 0;
  for (let i = 0; i < length; i++) {
    const c = raw[i]!;
    if (c === '$' && raw[i + 1] === '$') {
      i++;
      continue;
    }
    if (c === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (c === '}' && depth > 0) {
      depth--;
      continue;
    }
    if (c === sep && depth === 0) {
      out.push(partOf(model, ws, from, i));
      from = i + 1;
    }
  }
  out.push(partOf(model, ws, from, length));
  return out;
}

/** A character range of the scalar as a part: its text, interpolated value and span. */
export function partOf(model: ComposeModel, ws: WrittenScalar, from: number, to: number): WrittenPart {
  const raw = ws.raw.slice(from, to);
  const sub = substituteVariables(raw, model.env, { dollarEscape: true });
  return { raw, value: sub.value, unresolved: sub.unresolved, span: { start: offsetAt(ws, from), end: offsetAt(ws, to) } };
}

/** Whether a string still holds a `${…}` or `$NAME` reference (one the environment did not resolve). */
export function hasVariable(s: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(s.replace(/\$\$/g, ''));
}
