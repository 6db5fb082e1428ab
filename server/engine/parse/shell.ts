/**
 * Shell analysis for RUN instructions, on tree-sitter-bash (WASM). The parser is
 * error-tolerant, so a RUN line that is half typed still yields the commands
 * that are complete. Offsets from web-tree-sitter are UTF-16 code units into the
 * string we pass in, which we build so that it has the same length as the
 * document slice it stands for: every offset maps back by adding a base.
 */
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { Parser, Language, type Tree, type TreeCursor } from 'web-tree-sitter';
import type { Span } from '../types';
import { parseSimpleShell } from './simpleShell';

export interface Word {
  /** The word with quotes removed and simple escapes resolved (best effort; expansions stay as written). */
  value: string;
  /** The word as written. */
  raw: string;
  span: Span;
  /** True when the word contains an expansion (`$X`, `$(…)`, backticks). */
  dynamic: boolean;
}

export interface Redirect {
  operator: string;
  target?: Word;
  span: Span;
}

export interface SimpleCommand {
  /** Command name as written after unquoting, for example `apt-get`; '' for a bare assignment. */
  name: string;
  /** The name without a leading path: `/usr/bin/curl` → `curl`. */
  baseName: string;
  nameWord?: Word;
  args: Word[];
  /** Leading `NAME=value` assignments (`DEBIAN_FRONTEND=noninteractive apt-get …`). */
  assignments: { name: string; value: Word | undefined; span: Span }[];
  redirects: Redirect[];
  span: Span;
  /** Position in a pipeline: 0 for the first command; `pipelineLength` 1 when not piped. */
  pipelineIndex: number;
  pipelineLength: number;
  /** The pipeline this command belongs to (same object for every command in it). */
  pipeline: Pipeline;
  /** Nested inside `$(…)`, backticks or `<(…)`. */
  inSubstitution: boolean;
  /** Nested inside `( … )`. */
  inSubshell: boolean;
  /**
   * Kept by `effectiveCommand` (analysis/commands.ts), which rules ask about
   * the same commands dozens of times: undefined until asked, null when the
   * command has none. Every command is made with the field, so that commands
   * keep one shape.
   */
  effective: EffectiveCommand | null | undefined;
}

/** The command that really runs, with the wrappers (`sudo`, `env`…) looked through: worked out by analysis/commands.ts `effectiveCommand`. */
export interface EffectiveCommand {
  name: string;
  baseName: string;
  nameWord: Word;
  args: Word[];
  /** The wrappers looked through, outermost first (`sudo`, `env`). */
  wrappers: string[];
}

export interface Pipeline {
  commands: SimpleCommand[];
  span: Span;
}

export interface ShellScript {
  /** The text parsed (same length as the document slice it covers). */
  text: string;
  /** Offset of `text[0]` in the document. */
  offset: number;
  /** Every simple command, in source order, including those in substitutions and subshells. */
  commands: SimpleCommand[];
  pipelines: Pipeline[];
  /** The parser had to recover from errors (incomplete or invalid shell). */
  hasErrors: boolean;
}

let language: Language | undefined;
let parser: Parser | undefined;
let initPromise: Promise<void> | undefined;

/**
 * The WASM file `file`: in the first of `dirs` that has it (the bundle's own
 * folder), else from the package in node_modules. The package is resolved only
 * when no folder has it: resolving walks the file system (about 4 ms).
 */
function findWasm(file: string, pkg: string, dirs: string[]): string {
  for (const d of dirs) {
    const p = join(d, file);
    if (existsSync(p)) return p;
  }
  try {
    return require.resolve(`${pkg}/${file}`);
  } catch {
    throw new Error(`Bulkhead: cannot find ${file} (looked in ${dirs.join(', ')} and the ${pkg} package)`);
  }
}

/**
 * Loads tree-sitter and the bash grammar once per process. `wasmDirs` are
 * searched first (the bundle passes its own folder).
 */
export function initShellParser(wasmDirs: string[] = []): Promise<void> {
  if (!initPromise) {
    const dirs = [...wasmDirs, ...(typeof __dirname === 'string' ? [__dirname, join(__dirname, 'wasm')] : [])];
    initPromise = (async () => {
      const runtime = findWasm('web-tree-sitter.wasm', 'web-tree-sitter', dirs);
      const grammar = findWasm('tree-sitter-bash.wasm', 'tree-sitter-bash', dirs);
      const moduleOptions = { locateFile: () => runtime };
      await Parser.init(moduleOptions);
      // As bytes: given a path, web-tree-sitter reads it through import("fs/promises").
      language = await Language.load(readFileSync(grammar));
      parser = new Parser();
      parser.setLanguage(language);
      cursorCalls = directCursorCalls(moduleOptions);
    })();
    initPromise.catch(() => {
      initPromise = undefined;
    });
  }
  return initPromise;
}

export function shellParserReady(): boolean {
  return parser !== undefined;
}

let misses = 0;

/** How many scripts could not be read because the shell parser was not loaded yet (the engine marks such results incomplete). */
export function shellParserMisses(): number {
  return misses;
}

/** Inputs longer than this are not shell-parsed (a hostile 10 MB RUN line). */
export const MAX_SHELL_SCRIPT = 256 * 1024;
/**
 * Scripts with more operator characters than this (`|`, `&`, `;`, brackets,
 * backticks) are not given to tree-sitter: a 56 KB RUN line of 14,000
 * `X=1|` made its WebAssembly abort, after which every later parse in the
 * process failed. The corpus's busiest script has 178.
 */
export const MAX_SHELL_OPERATORS = 2000;
/** Syntax trees deeper than this are not walked (the walk recurses; 1,000 nested `"$(` overflowed the stack). */
export const MAX_SHELL_TREE_DEPTH = 1500;

/** Why a script is not analysed (too long, too many operators), or undefined when it is. */
export function shellScriptTooComplex(text: string): string | undefined {
  if (text.length > MAX_SHELL_SCRIPT) return `it is longer than ${MAX_SHELL_SCRIPT / 1024} KiB`;
  let operators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // | & ; ( ) { } `
    if (c === 0x7c || c === 0x26 || c === 0x3b || c === 0x28 || c === 0x29 || c === 0x7b || c === 0x7d || c === 0x60) {
      if (++operators > MAX_SHELL_OPERATORS) return `it has more than ${MAX_SHELL_OPERATORS.toLocaleString('en-US')} shell operators`;
    }
  }
  return undefined;
}

/**
 * Parses `text` as a shell script. `offset` is where `text[0]` sits in the
 * document. Returns an empty script when the parser is not initialised or the
 * text is too large.
 *
 * Results are kept by text (see {@link ShellCache}): a RUN line that did not
 * change since the last keystroke, or that another Dockerfile in the same run
 * repeats, is not parsed again. A hit is copied with its spans moved to
 * `offset`, so callers always get objects of their own.
 */
export function parseShell(text: string, offset: number): ShellScript {
  if (text.length > MAX_SHELL_SCRIPT) return { text, offset, commands: [], pipelines: [], hasErrors: true };
  const cached = shellCache.get(text);
  if (cached) {
    // The same script at the same place (a RUN line an edit elsewhere did not move) is the same value;
    // elsewhere, a copy moved there. Nothing changes a parsed script but `effective`, which holds spans
    // of the place it was worked out for.
    return cached.offset === offset ? cached : relocate(cached, offset - cached.offset);
  }
  // Most RUN lines are simple commands and lists: read by a plain scanner
  // that builds the same script tree-sitter's tree gives (and declines the rest).
  let script = parseSimpleShell(text);
  if (!script && shellScriptTooComplex(text) !== undefined) return { text, offset, commands: [], pipelines: [], hasErrors: true };
  script ??= parser ? parseWithTreeSitter(text) : undefined;
  if (!script) {
    misses++;
    return { text, offset, commands: [], pipelines: [], hasErrors: true };
  }
  // Parsed from 0: moved where the script sits in place (a parse makes a span object for each node, never shared).
  if (offset !== 0) shiftSpans(script, offset);
  shellCache.set(text, script);
  return script;
}

/** The tree-sitter reading of `text` (spans from 0), bypassing the fast path and the cache; for tests. */
export function parseWithTreeSitter(text: string): ShellScript {
  if (!parser) throw new Error('the shell parser is not initialised (initEngine)');
  const script: ShellScript = { text, offset: 0, commands: [], pipelines: [], hasErrors: false };
  let tree: Tree | null;
  try {
    tree = parser.parse(text);
  } catch {
    // An abort inside tree-sitter's WebAssembly (see MAX_SHELL_OPERATORS): nothing is read.
    return { ...script, hasErrors: true };
  }
  if (!tree) return { ...script, hasErrors: true };
  let root: PNode;
  const depth = { max: 0 };
  try {
    script.hasErrors = tree.rootNode.hasError;
    root = cursorCalls ? directTree(tree, cursorCalls, depth) : plainTree(tree.walk(), depth);
  } finally {
    tree.delete();
  }
  if (depth.max > MAX_SHELL_TREE_DEPTH) return { ...script, hasErrors: true };
  const walker = new Walker(text, script);
  walker.visit(root, false, false);
  walker.finish();
  // In source order (a pipeline whose head comes from a list is found after the list's own).
  script.pipelines.sort((a, b) => a.span.start - b.span.start);
  return script;
}

/**
 * A bounded, least-recently-used map from script text to its parse (spans
 * relative to the text). Bounded by total characters so that a file of huge
 * RUN lines cannot hold memory.
 */
class ShellCache {
  private readonly map = new Map<string, ShellScript>();
  private chars = 0;
  constructor(private readonly maxChars: number) {}

  get(text: string): ShellScript | undefined {
    const v = this.map.get(text);
    if (v) {
      this.map.delete(text);
      this.map.set(text, v);
    }
    return v;
  }

  set(text: string, script: ShellScript): void {
    if (text.length > this.maxChars / 4) return;
    this.map.set(text, script);
    this.chars += text.length + 64;
    while (this.chars > this.maxChars) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length + 64;
    }
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
  }

  get size(): number {
    return this.map.size;
  }
}

const shellCache = new ShellCache(8 * 1024 * 1024);

/** Forgets every cached parse (benchmarks measure cold runs with it). */
export function clearShellCache(): void {
  shellCache.clear();
}

/** Moves every span of `s` (parsed from 0) by `delta`, in place. */
function shiftSpans(s: ShellScript, delta: number): void {
  const move = (x: Span): void => {
    x.start += delta;
    x.end += delta;
  };
  for (const c of s.commands) {
    move(c.span);
    if (c.nameWord) move(c.nameWord.span);
    for (const w of c.args) move(w.span);
    for (const a of c.assignments) {
      move(a.span);
      if (a.value) move(a.value.span);
    }
    for (const r of c.redirects) {
      move(r.span);
      if (r.target) move(r.target.span);
    }
  }
  // The listed pipelines (one that no command points at any more, after a compound stood in
  // for its first command, is still listed), then each command's own pipeline of one.
  for (const p of s.pipelines) move(p.span);
  const listed = s.pipelines.length > 8 ? new Set(s.pipelines) : undefined;
  for (const c of s.commands) {
    const p = c.pipeline;
    if (!(listed ? listed.has(p) : s.pipelines.includes(p))) move(p.span);
  }
  s.offset += delta;
}

/** A copy of `s` with every span moved by `delta`. */
function relocate(s: ShellScript, delta: number): ShellScript {
  const sp = (x: Span): Span => ({ start: x.start + delta, end: x.end + delta });
  const word = (w: Word): Word => ({ value: w.value, raw: w.raw, span: sp(w.span), dynamic: w.dynamic });
  const pipes = new Map<Pipeline, Pipeline>();
  const pipeOf = (p: Pipeline): Pipeline => {
    let q = pipes.get(p);
    if (!q) pipes.set(p, (q = { commands: [], span: sp(p.span) }));
    return q;
  };
  const cmds = new Map<SimpleCommand, SimpleCommand>();
  const commands = s.commands.map((c) => {
    const copy: SimpleCommand = {
      name: c.name,
      baseName: c.baseName,
      nameWord: c.nameWord && word(c.nameWord),
      args: c.args.map(word),
      assignments: c.assignments.map((a) => ({ name: a.name, value: a.value && word(a.value), span: sp(a.span) })),
      redirects: c.redirects.map((r) => ({ operator: r.operator, target: r.target && word(r.target), span: sp(r.span) })),
      span: sp(c.span),
      pipelineIndex: c.pipelineIndex,
      pipelineLength: c.pipelineLength,
      pipeline: pipeOf(c.pipeline),
      inSubstitution: c.inSubstitution,
      inSubshell: c.inSubshell,
      // Not copied: it holds spans of the original.
      effective: undefined,
    };
    cmds.set(c, copy);
    return copy;
  });
  // Every pipeline first (one that no command points at any more, after a compound stood in
  // for its first command, is still listed), then their commands.
  const pipelines = s.pipelines.map(pipeOf);
  for (const [orig, copy] of pipes) for (const c of orig.commands) copy.commands.push(cmds.get(c) ?? c);
  return { text: s.text, offset: s.offset + delta, commands, pipelines, hasErrors: s.hasErrors };
}

/**
 * The syntax tree as plain objects, read in one pass with a cursor: reading
 * web-tree-sitter nodes one property at a time crosses into WebAssembly and
 * allocates for every access, which cost more than the parse itself.
 */
interface PNode {
  type: string;
  named: boolean;
  /** The field this node fills in its parent (`name`, `value`, `body`, `destination`). */
  field: string | null;
  start: number;
  end: number;
  children: PNode[];
}

/**
 * web-tree-sitter's own cursor crosses into WebAssembly through a small
 * transfer buffer: every getter first writes the cursor's four words into it,
 * and every move reads them back, so reading a node (type, field, start, end,
 * the next move) cost about thirty such writes and reads around six calls.
 * The calls themselves take the cursor from that buffer and leave it there
 * after a move, so a walk that makes only the calls needs no copying at all.
 *
 * The calls are the exports of the Emscripten module web-tree-sitter runs
 * on. Emscripten's modular builds fill in the options object they are
 * started with and use it as the module, so the object given to
 * `Parser.init` holds them. Used only when every one is there and a walk over
 * a sample script gives exactly what the cursor walk gives (checked at start
 * and, in the tests, on every corpus script); otherwise the cursor walks.
 */
interface CursorCalls {
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const CURSOR_CALLS: (keyof CursorCalls)[] = [
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
];

let cursorCalls: CursorCalls | undefined;

/** A script that reaches most node kinds, fields and nesting: the two walks must agree on it. */
const WALK_SAMPLE = `set -eux; A=1 B="x $C" cmd --opt=v 'q' 2>&1 >/dev/null | tee f && { for i in $(seq 3); do echo "$i" \${i}; done; } || (cd /t; [ -f x ] && exit 1); if test -n "$X"; then a=\`b\`; elif c; then :; else case $y in a|b) z ;; *) ;; esac; fi; f() { local v=$((1+2)); }; cat <<EOF
body $v
EOF
x=(a b) y+=c; echo \${v:-d} \${#v} $'esc' <(ls) ; ! true`;

function directCursorCalls(module: object): CursorCalls | undefined {
  const m = module as Partial<Record<keyof CursorCalls, unknown>>;
  if (!CURSOR_CALLS.every((k) => typeof m[k] === 'function') || !parser) return undefined;
  const calls = m as CursorCalls;
  const tree = parser.parse(WALK_SAMPLE);
  if (!tree) return undefined;
  try {
    return JSON.stringify(directTree(tree, calls)) === JSON.stringify(plainTree(tree.walk())) ? calls : undefined;
  } catch {
    return undefined;
  } finally {
    tree.delete();
  }
}

/** Whether tree-sitter's trees are read through the direct calls (for tests). */
export function shellTreeReadDirectly(): boolean {
  return cursorCalls !== undefined;
}

/** The tree read through web-tree-sitter's cursor and through the direct calls, for tests that compare them. */
export function bothTreeReadings(text: string): { cursor: unknown; direct: unknown } | undefined {
  if (!parser || !cursorCalls) return undefined;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    return { cursor: plainTree(tree.walk()), direct: directTree(tree, cursorCalls) };
  } finally {
    tree.delete();
  }
}

/** Node kinds named (2) or not (1), by type id, 0 until asked (a property of the kind: asked once per kind). Type ids are 16-bit; ERROR is 65535. */
const NAMED_BY_TYPE = new Uint8Array(65536);

/** `depth.max`: the deepest the tree goes (the walk's stack). */
function directTree(tree: Tree, c: CursorCalls, depth: { max: number } = { max: 0 }): PNode {
  const t = (tree as unknown as { [0]: number })[0];
  const lang = tree.language as unknown as { types: string[]; fields: (string | null)[] };
  const types = lang.types;
  const fields = lang.fields;
  const read = (field: string | null): PNode => {
    const type = c._ts_tree_cursor_current_node_type_id_wasm(t) & 0xffff;
    let named = NAMED_BY_TYPE[type]!;
    if (named === 0) NAMED_BY_TYPE[type] = named = c._ts_tree_cursor_current_node_is_named_wasm(t) === 1 ? 2 : 1;
    return { type: types[type] || 'ERROR', named: named === 2, field, start: c._ts_tree_cursor_start_index_wasm(t), end: c._ts_tree_cursor_end_index_wasm(t), children: [] };
  };
  // The root node's getter leaves that node in the transfer buffer, where the new cursor is made from it.
  void tree.rootNode;
  c._ts_tree_cursor_new_wasm(t);
  try {
    const root = read(null);
    const stack: PNode[] = [root];
    if (c._ts_tree_cursor_goto_first_child_wasm(t) !== 1) return root;
    for (;;) {
      const node = read(fields[c._ts_tree_cursor_current_field_id_wasm(t)] ?? null);
      stack[stack.length - 1]!.children.push(node);
      if (c._ts_tree_cursor_goto_first_child_wasm(t) === 1) {
        stack.push(node);
        if (stack.length > depth.max) depth.max = stack.length;
        continue;
      }
      while (c._ts_tree_cursor_goto_next_sibling_wasm(t) !== 1) {
        if (c._ts_tree_cursor_goto_parent_wasm(t) !== 1 || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    c._ts_tree_cursor_delete_wasm(t);
  }
}

function plainTree(cursor: TreeCursor, depth: { max: number } = { max: 0 }): PNode {
  try {
    const root: PNode = { type: cursor.nodeType, named: cursor.nodeIsNamed, field: null, start: cursor.startIndex, end: cursor.endIndex, children: [] };
    const stack: PNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node: PNode = { type: cursor.nodeType, named: cursor.nodeIsNamed, field: cursor.currentFieldName, start: cursor.startIndex, end: cursor.endIndex, children: [] };
      stack[stack.length - 1]!.children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        if (stack.length > depth.max) depth.max = stack.length;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

function namedChildren(n: PNode): PNode[] {
  return n.children.filter((c) => c.named);
}

function field(n: PNode, name: string): PNode | undefined {
  return n.children.find((c) => c.field === name);
}

class Walker {
  /** Commands that a joined word left with assignments only (`X=$A-$B.c`): see `finish`. */
  private readonly bare: SimpleCommand[] = [];

  constructor(
    private readonly text: string,
    private readonly script: ShellScript,
  ) {}

  /**
   * A bare assignment is no command (tree-sitter-bash reads `X=1` so): the
   * ones that joining a split word made (without a redirection) are taken
   * out, and the pipelines they were in counted again.
   */
  finish(): void {
    const gone = new Set(this.bare.filter((c) => c.redirects.length === 0));
    if (gone.size === 0) return;
    this.script.commands = this.script.commands.filter((c) => !gone.has(c));
    for (const c of gone) {
      const pipe = c.pipeline;
      pipe.commands = pipe.commands.filter((x) => !gone.has(x));
      pipe.commands.forEach((x, i) => {
        x.pipelineIndex = i;
        x.pipelineLength = pipe.commands.length;
      });
    }
  }

  span(n: PNode): Span {
    return { start: n.start, end: n.end };
  }

  textOf(n: PNode): string {
    return this.text.slice(n.start, n.end);
  }

  visit(n: PNode, inSub: boolean, inSubshell: boolean): void {
    switch (n.type) {
      case 'pipeline': {
        const pipe: Pipeline = { commands: [], span: this.span(n) };
        this.script.pipelines.push(pipe);
        const parts = namedChildren(n);
        parts.forEach((c) => this.visitPipelinePart(c, pipe, inSub, inSubshell, true));
        // `a && b 2>&1 | c`: tree-sitter's pipeline starts at `a`, the shell's at `b` (see tailCommand).
        const head = pipe.commands[0];
        if (head && parts[0]?.type === 'redirected_statement' && isListLike(field(parts[0], 'body'))) pipe.span = { start: head.span.start, end: pipe.span.end };
        pipe.commands.forEach((c, i) => {
          c.pipelineIndex = i;
          c.pipelineLength = pipe.commands.length;
        });
        return;
      }
      case 'command':
      case 'declaration_command':
      case 'unset_command': {
        const pipe: Pipeline = { commands: [], span: this.span(n) };
        this.command(n, pipe, inSub, inSubshell);
        return;
      }
      case 'redirected_statement':
        // A lone redirected command is its own pipeline of one.
        this.visitPipelinePart(n, { commands: [], span: this.span(n) }, inSub, inSubshell);
        return;
      case 'command_substitution':
      case 'process_substitution':
        for (const c of n.children) if (c.named) this.visit(c, true, inSubshell);
        return;
      case 'subshell':
        for (const c of n.children) if (c.named) this.visit(c, inSub, true);
        return;
      default:
        for (const c of n.children) if (c.named) this.visit(c, inSub, inSubshell);
    }
  }

  /** `inPipeline`: `n` is a member of a real pipeline (`pipe` is not a throwaway of one). */
  private visitPipelinePart(n: PNode, pipe: Pipeline, inSub: boolean, inSubshell: boolean, inPipeline = false): void {
    if (n.type === 'command' || n.type === 'declaration_command' || n.type === 'unset_command') {
      this.command(n, pipe, inSub, inSubshell);
    } else if (n.type === 'redirected_statement') {
      const named = namedChildren(n);
      const body = field(n, 'body') ?? named.find((c) => !c.type.endsWith('redirect'));
      const redirects = named.filter((c) => c.type.endsWith('redirect'));
      if (body && (body.type === 'command' || body.type === 'declaration_command')) {
        const cmd = this.command(body, pipe, inSub, inSubshell);
        this.addRedirects(cmd, redirects);
        cmd.span = this.span(n);
      } else if (body) {
        const before = this.script.commands.length;
        this.visit(body, inSub, inSubshell);
        // tree-sitter-bash gives a redirection written after the last command
        // of a list or pipeline (`a && b > f`, `a | b 2>&1`) to the whole list.
        // The shell gives it to that last command, and so do we.
        const tail = tailCommand(body);
        const cmd = tail && this.script.commands.slice(before).find((c) => c.span.start === tail.start && c.inSubstitution === inSub);
        if (cmd) {
          this.addRedirects(cmd, redirects);
          cmd.span = { start: cmd.span.start, end: n.end };
          if (cmd.pipeline.commands[cmd.pipeline.commands.length - 1] === cmd) cmd.pipeline.span = { start: cmd.pipeline.span.start, end: n.end };
          if (inPipeline && body.type === 'list') {
            // `a && b 2>&1 | c` is `a && (b 2>&1 | c)`: `b` heads the pipeline.
            pipe.commands.push(cmd);
            cmd.pipeline = pipe;
          }
        }
      }
      for (const r of redirects) for (const c of r.children) if (c.named) this.visitNested(c, inSub, inSubshell);
    } else {
      // Compound statements inside a pipeline (`while … done | …`): recurse.
      const before = this.script.commands.length;
      this.visit(n, inSub, inSubshell);
      const added = this.script.commands.slice(before).filter((c) => !c.inSubstitution || inSub);
      if (added.length > 0) {
        const first = added[0]!;
        // Stand the compound in the pipeline through its first command.
        pipe.commands.push(first);
        first.pipeline = pipe;
      }
    }
  }

  /** Visits expansions inside words (`$(curl …)` as an argument). */
  private visitNested(n: PNode, inSub: boolean, inSubshell: boolean): void {
    if (n.type === 'command_substitution' || n.type === 'process_substitution') {
      for (const c of n.children) if (c.named) this.visit(c, true, inSubshell);
      return;
    }
    for (const c of n.children) if (c.named) this.visitNested(c, inSub, inSubshell);
  }

  private command(n: PNode, pipe: Pipeline, inSub: boolean, inSubshell: boolean): SimpleCommand {
    const cmd: SimpleCommand = {
      name: '',
      baseName: '',
      args: [],
      assignments: [],
      redirects: [],
      span: this.span(n),
      pipelineIndex: 0,
      pipelineLength: 1,
      pipeline: pipe,
      inSubstitution: inSub,
      inSubshell,
      effective: undefined,
    };
    pipe.commands.push(cmd);
    this.script.commands.push(cmd);
    if (n.type === 'declaration_command' || n.type === 'unset_command') {
      // `export A=b`, `local x`, `unset X`: the keyword is the command name.
      const kw = n.children[0];
      if (kw) {
        const t = this.textOf(kw);
        cmd.name = cmd.baseName = t;
        cmd.nameWord = { value: t, raw: t, span: this.span(kw), dynamic: false };
      }
      let end = -1;
      for (const c of n.children) {
        if (!c.named) continue;
        if (c.start === end && c.type !== 'comment') {
          // The rest of a word tree-sitter-bash split (see joinSplitWord).
          this.joinSplitWord(cmd, c);
        } else if (c.type === 'variable_assignment') {
          const nameNode = field(c, 'name');
          const valueNode = field(c, 'value');
          cmd.assignments.push({
            name: nameNode ? this.textOf(nameNode) : '',
            value: valueNode ? this.word(valueNode) : undefined,
            span: this.span(c),
          });
        } else {
          cmd.args.push(this.word(c));
        }
        end = c.end;
        this.visitNested(c, inSub, inSubshell);
      }
      return cmd;
    }
    let end = -1;
    let nameFromArgs = false;
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.start === end && c.type !== 'comment' && !c.type.endsWith('redirect')) {
        // After `X=$A-$B.c`, tree-sitter-bash's name (`B.c`) is the end of the value, and its first argument the name.
        if (c.type === 'command_name' && !cmd.nameWord) nameFromArgs = true;
        this.joinSplitWord(cmd, c.type === 'command_name' ? (c.children.find((x) => x.named) ?? c) : c);
        end = c.end;
        this.visitNested(c, inSub, inSubshell);
        continue;
      }
      end = c.type.endsWith('redirect') || c.type === 'comment' ? -1 : c.end;
      switch (c.type) {
        case 'variable_assignment': {
          const nameNode = field(c, 'name');
          const valueNode = field(c, 'value');
          cmd.assignments.push({
            name: nameNode ? this.textOf(nameNode) : '',
            value: valueNode ? this.word(valueNode) : undefined,
            span: this.span(c),
          });
          if (valueNode) this.visitNested(valueNode, inSub, inSubshell);
          break;
        }
        case 'command_name': {
          setName(cmd, this.word(c.children.find((x) => x.named) ?? c));
          this.visitNested(c, inSub, inSubshell);
          break;
        }
        case 'file_redirect':
        case 'heredoc_redirect':
        case 'herestring_redirect':
          if (this.redirectWords(c)) nameFromArgs ||= !cmd.nameWord || cmd.nameWord.raw === '';
          cmd.redirects.push(this.redirect(c, cmd.args));
          this.visitNested(c, inSub, inSubshell);
          break;
        case 'comment':
          break;
        default:
          cmd.args.push(this.word(c));
          this.visitNested(c, inSub, inSubshell);
      }
    }
    if (nameFromArgs && (!cmd.nameWord || cmd.nameWord.raw === '') && (cmd.args.length > 0 || !cmd.nameWord)) {
      cmd.nameWord = undefined;
      cmd.name = cmd.baseName = '';
      this.nameFromArguments(cmd);
      if (!cmd.nameWord) this.bare.push(cmd);
    }
    return cmd;
  }

  /**
   * A redirection. tree-sitter-bash takes every word written after a
   * redirection's target for more targets (`echo a > f b`, where the shell
   * passes `b` to echo): those go to `words`, the command's arguments.
   */
  private redirect(n: PNode, words: Word[]): Redirect {
    const opNode = n.children.find((c) => !c.named);
    const op = opNode ? this.textOf(opNode) : '';
    const dest = field(n, 'destination') ?? n.children.find((c) => c.named && c.type !== 'file_descriptor');
    let target = dest ? this.word(dest) : undefined;
    if (dest && target) {
      let k = n.children.indexOf(dest) + 1;
      // The rest of a target word tree-sitter-bash split (see joinSplitWord).
      for (; k < n.children.length; k++) {
        const c = n.children[k]!;
        if (!c.named || c.start !== target.span.end) break;
        target = joinWords(target, this.word(c));
      }
      if (n.type === 'file_redirect') {
        let last: Word | undefined;
        for (; k < n.children.length; k++) {
          const c = n.children[k]!;
          if (!c.named || c.field !== 'destination') continue;
          const w = this.word(c);
          if (last && last.span.end === w.span.start) words[words.length - 1] = last = joinWords(last, w);
          else words.push((last = w));
        }
      }
    }
    return { operator: op, target, span: this.span(n) };
  }

  /**
   * Redirections written after a command (a redirected statement's). Words
   * written after their targets are the command's; when it has no name yet
   * (`X=$A-$B.c > f make`), the first of them is its name.
   */
  private addRedirects(cmd: SimpleCommand, nodes: PNode[]): void {
    const before = cmd.args.length;
    for (const r of nodes) cmd.redirects.push(this.redirect(r, cmd.args));
    if (cmd.args.length > before && (!cmd.nameWord || cmd.nameWord.raw === '')) {
      cmd.nameWord = undefined;
      cmd.name = cmd.baseName = '';
      this.nameFromArguments(cmd);
    }
  }

  /** Whether a redirection holds words written after its target (see `redirect`). */
  private redirectWords(n: PNode): boolean {
    if (n.type !== 'file_redirect') return false;
    let targets = 0;
    for (const c of n.children) if (c.named && c.field === 'destination') targets++;
    return targets > 1;
  }

  /**
   * tree-sitter-bash ends some words too early: in `$A-$B.c`, `/x/$V/y-$V.tgz`
   * or `${A}-$B.tgz`, a `$` before the last expansion closes the word, and
   * what follows (`B.c`) becomes the next argument, or the command's name
   * after an assignment (`X=$A-$B.c make` ran "B.c"), or is dropped from a
   * redirection's target. The shell reads one word, and so do we: a node
   * that starts where the previous word ended is joined to it.
   */
  private joinSplitWord(cmd: SimpleCommand, c: PNode): void {
    const piece = this.word(c);
    const at = piece.span.start;
    const lastArg = cmd.args[cmd.args.length - 1];
    const a = cmd.assignments[cmd.assignments.length - 1];
    if (lastArg && lastArg.span.end === at) {
      cmd.args[cmd.args.length - 1] = joinWords(lastArg, piece);
    } else if (cmd.nameWord && cmd.nameWord.span.end === at) {
      setName(cmd, joinWords(cmd.nameWord, piece));
    } else if (a && a.span.end === at) {
      a.value = a.value ? joinWords(a.value, piece) : piece;
      a.span = { start: a.span.start, end: piece.span.end };
    } else {
      cmd.args.push(piece);
    }
  }

  /**
   * After `X=$A-$B.c`, tree-sitter-bash took the end of the value for the
   * command's name, and read the words after it as arguments: the first that
   * is not an assignment (`Y=…`) is the name.
   */
  private nameFromArguments(cmd: SimpleCommand): void {
    while (cmd.args.length > 0) {
      const w = cmd.args.shift()!;
      const m = ASSIGNMENT_WORD.exec(w.raw);
      if (!m) {
        setName(cmd, w);
        return;
      }
      const n = m[0].length;
      const value: Word | undefined = w.raw.length > n ? { value: w.value.slice(n), raw: w.raw.slice(n), span: { start: w.span.start + n, end: w.span.end }, dynamic: w.dynamic } : undefined;
      cmd.assignments.push({ name: m[1]!, value, span: w.span });
    }
  }

  word(n: PNode): Word {
    const raw = this.textOf(n);
    return { value: this.unquote(n), raw, span: this.span(n), dynamic: hasExpansion(n) };
  }

  /** Best-effort shell unquoting of one word node. Expansions are kept as written. */
  private unquote(n: PNode): string {
    switch (n.type) {
      case 'raw_string': {
        const t = this.textOf(n);
        return t.length >= 2 ? t.slice(1, -1) : t;
      }
      case 'ansi_c_string': {
        const t = this.textOf(n);
        return t.length >= 3 ? t.slice(2, -1) : t;
      }
      case 'string': {
        // "…": children are string_content and expansions; keep expansions verbatim.
        const t = this.textOf(n);
        const inner = t.startsWith('"') ? t.slice(1, t.endsWith('"') && t.length > 1 ? -1 : undefined) : t;
        return inner.replace(/\\([$`"\\\n])/g, '$1');
      }
      case 'concatenation':
        return n.children.map((c) => this.unquote(c)).join('');
      case 'word':
      case 'number':
        return this.textOf(n).replace(/\\(.)/g, '$1');
      default:
        return this.textOf(n);
    }
  }
}

/** `w` as the command's name: `/usr/bin/curl` is named so, with the base name `curl`. */
function setName(cmd: SimpleCommand, w: Word): void {
  cmd.nameWord = w;
  cmd.name = w.value;
  cmd.baseName = w.value.slice(w.value.lastIndexOf('/') + 1);
}

/** A word that is an assignment (`NAME=`, `NAME+=`), with the name. */
const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

/**
 * One word written as two adjacent ones. tree-sitter-bash splits at a `$`
 * that starts an expansion (`"x"/$` + `V.tgz`): the word is dynamic even when
 * neither piece has an expansion of its own.
 */
function joinWords(a: Word, b: Word): Word {
  const splitAtDollar = a.raw.endsWith('$') && !a.raw.endsWith('\\$');
  return { value: a.value + b.value, raw: a.raw + b.raw, span: { start: a.span.start, end: b.span.end }, dynamic: a.dynamic || b.dynamic || splitAtDollar };
}

/** A list or a pipeline: what tree-sitter-bash puts under a redirection written after its last command. */
function isListLike(n: PNode | undefined): boolean {
  return n?.type === 'list' || n?.type === 'pipeline';
}

/** The simple command a list or pipeline ends with (`c` in `a && b | c`), if it ends with one. */
function tailCommand(n: PNode): PNode | undefined {
  let cur: PNode | undefined = n;
  for (let guard = 0; cur && guard < 1000; guard++) {
    if (cur.type === 'command' || cur.type === 'declaration_command') return cur;
    if (!isListLike(cur)) return undefined;
    const kids = namedChildren(cur);
    cur = kids[kids.length - 1];
  }
  return undefined;
}

function hasExpansion(n: PNode): boolean {
  if (
    n.type === 'simple_expansion' ||
    n.type === 'expansion' ||
    n.type === 'command_substitution' ||
    n.type === 'process_substitution' ||
    n.type === 'arithmetic_expansion'
  )
    return true;
  for (const c of n.children) if (c.named && hasExpansion(c)) return true;
  return false;
}
