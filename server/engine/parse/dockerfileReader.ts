/**
 * Bulkhead's own reading of a Dockerfile's layout, for the model: where the
 * parser directives, comments and instructions are, and for the common
 * instructions, their arguments, flags and properties, straight from the text.
 *
 * dockerfile-ast builds an object per instruction, argument, flag and range,
 * with line-and-column positions that the model then turns back into offsets:
 * a third of Dockerfile lint time went there. This reader follows
 * dockerfile-ast's parse loop state for state (`Parser.parse`,
 * `processInstruction`, `processArguments`, `processComment`,
 * `getParserDirectives` and the heredoc skip, dockerfile-ast 0.7), with
 * offsets only, so it finds the same instructions with the same extents.
 *
 * What it does not read itself, it leaves: `readDockerfileLayout` declines a
 * whole file it cannot lay out the same way (a byte order mark, an escaped
 * keyword, a heredoc in ONBUILD), and `readInstruction` declines an
 * instruction whose arguments need dockerfile-ast's finer rules (JSON form
 * with escapes, ONBUILD, flags it would shift differently, a heredoc marker
 * its reading throws on). ENV, LABEL and ARG properties and heredocs are
 * read as dockerfile-ast reads them (propertyReader.ts, heredocReader.ts).
 * The model builder parses a declined instruction's own text with
 * dockerfile-ast. `test/engine/dockerfileReader.test.ts` checks the models
 * built both ways on the corpus and on generated files.
 */
import type { Span } from '../types';
import { scanArguments, type RawArgument } from './astMemo';
import { propertiesOf, propertyArguments } from './propertyReader';
import { heredocsOf, type ReadHeredoc } from './heredocReader';

export interface LaidOutInstruction {
  /** The keyword as written. */
  keywordText: string;
  start: number;
  keywordEnd: number;
  /** Where dockerfile-ast ends the instruction: its line break (or the end of the text), past heredoc bodies. */
  end: number;
}

export interface DockerfileLayout {
  directives: { name: string; value: string; span: Span }[];
  /** The escape character: `\` unless an `escape` directive sets a backtick (dockerfile-ast's `getEscapeCharacter`). */
  escapeChar: string;
  comments: { text: string; span: Span }[];
  instructions: LaidOutInstruction[];
}

const KNOWN_DIRECTIVES = new Set(['escape', 'syntax']);

/**
 * The layout of `text` (lone `\r` already turned into `\n`), or undefined when
 * this reader cannot lay it out as dockerfile-ast does.
 */
export function readDockerfileLayout(text: string): DockerfileLayout | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const layout: DockerfileLayout = { directives: [], comments: [], escapeChar: '\\', instructions: [] };
  const n = text.length;
  let offset = readDirectives(text, layout.directives);
  if (layout.directives.length > 0) {
    layout.escapeChar = escapeCharacter(layout.directives);
    // dockerfile-ast starts after as many lines as there are directives.
    offset = lineStartOrEnd(text, layout.directives.length);
  }
  for (let i = offset; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) continue;
    if (c === 0x23) {
      i = readComment(text, i, layout.comments);
      continue;
    }
    const next = readInstructionExtent(text, i, layout);
    if (next < 0) return undefined;
    i = next;
  }
  return layout;
}

/**
 * dockerfile-ast's `getEscapeCharacter`: the value of the first `escape`
 * directive that is a backslash or a backtick, else a backslash.
 */
function escapeCharacter(directives: DockerfileLayout['directives']): string {
  for (const d of directives) if (d.name === 'escape' && (d.value === '\\' || d.value === '`')) return d.value;
  return '\\';
}

/** The offset where line `line` (0-based) starts, or the text's length past the last line. */
function lineStartOrEnd(text: string, line: number): number {
  let at = 0;
  for (let k = 0; k < line; k++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

/** dockerfile-ast's `getParserDirectives`: `# name=value` lines at the top, until a blank or other line. */
function readDirectives(text: string, out: DockerfileLayout['directives']): number {
  const n = text.length;
  let i = 0;
  for (; i < n; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t') continue;
    if (c === '\r' || c === '\n') break;
    if (c !== '#') break;
    let nameStart = -1;
    let nameEnd = -1;
    let j = i + 1;
    let found = false;
    for (; j < n; j++) {
      const d = text[j];
      if (d === ' ' || d === '\t') {
        if (nameStart !== -1 && nameEnd === -1) nameEnd = j;
      } else if (d === '\r' || d === '\n') {
        return 0;
      } else if (d === '=') {
        found = true;
        break;
      } else if (nameStart === -1) nameStart = j;
    }
    if (!found) return 0;
    if (nameEnd === -1) nameEnd = j;
    let valueStart = -1;
    let valueEnd = -1;
    let lineEnd = n;
    for (let k = j + 1; k < n; k++) {
      const d = text[k];
      if (d === '\r' || d === '\n') {
        if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
        lineEnd = k;
        break;
      }
      if (d === ' ' || d === '\t') {
        if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
        continue;
      }
      if (valueStart === -1) valueStart = k;
    }
    if (nameStart === -1) return 0;
    if (valueStart === -1) {
      valueStart = j + 1;
      valueEnd = lineEnd;
    } else if (valueEnd === -1) valueEnd = n;
    const name = text.slice(nameStart, nameEnd).toLowerCase();
    out.push({ name: KNOWN_DIRECTIVES.has(name) ? name : '', value: text.slice(valueStart, valueEnd), span: { start: i, end: lineEnd } });
    i = text[valueEnd] === '\r' ? valueEnd + 1 : valueEnd;
  }
  return 0;
}

/** dockerfile-ast's `processComment`: the comment up to its line break; returns that line break's offset. */
function readComment(text: string, start: number, out: DockerfileLayout['comments']): number {
  let end = text.length;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) {
      end = i;
      break;
    }
  }
  // The content: without the `#` and the blanks around it.
  let a = start + 1;
  while (a < end && isBlank(text.charCodeAt(a))) a++;
  let b = end;
  while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
  out.push({ text: text.slice(a, b), span: { start, end } });
  return end;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/**
 * dockerfile-ast's `processInstruction`, for a keyword without an escape
 * character in it (else -1: the file is left to dockerfile-ast). Returns
 * where the instruction ends.
 */
function readInstructionExtent(text: string, start: number, layout: DockerfileLayout): number {
  const n = text.length;
  const esc = layout.escapeChar;
  let i = start + 1;
  for (; i < n; i++) {
    const c = text[i];
    if (c === esc) return -1;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') break;
  }
  const keywordText = text.slice(start, i);
  if (i >= n) {
    layout.instructions.push({ keywordText, start, keywordEnd: n, end: n });
    return n;
  }
  if (text[i] === '\r' || text[i] === '\n') {
    layout.instructions.push({ keywordText, start, keywordEnd: i, end: i });
    return i;
  }
  const end = readArgumentsExtent(text, keywordText, i, layout);
  if (end < 0) return -1;
  layout.instructions.push({ keywordText, start, keywordEnd: i, end });
  return end;
}

/** dockerfile-ast's `processArguments` (comments after escaped line breaks included) and its heredoc skip. */
function readArgumentsExtent(text: string, keywordText: string, keywordEnd: number, layout: DockerfileLayout): number {
  const n = text.length;
  const esc = layout.escapeChar;
  const escCode = esc.charCodeAt(0);
  let escaped = false;
  // The next line feed and escape character at or after the scan (-1: none left).
  let nextLF = text.indexOf('\n', keywordEnd + 1);
  let nextEsc = text.indexOf(esc, keywordEnd + 1);
  scan: for (let i = keywordEnd + 1; i < n; i++) {
    if (!escaped) {
      // Outside a continuation only line breaks and escape characters count: jump to the next one.
      if (nextLF >= 0 && nextLF < i) nextLF = text.indexOf('\n', i);
      if (nextEsc >= 0 && nextEsc < i) nextEsc = text.indexOf(esc, i);
      let to = nextLF < 0 ? n : nextLF;
      // (Lone carriage returns are line feeds by now: a `\r` is the start of a `\r\n`.)
      if (to > i && to < n && text.charCodeAt(to - 1) === 0x0d) to--;
      if (nextEsc >= 0 && nextEsc < to) to = nextEsc;
      if (to >= n) return n;
      i = to;
    }
    const c = text.charCodeAt(i);
    // (The escape character is never a line break, `#` or a blank: dockerfile-ast tests those first.)
    if (c === escCode) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x0a || next === 0x0d) {
        escaped = true;
        i++;
      } else if (next === 0x20 || next === 0x09) {
        for (let j = i + 2; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === 0x20 || d === 0x09) continue;
          if (d === 0x0d || d === 0x0a) escaped = true;
          i = j;
          continue scan;
        }
        return n;
      }
      continue;
    }
    switch (c) {
      case 0x0d:
      case 0x0a:
        if (escaped) continue;
        return heredocsEnd(text, keywordText, keywordEnd, i, esc);
      case 0x23:
        if (escaped) {
          i = readComment(text, i, layout.comments);
          continue;
        }
        break;
      case 0x20:
      case 0x09:
        break;
      default:
        escaped = false;
    }
  }
  return n;
}

/**
 * dockerfile-ast's `processHeredocs`: an ADD, COPY or RUN with `<<NAME`
 * arguments goes on to the line that ends each body. -1 for ONBUILD with a
 * heredoc (the file is left to dockerfile-ast).
 */
function heredocsEnd(text: string, keywordText: string, keywordEnd: number, lineBreak: number, esc: string): number {
  const args = text.slice(keywordEnd, lineBreak);
  // A marker's value starts with `<<`, which may be written `<\<`: no `<`, no marker.
  if (args.indexOf('<') < 0) return lineBreak;
  const keyword = keywordText.toUpperCase();
  const onbuild = keyword === 'ONBUILD';
  if (!onbuild && keyword !== 'ADD' && keyword !== 'COPY' && keyword !== 'RUN') return lineBreak;
  const raw: RawArgument[] = [];
  scanArguments(args, keywordEnd, esc, raw);
  if (!raw.some((a) => a.value.startsWith('<<'))) return lineBreak;
  // A trigger's heredocs are left to dockerfile-ast, with the whole file.
  if (onbuild) return -1;
  // dockerfile-ast looks among the arguments after the flags; a flag never
  // starts with `<<`, but an argument with `--` inside would make it shift off another.
  for (const a of raw) if (a.value.indexOf('--') > 0) return -1;
  const names: string[] = [];
  let tabbed = false;
  for (const { value } of raw) {
    if (!value.startsWith('<<') || value.length <= 2) continue;
    if (value.startsWith('<<-')) tabbed = true;
    const name = heredocName(value);
    if (name !== null) names.push(name);
  }
  let offset = lineBreak;
  for (const name of names) offset = heredocBodyEnd(text, name, offset, tabbed);
  return offset;
}

/** dockerfile-ast's `Util.parseHeredocName`. */
function heredocName(marker: string): string | null {
  let v = marker.substring(2);
  if (v.charAt(0) === '-') v = v.substring(1);
  if (v.charAt(0) === '"') {
    if (v.charAt(v.length - 1) !== '"') return null;
    v = v.substring(1, v.length - 1);
  }
  if (v.charAt(0) === "'") {
    if (v.charAt(v.length - 1) !== "'") return null;
    v = v.substring(1, v.length - 1);
  }
  if (v.charAt(0) === '<') return null;
  return v;
}

/** dockerfile-ast's `parseHeredoc`: the line break after the line that is exactly the name (tabs before it allowed when tabbed). */
function heredocBodyEnd(text: string, name: string, offset: number, tabbed: boolean): number {
  let startWord = -1;
  let lineStart = true;
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') lineStart = false;
    else if (c === '\t') {
      if (!tabbed) lineStart = false;
    } else if (c === '\r' || c === '\n') {
      if (startWord !== -1 && name === text.substring(startWord, i)) return i;
      startWord = -1;
      lineStart = true;
    } else if (lineStart) {
      startWord = i;
      lineStart = false;
    }
  }
  return text.length;
}

// ---------------------------------------------------------------------------
// Instructions

export type ReadArgument = RawArgument;

export interface ReadFlag {
  name: string;
  value: string | null;
  span: Span;
  nameSpan: Span;
  valueSpan?: Span;
}

export interface ReadProperty {
  name: string;
  nameSpan: Span;
  value: string | null;
  valueSpan?: Span;
  span: Span;
}

export interface ReadInstruction {
  keyword: string;
  flags: ReadFlag[];
  /** The arguments after the flags, as dockerfile-ast's `getArguments` gives them. */
  args: ReadArgument[];
  properties: ReadProperty[];
  /** JSON (exec) form: its strings, when dockerfile-ast finds both brackets. */
  execArgs: ReadArgument[] | undefined;
  /** FROM: what dockerfile-ast's getters say of the image, the stage name and `--platform`. */
  from?: { image: string | null; imageSpan?: Span; stageName: string | null; stageNameSpan?: Span; platform: string | null };
  /**
   * Set when the arguments were not taken apart (`args` is empty): from the
   * first one's start to the last one's end. They are what `scanArguments`
   * finds after the keyword, none of them a flag.
   */
  unread?: Span;
  /** The heredocs dockerfile-ast finds, when an argument after the flags starts with `<<`. */
  heredocs?: ReadHeredoc[];
}

/** Instructions dockerfile-ast takes flags from (until an argument without `--`). */
const FLAGGED = new Set(['RUN', 'COPY', 'ADD', 'FROM']);
/** Instructions dockerfile-ast reads as JSON when their first argument opens one. */
const JSON_CAPABLE = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME']);
const PROPERTY_INSTRUCTIONS = new Set(['ENV', 'LABEL', 'ARG']);
/** Left to dockerfile-ast: a trigger instruction. */
const DECLINED = new Set(['ONBUILD']);

/**
 * An instruction's arguments, flags and properties as dockerfile-ast's getters
 * give them, or undefined when they need its finer rules.
 */
export function readInstruction(text: string, ins: LaidOutInstruction, esc = '\\'): ReadInstruction | undefined {
  const keyword = ins.keywordText.toUpperCase();
  if (DECLINED.has(keyword)) return undefined;
  if (keyword === 'RUN') {
    // No rule reads a RUN's arguments (its script is parsed on its own): a plain one's are left to be read when asked.
    const extent = plainArgumentsExtent(text, ins.keywordEnd, ins.end, esc);
    if (extent) return { keyword, flags: [], args: [], properties: [], execArgs: undefined, unread: extent };
  }
  const raw: ReadArgument[] = [];
  scanArguments(text.slice(ins.keywordEnd, ins.end), ins.keywordEnd, esc, raw);
  const count = raw.length;

  const flags: ReadFlag[] = [];
  let first = 0;
  if (FLAGGED.has(keyword)) {
    for (; first < count; first++) {
      const a = raw[first]!;
      const dashes = a.value.indexOf('--');
      if (dashes === -1) break;
      // dockerfile-ast would count an argument with `--` inside as no flag and still shift one off.
      if (dashes !== 0) return undefined;
      const flag = readFlag(text, a.value, a.span.start, a.span.end);
      if (!flag) return undefined;
      flags.push(flag);
    }
  } else if (keyword === 'HEALTHCHECK') {
    // dockerfile-ast's Healthcheck: every argument that starts with `--` before `CMD` or `NONE` is a flag,
    // wherever it stands, and as many arguments are shifted off the front as there are flags.
    for (let k = 0; k < count; k++) {
      const a = raw[k]!;
      const upper = a.value.toUpperCase();
      if (upper === 'CMD' || upper === 'NONE') break;
      if (a.value.indexOf('--') !== 0) continue;
      const flag = readFlag(text, a.value, a.span.start, a.span.end);
      if (!flag) return undefined;
      flags.push(flag);
    }
    first = flags.length;
  }
  const args = first === 0 ? raw : raw.slice(first);

  const read: ReadInstruction = { keyword, flags, args, properties: [], execArgs: undefined };
  // dockerfile-ast looks for heredocs only when an argument after the flags starts with `<<`.
  let heredocMarker = false;
  for (let k = 0; k < args.length; k++) if (args[k]!.value.startsWith('<<')) heredocMarker = true;
  if (heredocMarker) {
    const heredocs = heredocsOf(text, ins, args, esc);
    if (!heredocs) return undefined;
    read.heredocs = heredocs;
  }
  if (JSON_CAPABLE.has(keyword) && args.length > 0) {
    // dockerfile-ast's JSON reader steps over a leading `]` before it looks for `[`.
    const c = text[args[0]!.span.start];
    if (c === '[' || c === ']') {
      const exec = jsonForm(text, args, esc);
      if (exec === undefined) return undefined;
      read.execArgs = exec ?? undefined;
    } else if (c === esc || c === '\\') {
      // Its JSON reader takes a `\` before a line break as a continuation, whatever the escape character.
      return undefined;
    }
  }
  if (PROPERTY_INSTRUCTIONS.has(keyword)) {
    read.properties = propertiesOf(keyword, text, propertyArguments(text, ins, esc), esc);
  } else if (keyword === 'FROM') {
    const stageNamed = args.length > 2 && args[1]!.value.toUpperCase() === 'AS';
    const nameArg = stageNamed ? args[2]! : undefined;
    const stageName = nameArg ? text.slice(nameArg.span.start, nameArg.span.end) : null;
    read.from = {
      image: args.length > 0 ? args[0]!.value : null,
      imageSpan: args.length > 0 ? args[0]!.span : undefined,
      stageName,
      stageNameSpan: nameArg?.span,
      platform: flags.length === 1 && flags[0]!.name === 'platform' ? flags[0]!.value : null,
    };
  }
  return read;
}

/**
 * dockerfile-ast's flag (`ModifiableInstruction.getFlags`) for an argument
 * written as its value (no escapes, no line breaks inside), else undefined.
 */
function readFlag(text: string, value: string, start: number, end: number): ReadFlag | undefined {
  if (text.slice(start, end) !== value) return undefined;
  // The name starts after two dashes (a third is part of it).
  let nameStart = -1;
  let dashes = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' || c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (c === '-' && dashes < 2) {
      dashes++;
      continue;
    }
    nameStart = i;
    break;
  }
  if (nameStart === -1) return undefined;
  const span = { start, end };
  const eq = value.indexOf('=');
  if (eq === -1) return { name: value.substring(2), value: null, span, nameSpan: { start: start + nameStart, end } };
  const nameSpan = { start: start + nameStart, end: start + eq };
  if (eq === value.length - 1) return { name: value.substring(2, eq), value: '', span, nameSpan, valueSpan: { start: end, end } };
  return { name: value.substring(2, eq), value: value.substring(eq + 1), span, nameSpan, valueSpan: { start: start + eq + 1, end } };
}

/**
 * dockerfile-ast's JSON reader (the `JSONInstruction` constructor) on the
 * arguments after the flags, for text on one line without a backslash or
 * escape character (JSON's escapes and the continuations are left to
 * dockerfile-ast): the strings when it finds both brackets, null when it does
 * not (not JSON form), undefined when this reader declines.
 */
function jsonForm(text: string, args: ReadArgument[], esc: string): ReadArgument[] | null | undefined {
  const from = args[0]!.span.start;
  const to = args[args.length - 1]!.span.end;
  const escCode = esc.charCodeAt(0);
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === escCode || c === 0x0a || c === 0x0d) return undefined;
  }
  if (args.length === 1 && args[0]!.value === '[]') return [];
  if (args.length === 2 && args[0]!.value === '[' && args[1]!.value === ']') return [];
  const strings: ReadArgument[] = [];
  let opening = false;
  let start = -1;
  let last = '';
  let quoted = false;
  scan: for (let i = from; i < to; i++) {
    const c = text[i];
    switch (c) {
      case '[':
        if (last === '') {
          opening = true;
          last = '[';
        } else if (!quoted) break scan;
        break;
      case '"':
        if (last === '[' || last === ',') {
          start = i;
          quoted = true;
          last = '"';
        } else if (last === '"' && quoted) {
          quoted = false;
          const raw = text.slice(start, i + 1);
          // Where JSON.parse fails (a tab inside), dockerfile-ast's own value: the characters without blanks.
          strings.push({ value: jsonStringValue(raw) ?? raw.slice(1, -1).replace(/[ \t]/g, ''), span: { start, end: i + 1 } });
        } else break scan;
        break;
      case ',':
        if (!quoted) {
          if (last === '"') last = ',';
          else break scan;
        }
        break;
      case ']':
        if (!quoted && last !== '') return opening ? strings : null;
        break;
      case ' ':
      case '\t':
        break;
      default:
        if (!quoted) break scan;
    }
  }
  return null;
}

/**
 * The value of a JSON string literal as written (`"a b"` → `a b`), or
 * undefined when it does not parse. (dockerfile-ast's own `getJSONValue`
 * drops whitespace inside the string: the model uses it only as a fallback.)
 */
export function jsonStringValue(raw: string): string | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the arguments of an instruction written plainly start and end, worked
 * out without taking them apart, or undefined when they are not plain:
 * blanks after the keyword, then a first argument with no escape character and
 * no `--` in it (so no flag, no JSON form); no `<` anywhere (so no heredoc
 * marker); escape characters only before a line break or another character (an
 * escape character before a blank makes dockerfile-ast end arguments its own
 * way); no escape character last, and comments only on lines of their own
 * inside the continuation lines, without escape characters. The last argument
 * ends after the last character that is neither blank nor in a comment. Then `scanArguments` finds its first argument at the first
 * character after the blanks and ends its last one after the last character
 * that is not blank (tests compare the two on every corpus RUN and on
 * generated ones).
 */
export function plainArgumentsExtent(text: string, from: number, to: number, esc: string): Span | undefined {
  const escCode = esc.length === 1 ? esc.charCodeAt(0) : -1;
  let i = from;
  while (i < to && isSpaceOrTab(text.charCodeAt(i))) i++;
  if (i === from || i >= to) return undefined;
  const c0 = text.charCodeAt(i);
  // An escape character or `\` (JSON's continuation), a comment, a flag, a JSON bracket, a line break.
  if (c0 === escCode || c0 === 0x5c || c0 === 0x23 || c0 === 0x2d || c0 === 0x5b || c0 === 0x5d || c0 === 0x0a || c0 === 0x0d) return undefined;
  const start = i;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) break;
    if (c === escCode) return undefined;
    if (c === 0x2d && i + 1 < to && text.charCodeAt(i + 1) === 0x2d) return undefined;
  }
  // Where dockerfile-ast's scan is at a line's start, `#` starts a comment: after an escaped line
  // break, until a character other than a blank or an escaped one (`escaping` until any escaped one).
  // A comment begun while escaping ends at its line's end; one begun after an escaped character
  // (`\x #`) never ends, and an escape character inside one still makes an argument: declined.
  let lineStart = false;
  let escaping = false;
  // After the last character of the last argument: a character not blank and not in a comment, or an escaped one.
  let end = start;
  for (let k = start; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x3c) return undefined;
    if (c === escCode) {
      const d = k + 1 < to ? text.charCodeAt(k + 1) : -1;
      if (d === -1 || isSpaceOrTab(d)) return undefined;
      if (d === 0x0a || d === 0x0d) {
        lineStart = true;
        escaping = true;
      } else {
        escaping = false;
        end = k + 2;
      }
      k++;
    } else if (c === 0x23 && lineStart) {
      if (!escaping) return undefined;
      // The comment, to its line's end (where the scan is at a line's start again).
      while (k + 1 < to && text.charCodeAt(k + 1) !== 0x0a && text.charCodeAt(k + 1) !== 0x0d) {
        if (text.charCodeAt(k + 1) === escCode) return undefined;
        k++;
      }
    } else if (!isBlank(c)) {
      lineStart = false;
      escaping = false;
      end = k + 1;
    }
  }
  return { start, end };
}

function isSpaceOrTab(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
