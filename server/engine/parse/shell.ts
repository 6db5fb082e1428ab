/**
 * Shell analysis for RUN instructions, on tree-sitter-bash (WASM). The parser is
 * error-tolerant, so a RUN line that is half typed still yields the commands
 * that are complete. Offsets from web-tree-sitter are UTF-16 code units into the
 * string we pass in, which we build so that it has the same length as the
 * document slice it stands for: every offset maps back by adding a base.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Node as TSNode } from 'web-tree-sitter';
import type { Span } from '../types';

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

/** Folders searched for the two WASM files: next to the bundle, then node_modules. */
function wasmCandidates(file: string, pkg: string, dirs: string[]): string[] {
  const out = dirs.map((d) => path.join(d, file));
  try {
    out.push(require.resolve(`${pkg}/${file}`));
  } catch {
    /* not resolvable from a bundle: the dist copy is used */
  }
  return out;
}

function firstExisting(candidates: string[]): string {
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`Bulkhead: cannot find ${path.basename(candidates[0] ?? '?')} (looked in ${candidates.join(', ')})`);
}

/**
 * Loads tree-sitter and the bash grammar once per process. `wasmDirs` are
 * searched first (the bundle passes its own folder).
 */
export function initShellParser(wasmDirs: string[] = []): Promise<void> {
  if (!initPromise) {
    const dirs = [...wasmDirs, ...(typeof __dirname === 'string' ? [__dirname, path.join(__dirname, 'wasm')] : [])];
    initPromise = (async () => {
      const runtime = firstExisting(wasmCandidates('web-tree-sitter.wasm', 'web-tree-sitter', dirs));
      const grammar = firstExisting(wasmCandidates('tree-sitter-bash.wasm', 'tree-sitter-bash', dirs));
      await Parser.init({ locateFile: () => runtime });
      language = await Language.load(grammar);
      parser = new Parser();
      parser.setLanguage(language);
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

/** Inputs longer than this are not shell-parsed (a hostile 10 MB RUN line). */
export const MAX_SHELL_SCRIPT = 256 * 1024;

/**
 * Parses `text` as a shell script. `offset` is where `text[0]` sits in the
 * document. Returns an empty script when the parser is not initialised or the
 * text is too large.
 */
export function parseShell(text: string, offset: number): ShellScript {
  const script: ShellScript = { text, offset, commands: [], pipelines: [], hasErrors: false };
  if (!parser || text.length > MAX_SHELL_SCRIPT) {
    script.hasErrors = !parser || text.length > MAX_SHELL_SCRIPT;
    return script;
  }
  const tree = parser.parse(text);
  if (!tree) return { ...script, hasErrors: true };
  try {
    script.hasErrors = tree.rootNode.hasError;
    const walker = new Walker(text, offset, script);
    walker.visit(tree.rootNode, false, false);
  } finally {
    tree.delete();
  }
  return script;
}

class Walker {
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly script: ShellScript,
  ) {}

  span(n: TSNode): Span {
    return { start: this.base + n.startIndex, end: this.base + n.endIndex };
  }

  visit(n: TSNode, inSub: boolean, inSubshell: boolean): void {
    switch (n.type) {
      case 'pipeline': {
        const pipe: Pipeline = { commands: [], span: this.span(n) };
        this.script.pipelines.push(pipe);
        const parts = n.namedChildren.filter((c): c is TSNode => c !== null);
        parts.forEach((c) => this.visitPipelinePart(c, pipe, inSub, inSubshell));
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
        for (const c of n.namedChildren) if (c) this.visit(c, true, inSubshell);
        return;
      case 'subshell':
        for (const c of n.namedChildren) if (c) this.visit(c, inSub, true);
        return;
      default:
        for (const c of n.namedChildren) if (c) this.visit(c, inSub, inSubshell);
    }
  }

  private visitPipelinePart(n: TSNode, pipe: Pipeline, inSub: boolean, inSubshell: boolean): void {
    if (n.type === 'command' || n.type === 'declaration_command' || n.type === 'unset_command') {
      this.command(n, pipe, inSub, inSubshell);
    } else if (n.type === 'redirected_statement') {
      const body = n.childForFieldName('body') ?? n.namedChildren.find((c) => c && !c.type.endsWith('redirect'));
      const redirects = n.namedChildren.filter((c): c is TSNode => !!c && c.type.endsWith('redirect'));
      if (body && (body.type === 'command' || body.type === 'declaration_command')) {
        const cmd = this.command(body, pipe, inSub, inSubshell);
        for (const r of redirects) cmd.redirects.push(this.redirect(r));
        cmd.span = this.span(n);
      } else if (body) {
        this.visit(body, inSub, inSubshell);
      }
      for (const r of redirects) for (const c of r.namedChildren) if (c) this.visitNested(c, inSub, inSubshell);
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
  private visitNested(n: TSNode, inSub: boolean, inSubshell: boolean): void {
    if (n.type === 'command_substitution' || n.type === 'process_substitution') {
      for (const c of n.namedChildren) if (c) this.visit(c, true, inSubshell);
      return;
    }
    for (const c of n.namedChildren) if (c) this.visitNested(c, inSub, inSubshell);
  }

  private command(n: TSNode, pipe: Pipeline, inSub: boolean, inSubshell: boolean): SimpleCommand {
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
    };
    pipe.commands.push(cmd);
    this.script.commands.push(cmd);
    if (n.type === 'declaration_command' || n.type === 'unset_command') {
      // `export A=b`, `local x`, `unset X`: the keyword is the command name.
      const kw = n.child(0);
      if (kw) {
        cmd.name = cmd.baseName = kw.text;
        cmd.nameWord = { value: kw.text, raw: kw.text, span: this.span(kw), dynamic: false };
      }
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (c.type === 'variable_assignment') {
          const nameNode = c.childForFieldName('name');
          const valueNode = c.childForFieldName('value');
          cmd.assignments.push({
            name: nameNode?.text ?? '',
            value: valueNode ? this.word(valueNode) : undefined,
            span: this.span(c),
          });
        } else {
          cmd.args.push(this.word(c));
        }
        this.visitNested(c, inSub, inSubshell);
      }
      return cmd;
    }
    for (const c of n.namedChildren) {
      if (!c) continue;
      switch (c.type) {
        case 'variable_assignment': {
          const nameNode = c.childForFieldName('name');
          const valueNode = c.childForFieldName('value');
          cmd.assignments.push({
            name: nameNode?.text ?? '',
            value: valueNode ? this.word(valueNode) : undefined,
            span: this.span(c),
          });
          if (valueNode) this.visitNested(valueNode, inSub, inSubshell);
          break;
        }
        case 'command_name': {
          const w = this.word(c.namedChild(0) ?? c);
          cmd.nameWord = w;
          cmd.name = w.value;
          cmd.baseName = w.value.slice(w.value.lastIndexOf('/') + 1);
          this.visitNested(c, inSub, inSubshell);
          break;
        }
        case 'file_redirect':
        case 'heredoc_redirect':
        case 'herestring_redirect':
          cmd.redirects.push(this.redirect(c));
          this.visitNested(c, inSub, inSubshell);
          break;
        case 'comment':
          break;
        default:
          cmd.args.push(this.word(c));
          this.visitNested(c, inSub, inSubshell);
      }
    }
    return cmd;
  }

  private redirect(n: TSNode): Redirect {
    const op = n.children.find((c) => c && !c.isNamed)?.text ?? '';
    const dest = n.childForFieldName('destination') ?? n.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    return { operator: op, target: dest ? this.word(dest) : undefined, span: this.span(n) };
  }

  word(n: TSNode): Word {
    const raw = this.text.slice(n.startIndex, n.endIndex);
    return { value: unquote(n), raw, span: this.span(n), dynamic: hasExpansion(n) };
  }
}

function hasExpansion(n: TSNode): boolean {
  if (
    n.type === 'simple_expansion' ||
    n.type === 'expansion' ||
    n.type === 'command_substitution' ||
    n.type === 'process_substitution' ||
    n.type === 'arithmetic_expansion'
  )
    return true;
  for (const c of n.namedChildren) if (c && hasExpansion(c)) return true;
  return false;
}

/** Best-effort shell unquoting of one word node. Expansions are kept as written. */
function unquote(n: TSNode): string {
  switch (n.type) {
    case 'raw_string': {
      const t = n.text;
      return t.length >= 2 ? t.slice(1, -1) : t;
    }
    case 'ansi_c_string': {
      const t = n.text;
      return t.length >= 3 ? t.slice(2, -1) : t;
    }
    case 'string': {
      // "…": children are string_content and expansions; keep expansions verbatim.
      const t = n.text;
      const inner = t.startsWith('"') ? t.slice(1, t.endsWith('"') && t.length > 1 ? -1 : undefined) : t;
      return inner.replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation':
      return n.children.map((c) => (c ? unquote(c) : '')).join('');
    case 'word':
    case 'number':
      return n.text.replace(/\\(.)/g, '$1');
    default:
      return n.text;
  }
}
