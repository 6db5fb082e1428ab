/**
 * The properties of an ENV, LABEL or ARG instruction as dockerfile-ast reads
 * them (dockerfile-ast 0.7: `PropertyInstruction.getPropertyArguments`,
 * `getProperties`, `Arg`'s single property and the `Property` class), on
 * offsets into the text instead of LSP positions, for any text: quotes,
 * escapes, escaped blanks and line breaks, comments inside the continuation
 * lines. The algorithms are dockerfile-ast's own, state for state, including
 * where they differ from Docker's (an escape character followed by anything
 * but a blank at the start finds no argument at all; a value in double quotes
 * keeps its escape characters). `test/engine/dockerfileReader.test.ts`
 * compares what the reader builds with them against dockerfile-ast's model on
 * every corpus Dockerfile and on generated files (100,000 in `npm run fuzz`).
 *
 * `text` has no lone `\r` (parse/dockerfile.ts turns them into `\n` first), so
 * a line break is `\n` or `\r\n`, as for dockerfile-ast's document.
 */
import type { RawArgument } from './astMemo';
import type { ReadProperty } from './dockerfileReader';
import { asPosition, rangeText } from './astPositions';

/** Where an instruction's keyword starts and ends, and where the instruction ends. */
export interface PropertyInstructionExtent {
  start: number;
  keywordEnd: number;
  end: number;
}

/** dockerfile-ast's `Util.findLeadingNonWhitespace`: -1 when an escape character is followed by anything but blanks and a line break. */
function findLeadingNonWhitespace(content: string, esc: string): number {
  whitespaceCheck: for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === ' ' || c === '\t') continue;
    if (c === esc) {
      for (let j = i + 1; j < content.length; j++) {
        const d = content[j];
        if (d === ' ' || d === '\t') continue;
        if (d === '\r') {
          i = j + 1;
          continue whitespaceCheck;
        }
        if (d === '\n') {
          i = j;
          continue whitespaceCheck;
        }
        break;
      }
      return -1;
    }
    return i;
  }
  return -1;
}

/** dockerfile-ast's `PropertyInstruction.findTrailingNonWhitespace`. */
function findTrailingNonWhitespace(content: string, esc: string): number {
  let index = content.length;
  for (let i = content.length - 1; i >= 0; i--) {
    const c = content[i];
    if (c === ' ' || c === '\t') continue;
    if (c === '\n' || c === '\r') {
      if (c === '\n' && content[i - 1] === '\r') i--;
      for (let j = i - 1; j >= 0; j--) {
        const d = content[j];
        if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === esc) continue;
        index = j;
        break;
      }
      break;
    }
    index = i;
    break;
  }
  return index;
}

const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** The arguments dockerfile-ast's property scan finds (`getPropertyArguments`), each with its raw text and offsets. */
export function propertyArguments(text: string, ins: PropertyInstructionExtent, esc: string): RawArgument[] {
  const args: RawArgument[] = [];
  const fullArgs = text.slice(ins.keywordEnd, ins.end);
  const start = findLeadingNonWhitespace(fullArgs, esc);
  if (start === -1) return args;
  const base = ins.keywordEnd + start;
  const push = (from: number, to: number): void => void args.push({ value: content.substring(from, to), span: { start: base + from, end: base + to } });
  // Whether the first argument starts on a later line than the keyword.
  let escaped = text.lastIndexOf('\n', base - 1) >= ins.start;
  let endingEscape = false;
  let mark = -1;
  const end = findTrailingNonWhitespace(fullArgs, esc);
  const content = fullArgs.substring(start, end + 1);
  let argStart = escaped ? -1 : 0;
  let spaced = false;
  const spacedArgument = (): void => {
    if (argStart !== -1) push(argStart, mark);
  };
  argumentLoop: for (let i = 0; i < content.length; i++) {
    const char = content[i]!;
    if (char === esc) {
      if (i + 1 === content.length) {
        endingEscape = true;
        break;
      }
      if (!escaped) mark = i;
      const next = content[i + 1];
      if (next === ' ' || next === '\t') {
        if (!isWhitespace(content[i + 2])) {
          // An escaped blank: part of the argument.
          i = i + 1;
          continue;
        }
        // Blanks: a continuation if they run to the end of the line, else the argument ends.
        for (let j = i + 2; j < content.length; j++) {
          const d = content[j];
          if (d === '\r' || d === '\n') {
            escaped = true;
            i = d === '\r' ? j + 1 : j;
            continue argumentLoop;
          }
          if (d !== ' ' && d !== '\t') {
            push(argStart, i);
            // dockerfile-ast's range ends two characters past the escape character, its value at it.
            args[args.length - 1]!.span.end = base + i + 2;
            argStart = j;
            break;
          }
        }
        i = argStart - 1;
        continue;
      }
      if (next === '\r' || next === '\n') {
        escaped = true;
        i = next === '\r' ? i + 2 : i + 1;
        continue;
      }
      if (argStart === -1) argStart = i;
      // An escaped escape character is skipped with it; any other escaped character is read as usual next.
      if (next === esc) i = i + 1;
      continue;
    }
    switch (char) {
      case "'":
      case '"':
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < content.length; j++) {
          const d = content[j];
          if (d === char) {
            if (content[j + 1] !== ' ' && j + 1 < content.length) {
              // More after the closing quote: the same argument goes on.
              i = j;
              continue argumentLoop;
            }
            push(argStart, j + 1);
            i = j;
            argStart = -1;
            continue argumentLoop;
          }
          if (d === esc) j++;
        }
        break argumentLoop;
      case ' ':
      case '\t':
        if (escaped) {
          // A blank counts only in an argument that does not span lines.
          if (argStart !== -1) spaced = true;
        } else if (argStart !== -1) {
          push(argStart, i);
          argStart = -1;
        }
        break;
      case '\r':
        i++;
        spaced = false;
        break;
      case '\n':
        spaced = false;
        break;
      case '#':
        if (escaped) {
          // A comment line inside the continuation lines: skipped to its end.
          for (let j = i + 1; j < content.length; j++) {
            const d = content[j];
            if (d === '\r' || d === '\n') {
              i = d === '\r' ? j + 1 : j;
              spaced = false;
              continue argumentLoop;
            }
          }
          // The comment is the instruction's last line.
          if (argStart !== -1) {
            push(argStart, mark);
            argStart = -1;
          }
          break argumentLoop;
        } else if (argStart === -1) argStart = i;
        break;
      default:
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        escaped = false;
        if (argStart === -1) argStart = i;
        if (char === '$' && content[i + 1] === '{') {
          // A variable: blanks inside quotes or after an escape character stay in it, up to its `}`.
          let singleQuotes = false;
          let doubleQuotes = false;
          let escapedInVariable = false;
          for (let j = i + 1; j < content.length; j++) {
            const d = content[j];
            if (d === esc) escapedInVariable = true;
            else if (d === '\r' || d === '\n') continue;
            else if (d === "'") {
              singleQuotes = !singleQuotes;
              escapedInVariable = false;
            } else if (d === '"') {
              doubleQuotes = !doubleQuotes;
              escapedInVariable = false;
            } else if (d === ' ' || d === '\t') {
              if (escapedInVariable || singleQuotes || doubleQuotes) continue;
              i = j - 1;
              continue argumentLoop;
            } else if (d === '}') {
              i = j;
              continue argumentLoop;
            } else escapedInVariable = false;
          }
          break argumentLoop;
        }
        break;
    }
  }
  if (argStart !== -1 && argStart !== content.length) push(argStart, endingEscape ? content.length - 1 : content.length);
  return args;
}

/** dockerfile-ast's `PropertyInstruction.getProperties` (ENV, LABEL) and `Arg.getProperty` (ARG: one argument, one property). */
export function propertiesOf(keyword: string, text: string, args: RawArgument[], esc: string): ReadProperty[] {
  if (keyword === 'ARG') return args.length === 1 ? [property(text, esc, args[0]!)] : [];
  if (args.length === 0) return [];
  if (args.length === 1) return [property(text, esc, args[0]!)];
  if (args[0]!.value.indexOf('=') === -1) {
    const valueSpan = { start: args[1]!.span.start, end: args[args.length - 1]!.span.end };
    return [property(text, esc, args[0]!, valueSpan)];
  }
  return args.map((a) => property(text, esc, a));
}

/**
 * dockerfile-ast's `Property` of `arg` (and the value `valueSpan`, for `NAME
 * value…`). Offsets are worked out as dockerfile-ast works them out (its
 * document turns positions into offsets and back without loss); the spans
 * given out are where the model builder's line index puts dockerfile-ast's
 * positions (see `asPosition`).
 */
function property(text: string, esc: string, arg: RawArgument, valueSpan?: { start: number; end: number }): ReadProperty {
  const p = rawProperty(text, esc, arg, valueSpan);
  p.nameSpan = asPosition(text, p.nameSpan);
  if (p.valueSpan) p.valueSpan = asPosition(text, p.valueSpan);
  p.span = asPosition(text, p.span);
  return p;
}

function rawProperty(text: string, esc: string, arg: RawArgument, valueSpan?: { start: number; end: number }): ReadProperty {
  const nameSpan = nameRange(arg);
  // A range that ends before it starts (an argument that began before an escaped blank) reads the text between the two.
  const name = unescapedValue(rangeText(text, nameSpan.start, nameSpan.end), esc);
  if (valueSpan) {
    return { name, nameSpan, value: unescapedValue(rangeText(text, valueSpan.start, valueSpan.end), esc), valueSpan, span: { start: nameSpan.start, end: valueSpan.end } };
  }
  if (nameSpan.start === arg.span.start && nameSpan.end === arg.span.end) return { name, nameSpan, value: null, span: arg.span };
  const vs = { start: arg.span.start + arg.value.indexOf('=') + 1, end: arg.span.end };
  return { name, nameSpan, value: unescapedValue(rangeText(text, vs.start, vs.end), esc), valueSpan: vs, span: arg.span };
}

/** `Property.getNameRange`: up to the first `=`, unless the argument starts with a quote that does not close right before it. */
function nameRange(arg: RawArgument): { start: number; end: number } {
  const value = arg.value;
  const index = value.indexOf('=');
  if (index !== -1) {
    const initial = value[0];
    const before = value[index - 1];
    if ((initial === '"' && before === '"') || (initial === "'" && before === "'") || (initial !== '"' && initial !== "'")) {
      return { start: arg.span.start, end: arg.span.start + index };
    }
  }
  return { start: arg.span.start, end: arg.span.end };
}

/**
 * `Property.getValue`: the value with its quotes taken off and its escapes
 * read as dockerfile-ast reads them, line continuations and the comment lines
 * among them dropped.
 */
export function unescapedValue(raw: string, esc: string): string {
  // Nothing to read: no escape character, line break or quote, not starting with a blank.
  const c0 = raw[0];
  if (c0 !== ' ' && c0 !== '\t' && c0 !== '"' && c0 !== "'" && raw.indexOf(esc) === -1 && raw.indexOf('\n') === -1 && raw.indexOf('\r') === -1) return raw;
  let escaped = false;
  const skip = findLeadingNonWhitespace(raw, esc);
  // A comment right after the leading blanks and continuations is skipped as one.
  if (skip !== 0 && raw[skip] === '#') escaped = true;
  let value = raw.substring(skip);
  const first = value[0];
  const last = value[value.length - 1];
  const literal = first === "'" || first === '"';
  const inSingle = first === "'" && last === "'";
  let inDouble = false;
  if (first === '"') {
    for (let i = 1; i < value.length; i++) {
      if (value[i] === esc) i++;
      else if (value[i] === '"' && i === value.length - 1) inDouble = true;
    }
  }
  if (inSingle || inDouble) value = value.substring(1, value.length - 1);
  let commentCheck = -1;
  let out = '';
  parseValue: for (let i = 0; i < value.length; i++) {
    let char = value[i]!;
    if (char === esc) {
      if (i + 1 === value.length) {
        out += esc;
        break;
      }
      char = value[i + 1]!;
      if (char === ' ' || char === '\t') {
        for (let j = i + 2; j < value.length; j++) {
          const char2 = value[j]!;
          if (char2 === ' ' || char2 === '\t') continue;
          if (char2 === '\r' || char2 === '\n') {
            escaped = true;
            i = char2 === '\r' ? j + 1 : j;
            continue parseValue;
          }
          if (!inDouble && !inSingle && !literal) {
            if (char2 === esc) {
              out += char;
              i = i + 1;
            } else {
              out += char + char2;
              i = j;
            }
            continue parseValue;
          }
          break;
        }
      }
      if (literal) {
        // In quotes (or after one), an escaped line break continues the value; any other escape stays,
        // except `\"` in double quotes (the quote alone) and an escaped escape character there (one).
        if (char === '\r') {
          escaped = true;
          i = i + 2;
        } else if (char === '\n') {
          escaped = true;
          i++;
        } else if (!inDouble) out += esc;
        else if (char !== '"') {
          if (char === esc) i++;
          out += esc;
        }
        continue;
      } else if (char === esc) {
        out += esc;
        i++;
      } else if (char === '\r') {
        escaped = true;
        i = i + 2;
      } else if (char === '\n') {
        escaped = true;
        i++;
      } else {
        out += char;
        i++;
      }
      continue;
    }
    switch (char) {
      case ' ':
      case '\t':
        if (escaped && commentCheck === -1) commentCheck = i;
        out += char;
        break;
      case '\r':
      case '\n':
        if (char === '\r') i++;
        if (escaped && commentCheck !== -1) {
          // The blanks appended since the line's start were before a line break: taken back.
          out = out.substring(0, out.length - (i - commentCheck - 1));
          commentCheck = -1;
        }
        break;
      case '#':
        if (escaped) {
          // A comment line among the continuation lines: dropped with the blanks before it.
          if (commentCheck !== -1) {
            out = out.substring(0, out.length - (i - commentCheck));
            commentCheck = -1;
          }
          for (let j = i + 1; j < value.length; j++) {
            const d = value[j];
            if (d === '\r' || d === '\n') {
              i = d === '\r' ? j + 1 : j;
              break;
            }
          }
          continue;
        }
        // Anywhere else a `#` is a character like any other.
        out += char;
        break;
      default:
        if (escaped) {
          escaped = false;
          commentCheck = -1;
        }
        out += char;
        break;
    }
  }
  return out;
}
