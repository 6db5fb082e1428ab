/**
 * Builds the Dockerfile model from dockerfile-ast. dockerfile-ast reports LSP
 * ranges computed on its own line counting, which understands `\n` and `\r\n`;
 * we feed it text whose lone `\r` are turned into `\n` (same length) and map
 * its ranges back to offsets through one LineIndex of that text.
 */
import {
  DockerfileParser,
  type Instruction as AstInstruction,
  type Heredoc as AstHeredoc,
  type Property as AstProperty,
  From as AstFrom,
  JSONInstruction,
  ModifiableInstruction,
  Onbuild,
  Arg as AstArg,
  Env as AstEnv,
  Label as AstLabel,
  Run as AstRun,
  Copy as AstCopy,
} from 'dockerfile-ast';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
import { LineIndex, normaliseLoneCR } from '../text/lineIndex';
import type { Span } from '../types';
import type {
  DockerfileModel,
  DFlag,
  DProperty,
  Heredoc,
  ImageRef,
  Instruction,
  ParserDirective,
  Stage,
} from '../model/dockerfile';
import { parseShell, type ShellScript } from './shell';
import { parseImageReference } from './imageRef';
import { substituteVariables } from './variables';

export interface DockerfileParseOptions {
  buildArgs?: Record<string, string>;
  /** Stage name or index to treat as the build target instead of the last stage. */
  target?: string;
}

/** Text longer than this is not parsed (a clear finding is reported instead). */
export const MAX_DOCKERFILE_LENGTH = 4 * 1024 * 1024;

export function parseDockerfile(text: string, options: DockerfileParseOptions = {}): DockerfileModel {
  const normalised = normaliseLoneCR(text);
  const lines = new LineIndex(text);
  const astLines = normalised === text ? lines : new LineIndex(normalised);
  const ast = DockerfileParser.parse(normalised);
  const toSpan = (r: Range): Span => ({ start: astLines.offsetAt(r.start), end: astLines.offsetAt(r.end) });

  const directives: ParserDirective[] = ast.getDirectives().map((d) => ({
    name: (d.getDirective() ?? '').toLowerCase(),
    value: d.getValue() ?? '',
    span: toSpan(d.getRange()),
  }));
  const comments = ast.getComments().map((c) => ({ text: c.getContent() ?? '', span: toSpan(c.getRange()) }));
  const escapeChar = ast.getEscapeCharacter();
  const model: DockerfileModel = {
    kind: 'dockerfile',
    text,
    lines,
    directives,
    escapeChar,
    globalArgs: [],
    instructions: [],
    stages: [],
    comments,
    buildArgs: { ...(options.buildArgs ?? {}) },
    targetStage: -1,
  };

  const conv = new Converter(text, toSpan, escapeChar);
  let stageIndex = -1;
  /** Variables in scope for the current stage: global ARG defaults, stage ARG/ENV. */
  const globalScope: Record<string, string> = {};
  let scope: Record<string, string> = {};
  const declaredGlobal = new Set<string>();

  for (const astIns of ast.getInstructions()) {
    const ins = conv.instruction(astIns, stageIndex);
    if (ins.keyword === 'FROM') {
      stageIndex++;
      ins.stageIndex = stageIndex;
      const from = astIns as AstFrom;
      const stage = makeStage(model, ins, from, stageIndex, globalScope, toSpan);
      model.stages.push(stage);
      // A stage inherits ENV from the stage it is built on; ARGs must be redeclared.
      scope = stage.baseStage !== undefined ? { ...envOf(model.stages[stage.baseStage]!) } : {};
      stageEnv.set(stage, { ...scope });
      model.instructions.push(ins);
      continue;
    }
    if (stageIndex < 0) {
      if (ins.keyword === 'ARG') {
        for (const p of ins.properties) {
          const v = p.value === null ? undefined : substituteVariables(p.value, globalScope).value;
          declaredGlobal.add(p.name);
          const fromBuild = model.buildArgs[p.name];
          if (fromBuild !== undefined) globalScope[p.name] = fromBuild;
          else if (v !== undefined) globalScope[p.name] = v;
          model.globalArgs.push(p);
        }
      }
      model.instructions.push(ins);
      continue;
    }
    const stage = model.stages[stageIndex]!;
    if (ins.keyword === 'ARG') {
      for (const p of ins.properties) {
        const fromBuild = model.buildArgs[p.name];
        if (fromBuild !== undefined) scope[p.name] = fromBuild;
        else if (p.value !== null) scope[p.name] = substituteVariables(p.value, scope).value;
        else if (declaredGlobal.has(p.name) && globalScope[p.name] !== undefined) scope[p.name] = globalScope[p.name]!;
      }
    } else if (ins.keyword === 'ENV') {
      for (const p of ins.properties) scope[p.name] = substituteVariables(p.value ?? '', scope).value;
    }
    stage.instructions.push(ins);
    stageEnv.set(stage, { ...scope });
    model.instructions.push(ins);
  }

  model.targetStage = resolveTarget(model, options.target);
  return model;
}

/** ENV/ARG scope at the end of each stage, for stages built `FROM` another. */
const stageEnv = new WeakMap<Stage, Record<string, string>>();
function envOf(stage: Stage): Record<string, string> {
  return stageEnv.get(stage) ?? {};
}

function resolveTarget(model: DockerfileModel, target: string | undefined): number {
  if (model.stages.length === 0) return -1;
  if (target !== undefined && target !== '') {
    const t = target.toLowerCase();
    const byName = model.stages.find((s) => s.name === t);
    if (byName) return byName.index;
  }
  return model.stages.length - 1;
}

function makeStage(
  model: DockerfileModel,
  ins: Instruction,
  from: AstFrom,
  index: number,
  globalScope: Record<string, string>,
  toSpan: (r: Range) => Span,
): Stage {
  const imageRange = from.getImageRange();
  const raw = from.getImage() ?? '';
  const span = imageRange ? toSpan(imageRange) : ins.keywordSpan;
  const sub = substituteVariables(raw, { ...globalScope, ...model.buildArgs });
  const image = makeImageRef(raw, sub.value, sub.unresolved, span, model);
  const stageName = from.getBuildStage();
  const stageRange = from.getBuildStageRange();
  const platform = from.getPlatformFlag()?.getValue() ?? undefined;
  const stage: Stage = {
    index,
    name: stageName ? stageName.toLowerCase() : undefined,
    nameSpan: stageRange ? toSpan(stageRange) : undefined,
    from: ins,
    image,
    baseStage: image.stageIndex,
    instructions: [],
    platform,
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

class Converter {
  constructor(
    private readonly text: string,
    private readonly toSpan: (r: Range) => Span,
    private readonly escapeChar: string,
  ) {}

  instruction(a: AstInstruction, stageIndex: number): Instruction {
    const keywordSpan = this.toSpan(a.getInstructionRange());
    const span = this.toSpan(a.getRange());
    const argsRange = a.getArgumentsRange();
    const keyword = a.getKeyword().toUpperCase();
    const ins: Instruction = {
      keyword,
      keywordText: a.getInstruction(),
      keywordSpan,
      span,
      argsSpan: argsRange ? this.toSpan(argsRange) : undefined,
      flags: [],
      args: [],
      form: 'none',
      stageIndex,
      heredocs: [],
      properties: [],
    };
    if (a instanceof ModifiableInstruction) {
      ins.flags = a.getFlags().map((f) => this.flag(f));
    }
    ins.args = a.getArguments().map((g) => ({ value: g.getValue(), span: this.toSpan(g.getRange()) }));
    if (a instanceof AstArg) {
      const p = a.getProperty();
      if (p) ins.properties.push(this.property(p));
    } else if (a instanceof AstEnv || a instanceof AstLabel) {
      ins.properties = a.getProperties().map((p) => this.property(p));
    }
    if (a instanceof AstRun || a instanceof AstCopy || typeof (a as unknown as { getHeredocs?: unknown }).getHeredocs === 'function') {
      const hd = (a as unknown as { getHeredocs(): AstHeredoc[] }).getHeredocs();
      ins.heredocs = hd.map((h) => this.heredoc(h));
    }
    if (['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'ADD', 'COPY', 'VOLUME'].includes(keyword)) {
      if (a instanceof JSONInstruction && a.getOpeningBracket() && a.getClosingBracket()) {
        ins.form = 'exec';
        ins.execArgs = a.getJSONStrings().map((s) => {
          const span = this.toSpan(s.getRange());
          return { value: jsonStringValue(this.text.slice(span.start, span.end)) ?? s.getJSONValue(), span };
        });
      } else if (['RUN', 'CMD', 'ENTRYPOINT'].includes(keyword)) {
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
      value: p.getUnescapedValue(),
      valueSpan: valueRange ? this.toSpan(valueRange) : undefined,
      span: this.toSpan(p.getRange()),
    };
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
      const shells = ['sh', 'bash', '/bin/sh', '/bin/bash', 'ash', '/bin/ash', 'dash', 'zsh'];
      if (ea.length >= 3 && shells.includes(ea[0]!.value) && /^-[a-z]*c$/.test(ea[1]!.value)) {
        const s = ea[2]!;
        const rawInner = this.text.slice(s.span.start + 1, s.span.end - 1);
        // Offsets map one to one only when the JSON string has no escapes.
        if (rawInner === s.value) scripts.push(parseShell(s.value, s.span.start + 1));
      }
      return scripts;
    }
    const start = ins.flags.length > 0 ? ins.flags[ins.flags.length - 1]!.span.end : ins.argsSpan?.start;
    if (start === undefined || !ins.argsSpan) return scripts;
    let end = ins.span.end;
    const firstBody = ins.heredocs.find((h) => h.body)?.body;
    if (ins.heredocs.length > 0) {
      // The command part of a heredoc RUN is its first line only.
      const nl = this.text.slice(start, end).search(/\r\n|\n|\r/);
      if (nl >= 0) end = start + nl;
    }
    scripts.push(parseShell(this.blankContinuations(this.text.slice(start, end)), start));
    if (firstBody !== undefined || ins.heredocs.length > 0) {
      const firstLine = this.text.slice(start, end);
      for (const h of ins.heredocs) {
        if (!h.body) continue;
        // `RUN <<EOF` (no command) or `RUN sh <<EOF`/`bash <<EOF`/`python3 <<EOF`: only a shell reads a script.
        const cmdBefore = firstLine.slice(0, firstLine.indexOf('<<')).trim();
        const isShell = cmdBefore === '' || /(^|\/)(ba|da|a|z)?sh(\s+-[a-z]+)*$/.test(cmdBefore);
        if (isShell) scripts.push(parseShell(h.body.text, h.body.span.start));
      }
    }
    return scripts;
  }

  /**
   * Blanks out escape+newline pairs and comment lines inside a continued
   * instruction, keeping the length so offsets stay valid.
   */
  private blankContinuations(s: string): string {
    const esc = this.escapeChar;
    const out: string[] = [];
    let i = 0;
    let lineStart = true;
    while (i < s.length) {
      const c = s[i]!;
      if (lineStart) {
        // Dockerfile drops comment lines inside a continued instruction.
        let j = i;
        while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
        if (s[j] === '#') {
          while (j < s.length && s[j] !== '\n' && s[j] !== '\r') j++;
          out.push(' '.repeat(j - i));
          i = j;
          continue;
        }
        lineStart = false;
      }
      if (c === esc) {
        // escape, optional trailing whitespace, then a newline: a continuation.
        let j = i + 1;
        while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
        if (s[j] === '\r' || s[j] === '\n') {
          let k = j + 1;
          if (s[j] === '\r' && s[k] === '\n') k++;
          out.push(' '.repeat(k - i));
          i = k;
          lineStart = true;
          continue;
        }
        if (esc !== '\\') {
          // With `# escape=\``, a backslash is literal for Docker; the shell still sees it.
          out.push(c);
          i++;
          continue;
        }
      }
      if (c === '\n' || c === '\r') {
        out.push(c);
        lineStart = true;
        i++;
        continue;
      }
      out.push(c);
      i++;
    }
    return out.join('');
  }
}

/**
 * The value of a JSON string literal as written (`"a b"` → `a b`). dockerfile-ast's
 * own `getJSONValue` drops whitespace inside the string, so it is only a fallback.
 */
function jsonStringValue(raw: string): string | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
