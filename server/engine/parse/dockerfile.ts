/**
 * Builds the Dockerfile model. Bulkhead's reader (`dockerfileReader.ts`) lays
 * the file out and reads most instructions straight into offsets; what it does
 * not read goes to dockerfile-ast, one instruction at a time or, for a file the
 * reader cannot lay out, whole. Both ways build the same model.
 *
 * dockerfile-ast reports LSP ranges computed on its own line counting, which
 * understands `\n` and `\r\n`; both ways are fed text whose lone `\r` are
 * turned into `\n` (same length), and dockerfile-ast's ranges are mapped back
 * to offsets through a LineIndex of the text it was given.
 */
import type * as DockerfileAst from 'dockerfile-ast';
import type { Instruction as AstInstruction, Heredoc as AstHeredoc, Property as AstProperty, From as AstFrom } from 'dockerfile-ast';
import { Derived } from '../util/derived';

type AstClasses = Pick<typeof DockerfileAst, 'DockerfileParser' | 'JSONInstruction' | 'ModifiableInstruction' | 'Onbuild' | 'Arg' | 'Env' | 'Label' | 'Run' | 'Copy'>;
let astClassesRead: AstClasses | undefined;

/**
 * dockerfile-ast's classes, read once, on the first instruction the reader
 * leaves to dockerfile-ast (the package loads then: see astMemo.ts). In the
 * bundle, every use of a CommonJS package's export goes through property
 * getters, and these are tested for every such instruction.
 */
function astClasses(): AstClasses {
  if (astClassesRead) return astClassesRead;
  const { DockerfileParser, JSONInstruction, ModifiableInstruction, Onbuild, Arg, Env, Label, Run, Copy } = dockerfileAst();
  return (astClassesRead = { DockerfileParser, JSONInstruction, ModifiableInstruction, Onbuild, Arg, Env, Label, Run, Copy });
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
import { LineIndex, normaliseLoneCR } from '../text/lineIndex';
import type { Span } from '../types';
import type {
  DockerfileModel,
  DArgument,
  DFlag,
  DProperty,
  Heredoc,
  ImageRef,
  Instruction,
  ParserDirective,
  Stage,
} from '../model/dockerfile';
import { parseShell, shellScriptTooComplex, type ShellScript } from './shell';
import { parseImageReference } from './imageRef';
import { substituteVariables } from './variables';
import { dockerfileAst, scanArguments } from './astMemo';
import { jsonStringValue, readDockerfileLayout, readInstruction, type DockerfileLayout, type LaidOutInstruction, type ReadInstruction } from './dockerfileReader';
import { own } from '../util/own';

export interface DockerfileParseOptions {
  buildArgs?: Record<string, string>;
  /** Stage name or index to treat as the build target instead of the last stage. */
  target?: string;
  /** The line index of `text`, when the caller has one already. */
  lines?: LineIndex;
  /** false: read the whole file through dockerfile-ast, without Bulkhead's reader (for tests that compare the two). */
  reader?: boolean;
}

/** Text longer than this is not parsed (a clear finding is reported instead). */
export const MAX_DOCKERFILE_LENGTH = 4 * 1024 * 1024;
/** Instructions longer than this keep only their keyword and spans (see `Converter.oversized`). */
export const MAX_INSTRUCTION_LENGTH = 64 * 1024;

export function parseDockerfile(text: string, options: DockerfileParseOptions = {}): DockerfileModel {
  const normalised = normaliseLoneCR(text);
  const lines = options.lines?.text === text ? options.lines : new LineIndex(text);
  // Same length as `text`, so offsets computed on it are offsets in `text`.
  const astText = tameOversized(normalised);
  const layout = options.reader !== false && astText === normalised ? readDockerfileLayout(astText) : undefined;
  const read = layout && readWithLayout(text, astText, layout);
  return assemble(text, lines, options, read ?? readWithDockerfileAst(text, astText, lines));
}

/** What the two ways of reading a Dockerfile hand the model builder. */
interface ReadFile {
  directives: ParserDirective[];
  comments: { text: string; span: Span }[];
  escapeChar: string;
  /** Every instruction in order; FROM with what its image and stage name are. */
  entries: { ins: Instruction; from?: FromInfo }[];
  problems: DockerfileModel['problems'];
}

/** What dockerfile-ast's From getters say, as offsets. */
interface FromInfo {
  image: string | null;
  imageSpan?: Span;
  stageName: string | null;
  stageNameSpan?: Span;
  platform: string | undefined;
}

/** The whole file through dockerfile-ast. */
function readWithDockerfileAst(text: string, astText: string, lines: LineIndex): ReadFile {
  const astLines = astText === text ? lines : new LineIndex(astText);
  const parsed = astClasses().DockerfileParser.parse(astText);
  const toSpan = (r: Range): Span => ({ start: astLines.offsetAt(r.start), end: astLines.offsetAt(r.end) });
  const directives: ParserDirective[] = parsed.getDirectives().map((d) => ({
    name: directiveName(d.getDirective()),
    value: d.getValue() ?? '',
    span: toSpan(d.getRange()),
  }));
  const comments = parsed.getComments().map((c) => ({ text: c.getContent() ?? '', span: toSpan(c.getRange()) }));
  const escapeChar = parsed.getEscapeCharacter();
  const problems: DockerfileModel['problems'] = [];
  const conv = new Converter(text, toSpan, escapeChar, problems);
  const entries = parsed.getInstructions().map((a) => {
    const ins = conv.instruction(a, -1);
    return { ins, from: ins.keyword === 'FROM' ? fromInfo(a as AstFrom, toSpan) : undefined };
  });
  return { directives, comments, escapeChar, entries, problems };
}

/**
 * The file laid out by Bulkhead's reader: the instructions it reads itself
 * are built from its offsets, and each other one from dockerfile-ast's parse
 * of that instruction's own text. Undefined if that parse does not find the
 * one instruction the layout has there (the whole file then goes through
 * dockerfile-ast).
 */
function readWithLayout(text: string, astText: string, layout: DockerfileLayout): ReadFile | undefined {
  const problems: DockerfileModel['problems'] = [];
  const esc = layout.escapeChar;
  const conv = new Converter(text, undefined, esc, problems);
  const entries: ReadFile['entries'] = [];
  // dockerfile-ast reads a declined instruction under the file's escape character when its text follows this directive.
  const escapeLine = esc === '\\' ? '' : `# escape=${esc}\n`;
  for (const li of layout.instructions) {
    const read = li.end - li.start > MAX_INSTRUCTION_LENGTH ? undefined : readInstruction(astText, li, esc);
    if (read) {
      entries.push({ ins: conv.fromReader(li, read, astText), from: read.from && { ...read.from, platform: read.from.platform ?? undefined } });
      continue;
    }
    const ownText = escapeLine + astText.slice(li.start, li.end);
    const parsed = astClasses().DockerfileParser.parse(ownText).getInstructions();
    if (parsed.length !== 1) return undefined;
    const ownLines = new LineIndex(ownText);
    const base = li.start - escapeLine.length;
    const toSpan = (r: Range): Span => ({ start: base + ownLines.offsetAt(r.start), end: base + ownLines.offsetAt(r.end) });
    const a = parsed[0]!;
    const ins = new Converter(text, toSpan, esc, problems).instruction(a, -1);
    if (ins.keywordSpan.start !== li.start || ins.keywordSpan.end !== li.keywordEnd || ins.span.end !== li.end) return undefined;
    entries.push({ ins, from: ins.keyword === 'FROM' ? fromInfo(a as AstFrom, toSpan) : undefined });
  }
  return { directives: layout.directives, comments: layout.comments, escapeChar: esc, entries, problems };
}

/**
 * dockerfile-ast names a directive by looking its name up in a plain object,
 * so `# constructor=x` gives a function and `# __proto__=x` an object: only
 * its own names (`escape`, `syntax`) are directives Bulkhead knows.
 */
function directiveName(known: unknown): string {
  return typeof known === 'string' ? known.toLowerCase() : '';
}

function fromInfo(from: AstFrom, toSpan: (r: Range) => Span): FromInfo {
  const imageRange = from.getImageRange();
  const stageRange = from.getBuildStageRange();
  return {
    image: from.getImage(),
    imageSpan: imageRange ? toSpan(imageRange) : undefined,
    stageName: from.getBuildStage(),
    stageNameSpan: stageRange ? toSpan(stageRange) : undefined,
    platform: from.getPlatformFlag()?.getValue() ?? undefined,
  };
}

function assemble(text: string, lines: LineIndex, options: DockerfileParseOptions, read: ReadFile): DockerfileModel {
  const model: DockerfileModel = {
    kind: 'dockerfile',
    text,
    lines,
    directives: read.directives,
    escapeChar: read.escapeChar,
    globalArgs: [],
    instructions: [],
    stages: [],
    comments: read.comments,
    buildArgs: { ...(options.buildArgs ?? {}) },
    targetStage: -1,
    problems: read.problems,
    derived: new Derived(),
  };

  let stageIndex = -1;
  /** Global ARG defaults (and build args), which FROM lines see. The variables in scope inside a stage are the analysis layer's (`varsInScope`). */
  const globalScope: Record<string, string> = {};
  let posixShell = true;
  /** Whether RUN in each stage (by index) runs a POSIX shell: false after `SHELL ["powershell", …]`. */
  const posixByStage: boolean[] = [];

  for (const { ins, from } of read.entries) {
    if (ins.keyword === 'FROM') {
      stageIndex++;
      ins.stageIndex = stageIndex;
      const stage = makeStage(model, ins, from!, stageIndex, globalScope);
      model.stages.push(stage);
      posixShell =
        stage.baseStage !== undefined
          ? posixByStage[stage.baseStage] ?? true
          : !WINDOWS_IMAGE.test(stage.image.resolved);
      posixByStage[stageIndex] = posixShell;
      model.instructions.push(ins);
      continue;
    }
    ins.stageIndex = stageIndex;
    if (ins.trigger) ins.trigger.stageIndex = stageIndex;
    if (stageIndex < 0) {
      if (ins.keyword === 'ARG') {
        for (const p of ins.properties) {
          const v = p.value === null ? undefined : substituteVariables(p.value, globalScope).value;
          const fromBuild = own(model.buildArgs, p.name);
          if (fromBuild !== undefined) globalScope[p.name] = fromBuild;
          else if (v !== undefined) globalScope[p.name] = v;
          model.globalArgs.push(p);
        }
      }
      model.instructions.push(ins);
      continue;
    }
    const stage = model.stages[stageIndex]!;
    if (ins.keyword === 'SHELL' && ins.execArgs && ins.execArgs.length > 0) {
      posixShell = POSIX_SHELLS.includes(ins.execArgs[0]!.value);
      posixByStage[stageIndex] = posixShell;
    }
    // Under `SHELL ["powershell", …]` or a Windows base image, RUN is not sh.
    if (!posixShell) {
      if (ins.shell) ins.shell = [];
      if (ins.trigger?.shell) ins.trigger.shell = [];
    }
    stage.instructions.push(ins);
    model.instructions.push(ins);
  }

  model.targetStage = resolveTarget(model, options.target);
  return model;
}

/**
 * dockerfile-ast takes seconds on an instruction with hundreds of thousands
 * of arguments. Each instruction longer than MAX_INSTRUCTION_LENGTH is shown
 * to it as its keyword, blanks and one last character (same length, so the
 * instruction keeps its range); `Converter.oversized` builds it from the
 * original text instead.
 */
export function tameOversized(text: string): string {
  if (text.length <= MAX_INSTRUCTION_LENGTH) return text;
  const esc = /^(?:[ \t]*#[^\n]*\n)*?[ \t]*#[ \t]*escape[ \t]*=[ \t]*([\\`])/i.exec(text.slice(0, 4096))?.[1] ?? '\\';
  let out: string[] | undefined;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // One logical line: physical lines joined by a trailing escape, with the
    // empty and comment lines inside it.
    const start = i;
    let continued = false;
    let lastNonWs = -1;
    for (;;) {
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = n;
      let e = eol;
      if (e > i && text[e - 1] === '\r') e--;
      const lineStart = i;
      const trimmed = text.slice(i, e).trim();
      const isFiller = continued && (trimmed === '' || trimmed.startsWith('#'));
      i = eol + 1;
      if (isFiller) {
        if (i >= n) break;
        continue;
      }
      for (let k = e - 1; k >= lineStart; k--) {
        if (text[k] !== ' ' && text[k] !== '\t') {
          lastNonWs = k;
          break;
        }
      }
      continued = trimmed.endsWith(esc) && !trimmed.startsWith('#');
      if (!continued || i >= n) break;
    }
    if (lastNonWs - start > MAX_INSTRUCTION_LENGTH) {
      out ??= text.split('');
      let k = start;
      while (k < lastNonWs && (text[k] === ' ' || text[k] === '\t')) k++;
      while (k < lastNonWs && !/\s/.test(text[k]!)) k++;
      for (let x = k; x < lastNonWs; x++) out[x] = ' ';
      out[lastNonWs] = 'x';
    }
  }
  return out ? out.join('') : text;
}

function noRanges(): Span {
  throw new Error('this converter reads no dockerfile-ast ranges');
}

/** Windows base images, whose default shell is `cmd`. */
const WINDOWS_IMAGE = /windowsservercore|nanoserver|(^|\/)windows(\/|:|$)|\/servercore(:|$)/i;
const POSIX_SHELLS = ['sh', 'bash', '/bin/sh', '/bin/bash', '/usr/bin/bash', 'ash', '/bin/ash', 'dash', '/bin/dash', 'zsh', '/bin/zsh', '/usr/bin/env'];

function resolveTarget(model: DockerfileModel, target: string | undefined): number {
  if (model.stages.length === 0) return -1;
  if (target !== undefined && target !== '') {
    const t = target.toLowerCase();
    const byName = model.stages.find((s) => s.name === t);
    if (byName) return byName.index;
  }
  return model.stages.length - 1;
}

function makeStage(model: DockerfileModel, ins: Instruction, from: FromInfo, index: number, globalScope: Record<string, string>): Stage {
  const raw = from.image ?? '';
  const span = from.imageSpan ?? ins.keywordSpan;
  const sub = substituteVariables(raw, { ...globalScope, ...model.buildArgs });
  const image = makeImageRef(raw, sub.value, sub.unresolved, span, model);
  const stageName = from.stageName;
  const stage: Stage = {
    index,
    name: stageName ? stageName.toLowerCase() : undefined,
    nameSpan: from.stageNameSpan,
    from: ins,
    image,
    baseStage: image.stageIndex,
    instructions: [],
    platform: from.platform,
  };
  return stage;
}

export function makeImageRef(
  raw: string,
  resolved: string,
  unresolved: boolean,
  span: Span,
  model: Pick<DockerfileModel, 'stages'>,
): ImageRef {
  const lower = resolved.toLowerCase();
  const stage = model.stages.find((s) => s.name !== undefined && s.name === lower);
  const parsed = parseImageReference(resolved);
  return {
    raw,
    resolved,
    span,
    unresolved,
    registry: parsed.registry,
    repository: parsed.repository,
    tag: parsed.tag,
    digest: parsed.digest,
    isScratch: lower === 'scratch',
    stageIndex: stage?.index,
  };
}

/** Instructions that may be written in JSON (exec) form, and those of them that otherwise run a shell. */
const JSON_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'ADD', 'COPY', 'VOLUME']);
const SHELL_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/**
 * An instruction of the model. Every instruction is one of these, so that all
 * have one shape: the rules read instructions of every keyword at the same
 * places, and V8 reads one shape fastest.
 *
 * A plain RUN's arguments (`plainArgumentsExtent` in parse/dockerfileReader.ts)
 * are taken apart only when something reads `args`. No rule does: a RUN's
 * script is parsed on its own. RUN lines hold 84% of the corpus's arguments,
 * and building them was 8% of what a Dockerfile lint allocated.
 */
class ModelInstruction implements Instruction {
  heredocs: Heredoc[] = [];
  execArgs: DArgument[] | undefined = undefined;
  shell: ShellScript[] | undefined = undefined;
  trigger: Instruction | undefined = undefined;
  onbuildParent: Instruction | undefined = undefined;
  /** The arguments, or where to read them from while nothing asked for them. */
  private argsOrSource: DArgument[] | { text: string; escapeChar: string };

  constructor(
    public keyword: string,
    public keywordText: string,
    public keywordSpan: Span,
    public span: Span,
    public argsSpan: Span | undefined,
    public flags: DFlag[],
    args: DArgument[] | { text: string; escapeChar: string },
    public form: Instruction['form'],
    public stageIndex: number,
    public properties: DProperty[],
  ) {
    this.argsOrSource = args;
  }

  get args(): DArgument[] {
    const v = this.argsOrSource;
    if (Array.isArray(v)) return v;
    // What the reader's `readInstruction` would have kept: every argument after the keyword (none is a flag).
    const args: DArgument[] = [];
    scanArguments(v.text.slice(this.keywordSpan.end, this.span.end), this.keywordSpan.end, v.escapeChar, args);
    this.argsOrSource = args;
    return args;
  }

  set args(args: DArgument[]) {
    this.argsOrSource = args;
  }

  /** The instruction as JSON, with its arguments, as a plain object of these fields would be written. */
  toJSON(): Record<string, unknown> {
    const { keyword, keywordText, keywordSpan, span, argsSpan, flags, args, form, stageIndex, heredocs, properties, execArgs, shell, trigger, onbuildParent } = this;
    return { keyword, keywordText, keywordSpan, span, argsSpan, flags, args, form, stageIndex, heredocs, properties, execArgs, shell, trigger, onbuildParent };
  }
}

class Converter {
  private readonly toSpan: (r: Range) => Span;

  constructor(
    private readonly text: string,
    toSpan: ((r: Range) => Span) | undefined,
    private readonly escapeChar: string,
    private readonly problems: DockerfileModel['problems'],
  ) {
    this.toSpan = toSpan ?? noRanges;
  }

  /** An instruction Bulkhead's reader took apart (see `parse/dockerfileReader.ts`). */
  fromReader(li: LaidOutInstruction, read: ReadInstruction, readText: string): Instruction {
    const args = read.args;
    const ins = new ModelInstruction(
      read.keyword,
      li.keywordText,
      { start: li.start, end: li.keywordEnd },
      { start: li.start, end: li.end },
      read.unread ?? (args.length > 0 ? { start: args[0]!.span.start, end: args[args.length - 1]!.span.end } : undefined),
      read.flags,
      read.unread ? { text: readText, escapeChar: this.escapeChar } : args,
      read.execArgs ? 'exec' : SHELL_FORM_KEYWORDS.has(read.keyword) ? 'shell' : 'none',
      -1,
      read.properties,
    );
    if (read.execArgs) ins.execArgs = read.execArgs;
    if (read.heredocs) {
      ins.heredocs = read.heredocs.map((h) => ({
        name: h.name,
        markerSpan: h.markerSpan,
        body: h.bodySpan ? { text: this.text.slice(h.bodySpan.start, h.bodySpan.end), span: h.bodySpan } : undefined,
      }));
    }
    if (read.keyword === 'RUN') ins.shell = this.runShell(ins);
    return ins;
  }

  instruction(a: AstInstruction, stageIndex: number): Instruction {
    const { JSONInstruction, ModifiableInstruction, Onbuild, Arg: AstArg, Env: AstEnv, Label: AstLabel, Run: AstRun, Copy: AstCopy } = astClasses();
    const keywordSpan = this.toSpan(a.getInstructionRange());
    const span = this.toSpan(a.getRange());
    const keyword = a.getKeyword().toUpperCase();
    if (span.end - span.start > MAX_INSTRUCTION_LENGTH) return this.oversized(a, keyword, keywordSpan, span, stageIndex);
    // dockerfile-ast's getArgumentsRange is the first argument's start to the last one's end.
    const args = a.getArguments().map((g) => ({ value: g.getValue(), span: this.toSpan(g.getRange()) }));
    const ins = new ModelInstruction(
      keyword,
      a.getInstruction(),
      keywordSpan,
      span,
      args.length > 0 ? { start: args[0]!.span.start, end: args[args.length - 1]!.span.end } : undefined,
      [],
      args,
      'none',
      stageIndex,
      [],
    );
    if (a instanceof ModifiableInstruction) {
      ins.flags = a.getFlags().map((f) => this.flag(f));
    }
    if (a instanceof AstArg) {
      const p = a.getProperty();
      if (p) ins.properties.push(this.property(p));
    } else if (a instanceof AstEnv || a instanceof AstLabel) {
      ins.properties = a.getProperties().map((p) => this.property(p));
    }
    // dockerfile-ast finds heredocs only among arguments that start with `<<`; its scan of the whole instruction is skipped when none does.
    let mayHaveHeredoc = false;
    for (const g of args) if (g.value.startsWith('<<')) mayHaveHeredoc = true;
    if (mayHaveHeredoc && (a instanceof AstRun || a instanceof AstCopy || typeof (a as unknown as { getHeredocs?: unknown }).getHeredocs === 'function')) {
      ins.heredocs = this.heredocs(a as unknown as { getHeredocs(): AstHeredoc[] }, ins);
    }
    if (JSON_FORM_KEYWORDS.has(keyword)) {
      if (a instanceof JSONInstruction && a.getOpeningBracket() && a.getClosingBracket()) {
        ins.form = 'exec';
        ins.execArgs = a.getJSONStrings().map((s) => {
          const span = this.toSpan(s.getRange());
          return { value: jsonStringValue(this.text.slice(span.start, span.end)) ?? s.getJSONValue(), span };
        });
      } else if (SHELL_FORM_KEYWORDS.has(keyword)) {
        ins.form = 'shell';
      }
    }
    if (keyword === 'RUN') ins.shell = this.runShell(ins);
    if (a instanceof Onbuild) {
      const t = a.getTriggerInstruction();
      if (t) {
        ins.trigger = this.instruction(t, stageIndex);
        ins.trigger.onbuildParent = ins;
      }
    }
    return ins;
  }

  /**
   * An instruction too long to take apart (dockerfile-ast slows down
   * quadratically on hundreds of thousands of arguments): keyword and spans
   * only, no arguments, and for RUN one empty script marked as incomplete.
   */
  private oversized(a: AstInstruction, keyword: string, keywordSpan: Span, span: Span, stageIndex: number): Instruction {
    let start = keywordSpan.end;
    while (start < span.end && /\s/.test(this.text[start]!)) start++;
    const ins = new ModelInstruction(
      keyword,
      a.getInstruction(),
      keywordSpan,
      span,
      start < span.end ? { start, end: span.end } : undefined,
      [],
      [],
      SHELL_FORM_KEYWORDS.has(keyword) ? (this.text[start] === '[' ? 'exec' : 'shell') : 'none',
      stageIndex,
      [],
    );
    if (keyword === 'RUN') ins.shell = [{ text: '', offset: start, commands: [], pipelines: [], hasErrors: true }];
    return ins;
  }

  private flag(f: import('dockerfile-ast').Flag): DFlag {
    const valueRange = f.getValueRange();
    return {
      name: f.getName(),
      value: f.getValue(),
      span: this.toSpan(f.getRange()),
      nameSpan: this.toSpan(f.getNameRange()),
      valueSpan: valueRange ? this.toSpan(valueRange) : undefined,
    };
  }

  private property(p: AstProperty): DProperty {
    const valueRange = p.getValueRange();
    return {
      name: p.getName(),
      nameSpan: this.toSpan(p.getNameRange()),
      value: p.getValue(),
      valueSpan: valueRange ? this.toSpan(valueRange) : undefined,
      span: this.toSpan(p.getRange()),
    };
  }

  /**
   * dockerfile-ast's heredocs of an instruction. Its reader throws on some
   * markers its parser accepted (`RUN <<"EOF""`, an unbalanced quote): such an
   * instruction is read as having none, which BH900 says at the marker, and
   * the rest of the file is linted.
   */
  private heredocs(a: { getHeredocs(): AstHeredoc[] }, ins: Instruction): Heredoc[] {
    let hd: AstHeredoc[];
    try {
      hd = a.getHeredocs();
    } catch {
      const marker = ins.args.find((g) => g.value.startsWith('<<')) ?? ins.args[0];
      const span = marker?.span ?? ins.keywordSpan;
      // An ONBUILD and its trigger are read alike: one problem per marker.
      if (!this.problems.some((p) => p.span.start === span.start)) {
        this.problems.push({ message: 'This heredoc marker cannot be read (is a quote unbalanced?): the instruction is checked as if it had no heredoc, and its script may be missed.', span });
      }
      return [];
    }
    return hd.map((h) => this.heredoc(h));
  }

  private heredoc(h: AstHeredoc): Heredoc {
    const content = h.getContentRange();
    const body = content ? this.toSpan(content) : undefined;
    return {
      name: h.getName(),
      markerSpan: this.toSpan(h.getStartRange()),
      body: body ? { text: this.text.slice(body.start, body.end), span: body } : undefined,
    };
  }

  /**
   * The shell scripts a RUN executes. Shell form: the text after the flags, with
   * line continuations and interleaved comment lines blanked out (same length),
   * heredoc bodies cut off the first line and parsed on their own when the
   * heredoc feeds the shell (`RUN <<EOF`). Exec form: `sh -c "<script>"`.
   */
  private runShell(ins: Instruction): ShellScript[] {
    const scripts: ShellScript[] = [];
    if (ins.form === 'exec') {
      const ea = ins.execArgs ?? [];
      if (ea.length >= 3 && POSIX_SHELLS.includes(ea[0]!.value) && ea[0]!.value !== '/usr/bin/env' && /^-[a-z]*c$/.test(ea[1]!.value)) {
        const s = ea[2]!;
        const rawInner = this.text.slice(s.span.start + 1, s.span.end - 1);
        // Offsets map one to one only when the JSON string has no escapes.
        if (rawInner === s.value) scripts.push(this.shell(s.value, s.span.start + 1, ins));
      }
      return scripts;
    }
    const start = ins.flags.length > 0 ? ins.flags[ins.flags.length - 1]!.span.end : ins.argsSpan?.start;
    if (start === undefined || !ins.argsSpan) return scripts;
    let end = ins.span.end;
    if (ins.heredocs.length > 0) {
      // The command part of a heredoc RUN is its first line only.
      const nl = this.text.slice(start, end).search(/\r\n|\n|\r/);
      if (nl >= 0) end = start + nl;
    }
    // Heredoc markers are blanked from the command line: their bodies are not
    // part of that text, and `<<EOF` without its body reads as an error.
    let commandLine = this.blankContinuations(this.text.slice(start, end));
    if (ins.heredocs.length > 0) {
      const chars = commandLine.split('');
      for (const h of ins.heredocs) {
        for (let x = Math.max(h.markerSpan.start, start); x < Math.min(h.markerSpan.end, end); x++) chars[x - start] = ' ';
      }
      commandLine = chars.join('');
    }
    scripts.push(this.shell(commandLine, start, ins));
    if (ins.heredocs.length > 0) {
      // `RUN <<EOF` (no command) or `RUN sh <<EOF`/`bash -e <<EOF`: only a shell reads a script (`python3 <<EOF` does not).
      const cmd = commandLine.trim();
      const isShell = cmd === '' || /^(\S*\/)?(ba|da|a|z)?sh(\s+-[a-z]+)*$/.test(cmd);
      if (isShell) {
        for (const h of ins.heredocs) if (h.body) scripts.push(this.shell(shellLineBreaks(h.body.text), h.body.span.start, ins));
      }
    }
    return scripts;
  }

  /** A script parsed; one too complex to analyse is reported (BH900 at the instruction) and read as empty. */
  private shell(text: string, offset: number, ins: Instruction): ShellScript {
    const script = parseShell(text, offset);
    if (script.hasErrors && script.commands.length === 0) {
      const reason = shellScriptTooComplex(text);
      if (reason && !this.problems.some((p) => p.span.start === ins.keywordSpan.start)) {
        this.problems.push({ message: `This ${ins.keyword} script is not analysed: ${reason}.`, span: ins.keywordSpan });
      }
    }
    return script;
  }

  /**
   * Blanks out what Docker removes before the shell sees a continued
   * instruction, keeping the length so offsets stay valid: each escape +
   * newline pair (trailing blanks allowed), and the empty and comment lines
   * that follow a continuation (Docker drops them, line break included).
   * Any other line break is kept; a lone `\r` becomes `\n` so the shell
   * parser sees it as a line break.
   */
  private blankContinuations(s: string): string {
    return blankContinuations(s, this.escapeChar);
  }
}

export function blankContinuations(s: string, esc: string): string {
  // Most RUN lines of one physical line have nothing to blank.
  if (s.indexOf('\r') < 0 && (s.indexOf(esc) < 0 || s.indexOf('\n') < 0)) return s;
  const len = s.length;
  // The result is built from the untouched stretches of `s` and runs of blanks.
  const parts: string[] = [];
  let copied = 0;
  const replace = (from: number, to: number, by: string): void => {
    if (from > copied) parts.push(s.slice(copied, from));
    parts.push(by);
    copied = to;
  };
  /** Index just past the line break that ends the line containing `i` (or `len`). */
  const pastLineBreak = (i: number): number => {
    let f = i;
    while (f < len && s[f] !== '\n' && s[f] !== '\r') f++;
    if (f < len) f += s[f] === '\r' && s[f + 1] === '\n' ? 2 : 1;
    return f;
  };
  // Only escape characters and carriage returns matter: jump from one to the next.
  let nextEsc = esc.length === 1 ? s.indexOf(esc) : -1;
  let nextCR = s.indexOf('\r');
  let i = 0;
  while (i < len) {
    if (nextEsc >= 0 && nextEsc < i) nextEsc = s.indexOf(esc, i);
    if (nextCR >= 0 && nextCR < i) nextCR = s.indexOf('\r', i);
    if (nextEsc < 0 && nextCR < 0) break;
    if (nextEsc < 0 || (nextCR >= 0 && nextCR < nextEsc)) {
      i = nextCR;
      if (s[i + 1] !== '\n') replace(i, i + 1, '\n');
      i++;
      continue;
    }
    i = nextEsc;
    let j = i + 1;
    while (j < len && (s[j] === ' ' || s[j] === '\t')) j++;
    if (j < len && (s[j] === '\r' || s[j] === '\n')) {
      let k = j + (s[j] === '\r' && s[j + 1] === '\n' ? 2 : 1);
      // Empty and comment lines after a continuation are not part of the command.
      for (;;) {
        let e = k;
        while (e < len && (s[e] === ' ' || s[e] === '\t')) e++;
        if (e < len && (s[e] === '#' || s[e] === '\r' || s[e] === '\n')) {
          k = pastLineBreak(e);
          continue;
        }
        break;
      }
      replace(i, k, ' '.repeat(k - i));
      i = k;
      continue;
    }
    i++;
  }
  if (copied === 0) return s;
  if (copied < len) parts.push(s.slice(copied));
  return parts.join('');
}

/** Lone `\r` → `\n` (same length), for the shell parser. */
function shellLineBreaks(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r(?!\n)/g, '\n');
}

