/**
 * dockerfile-ast recomputes an instruction's arguments from its text on every
 * `getArguments()` call, and its own getters (`getFlags`, `getArgumentsRange`,
 * `getHeredocs`, the JSON-form parser) call it again and again: on the corpus
 * that was a fifth of all lint time. An instruction's text never changes after
 * parsing, so the scan is done once per instance; callers get a copy of the
 * array because `ModifiableInstruction.getArguments` shifts flags off it.
 *
 * The scan itself is `scanRawArguments`: dockerfile-ast's own algorithm
 * (`Instruction.getRawArguments`, dockerfile-ast 0.7) with the same states and
 * the same results, written to build each argument's value from slices of the
 * text instead of one character at a time, and its ranges without the
 * validating constructors. It was about a twelfth of Dockerfile lint time.
 * `test/engine/astMemo.test.ts` checks it against the original on every
 * corpus instruction and on generated text.
 */
import type * as DockerfileAst from 'dockerfile-ast';
import type { Argument, Instruction } from 'dockerfile-ast';

type Modules = { ast: typeof DockerfileAst; Argument: typeof DockerfileAst.Argument; Parser: { prototype: Record<string, unknown> }; Util: unknown };
let modules: Modules | undefined;

/**
 * dockerfile-ast, loaded on the first call, with the memo and the other
 * changes below installed. Engine code takes the package from here and never
 * imports it: Bulkhead's own reader (dockerfileReader.ts) reads most files
 * whole, and a run whose files it reads never loads dockerfile-ast (about
 * 2 ms and a tenth of the CLI's code cache, docs/performance.md).
 */
export function dockerfileAst(): typeof DockerfileAst {
  return (modules ?? loadModules()).ast;
}

function loadModules(): Modules {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ast = require('dockerfile-ast') as typeof DockerfileAst;
  modules = {
    ast,
    // Read once: the package's exports are property getters.
    Argument: ast.Argument,
    // The parser class itself is not among the package's exports; its module is (no `exports` map).
    Parser: (require('dockerfile-ast/lib/parser') as { Parser: Modules['Parser'] }).Parser,
    Util: (require('dockerfile-ast/lib/util') as { Util: unknown }).Util,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  installArgumentMemo(modules);
  return modules;
}

/** Whether dockerfile-ast has been loaded in this process (for tests of what a run loads). */
export function dockerfileAstLoaded(): boolean {
  return modules !== undefined;
}

const MEMO = Symbol('bulkhead.rawArguments');

interface Position {
  line: number;
  character: number;
}

interface Range {
  start: Position;
  end: Position;
}

/** What the scan reads of a dockerfile-ast instruction (its fields are not in its typings). */
interface AstInstruction {
  [MEMO]?: Argument[];
  document: { offsetAt(p: Position): number; positionAt(offset: number): Position };
  escapeChar: string;
  getInstructionRange(): Range;
  getTextContent(): string;
}

let original: ((this: unknown) => Argument[]) | undefined;

function installArgumentMemo(m: Modules): void {
  const proto = m.ast.Instruction.prototype as unknown as { getRawArguments(): Argument[] };
  original = proto.getRawArguments;
  if (typeof original !== 'function') return;
  proto.getRawArguments = function (this: AstInstruction) {
    let args = this[MEMO];
    if (!args) {
      args = scanRawArguments(this);
      this[MEMO] = args;
    }
    return args.slice();
  };
  installInstructionReuse(m.Parser);
  installBomTest(m.Util);
}

let originalBomTest: ((char: string) => boolean) | undefined;

/**
 * dockerfile-ast asks whether a text starts with a byte order mark twice per
 * parse, by encoding its first character to UTF-8 in a new Buffer and copying
 * that into a Uint8Array. Its callers pass the first UTF-16 unit, and the only
 * one whose UTF-8 is EF BB BF is U+FEFF (a lone surrogate encodes as EF BF BD).
 */
function installBomTest(Util: unknown): void {
  const util = Util as { isUTF8BOM?: (char: string) => boolean };
  if (typeof util.isUTF8BOM !== 'function' || util.isUTF8BOM.length !== 1) return;
  originalBomTest = util.isUTF8BOM;
  util.isUTF8BOM = (char: string) => char === '\uFEFF';
}

/** dockerfile-ast's own byte-order-mark test and the one installed instead (for tests). */
export function bomTests(): { original: ((char: string) => boolean) | undefined; installed: (char: string) => boolean } {
  const { Util } = modules ?? loadModules();
  return { original: originalBomTest, installed: (Util as { isUTF8BOM(char: string): boolean }).isUTF8BOM };
}

const LAST = Symbol('bulkhead.lastInstruction');

interface LastInstruction {
  dockerfile: unknown;
  keyword: string;
  start: number;
  keywordEnd: number;
  end: number;
  instruction: unknown;
}

/**
 * dockerfile-ast's parser builds every instruction twice: once to look for
 * heredocs among its arguments (`processArguments` → `processHeredocs`), and
 * again, from the same offsets unless a heredoc body follows, to add it to the
 * Dockerfile. Each build scans the arguments and, for RUN, CMD, COPY…, parses
 * the JSON form. The constructors only read their parameters and the
 * document, so the second request with the same offsets is given the first
 * instance (once), which is the object a second build would equal.
 */
let originalCreate: ((this: unknown, ...a: unknown[]) => unknown) | undefined;

function installInstructionReuse(Parser: Modules['Parser']): void {
  const proto = Parser.prototype;
  const create = proto.createInstruction as ((this: unknown, ...a: unknown[]) => unknown) | undefined;
  if (typeof create !== 'function' || create.length !== 5) return;
  originalCreate = create;
  proto.createInstruction = function (this: { [LAST]?: LastInstruction }, dockerfile: unknown, keyword: string, start: number, keywordEnd: number, end: number): unknown {
    const last = this[LAST];
    if (last && last.start === start && last.end === end && last.keywordEnd === keywordEnd && last.keyword === keyword && last.dockerfile === dockerfile) {
      this[LAST] = undefined;
      return last.instruction;
    }
    const instruction = create.call(this, dockerfile, keyword, start, keywordEnd, end);
    this[LAST] = { dockerfile, keyword, start, keywordEnd, end, instruction };
    return instruction;
  };
}

/** dockerfile-ast's own `getRawArguments`, which `scanRawArguments` must agree with (for tests). */
export function rawArgumentsByDockerfileAst(ins: Instruction): Argument[] {
  dockerfileAst();
  return original!.call(ins);
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const HASH = 0x23;
const DOLLAR = 0x24;

/**
 * The arguments of an instruction: words split at unescaped whitespace, with
 * escaped newlines (and the whitespace and comment lines after them) joined
 * out, `\x` read as `x` and `\$` kept. Offsets and positions are exactly
 * dockerfile-ast's.
 */
export function scanRawArguments(ins: AstInstruction): Argument[] {
  const doc = ins.document;
  const range = ins.getInstructionRange();
  const rangeStart = doc.offsetAt(range.start);
  const extra = doc.offsetAt(range.end) - rangeStart;
  const found: RawArgument[] = [];
  scanArguments(ins.getTextContent().substring(extra), rangeStart + extra, ins.escapeChar, found);
  const args: Argument[] = new Array(found.length);
  const ArgumentClass = (modules ?? loadModules()).Argument;
  for (let k = 0; k < args.length; k++) {
    const { value, span } = found[k]!;
    args[k] = new ArgumentClass(value, { start: doc.positionAt(span.start), end: doc.positionAt(span.end) });
  }
  return args;
}

/** An argument's value and its offsets in the document. */
export interface RawArgument {
  value: string;
  span: { start: number; end: number };
}

/**
 * The scan itself, on the text after an instruction's keyword (`s`, which
 * starts at document offset `offset`): appends each argument to `out`. Also
 * the Dockerfile reader's (`parse/dockerfileReader.ts`).
 */
export function scanArguments(s: string, offset: number, escapeChar: string, out: RawArgument[]): void {
  const n = s.length;
  const esc = escapeChar.length === 1 ? escapeChar.charCodeAt(0) : -1;
  let start = false;
  let comment = false;
  let found = -1;
  // A space or tab that belongs to an escaped newline sequence was seen.
  let escapedWhitespaceDetected = false;
  // Inside an escaped newline sequence.
  let escaping = false;
  let escapeMarker = -1;
  // The argument's value so far is `value` followed by s[runStart, runEnd).
  // (Written out in the loop, not in closures: captured variables live on the heap.)
  let value = '';
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR || c === LF) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (c === CR || c === LF) {
          // A newline: the whitespace before it does not count.
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(out, joined(value, s, runStart, runEnd), offset + found, offset + (escapeMarker === -1 ? i : escapeMarker));
        value = '';
        runStart = -1;
        escapeMarker = -1;
        found = -1;
      }
    } else if (c === esc) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
      if (next === SPACE || next === TAB) {
        whitespaceCheck: for (let j = i + 2; j < n; j++) {
          const d = s.charCodeAt(j);
          if (d === SPACE || d === TAB) continue;
          // CR is taken as the start of CRLF without looking at what follows, as dockerfile-ast does.
          if (d === CR) j++;
          switch (d) {
            case CR:
            case LF:
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === CR) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === LF) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(out, joined(value, s, runStart, runEnd), offset + found, offset + escapeMarker);
          value = '';
          runStart = -1;
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        // The end of the text: stop.
        if (next === -1) break;
        value = joined(value, s, runStart, runEnd) + (next === DOLLAR ? s.slice(i, i + 2) : s.charAt(i + 1));
        runStart = -1;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && c === HASH) comment = true;
      else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(out, joined(value, s, runStart, runEnd), offset + found, offset + escapeMarker);
          value = '';
          runStart = -1;
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        // The plain characters from here to the next whitespace or escape
        // character go the same way as this one (with nothing to flush or reset).
        let j = i + 1;
        for (let d = 0; j < n; j++) {
          d = s.charCodeAt(j);
          if (d === SPACE || d === TAB || d === CR || d === LF || d === esc) break;
        }
        if (runStart >= 0 && runEnd === i) runEnd = j;
        else {
          if (runStart >= 0) value += s.slice(runStart, runEnd);
          runStart = i;
          runEnd = j;
        }
        if (found === -1) found = i;
        i = j - 1;
      }
      // A character other than whitespace: no longer at the start of a line.
      start = false;
    }
  }
  if (found !== -1) {
    push(out, joined(value, s, runStart, runEnd), offset + found, offset + (escapeMarker === -1 ? n : escapeMarker));
  }
}

function push(out: RawArgument[], value: string, start: number, end: number): void {
  out.push({ value, span: { start, end } });
}

/** `value` followed by the pending run of plain characters s[runStart, runEnd), if any. */
function joined(value: string, s: string, runStart: number, runEnd: number): string {
  return runStart >= 0 ? value + s.slice(runStart, runEnd) : value;
}

/** dockerfile-ast's parse with its own double build of each instruction, which the reuse must agree with (for tests). */
export function parseWithoutInstructionReuse(text: string): ReturnType<typeof DockerfileAst.DockerfileParser.parse> {
  const { ast, Parser } = modules ?? loadModules();
  const proto = Parser.prototype;
  const patched = proto.createInstruction;
  if (originalCreate) proto.createInstruction = originalCreate;
  try {
    return ast.DockerfileParser.parse(text);
  } finally {
    proto.createInstruction = patched;
  }
}

/** Whether the parser hands out the instance it built first (false if dockerfile-ast changed shape). */
export function instructionReuseInstalled(): boolean {
  dockerfileAst();
  return originalCreate !== undefined;
}
