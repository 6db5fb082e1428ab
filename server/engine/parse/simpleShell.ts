/**
 * A fast path for the shell scripts most RUN lines are: commands joined by
 * `&&`, `||`, `;` and pipes, with quoted words, `$VAR` / `${VAR…}`
 * expansions, `$(…)` substitutions of such scripts (and plain `` `…` ``
 * ones: see `backtick`), prefix assignments, `export`/`unset`, redirections
 * at the end of a command (and words after them), statements on lines of
 * their own, and the compound statements written on one line around them:
 * `if`/`elif`/`else`, `for … in`, `while`, `until`, `case` with plain
 * patterns, `{ …; }` groups and functions with one (`name() { …; }`),
 * `( … )` subshells, `[ … ]` / `[[ … ]]` tests of the usual shapes, and `!`
 * (a compound statement also piped into commands or redirected), and a
 * comment that ends the script. It builds exactly the {@link ShellScript}
 * that the tree-sitter walk in `shell.ts` builds for the same text,
 * following tree-sitter-bash where its tree differs from the shell, and
 * declines (returns undefined) everything else: other backticks, arithmetic,
 * heredocs, other comments, line breaks other than between the statements
 * of the script's own top level, other function definitions, a redirected
 * compound statement in a pipeline, test expressions of other shapes, errors.
 * The equivalence is checked on every RUN script of the corpus
 * (test/corpus/corpus.test.ts) and on generated ones, simple and compound
 * (test/engine/simpleShell.test.ts; 100,000 of each in `npm run fuzz`).
 *
 * Spans are offsets into `text` (the script starts at 0).
 */
import type { Pipeline, Redirect, ShellScript, SimpleCommand, Word } from './shell';

/** Words that tree-sitter-bash reads as syntax, or as declaration/test commands with their own shape. */
const NOT_SIMPLE_NAMES = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', 'function', 'select', 'time', 'coproc']);
/** Commands tree-sitter-bash reads as declaration_command / unset_command. */
const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'unsetenv']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
/** Words reserved where a command would start (see `reservedAt`). */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', 'function', 'select', 'time', 'coproc']);
const THEN: ReadonlySet<string> = new Set(['then']);
const AFTER_THEN: ReadonlySet<string> = new Set(['elif', 'else', 'fi']);
const FI: ReadonlySet<string> = new Set(['fi']);
const DO: ReadonlySet<string> = new Set(['do']);
const DONE: ReadonlySet<string> = new Set(['done']);
const CLOSE_GROUP: ReadonlySet<string> = new Set(['}']);
/** `name() {` followed by a blank: the start of a function definition read here (see `functionBody`). */
const FUNCTION_HEADER = /[A-Za-z_][A-Za-z0-9_]*\(\)[ \t]*\{(?=[ \t])/y;
/** What ends a `case` item's commands: `;;`, or `esac` after the last item's. */
const CASE_ITEM_END: ReadonlySet<string> = new Set([';;', 'esac']);
/** A `case` pattern read here: plain characters and globs, or one quoted string. */
const CASE_PATTERN = /^([A-Za-z0-9_.*?/:,-]+|'[^']*'|"[^"$`\\]*")$/;
/** A test operand tree-sitter-bash reads as one word: plain characters, one quoted string, one `$NAME` or `${…}`, or one `"…$(…)…"` string. */
const TEST_OPERAND = /^(?:[A-Za-z0-9_./:][A-Za-z0-9_./:-]*|'[^'{}]*'|"[^"{}]*"|"[^"]*\$(?:\{[^}"]*\}|[^{"])[^"]*"|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}]*\})$/;
/** The right of `=`, `==`, `!=`: globs too (`*.tar.gz`, `a?b`). */
const TEST_PATTERN = /^(?:[A-Za-z0-9_./:*?][A-Za-z0-9_./:*?-]*|'[^'{}]*'|"[^"{}]*"|"[^"]*\$(?:\{[^}"]*\}|[^{"])[^"]*"|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}]*\})$/;
/** `a=b`, `1=`: an assignment to tree-sitter-bash even in a test. */
const ASSIGNMENT_LIKE = /^[A-Za-z0-9_]+\+?=/;
/** Test operators on one operand (`-f F`, `-z "$X"`). */
const UNARY_TEST = /^-[a-zA-Z]$/;
/** Test operators on two operands. */
const BINARY_TEST: ReadonlySet<string> = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/** A pipeline member before the redirection rules are applied. */
interface Part {
  cmd: SimpleCommand | undefined;
  redirects: Redirect[];
  /** Where its words start and end (-1 when it has none). */
  start: number;
  end: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/**
 * A word with braces or brackets read here: plain characters around `{}`, a
 * comma list (`{a,b}`), a bracket class (`[ch]`, `[!a-z]`); no escapes,
 * quotes or `{..}` ranges, which tree-sitter-bash reads its own ways.
 */
const PAIRS_WORD = /^(?:[A-Za-z0-9_./:=@%+*?!-]|\{\}|\{[A-Za-z0-9_./-]+(?:,[A-Za-z0-9_./-]*)+\}|\[!?[A-Za-z0-9_-]+\])+$/;
/** Escapes that may follow a closing quote in one word (`'it'\''s'`, `"a"\"b"`). */
const QUOTE_ESCAPES = new Set(["'", '"', '\\']);
/** Characters allowed after the name inside `${…}` (operators and plain words, no quoting or nesting). */
const BRACE_BODY = /^(?:|:?[-=+?][A-Za-z0-9_./:+=?%#^,~@*-]*|(?:##?|%%?)[A-Za-z0-9_./:+=?%#^,~@*-]*|\/\/?[A-Za-z0-9_./:+=?%#^,~@*-]*|:[0-9]+(?::[0-9]+)?|\^\^?|,,?)$/;
/** A trim by a bracket expression (`${V%%[a-z]*}`); other brackets there (`${V%]}`) are errors to tree-sitter-bash. */
const BRACKET_TRIM = /^(%%?|##?)\[!?[A-Za-z0-9_-]+\]\*?$/;

/** Compound statements nested deeper than this are left to tree-sitter. */
const MAX_COMPOUND_DEPTH = 64;
/** Substitutions nested deeper than this are left to tree-sitter (each level is a parser on the stack). */
const MAX_SUBSTITUTION_DEPTH = 16;

/** Thrown (one instance, no stack trace to build) to give a script back to tree-sitter. */
const DECLINE = Object.freeze({ declined: true });
const decline = (): never => {
  throw DECLINE;
};

export function parseSimpleShell(text: string): ShellScript | undefined {
  // Control characters other than tab and newline (a CR from a CRLF file, a NUL) are left to tree-sitter.
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a) return undefined;
  }
  try {
    return new SimpleParser(text).script();
  } catch (e) {
    // A stack overflow (nesting the limits above do not count) declines too: tree-sitter has limits of its own.
    if (e === DECLINE || e instanceof RangeError) return undefined;
    throw e;
  }
}

class SimpleParser {
  private i: number;
  private readonly out: ShellScript;
  /** The scripts of the `$(…)` substitutions met in words, by the offset of their `$`, until a command takes them. */
  private readonly substitutions = new Map<number, ShellScript>();
  /**
   * Every substitution read, with where it ends: an assignment's value is read
   * twice (as a word, then as the value), and reading nested substitutions
   * again at each level would cost 2^depth.
   */
  private readonly read = new Map<number, { script: ShellScript; end: number }>();

  /**
   * `nested`: the script of a `$(…)` whose text starts at `start`; it ends
   * at its closing parenthesis, where `i` is left.
   */
  /** Open parentheses around `i`: the `$(` of a substitution being read, and subshells; a `)` closes the innermost. */
  private parens: number;
  /** Compound statements (`if`, loops, groups, subshells) around `i`. */
  private compounds = 0;
  /** `case` statements around `i`. */
  private cases = 0;
  /** Where the last statement of bare assignments started (-1: none yet). */
  private lastBareAssignment = -1;

  constructor(
    private readonly text: string,
    start = 0,
    private readonly nested = false,
    private readonly depth = 0,
    /** The script of a `` `…` ``: `text` ends at its closing backtick, and a `)` closes nothing. */
    private readonly backticks = false,
  ) {
    this.i = start;
    this.parens = nested && !backticks ? 1 : 0;
    this.out = { text, offset: 0, commands: [], pipelines: [], hasErrors: false };
  }

  script(): ShellScript {
    this.list(undefined);
    // `$()` and `$(A=1)` run nothing: left to tree-sitter.
    if (this.nested && this.out.commands.length === 0) decline();
    return this.finish();
  }

  /**
   * Statements joined by `&&`, `||` and `;`, up to the end of the text, the
   * `)` that closes the substitution or subshell being read (left at `i`), or
   * one of the reserved words in `stop` written where a command would start
   * (read, and returned). With `stop`, only that word may end the list.
   */
  private list(stop: ReadonlySet<string> | undefined): string {
    const t = this.text;
    let needCommand = false;
    let statements = 0;
    for (;;) {
      this.skipBlanks(true);
      if (this.i >= t.length) {
        // A `$(`, a subshell or a compound statement that is not closed is an error.
        if (needCommand || this.parens > 0 || stop) decline();
        return '';
      }
      if (t[this.i] === '#' && this.commentHere()) {
        // A comment to the end of the script, after a statement (`a; # why`) or alone.
        if (needCommand) decline();
        this.i = t.length;
        return '';
      }
      if (stop === CASE_ITEM_END && !needCommand && statements > 0 && t[this.i] === ';' && t[this.i + 1] === ';' && t[this.i + 2] !== '&') {
        // `a; ;;`
        this.i += 2;
        return ';;';
      }
      if (stop && !needCommand) {
        const word = this.reservedAt();
        if (word !== undefined && stop.has(word)) {
          // `then fi`, `do done`, `{ }`: an empty body is an error.
          if (statements === 0) decline();
          this.i += word.length;
          return word;
        }
      }
      const statementStart = this.i;
      const length = this.statement();
      statements++;
      this.skipBlanks(false);
      if (this.i >= t.length) {
        if (this.parens > 0 || stop) decline();
        return '';
      }
      const c = t[this.i]!;
      if (c === ')' && this.parens > 0) {
        if (stop) decline();
        return ')';
      }
      if ((c === '&' && t[this.i + 1] === '&') || (c === '|' && t[this.i + 1] === '|')) {
        // tree-sitter-bash reads `a | b | c && d` as `a | (b | c && d)`.
        if (length > 2) decline();
        this.i += 2;
        needCommand = true;
      } else if (c === ';') {
        if (t[this.i + 1] === ';' && stop === CASE_ITEM_END && t[this.i + 2] !== '&') {
          this.i += 2;
          return ';;';
        }
        if (t[this.i + 1] === ';' || t[this.i + 1] === '&') decline();
        this.i++;
        needCommand = false;
      } else if (c === '\n' && this.parens === 0 && this.compounds === 0 && !this.nested) {
        // A line break between statements of the script's own top level, read as `;`, except where
        // tree-sitter-bash reads on across it: after a pipeline of three or more (`a | b | c` then
        // `d > f` is `a | (b | c …)`, as before `&&`), after assignments (`A=1 B=2` then `c`: `c`'s
        // prefix assignments), and before a line that starts with an escape (`a` then `\$b` is one word).
        if (length > 2 || ASSIGNMENT.test(t.slice(statementStart, this.i))) decline();
        let j = this.i + 1;
        while (t[j] === ' ' || t[j] === '\t' || t[j] === '\n') j++;
        if (t[j] === '\\') decline();
        this.i++;
        needCommand = false;
      } else decline();
    }
  }

  /**
   * The reserved word or compound-statement opener written at `i`, if any:
   * `if`, `then`, `fi`, `for`, `do`, `done`, `{`, `}`, `(`, `[`, `[[`, `!`…
   * (a word followed by a blank, `;`, a closing `)` or the end of the text;
   * `{`, `[`, `[[` and `!` only before a blank).
   */
  private reservedAt(): string | undefined {
    const t = this.text;
    const c = t[this.i];
    let word: string;
    if (c === '(') {
      // `((…))` is arithmetic.
      if (t[this.i + 1] === '(') decline();
      return '(';
    }
    if (c === '{' || c === '!' || c === '[') {
      word = c === '[' && t[this.i + 1] === '[' ? '[[' : c;
      const after = t[this.i + word.length];
      return after === ' ' || after === '\t' ? word : undefined;
    }
    if (c === '}') word = '}';
    else {
      let j = this.i;
      while (j < t.length && t.charCodeAt(j) >= 0x61 && t.charCodeAt(j) <= 0x7a) j++;
      if (j === this.i || j - this.i > 5) return undefined;
      word = t.slice(this.i, j);
      if (!RESERVED.has(word)) return undefined;
    }
    const after = t[this.i + word.length];
    return after === undefined || after === ' ' || after === '\t' || after === '\n' || after === ';' || (after === ')' && this.parens > 0) ? word : undefined;
  }

  /** One statement: a pipeline (returns its length) or a compound statement (returns 1). */
  private statement(): number {
    let word = this.reservedAt();
    // `name() { …; }`: tree-sitter-bash's function definition, whose body the walk visits as it visits a group.
    const body = word === undefined ? this.functionBody() : -1;
    if (word === undefined && body < 0) return this.pipeline();
    // Compound statements, functions and `!` inside backticks: left to tree-sitter.
    if (this.backticks) decline();
    const t = this.text;
    const before = this.out.commands.length;
    const start = this.i;
    if (body >= 0) {
      if (this.nested) decline();
      this.i = body;
      word = '{';
    }
    switch (word) {
      case '!': {
        // `! a | b`: tree-sitter-bash negates the first command, and the walk stands it in the pipeline.
        const bang = this.i;
        this.i++;
        this.skipBlanks(false);
        if (this.reservedAt() !== undefined) decline();
        const n = this.pipeline(bang);
        if (this.out.commands.length === before) decline();
        // `! a > f`: tree-sitter-bash hangs the redirection on the negation, where the walk does not look;
        // `! export A=1` is a plain command to it.
        const negated = this.out.commands[before]!;
        // `! A= Y="$(a)"`: no command but a substitution's, and tree-sitter-bash reads a missing name.
        if (negated.inSubstitution || negated.redirects.length > 0 || DECLARATIONS.has(negated.name)) decline();
        return n;
      }
      case '[':
      case '[[':
        this.test(word);
        break;
      case 'if':
      case 'for':
      case 'case':
      case 'while':
      case 'until':
      case '{':
      case '(':
        // Each level is a few frames on the stack: deeper nesting is left to tree-sitter (and its limits).
        if (this.compounds >= MAX_COMPOUND_DEPTH) decline();
        this.compounds++;
        if (word === 'if') this.ifStatement();
        else if (word === 'for') this.forStatement();
        else if (word === 'case') {
          // tree-sitter-bash reads `$(case … esac)|x` as an error: a `case` in parentheses is left to it.
          if (this.parens > 0) decline();
          this.caseStatement();
        }
        else if (word === '{') {
          this.i++;
          this.list(CLOSE_GROUP);
        } else if (word === '(') {
          this.i++;
          this.parens++;
          if (this.list(undefined) !== ')') decline();
          this.i++;
          this.parens--;
          if (this.out.commands.length === before) decline();
          for (let k = before; k < this.out.commands.length; k++) this.out.commands[k]!.inSubshell = true;
        } else {
          this.i += word.length;
          this.list(DO);
          this.list(DONE);
        }
        this.compounds--;
        break;
      default:
        // `then`, `fi`, `done`… where a command should be, and `case`, `select`…: left to tree-sitter.
        return decline();
    }
    // Redirections after a compound statement (`{ …; } > f`, `done < list`): tree-sitter-bash
    // hangs them on the statement, and the walk gives them to none of its commands.
    let redirected = false;
    for (;;) {
      this.skipBlanks(false);
      if (!this.redirect()) break;
      redirected = true;
    }
    const c = t[this.i];
    // A function definition redirected or piped: other tree shapes.
    if (body >= 0 && (redirected || c === '|')) decline();
    if (c === '|' && t[this.i + 1] !== '|') {
      // A redirected compound statement in a pipeline, and any in a substitution, make other tree shapes.
      if (redirected || this.nested || t[this.i + 1] === '&') decline();
      return this.compoundPipeline(before, start);
    }
    return this.statementEnds() ? 1 : decline();
  }

  /**
   * Where the `{` of a function's body is, when a definition written
   * `name() { …` starts at `i` (a plain name, `()` right after it, a blank
   * after the `{`); else -1. Other forms (`function name`, `name ( )`, a
   * body that is no group) are left to tree-sitter.
   */
  private functionBody(): number {
    FUNCTION_HEADER.lastIndex = this.i;
    const m = FUNCTION_HEADER.exec(this.text);
    return m ? this.i + m[0].length - 1 : -1;
  }

  /**
   * `{ …; } | tee f`, `done | sort`: a compound statement (started at
   * `start`, its commands from `before` on) piped into simple commands. The
   * walk stands the statement in the pipeline through its first command (not
   * one of a substitution); the others keep pipelines of their own.
   */
  private compoundPipeline(before: number, start: number): number {
    const t = this.text;
    const first = this.out.commands.slice(before).find((c) => !c.inSubstitution);
    if (!first) decline();
    // Bare assignments before it (`{ X=$A-$B.c && a; } | d`): tree-sitter-bash may read one as a
    // command, which the walk stands in the pipeline and then drops. Left to tree-sitter.
    if (this.lastBareAssignment >= start && this.lastBareAssignment < first!.span.start) decline();
    const parts: Part[] = [];
    while (t[this.i] === '|' && t[this.i + 1] !== '|') {
      if (t[this.i + 1] === '&') decline();
      this.i++;
      this.skipBlanks(true);
      const p = this.command();
      // A bare assignment, a redirection or a declaration there: other tree shapes.
      if (!p.cmd || p.redirects.length > 0 || DECLARATIONS.has(p.cmd.name)) decline();
      parts.push(p);
      this.skipBlanks(false);
    }
    const commands = [first!, ...parts.map((p) => p.cmd!)];
    const pipe: Pipeline = { commands, span: { start, end: commands[commands.length - 1]!.span.end } };
    this.out.pipelines.push(pipe);
    commands.forEach((c, k) => {
      c.pipeline = pipe;
      c.pipelineIndex = k;
      c.pipelineLength = commands.length;
    });
    for (const p of parts) this.out.commands.push(p.cmd!, ...this.innerCommands(p));
    return this.statementEnds() ? commands.length : decline();
  }

  /**
   * Whether a compound statement (or the pipeline it starts) ends at `i`: the
   * end, `;`, `&&`, `||`, the `)` of a subshell, or a comment that ends the
   * script (stepped over).
   */
  private statementEnds(): boolean {
    const t = this.text;
    const c = t[this.i];
    if (c === undefined || c === ';' || (c === ')' && this.parens > 0)) return true;
    if ((c === '&' && t[this.i + 1] === '&') || (c === '|' && t[this.i + 1] === '|')) return true;
    if (c === '#' && this.commentHere()) {
      this.i = t.length;
      return true;
    }
    return false;
  }

  /** `if … then … [elif … then …] [else …] fi`, from its `if`. */
  private ifStatement(): void {
    this.i += 2;
    this.list(THEN);
    for (;;) {
      const word = this.list(AFTER_THEN);
      if (word === 'elif') {
        this.list(THEN);
        continue;
      }
      if (word === 'else') this.list(FI);
      return;
    }
  }

  /** `for NAME in WORD…; do … done`, from its `for`. */
  private forStatement(): void {
    const t = this.text;
    this.i += 3;
    this.skipBlanks(false);
    const name = this.i;
    while (this.i < t.length && NAME_CHAR.test(t[this.i]!)) this.i++;
    if (this.i === name || !NAME_START.test(t[name]!)) decline();
    this.skipBlanks(false);
    if (!t.startsWith('in', this.i) || (t[this.i + 2] !== ' ' && t[this.i + 2] !== '\t')) decline();
    this.i += 2;
    const start = this.i;
    let words = 0;
    for (;;) {
      this.skipBlanks(false);
      const c = t[this.i];
      if (c === ';') break;
      if (c === undefined || c === '\n' || this.reservedAt() !== undefined) decline();
      this.word();
      words++;
    }
    if (words === 0) decline();
    // The commands of substitutions in the words (`for f in $(ls)`) come before the body's.
    this.out.commands.push(...this.innerCommands({ start, end: this.i }));
    this.i++;
    this.skipBlanks(false);
    if (this.reservedAt() !== 'do') decline();
    this.i += 2;
    this.list(DONE);
  }

  /**
   * `case WORD in PATTERN[|PATTERN]) … ;; … esac`, from its `case`; patterns
   * of plain characters and quotes only (no extended globs or expansions).
   */
  private caseStatement(): void {
    const t = this.text;
    this.i += 4;
    this.skipBlanks(false);
    const start = this.i;
    this.word();
    // The commands of a substitution in the word (`case "$(uname -m)" in`) come first.
    this.out.commands.push(...this.innerCommands({ start, end: this.i }));
    this.skipBlanks(false);
    if (!t.startsWith('in', this.i) || (t[this.i + 2] !== ' ' && t[this.i + 2] !== '\t')) decline();
    this.i += 2;
    let items = 0;
    this.cases++;
    for (;;) {
      this.skipBlanks(false);
      if (this.reservedAt() === 'esac') {
        if (items === 0) decline();
        this.i += 4;
        this.cases--;
        return;
      }
      if (t[this.i] === '(') this.i++;
      for (;;) {
        this.skipBlanks(false);
        const from = this.i;
        while (this.i < t.length && !' \t\n|)'.includes(t[this.i]!)) this.i++;
        const pattern = t.slice(from, this.i);
        // `esac)` ends the statement to tree-sitter-bash.
        if (!CASE_PATTERN.test(pattern) || RESERVED.has(pattern)) decline();
        this.skipBlanks(false);
        if (t[this.i] === '|') {
          this.i++;
          continue;
        }
        if (t[this.i] !== ')') decline();
        this.i++;
        break;
      }
      // `a)b`: tree-sitter-bash reads the pattern on into the commands.
      if (t[this.i] !== ' ' && t[this.i] !== '\t' && !t.startsWith(';;', this.i)) decline();
      items++;
      this.skipBlanks(false);
      // An item with no commands (`x) ;;`).
      if (t.startsWith(';;', this.i)) {
        if (t[this.i + 2] === '&') decline();
        this.i += 2;
        continue;
      }
      if (this.list(CASE_ITEM_END) === 'esac') {
        this.cases--;
        return;
      }
    }
  }

  /**
   * A test command, `[ … ]` or `[[ … ]]`, from its opener: an expression
   * tree-sitter-bash reads without error (`[ -f F ]`, `[ "$A" = b ]`,
   * `[ ! -d D -a -n "$X" ]`), else declined. Only the commands of its
   * substitutions are kept (the walk finds nothing else in it).
   */
  private test(open: '[' | '[['): void {
    const t = this.text;
    const close = open === '[' ? ']' : ']]';
    const start = this.i;
    this.i += open.length;
    for (;;) {
      // [!] operand | [!] -op operand | [!] operand op operand
      this.skipBlanks(false);
      if (this.token() === '!') {
        this.i++;
        this.skipBlanks(false);
      }
      const first = this.token();
      if (UNARY_TEST.test(first)) {
        this.i += first.length;
        this.skipBlanks(false);
        this.testOperand(false);
      } else {
        this.testOperand(false);
        this.skipBlanks(false);
        const op = this.token();
        if (BINARY_TEST.has(op)) {
          this.i += op.length;
          this.skipBlanks(false);
          // The right of `=`, `==` and `!=` is a pattern to tree-sitter-bash.
          this.testOperand(op === '=' || op === '==' || op === '!=');
        }
      }
      this.skipBlanks(false);
      const next = this.token();
      if (next === close) {
        this.i += close.length;
        break;
      }
      // `-a` and `-o` join expressions in `[ … ]`; anything else (`&&`, `(`, more words) is left to tree-sitter.
      if (open === '[' && (next === '-a' || next === '-o')) {
        this.i += 2;
        continue;
      }
      decline();
    }
    const c = t[this.i];
    if (!(c === undefined || c === ' ' || c === '\t' || c === ';' || (c === ')' && this.parens > 0))) decline();
    this.out.commands.push(...this.innerCommands({ start, end: this.i }));
  }

  /**
   * Whether a comment starts at `i` (a `#` after a blank or `;`, or first)
   * that this scanner reads: only in a script's own top level, on its last
   * line, where it ends the script. In a substitution, a compound statement
   * or before a line break it would hide what closes them: left to tree-sitter.
   */
  private commentHere(): boolean {
    const t = this.text;
    const before = t[this.i - 1];
    if (!(this.i === 0 || before === ' ' || before === '\t' || before === ';')) return false;
    if (this.nested || this.parens > 0 || this.compounds > 0 || t.indexOf('\n', this.i) >= 0) decline();
    // tree-sitter-bash pairs backticks across a comment too.
    if (t.indexOf('`', this.i) >= 0) decline();
    return true;
  }

  /** The text from `i` to the next blank, `;` or end (`!`, `]`, an operator…), without moving. */
  private token(): string {
    const t = this.text;
    let j = this.i;
    while (j < t.length && t[j] !== ' ' && t[j] !== '\t' && t[j] !== '\n' && t[j] !== ';') j++;
    return t.slice(this.i, j);
  }

  /** One operand of a test: a word, not an operator or `]` (tree-sitter-bash reads those its own way). */
  private testOperand(pattern: boolean): void {
    const token = this.token();
    if (token === '' || token.startsWith('-') || token.startsWith(']') || token === '!' || token === '=' || token === '==' || token === '!=') decline();
    const w = this.word();
    // tree-sitter-bash's test grammar reads few words: a plain one, one quoted
    // string, one expansion or substitution. Anything else (`a=b`, `+`, `~`,
    // `a#`, `a?b`, `if`, `$V.$V.`, `a' '`) is an error or another tree there.
    if (!(pattern ? TEST_PATTERN : TEST_OPERAND).test(w.raw) || RESERVED.has(w.raw) || ASSIGNMENT_LIKE.test(w.raw)) {
      if (!(w.raw.startsWith('$(') && w.raw.endsWith(')') && this.read.get(w.span.start)?.end === w.span.end)) decline();
    }
    if (pattern && w.raw.includes('$(')) decline();
    if (w.raw.includes('`')) decline();
  }

  /** The script, with the pipelines of its substitutions in source order (as the walk sorts them). */
  private finish(): ShellScript {
    this.out.pipelines.sort((a, b) => a.span.start - b.span.start);
    return this.out;
  }

  /** Every command of the substitutions written in a part's words, in source order (the walk visits them after the command). */
  private innerCommands(p: { start: number; end: number }): SimpleCommand[] {
    if (this.substitutions.size === 0 || p.start < 0) return [];
    const out: SimpleCommand[] = [];
    // The map is in source order (a word read again sets keys it has), and so are the parts: each entry is taken once.
    for (const [k, s] of this.substitutions) {
      if (k >= p.end) break;
      this.substitutions.delete(k);
      if (k < p.start) continue;
      for (const c of s.commands) {
        c.inSubstitution = true;
        out.push(c);
      }
      this.out.pipelines.push(...s.pipelines);
    }
    return out;
  }

  /** One pipeline (a command alone is one of one); returns its length. `negated`: where the `!` before it is (its pipeline starts there). */
  private pipeline(negated = -1): number {
    const t = this.text;
    const parts: Part[] = [this.command()];
    for (;;) {
      this.skipBlanks(false);
      if (t[this.i] !== '|' || t[this.i + 1] === '|') break;
      if (t[this.i + 1] === '&') decline();
      this.i++;
      this.skipBlanks(true);
      parts.push(this.command());
    }
    const n = parts.length;
    // A bare assignment is not a command to tree-sitter: alone it adds nothing (but what its substitutions run).
    if (parts.some((p) => p.cmd === undefined)) {
      if (n > 1 || parts[0]!.redirects.length > 0) decline();
      this.out.commands.push(...this.innerCommands(parts[0]!));
      return n;
    }
    // Redirections belong to the command they follow (the walker gives them
    // back to it where tree-sitter-bash hangs them on the list before); on a
    // middle pipeline member tree-sitter's grouping is not followed here.
    parts.forEach((p, k) => {
      if (p.redirects.length === 0) return;
      if (k !== 0 && k !== n - 1) decline();
      // Inside `$(…)`, tree-sitter-bash reads `a | b | c > f` as `a | (b | c > f)` (and in compound statements, it is not checked here).
      if ((this.parens > 0 || this.compounds > 0) && n > 2 && k === n - 1) decline();
      const cmd = p.cmd!;
      cmd.redirects.push(...p.redirects);
      cmd.span.end = p.redirects[p.redirects.length - 1]!.span.end;
    });
    const commands = parts.map((p) => p.cmd!);
    if (n > 1 && commands.some((c) => DECLARATIONS.has(c.name))) decline();
    const pipe: Pipeline = { commands, span: { start: n > 1 && negated >= 0 ? negated : commands[0]!.span.start, end: commands[n - 1]!.span.end } };
    if (n > 1) {
      this.out.pipelines.push(pipe);
      commands.forEach((c, k) => {
        c.pipelineIndex = k;
        c.pipelineLength = n;
      });
    }
    parts.forEach((p, k) => {
      const c = commands[k]!;
      c.pipeline = pipe;
      this.out.commands.push(c, ...this.innerCommands(p));
    });
    return n;
  }

  /** One simple command (or a bare assignment: `cmd` undefined), with the redirections written after it. */
  private command(): Part {
    const t = this.text;
    const assignments: SimpleCommand['assignments'] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    let start = -1;
    let end = -1;
    let trailing = false;
    for (;;) {
      this.skipBlanks(false);
      if (this.i >= t.length) break;
      const c = t[this.i]!;
      if (c === '#' && (words.length > 0 || assignments.length > 0) && this.commentHere()) {
        // `a b # why`: the comment runs to the end of the script, and tree-sitter-bash keeps it out of the command.
        this.i = t.length;
        break;
      }
      const redirect = this.redirect();
      if (redirect) {
        // After a word that followed a redirection: left to tree-sitter.
        if (trailing) decline();
        // Written against a word that ends with a digit (`_2>1`): tree-sitter-bash may take the digit for a descriptor.
        if (redirect.span.start > 0 && /[0-9]/.test(t[redirect.span.start - 1]!)) decline();
        // Redirections before or between words make other tree shapes: left to tree-sitter.
        if (words.length === 0 && assignments.length === 0) decline();
        // tree-sitter-bash drops a `-` argument just before `N>&M`.
        if (words[words.length - 1]?.raw === '-') decline();
        redirects.push(redirect);
        continue;
      }
      if (c === '\n' || c === ';' || c === '&' || c === '|' || (c === ')' && this.parens > 0)) break;
      const wordStart = this.i;
      // An argument may hold `{}`, `[…]`, `!` and globs (`find … {} +`, `rm *`); a command's name may not.
      const w = this.word(words.length > 0);
      if (start < 0) start = wordStart;
      end = w.span.end;
      if (redirects.length > 0) {
        // A word after a redirection (`echo >&2 "error: …"`): tree-sitter-bash
        // takes it for one more target of the redirection, whose span grows,
        // and the walk gives it back to the command as an argument.
        trailing = true;
        // `A=1 > f cmd`: tree-sitter-bash's name comes after the redirection there.
        if (words.length === 0 || w.raw.includes('$(') || w.raw.includes('`')) decline();
        const r = redirects[redirects.length - 1]!;
        r.span = { start: r.span.start, end: w.span.end };
        words.push(w);
        continue;
      }
      if (words.length === 0 && ASSIGNMENT.test(w.raw)) {
        assignments.push(this.assignment(w));
        continue;
      }
      words.push(w);
    }
    if (words.length === 0) {
      // An empty command is an error; a bare assignment runs nothing.
      if (assignments.length === 0) decline();
      this.lastBareAssignment = start;
      return { cmd: undefined, redirects, start, end };
    }
    const nameWord = words[0]!;
    // After `A=1`, tree-sitter-bash reads a name with a colon (`a:b`, a URL) as an error.
    if (assignments.length > 0 && nameWord.raw.includes(':')) decline();
    if (NOT_SIMPLE_NAMES.has(nameWord.raw) || nameWord.raw.startsWith('[') || nameWord.raw.startsWith('-') || nameWord.raw.includes('#') || nameWord.raw === '!') decline();
    // A glob (`d?i`) or a colon (`a+:`) in a name, and a reserved or declaration word
    // written against quotes or `$` (`for''`, `export$y`): other trees to tree-sitter-bash.
    if (/[?*]/.test(nameWord.raw) || (nameWord.raw !== ':' && nameWord.raw.includes(':'))) decline();
    const lead = /^[a-z]+/.exec(nameWord.raw)?.[0];
    if (lead !== undefined && lead !== nameWord.raw && (NOT_SIMPLE_NAMES.has(lead) || DECLARATIONS.has(lead)) && /^["'$]/.test(nameWord.raw.slice(lead.length))) decline();
    // tree-sitter-bash reads names with `@` or `%` (`a@b`) as errors, and a name that starts with a digit (`1=x`) its own way.
    if (/[@%]/.test(nameWord.raw) || /^[0-9]/.test(nameWord.raw)) decline();
    let args = words.slice(1);
    if (DECLARATIONS.has(nameWord.raw)) {
      // `export A=1 B`: tree-sitter's declaration_command, whose assignments are the command's.
      if (assignments.length > 0 || redirects.length > 0) decline();
      // Other arguments (paths, URLs, quoted words) get other tree shapes there.
      if (args.some((w) => !/^([A-Za-z_][A-Za-z0-9_]*|-[A-Za-z]+)$/.test(w.raw) && !ASSIGNMENT.test(w.raw))) decline();
      if (nameWord.raw !== 'unset' && nameWord.raw !== 'unsetenv') {
        for (const w of args) if (ASSIGNMENT.test(w.raw)) assignments.push(this.assignment(w));
        args = args.filter((w) => !ASSIGNMENT.test(w.raw));
      }
    }
    const cmd: SimpleCommand = {
      name: nameWord.value,
      baseName: nameWord.value.slice(nameWord.value.lastIndexOf('/') + 1),
      nameWord,
      args,
      assignments,
      redirects: [],
      span: { start, end },
      pipelineIndex: 0,
      pipelineLength: 1,
      pipeline: undefined as unknown as Pipeline,
      inSubstitution: false,
      inSubshell: false,
      effective: undefined,
    };
    return { cmd, redirects, start, end };
  }

  /** `NAME=value` as tree-sitter's variable_assignment. */
  private assignment(w: Word): SimpleCommand['assignments'][number] {
    const eq = w.raw.indexOf('=');
    if (w.raw[eq - 1] === '+') decline();
    // `_=x` is a command to tree-sitter-bash.
    if (eq === 1 && w.raw[0] === '_') decline();
    // `A= cmd`, `A=;`: an empty value, which tree-sitter-bash gives no node
    // (before `||` or `)` it reads a missing word).
    let value: Word | undefined;
    if (eq === w.raw.length - 1) {
      const t = this.text;
      const after = t[w.span.end];
      if (!(after === undefined || after === ' ' || after === '\t' || (after === ';' && t[w.span.end + 1] !== ';') || (after === '&' && t[w.span.end + 1] === '&'))) decline();
    } else value = this.wordIn(w.span.start + eq + 1, w.span.end);
    return { name: w.raw.slice(0, eq), value, span: w.span };
  }

  /** `>`, `>>`, `<`, `&>`, `N>…` with a word, `>&N`; undefined when no redirection starts here. */
  private redirect(): Redirect | undefined {
    const t = this.text;
    const start = this.i;
    let k = start;
    while (k < t.length && t[k]! >= '0' && t[k]! <= '9') k++;
    const fd = k > start;
    const rest = t.slice(k, k + 3);
    // `0>f`: tree-sitter-bash reads the 0 as an argument.
    if (fd && t[start] === '0' && (rest[0] === '<' || rest[0] === '>' || rest.startsWith('&>'))) decline();
    let op: string;
    if (rest.startsWith('&>')) {
      if (fd || rest === '&>>') decline();
      op = '&>';
    } else if (rest.startsWith('>>')) op = '>>';
    else if (rest.startsWith('>&')) op = '>&';
    else if (rest.startsWith('<<') || rest.startsWith('<&') || rest.startsWith('<>') || rest.startsWith('>|') || rest.startsWith('<(') || rest.startsWith('>(')) return decline();
    else if (rest.startsWith('>') || rest.startsWith('<')) op = rest[0]!;
    else return undefined;
    this.i = k + op.length;
    this.skipBlanks(false);
    let target: Word;
    if (op === '>&') {
      const d = this.i;
      while (this.i < t.length && t[this.i]! >= '0' && t[this.i]! <= '9') this.i++;
      if (this.i === d || (this.i < t.length && !/[\s;&|]/.test(t[this.i]!))) decline();
      const raw = t.slice(d, this.i);
      target = { value: raw, raw, span: { start: d, end: this.i }, dynamic: false };
    } else {
      if (this.i >= t.length || /[\s;&|<>]/.test(t[this.i]!)) decline();
      target = this.word();
      // A substitution in a redirection's target: the walk visits it elsewhere.
      if (target.raw.includes('$(') || target.raw.includes('`')) decline();
    }
    return { operator: op, target, span: { start, end: target.span.end } };
  }

  /**
   * One word at `i`: unquoted text, escapes, '…', "…", `$NAME`, `${…}`.
   * `argument`: a command's argument, which may also hold braces, brackets,
   * `!` and start with a glob (tree-sitter-bash reads those as words there).
   */
  private word(argument = false): Word {
    const t = this.text;
    const start = this.i;
    // The value so far is `value` followed by t[flushed, i): only escapes and quotes change the text.
    let value = '';
    let flushed = start;
    let dynamic = false;
    let braces = 0;
    let brackets = 0;
    let hasPairs = false;
    let i = this.i;
    while (i < t.length) {
      const c = t[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>') break;
      if (c === ')' && this.parens > 0) break;
      if (c === '(' || c === ')' || (c === '#' && i === start)) decline();
      if (c === '{' || c === '}' || c === '[' || c === ']' || c === '!') {
        if (!argument) decline();
        // Only in pairs (`{}`, `{a,b}`, `*.[ch]`): tree-sitter-bash reads a lone one (`a { [`) its own way.
        hasPairs = true;
        if (c === '{') braces = braces === 0 ? 1 : decline();
        else if (c === '}') braces = braces === 1 ? 0 : decline();
        else if (c === '[') brackets = brackets === 0 ? 1 : decline();
        else if (c === ']') brackets = brackets === 1 ? 0 : decline();
      }
      if (c === '\\') {
        const next = t[i + 1];
        if (next === undefined || next === '\n') decline();
        value += t.slice(flushed, i) + next;
        i += 2;
        flushed = i;
        continue;
      }
      if (c === "'") {
        const close = t.indexOf("'", i + 1);
        if (close < 0) decline();
        value += t.slice(flushed, i) + t.slice(i + 1, close);
        i = close + 1;
        flushed = i;
        // An escape right after a closing quote (`""\$""`, `'a'\x`, `S=""\S`): tree-sitter-bash ends the word
        // there, except for an escaped quote or backslash (`'it'\''s'`).
        if (t[i] === '\\' && !QUOTE_ESCAPES.has(t[i + 1]!)) decline();
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        for (;;) {
          if (j >= t.length) decline();
          const d = t[j]!;
          if (d === '"') break;
          if (d === '\\') {
            if (j + 1 >= t.length) decline();
            j += 2;
            continue;
          }
          if (d === '`') {
            j = this.backtick(j);
            dynamic = true;
            continue;
          }
          if (d === '$' && t[j + 1] === '(') {
            j = this.substitution(j);
            dynamic = true;
            continue;
          }
          if (d === '$') {
            const end = this.expansionEnd(j);
            if (end !== undefined) {
              dynamic = true;
              j = end;
              continue;
            }
            // A `$` that starts no expansion (`"$"`, `"a$ b"`): tree-sitter's reading varies.
            decline();
          }
          j++;
        }
        const inner = t.slice(i + 1, j);
        value += t.slice(flushed, i) + (inner.includes('\\') ? inner.replace(/\\([$`"\\\n])/g, '$1') : inner);
        i = j + 1;
        flushed = i;
        // An escape right after a closing quote: as after '…'.
        if (t[i] === '\\' && !QUOTE_ESCAPES.has(t[i + 1]!)) decline();
        continue;
      }
      if (c === '`' || (c === '$' && t[i + 1] === '(')) {
        const end = c === '`' ? this.backtick(i) : this.substitution(i);
        dynamic = true;
        i = end;
        if (c === '`') {
          // `` `a` `b` ``: tree-sitter-bash reads one word from the first backtick to the last, and a command
          // `` a` `b `` inside it, when an unquoted one is followed by another, right after it or after blanks.
          let j = i;
          while (t[j] === ' ' || t[j] === '\t') j++;
          if (t[j] === '`') decline();
        }
        // An escape right after an expansion (`$a\-`): tree-sitter-bash ends the word there, or errs.
        if (t[i] === '\\') decline();
        continue;
      }
      if (c === '$') {
        // tree-sitter-bash ends some words with two unquoted expansions
        // (`a-$B-$C`, `$V/x.$V.tgz`) at the second `$`: the walk in shell.ts
        // joins the pieces again, into this one word.
        const end = this.expansionEnd(i);
        if (end === undefined) decline();
        dynamic = true;
        i = end!;
        if (t[i] === '\\') decline();
        continue;
      }
      if (c === '*' || c === '?') {
        // Globs are words to tree-sitter except in some positions; keep to the plain cases.
        if (i === start && !argument) decline();
      }
      i++;
    }
    if (i === start || braces !== 0 || brackets !== 0) decline();
    const raw = t.slice(start, i);
    value = flushed === start ? raw : value + t.slice(flushed, i);
    if (hasPairs && !PAIRS_WORD.test(raw)) decline();
    // Test operators outside a test are errors to tree-sitter-bash (`!=` is a word where an argument is).
    if (raw.startsWith('==') || raw.startsWith('=~') || (raw === '!=' && !argument)) decline();
    // tree-sitter-bash ends a `case` at the first word `esac`, an argument's too (`a) echo esac;;`),
    // and at `esac` followed by a quote or an expansion (`esac""`).
    if (this.cases > 0 && raw.startsWith('esac') && !/^esac[A-Za-z0-9_]/.test(raw)) decline();
    // An escaped blank or tab after an expansion, a quote or a substitution (`$a\ `, `""\ `), any escaped
    // tab, an escaped blank first (`\ x`), or `\$` last: tree-sitter-bash reads them its own way.
    if (raw.includes('\\') && (/(?:["'})\]]|\$[A-Za-z0-9_]+)\\ |\\\t/.test(raw) || raw.startsWith('\\ ') || raw.endsWith('\\$'))) decline();
    // A number base (`2#101`), also after a quote or an expansion (`"a"1#`, `${A}1#`), where tree-sitter-bash splits or errs.
    if (raw.includes('#') && /[0-9]#/.test(raw) && (/^[-+]?[0-9]/.test(raw) || /["'$]/.test(raw))) decline();
    this.i = i;
    return { value, raw, span: { start, end: i }, dynamic };
  }

  /** The word written from `start` to `end` (an assignment's value). */
  private wordIn(start: number, end: number): Word {
    const saved = this.i;
    this.i = start;
    const w = this.word();
    if (w.span.end !== end) decline();
    this.i = saved;
    return w;
  }

  /**
   * The `$(…)` whose `$` is at `k`, read as a script of its own (kept for the
   * command the word belongs to); returns the offset after its `)`.
   * Arithmetic (`$((…))`) is left to tree-sitter.
   */
  private substitution(k: number): number {
    if (this.text[k + 2] === '(' || this.depth >= MAX_SUBSTITUTION_DEPTH) decline();
    let known = this.read.get(k);
    if (!known) {
      const inner = new SimpleParser(this.text, k + 2, true, this.depth + 1);
      known = { script: inner.script(), end: inner.i + 1 };
      this.read.set(k, known);
    }
    this.substitutions.set(k, known.script);
    return known.end;
  }

  /**
   * The `` `…` `` whose opening backtick is at `k`, read as a script of its
   * own as `$(…)` is (tree-sitter-bash reads both as a command substitution,
   * and the walk visits both alike); returns the offset after its closing
   * backtick. Only a plain one: no blank first, no backslash inside (the
   * shell reads escapes inside backticks again), no line break, comment or
   * `$(`, no compound statement, none inside another substitution, and none
   * right after another (see `word`). Those are left to tree-sitter.
   */
  private backtick(k: number): number {
    const t = this.text;
    // After an earlier pair, tree-sitter-bash takes a backtick followed by a blank for a closing one.
    if (this.nested || t[k + 1] === ' ' || t[k + 1] === '\t') decline();
    let known = this.read.get(k);
    if (!known) {
      const close = t.indexOf('`', k + 1);
      if (close < 0) decline();
      for (let j = k + 1; j < close; j++) {
        const c = t[j];
        if (c === '\\' || c === '\n' || c === '#' || (c === '$' && t[j + 1] === '(')) decline();
      }
      const inner = new SimpleParser(t.slice(0, close), k + 1, true, this.depth + 1, true);
      known = { script: inner.script(), end: close + 1 };
      this.read.set(k, known);
    }
    this.substitutions.set(k, known.script);
    return known.end;
  }

  /** End of the expansion starting with the `$` at `k`, or undefined when none starts there. */
  private expansionEnd(k: number): number | undefined {
    const t = this.text;
    const next = t[k + 1];
    if (next === undefined) return undefined;
    if (next === '{') {
      let j = k + 2;
      if (t[j] === '#') j++;
      const nameStart = j;
      if (j < t.length && NAME_START.test(t[j]!)) {
        while (j < t.length && NAME_CHAR.test(t[j]!)) j++;
      } else if (j < t.length && /[0-9]/.test(t[j]!)) {
        while (j < t.length && /[0-9]/.test(t[j]!)) j++;
      } else return decline();
      if (j === nameStart) decline();
      // `${A.}` and `${A:#}` are errors to tree-sitter-bash.
      if (t[j] === '.' || (t[j] === ':' && t[j + 1] === '#')) decline();
      const close = t.indexOf('}', j);
      if (close < 0) decline();
      const body = t.slice(j, close);
      if (t[k + 2] === '#') {
        // `${#V}`: a length takes no operator (`${#V%x}`, `${#V-}` are errors to tree-sitter-bash).
        if (body !== '') decline();
      } else if (!BRACE_BODY.test(body) && !BRACKET_TRIM.test(body)) decline();
      return close + 1;
    }
    if (NAME_START.test(next)) {
      let j = k + 2;
      while (j < t.length && NAME_CHAR.test(t[j]!)) j++;
      return j;
    }
    if (/[0-9@*#?$!-]/.test(next)) return decline();
    return undefined;
  }

  private skipBlanks(newlines: boolean): void {
    const t = this.text;
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\t' || (newlines && t[this.i] === '\n'))) {
      // Line breaks are read only in the script's own top level: inside a compound statement or a
      // substitution tree-sitter-bash groups the lines its own way. Left to it.
      if (t[this.i] === '\n' && (this.compounds > 0 || this.parens > 0 || this.nested)) decline();
      this.i++;
    }
  }
}
