/**
 * Writes small YAML values for insertion: scalars (quoted only when they must
 * be), lists and maps, in flow style or as indented block lines.
 */
import type { YamlStyle } from './style';

/**
 * A value to write. A string is a scalar string (quoted when YAML would read it
 * as something else); `raw` is written exactly (`true`, `0`); `seq` and `map`
 * are collections.
 */
export type YamlValue = string | { raw: string } | { seq: YamlValue[] } | { map: [string, YamlValue][] };

const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function scalarText(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(s) && !RESERVED.test(s)) return s;
  return JSON.stringify(s);
}

function isCollection(v: YamlValue): v is { seq: YamlValue[] } | { map: [string, YamlValue][] } {
  return typeof v === 'object' && ('seq' in v || 'map' in v);
}

/** A value in flow style, on one line: `ALL`, `[ALL]`, `{a: 1}`. */
export function renderFlow(v: YamlValue): string {
  if (typeof v === 'string') return scalarText(v);
  if ('raw' in v) return v.raw;
  if ('seq' in v) return `[${v.seq.map(renderFlow).join(', ')}]`;
  return `{${v.map.map(([k, x]) => `${scalarText(k)}: ${renderFlow(x)}`).join(', ')}}`;
}

/** Whether a value is written on its key's line (`key: value`) in this style, rather than on the lines below. */
export function rendersInline(v: YamlValue, style: YamlStyle): boolean {
  if (!isCollection(v)) return true;
  if ('seq' in v) return v.seq.length === 0 || style.flowSeqs;
  return v.map.length === 0;
}

/**
 * The lines below a key that hold a collection value, for a key at column
 * `keyColumn` (each line without its line break). Empty for inline values.
 */
export function renderBlockBody(v: YamlValue, keyColumn: number, style: YamlStyle): string[] {
  if (rendersInline(v, style) || !isCollection(v)) return [];
  const out: string[] = [];
  if ('seq' in v) {
    const pad = ' '.repeat(keyColumn + style.seqIndent);
    for (const item of v.seq) out.push(`${pad}- ${renderFlow(item)}`);
    return out;
  }
  const col = keyColumn + style.indent;
  for (const [k, x] of v.map) out.push(...renderBlockPair(k, x, col, style));
  return out;
}

/** A `key: value` pair in block style at `column`, as lines without line breaks. */
export function renderBlockPair(key: string, v: YamlValue, column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column);
  if (rendersInline(v, style)) return [`${pad}${scalarText(key)}: ${renderFlow(v)}`];
  return [`${pad}${scalarText(key)}:`, ...renderBlockBody(v, column, style)];
}
