/**
 * The heredocs of an instruction as dockerfile-ast finds them (dockerfile-ast
 * 0.7: `Instruction.getHeredocs`, `createSingleLineHeredocs`, `getNameRange`,
 * `getName`, `getDelimiterRange` and `Util.parseHeredocName`), ported state
 * for state to offsets into the text. Where dockerfile-ast's own reading
 * throws (a body line before any marker it counts, as after an unbalanced
 * quote), this gives undefined and the instruction is left to dockerfile-ast,
 * which reports it. `test/engine/dockerfileReader.test.ts` compares the models
 * built both ways on the corpus and on generated files.
 *
 * `text` has no lone `\r`, as for propertyReader.ts.
 */
import type { RawArgument } from './astMemo';
import { asPosition, rangeText } from './astPositions';

export interface ReadHeredoc {
  name: string;
  /** The marker argument (`<<EOF`, `<<-"EOF"`). */
  markerSpan: { start: number; end: number };
  /** The body, when dockerfile-ast finds one. */
  bodySpan?: { start: number; end: number };
}

/** One failed read (dockerfile-ast would throw): the caller leaves the instruction to dockerfile-ast. */
const UNREADABLE = Symbol('unreadable heredoc');

/**
 * The heredocs of the instruction `ins` (its keyword's start to its end) whose
 * arguments after the flags are `args`, or undefined where dockerfile-ast's
 * reading throws.
 */
export function heredocsOf(text: string, ins: { start: number; end: number }, args: readonly RawArgument[], esc: string): ReadHeredoc[] | undefined {
  if (args.length === 0) return [];
  const found = text.slice(ins.start, ins.end).indexOf('\n') < 0 ? singleLine(text, args, esc) : multiLine(text, ins, args, esc);
  if (found === UNREADABLE) return undefined;
  return found.map((h) => ({ name: h.name, markerSpan: asPosition(text, h.markerSpan), bodySpan: h.bodySpan && asPosition(text, h.bodySpan) }));
}

/** `createSingleLineHeredocs`: an instruction on one line has markers and no bodies. */
function singleLine(text: string, args: readonly RawArgument[], esc: string): ReadHeredoc[] {
  const out: ReadHeredoc[] = [];
  for (const arg of args) {
    if (arg.value.startsWith('<<') && heredocName(arg.value) !== null) out.push({ name: nameOf(text, arg, esc), markerSpan: arg.span });
  }
  return out;
}

/** `getHeredocs` for an instruction over several lines. */
function multiLine(text: string, ins: { start: number; end: number }, args: readonly RawArgument[], esc: string): ReadHeredoc[] | typeof UNREADABLE {
  const heredocs: ReadHeredoc[] = [];
  const definitions: RawArgument[] = [];
  let processed = false;
  let escaping = false;
  let contentStart = -1;
  let contentEnd = -1;
  let lineStart = -1;
  let current = 0;
  const startOffset = args[0]!.span.start;
  const content = rangeText(text, startOffset, ins.end);
  contentLoop: for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === esc) {
      escaping = true;
      for (let j = i + 1; j < content.length; j++) {
        const d = content[j];
        if (d === ' ' || d === '\t') continue;
        // A line break (`\r\n` taken whole) or any other character: the scan goes on after it.
        i = d === '\r' ? j + 1 : j;
        continue contentLoop;
      }
      continue;
    }
    switch (c) {
      case '\r':
        break;
      case '\n':
        if (escaping) break;
        if (processed) {
          if (contentStart === -1) contentStart = i;
          contentEnd = i;
          const arg = definitions[current];
          if (!arg) return UNREADABLE;
          const name = nameOf(text, arg, esc);
          if (isDelimiter(text, arg, name, startOffset + lineStart, startOffset + i)) {
            heredocs.push({ name, markerSpan: arg.span, bodySpan: { start: startOffset + contentStart, end: startOffset + lineStart - 1 } });
            contentStart = -1;
            current++;
          }
          lineStart = -1;
        } else {
          // The first line break that is not escaped: the markers are the arguments before it.
          const limit = startOffset + i;
          for (const arg of args) {
            if (arg.span.start >= limit) break;
            if (arg.value.startsWith('<<')) definitions.push(arg);
          }
          processed = true;
          lineStart = -1;
          continue contentLoop;
        }
        break;
      default:
        if (escaping) {
          // After an escaped line break, blanks are skipped and a `#` line is a comment.
          if (c === ' ' || c === '\t') break;
          if (c === '#') {
            for (let j = i + 1; j < content.length; j++) {
              if (content[j] === '\n') {
                i = j;
                continue contentLoop;
              }
            }
          }
          escaping = false;
        }
        if (processed) {
          if (contentStart === -1) contentStart = i;
          if (lineStart === -1) lineStart = i;
        }
        break;
    }
  }
  if (!processed) return singleLine(text, args, esc);
  const arg = definitions[current];
  if (!arg) return UNREADABLE;
  const name = nameOf(text, arg, esc);
  let bodySpan: { start: number; end: number } | undefined;
  // The instruction's last line: the last heredoc's delimiter, or more of its body (unterminated).
  if (!isDelimiter(text, arg, name, startOffset + lineStart, ins.end)) bodySpan = { start: startOffset + contentStart, end: ins.end };
  else if (contentEnd !== -1) bodySpan = { start: startOffset + contentStart, end: startOffset + contentEnd };
  heredocs.push({ name, markerSpan: arg.span, bodySpan });
  current++;
  // The markers after it, with no body.
  for (let k = current; k < definitions.length; k++) {
    const next = definitions[current];
    if (!next) return UNREADABLE;
    heredocs.push({ name: nameOf(text, next, esc), markerSpan: next.span });
    current++;
  }
  return heredocs;
}

/** `Util.parseHeredocName`: the name a marker declares, or null when its quotes do not close. */
function heredocName(marker: string): string | null {
  let value = marker.substring(2);
  if (value[0] === '-') value = value.substring(1);
  if (value[0] === '"') {
    if (value[value.length - 1] !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value[0] === "'") {
    if (value[value.length - 1] !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value[0] === '<') return null;
  return value;
}

/** `getDelimiterRange` is not null: the text from `from` to `to` is the delimiter of `marker`'s heredoc. */
function isDelimiter(text: string, marker: RawArgument, name: string, from: number, to: number): boolean {
  const line = rangeText(text, Math.max(0, from), to);
  if (marker.value.startsWith('<<-')) {
    let index = 0;
    while (line[index] === '\t') index++;
    return line.substring(index) === name;
  }
  return line === name;
}

/** `getName(getNameRange(marker))`: the name as dockerfile-ast reads it from the marker's text. */
function nameOf(text: string, marker: RawArgument, esc: string): string {
  const r = nameRange(text, marker, esc);
  return nameIn(rangeText(text, r.start, r.end), esc);
}

/** `getNameRange`: where the name stands in the marker (after `<<` and a `-`, inside its quotes). */
function nameRange(text: string, marker: RawArgument, esc: string): { start: number; end: number } {
  const content = rangeText(text, marker.span.start, marker.span.end);
  let endFound = false;
  let searchHyphen = false;
  let start = -1;
  let end = -1;
  let escaping = false;
  let quote: string | null = null;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (ch === '"' || ch === "'") {
      if (quote === ch) break;
      quote = ch;
      continue;
    }
    if (ch === esc) {
      // An escaped line break: comment lines after it are skipped (the scan goes on at the next character).
      if (content.indexOf('\n', i + 1) >= 0) escaping = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (ch === '<') {
      if (endFound) searchHyphen = true;
      else endFound = true;
      continue;
    }
    if (ch === '-' && searchHyphen) {
      searchHyphen = false;
      continue;
    }
    // Another `-`, or a `#`, after an escaped line break skips to the end of its line (dockerfile-ast reads both as a comment's start there).
    if ((ch === '-' || ch === '#') && escaping) {
      const nl = content.indexOf('\n', i + 1);
      if (nl >= 0) {
        i = nl;
        continue;
      }
    }
    if (start === -1) start = i;
    if (quote !== null) {
      end = i + 1;
      continue;
    }
    break;
  }
  const base = marker.span.start;
  if (start === -1) return { start: marker.span.end, end: marker.span.end };
  return { start: base + start, end: quote !== null ? base + end : marker.span.end };
}

/** `getName`: the name's text with escapes and (after one) blanks and line breaks taken out. */
function nameIn(content: string, esc: string): string {
  let escaping = false;
  let name = '';
  nameLoop: for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (ch === esc) {
      escaping = true;
      for (let j = i + 1; j < content.length; j++) {
        const d = content[j]!;
        if (d === ' ' || d === '\t') continue;
        if (d === '\r') i = j + 1;
        else if (d === '\n') i = j;
        else {
          name += d;
          i = j;
        }
        continue nameLoop;
      }
      continue;
    }
    if (ch === '#' && escaping) {
      const nl = content.indexOf('\n', i + 1);
      if (nl >= 0) {
        i = nl;
        continue;
      }
    }
    if ((ch === '#' || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') && escaping) continue;
    name += ch;
  }
  return name;
}
