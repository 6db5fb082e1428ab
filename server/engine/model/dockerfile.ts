import type { Span } from '../types';
import type { LineIndex } from '../text/lineIndex';
import type { ShellScript } from '../parse/shell';
import type { Derived } from '../util/derived';

export interface ParserDirective {
  name: string;
  value: string;
  span: Span;
}

export interface DArgument {
  value: string;
  span: Span;
}

export interface DFlag {
  /** Name without the leading dashes, as written (`mount`, `from`, `chmod`). */
  name: string;
  value: string | null;
  span: Span;
  nameSpan: Span;
  valueSpan?: Span;
}

/** `NAME=value` or `NAME value` in ENV, ARG and LABEL. */
export interface DProperty {
  name: string;
  nameSpan: Span;
  /** The value with quotes and escapes removed, before variable substitution; null when absent (`ARG X`). */
  value: string | null;
  /** Where the value is written (including quotes); absent when there is no value. */
  valueSpan?: Span;
  /** The whole `NAME=value` pair. */
  span: Span;
}

export interface Heredoc {
  name: string;
  /** The body between the marker line and the delimiter; absent if unterminated and empty. */
  body?: { text: string; span: Span };
  /** `<<EOF` / `<<-EOF` marker. */
  markerSpan: Span;
}

export interface ImageRef {
  /** The image as written, for example `${BASE}:1.2`. */
  raw: string;
  /** After substituting ARG defaults and build args. */
  resolved: string;
  span: Span;
  /** The reference still contains `$` after substitution (an ARG without a default). */
  unresolved: boolean;
  registry?: string;
  /** Repository path without registry, tag and digest (`library/node` is not expanded: `node`). */
  repository: string;
  tag?: string;
  digest?: string;
  /** `scratch`. */
  isScratch: boolean;
  /** Index of the build stage this refers to, when it names an earlier stage. */
  stageIndex?: number;
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `FROM`, … */
  keyword: string;
  /** The keyword as written (casing preserved). */
  keywordText: string;
  keywordSpan: Span;
  /** The whole instruction, including continuation lines and heredoc bodies. */
  span: Span;
  /** From the first argument (or flag) to the end of the instruction; absent for a bare keyword. */
  argsSpan?: Span;
  flags: DFlag[];
  args: DArgument[];
  /** JSON (exec) form, shell form, or neither (instructions that take no command). */
  form: 'exec' | 'shell' | 'none';
  /** Exec-form strings, unescaped, with their spans. */
  execArgs?: DArgument[];
  /** Index into `stages`, or -1 for instructions before the first FROM. */
  stageIndex: number;
  heredocs: Heredoc[];
  /** ENV, ARG, LABEL pairs. */
  properties: DProperty[];
  /** Parsed shell for RUN (shell form, exec form `sh -c`, and heredoc bodies that are scripts). */
  shell?: ShellScript[];
  /** For ONBUILD: the trigger instruction as it will run in a child image. */
  trigger?: Instruction;
  /** Set on a trigger: the ONBUILD that holds it. */
  onbuildParent?: Instruction;
}

export interface Stage {
  index: number;
  /** Name from `AS name` (lower-cased as BuildKit compares it), if any. */
  name?: string;
  nameSpan?: Span;
  from: Instruction;
  image: ImageRef;
  /** The stage this one is built `FROM`, when it names an earlier stage. */
  baseStage?: number;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
  /** `--platform` value, if any. */
  platform?: string;
}

export interface DockerfileModel {
  kind: 'dockerfile';
  text: string;
  lines: LineIndex;
  directives: ParserDirective[];
  escapeChar: string;
  /** ARGs before the first FROM, with their defaults. */
  globalArgs: DProperty[];
  /** Every instruction in order, including those before the first FROM. */
  instructions: Instruction[];
  stages: Stage[];
  comments: { text: string; span: Span }[];
  /** Values used to resolve ARGs (build args from config override defaults). */
  buildArgs: Record<string, string>;
  /** Index of the stage that the build produces (the last, or `target`). */
  targetStage: number;
  /** What could not be read, reported as BH900: a heredoc marker dockerfile-ast cannot take apart. */
  problems: { message: string; span: Span }[];
  /** What the analysis layer works out from the model, kept with it (util/derived.ts). */
  derived: Derived;
}
