/**
 * Dockerfile facts that several rules and fixes need: the chain of stages a
 * stage inherits from, the ARG/ENV values in scope at an instruction, the
 * file's keyword casing, and where to insert new instruction lines so they
 * look as if the author wrote them.
 */
import type { DockerfileModel, Instruction, Stage } from '../model/dockerfile';
import type { TextEdit } from '../types';
import { substituteVariables } from '../parse/variables';
import { own } from '../util/own';
import { DerivedKey } from '../util/derived';

/** The stage, then the stage it is built FROM, and so on (cycles and bad indexes stop the walk). */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  let s: Stage | undefined = stage;
  while (s && !chain.includes(s) && chain.length < model.stages.length) {
    chain.push(s);
    s = s.baseStage !== undefined && s.baseStage < s.index ? model.stages[s.baseStage] : undefined;
  }
  return chain;
}

/**
 * ARG and ENV values visible at `at` in `stage` (exclusive), as BuildKit
 * resolves them: global ARG defaults (and configured build args) reach a stage
 * only through an `ARG NAME` redeclaration, stage ARGs take build args over
 * defaults, ENV is inherited through `FROM <stage>`.
 */
export function varsInScope(model: DockerfileModel, stage: Stage, at?: Instruction): Readonly<Record<string, string>> {
  // Asked by several rules for most instructions: each stage is walked once, keeping what is
  // visible before each of its instructions (kept per model: models never change after parsing).
  const byStage = model.derived.get(SCOPES, () => new Map<Stage, StageScopes>());
  let scopes = byStage.get(stage);
  if (!scopes) byStage.set(stage, (scopes = stageScopes(model, stage)));
  if (!at) return scopes.end;
  // What is visible before the stage's first instruction at or after `at`.
  const { starts } = scopes;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! >= at.span.start) hi = mid;
    else lo = mid + 1;
  }
  return lo < starts.length ? scopes.before[lo]! : scopes.end;
}

/** The variables visible before each instruction of a stage (by its start), and after the last. */
interface StageScopes {
  starts: number[];
  before: Readonly<Record<string, string>>[];
  end: Readonly<Record<string, string>>;
}

const SCOPES = new DerivedKey<Map<Stage, StageScopes>>('stage scopes');

function stageScopes(model: DockerfileModel, stage: Stage): StageScopes {
  const global: Record<string, string> = {};
  for (const p of model.globalArgs) {
    const v = own(model.buildArgs, p.name) ?? (p.value !== null ? substituteVariables(p.value, global).value : undefined);
    if (v !== undefined) global[p.name] = v;
  }
  const vars: Record<string, string> = {};
  const starts: number[] = [];
  const before: Readonly<Record<string, string>>[] = [];
  // Frozen because callers share it; one copy per change, shared by the instructions until the next.
  let snapshot: Readonly<Record<string, string>> | undefined;
  const chain = stageChain(model, stage).reverse();
  for (const s of chain) {
    for (const ins of s.instructions) {
      if (s === stage) {
        starts.push(ins.span.start);
        before.push((snapshot ??= Object.freeze({ ...vars })));
      }
      if (ins.keyword === 'ARG') {
        for (const p of ins.properties) {
          const v = own(model.buildArgs, p.name) ?? (p.value !== null ? substituteVariables(p.value, vars, { escapeChar: model.escapeChar }).value : own(global, p.name));
          if (v !== undefined) {
            vars[p.name] = v;
            snapshot = undefined;
          }
        }
      } else if (ins.keyword === 'ENV') {
        for (const p of ins.properties) {
          if (p.value === null) continue;
          vars[p.name] = substituteVariables(p.value, vars, { escapeChar: model.escapeChar }).value;
          snapshot = undefined;
        }
      }
    }
  }
  return { starts, before, end: (snapshot ??= Object.freeze({ ...vars })) };
}

/** True when most instruction keywords are written in lower case. */
export function prefersLowercase(model: DockerfileModel): boolean {
  let lower = 0;
  let upper = 0;
  for (const ins of model.instructions) {
    if (ins.keywordText === ins.keywordText.toLowerCase()) lower++;
    else upper++;
  }
  return lower > upper;
}

export function keyword(model: DockerfileModel, word: string): string {
  return prefersLowercase(model) ? word.toLowerCase() : word.toUpperCase();
}

/** Leading whitespace of the line that holds `offset`. */
export function indentAt(model: DockerfileModel, offset: number): string {
  const line = model.lines.positionAt(offset).line;
  return /^[ \t]*/.exec(model.lines.lineText(line))![0];
}

/**
 * Inserts whole lines before the instruction, above the comment lines that
 * sit directly on top of it (a comment describes what follows it).
 */
export function insertLinesBefore(model: DockerfileModel, ins: Instruction, newLines: readonly string[]): TextEdit {
  const { lines } = model;
  let line = lines.positionAt(ins.span.start).line;
  while (line > 0 && /^[ \t]*#/.test(lines.lineText(line - 1)) && !isDirectiveLine(model, line - 1)) line--;
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  const eol = lines.eol;
  const at = lines.lineStart(line);
  return { start: at, end: at, text: newLines.map((l) => indent + l + eol).join('') };
}

/** Inserts whole lines after the instruction (after its last line, heredoc bodies included). */
export function insertLinesAfter(model: DockerfileModel, ins: Instruction, newLines: readonly string[]): TextEdit {
  const { lines } = model;
  const endLine = lines.positionAt(Math.max(ins.span.start, ins.span.end - 1)).line;
  const indent = indentAt(model, ins.span.start);
  const eol = lines.eol;
  if (endLine + 1 < lines.lineCount) {
    const at = lines.lineStart(endLine + 1);
    return { start: at, end: at, text: newLines.map((l) => indent + l + eol).join('') };
  }
  const at = lines.lineContentEnd(endLine);
  return { start: at, end: at, text: newLines.map((l) => eol + indent + l).join('') };
}

function isDirectiveLine(model: DockerfileModel, line: number): boolean {
  const start = model.lines.lineStart(line);
  return model.directives.some((d) => d.span.start >= start && d.span.start <= model.lines.lineContentEnd(line));
}

/** The full name of an image for pattern matching: `registry/repository:tag` (registry and tag when written). */
export function imageName(img: { registry?: string; repository: string; tag?: string }): string {
  return `${img.registry ? img.registry + '/' : ''}${img.repository}${img.tag ? ':' + img.tag : ''}`;
}

/** A pattern's text between its `*`s, lower-cased, by pattern (without its `!`). */
const IMAGE_PATTERNS = new Map<string, readonly string[]>();

/**
 * `*` matches any run of characters, case-insensitively; patterns starting
 * with `!` exclude. The last matching pattern wins. Matched by hand rather
 * than with a RegExp per pattern: compiling the default lists' 25 and more
 * expressions was 3 ms of a one-file CLI run, more than linting the file.
 */
export function matchesImagePatterns(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  let lower: string | undefined;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    if (matched !== negate) continue; // the outcome would not change
    const p = negate ? raw.slice(1) : raw;
    let parts = IMAGE_PATTERNS.get(p);
    if (!parts) IMAGE_PATTERNS.set(p, (parts = p.toLowerCase().split('*')));
    if (globMatch((lower ??= name.toLowerCase()), parts)) matched = !negate;
  }
  return matched;
}

/** Whether `text` is `parts` joined by runs of any characters (each middle part placed as early as it fits). */
function globMatch(text: string, parts: readonly string[]): boolean {
  const first = parts[0]!;
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1]!;
  const end = text.length - last.length;
  if (end < first.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const part = parts[k]!;
    const i = text.indexOf(part, at);
    if (i < 0 || i + part.length > end) return false;
    at = i + part.length;
  }
  return true;
}
