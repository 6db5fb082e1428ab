/**
 * Walking the shell commands of a Dockerfile the way rules need them: every
 * RUN of every stage (build-time concerns), with ONBUILD triggers as the RUN
 * they become in a child image, heredoc scripts, and `sh -c '…'` strings; and
 * for each command whether it runs in a stage whose filesystem becomes the
 * built image (runtime concerns).
 *
 * Also: reading a command's options the way getopt-style tools read them
 * (`-fsSLk`, `--insecure`, `--output=x`, `-o x`), looking through wrappers
 * (`sudo`, `env`, `xargs`…), and removing an option without touching the
 * rest of the line.
 */
import type { DockerfileModel, Instruction, Stage } from '../model/dockerfile';
import { parseShell, type EffectiveCommand, type ShellScript, type SimpleCommand, type Word } from '../parse/shell';
import type { Span, TextEdit } from '../types';
import { stageChain } from './dockerfile';
import type { PackageCommand } from './packages';
import { sharedList } from '../util/shared';
import { DerivedKey } from '../util/derived';

/** Indexes of the stages whose filesystem ends up in the built image: the target and the stages it is built FROM. */
export function finalImageStages(model: DockerfileModel): Set<number> {
  const target = model.stages[model.targetStage];
  return new Set(target ? stageChain(model, target).map((s) => s.index) : []);
}

/** The stage the build produces (`--target`, or the last one). */
export function targetStage(model: DockerfileModel): Stage | undefined {
  return model.stages[model.targetStage];
}

export interface InstructionSite {
  /** The instruction as it runs: for ONBUILD, the trigger. */
  instruction: Instruction;
  stage: Stage | undefined;
  /** Runs in a stage that becomes (part of the filesystem of) the built image. False for ONBUILD triggers. */
  inFinalImage: boolean;
  /** An ONBUILD trigger: it runs when a child image builds FROM this one. */
  onbuild: boolean;
}

/**
 * Every instruction in order, including those before the first FROM; with
 * `triggers` (the default), each ONBUILD is followed by its trigger.
 */
export function instructionSites(model: DockerfileModel, options: { triggers?: boolean } = {}): readonly InstructionSite[] {
  // Without triggers: the same site objects, so that what rules keep per site is kept once.
  if (options.triggers === false) return memo(model, 'sites', () => instructionSites(model).filter((s) => !s.onbuild));
  return memo(model, 'sites+triggers', () => {
    const out: InstructionSite[] = [];
    const final = finalImageStages(model);
    for (const ins of model.instructions) {
      const stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
      out.push({ instruction: ins, stage, inFinalImage: stage !== undefined && final.has(stage.index), onbuild: false });
      if (ins.trigger) out.push({ instruction: ins.trigger, stage, inFinalImage: false, onbuild: true });
    }
    return out;
  });
}

/**
 * Every rule walks the same instructions and commands: the walk is done once
 * per model (models are never changed after parsing) and shared, read-only
 * (see util/shared.ts).
 */
const WALKS = new DerivedKey<Map<string, readonly unknown[]>>('command walks');

function memo<T>(model: DockerfileModel, key: string, build: () => T[]): readonly T[] {
  const m = model.derived.get(WALKS, () => new Map<string, readonly unknown[]>());
  let v = m.get(key) as readonly T[] | undefined;
  if (!v) m.set(key, (v = sharedList(build())));
  return v;
}

export interface CommandSite extends InstructionSite {
  command: SimpleCommand;
  script: ShellScript;
  /** Found inside the string of a `sh -c '…'` / `bash -c "…"` command. */
  nested: boolean;
  /**
   * Kept by `readPackageCommand` (analysis/packages.ts), which four rules ask
   * for every site: undefined until asked, null when the command installs
   * nothing. Every site is made with the field, so that sites keep one shape.
   */
  packageCommand: PackageCommand | null | undefined;
}

/** Shells whose `-c` argument is a script. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/**
 * Every simple command of every RUN (and RUN trigger), in source order, each
 * with its instruction and stage. Scripts passed as a quoted literal to
 * `sh -c` are parsed and walked too, when their text maps one to one onto
 * the document.
 */
export function runCommands(model: DockerfileModel, options: { triggers?: boolean } = {}): readonly CommandSite[] {
  if (options.triggers === false) return memo(model, 'commands', () => runCommands(model).filter((s) => !s.onbuild));
  return memo(model, 'commands+triggers', () => {
    const out: CommandSite[] = [];
    for (const site of instructionSites(model)) {
      if (site.instruction.keyword !== 'RUN') continue;
      for (const script of site.instruction.shell ?? []) commandsOf(site, script, 0, out);
    }
    return out;
  });
}

function commandsOf(site: InstructionSite, script: ShellScript, depth: number, out: CommandSite[]): void {
  for (const command of script.commands) {
    out.push({ instruction: site.instruction, stage: site.stage, inFinalImage: site.inFinalImage, onbuild: site.onbuild, command, script, nested: depth > 0, packageCommand: undefined });
    if (depth < 3) {
      const inner = shellCArgument(command);
      if (inner) commandsOf(site, inner, depth + 1, out);
    }
  }
}

/**
 * The script of `sh -c '<literal>'` parsed in place, when the argument is a
 * single- or double-quoted literal whose unquoted text has the same length as
 * what is written (so offsets map back exactly).
 */
export function shellCArgument(command: SimpleCommand): ShellScript | undefined {
  const eff = effectiveCommand(command);
  if (!eff || !SHELLS.has(eff.baseName)) return undefined;
  const i = eff.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.value));
  const w = i >= 0 ? eff.args[i + 1] : undefined;
  if (!w || w.dynamic) return undefined;
  const raw = w.raw;
  if (raw.length < 2 || !((raw[0] === "'" && raw.endsWith("'")) || (raw[0] === '"' && raw.endsWith('"')))) return undefined;
  const inner = raw.slice(1, -1);
  if (inner !== w.value) return undefined;
  return parseShell(inner, w.span.start + 1);
}

/** Commands that run the rest of their arguments as a command. */
// A Map, not an object: a command named `constructor` or `toString` is not a wrapper.
const WRAPPERS = new Map<string, { valueOptions?: string[] }>(Object.entries({
  sudo: { valueOptions: ['-u', '--user', '-g', '--group', '-C', '-D', '-h', '-p', '-r', '-t', '-U'] },
  doas: { valueOptions: ['-u', '-C'] },
  env: { valueOptions: ['-u', '--unset', '-C', '--chdir', '-S'] },
  nice: { valueOptions: ['-n', '--adjustment'] },
  nohup: {},
  time: {},
  exec: { valueOptions: ['-a'] },
  command: {},
  builtin: {},
  xargs: { valueOptions: ['-I', '-L', '-n', '-P', '-s', '-d', '-E', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file'] },
  timeout: { valueOptions: ['-s', '--signal', '-k', '--kill-after'] },
  stdbuf: { valueOptions: ['-i', '-o', '-e'] },
  chroot: {},
  gosu: {},
  'su-exec': {},
  setpriv: {},
  tini: {},
  'dumb-init': {},
  eatmydata: {},
  fakeroot: {},
}));

// The command as run is declared with the shell model, which keeps it on each command (see `SimpleCommand.effective`).
export type { EffectiveCommand } from '../parse/shell';

/**
 * The command that really runs: `sudo -u app env A=1 apt-get install x` →
 * `apt-get` with args `install x`. `gosu user cmd` and `su-exec user cmd`
 * take the user first; `timeout 10 cmd` the duration. Undefined for a bare
 * assignment or an expansion as the command name.
 */
export function effectiveCommand(command: SimpleCommand): EffectiveCommand | undefined {
  // Rules ask for the same commands' effective form many times; commands never change after parsing.
  let e = command.effective;
  if (e === undefined) command.effective = e = computeEffectiveCommand(command) ?? null;
  return e ?? undefined;
}

function computeEffectiveCommand(command: SimpleCommand): EffectiveCommand | undefined {
  if (!command.nameWord) return undefined;
  let nameWord = command.nameWord;
  let args = command.args;
  const wrappers: string[] = [];
  for (let guard = 0; guard < 6; guard++) {
    const base = baseNameOf(nameWord.value);
    const spec = WRAPPERS.get(base);
    if (!spec) break;
    // `command -v curl` / `command -V curl` looks curl up; it does not run it.
    if (base === 'command') {
      const opts = args.slice(0, Math.max(0, args.findIndex((a) => !a.value.startsWith('-'))));
      if (opts.some((a) => /^-[a-zA-Z]*[vV]/.test(a.value))) break;
    }
    let i = 0;
    while (i < args.length) {
      const v = args[i]!.value;
      if (v === '--') {
        i++;
        break;
      }
      if (base === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
        i++;
        continue;
      }
      if (!v.startsWith('-') || v === '-') break;
      i += spec.valueOptions?.includes(v) ? 2 : 1;
    }
    if ((base === 'gosu' || base === 'su-exec' || base === 'chroot') && i < args.length) i++;
    if (base === 'timeout' && i < args.length) i++;
    const next = args[i];
    if (!next) break;
    wrappers.push(base);
    nameWord = next;
    args = args.slice(i + 1);
  }
  return { name: nameWord.value, baseName: baseNameOf(nameWord.value), nameWord, args, wrappers };
}

function baseNameOf(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export interface OptionSpec {
  /** Single-letter options without the dash: `['k']`. */
  short?: string[];
  /** Long options without the dashes: `['insecure']`. Prefix abbreviations are not accepted. */
  long?: string[];
  /** The option takes a value (`-o file`, `-ofile`, `--output file`, `--output=file`). */
  takesValue?: boolean;
}

export interface OptionMatch {
  /** The option as written, normalised: `-k` or `--insecure`. */
  name: string;
  /** The word that holds the option. */
  word: Word;
  /** Index of that word in the args searched. */
  index: number;
  /** Where the option itself is written: for `-fsSLk`, the `k`. */
  span: Span;
  /** The value, for options that take one. */
  value?: { text: string; span: Span; word: Word; separate: boolean };
}

const NONE: readonly string[] = [];

/**
 * Options of a command, read the way getopt does: combined short flags
 * (`-fsSLk`), `--long`, `--long=value`, `--long value`, `-o value`, `-ovalue`.
 * Reading stops at `--`. `valueOptions` lists the command's other options that
 * take a value (short letters or long names, without dashes), so that their
 * values are not mistaken for options and a combined group ends at them.
 */
export function findOptions(args: readonly Word[], spec: OptionSpec, valueOptions: readonly string[] = []): OptionMatch[] {
  const out: OptionMatch[] = [];
  // Specs and value lists are short literals written at the call: looking
  // through an array costs less than building a set on every call.
  const shorts = spec.short ?? NONE;
  const longs = spec.long ?? NONE;
  const otherValue = valueOptions;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(2, eq) : v.slice(2);
      if (longs.includes(name)) {
        const m: OptionMatch = { name: '--' + name, word: w, index: i, span: w.span };
        if (spec.takesValue) {
          if (eq >= 0) m.value = { text: v.slice(eq + 1), span: valueSpanIn(w, v.length - (eq + 1)), word: w, separate: false };
          else if (args[i + 1]) m.value = { text: args[i + 1]!.value, span: args[i + 1]!.span, word: args[i + 1]!, separate: true };
        }
        out.push(m);
        if (spec.takesValue && eq < 0) i++;
      } else if (eq < 0 && otherValue.includes(name)) i++;
      continue;
    }
    if (!v.startsWith('-') || v.length < 2) continue;
    for (let j = 1; j < v.length; j++) {
      const letter = v[j]!;
      if (shorts.includes(letter)) {
        const m: OptionMatch = { name: '-' + letter, word: w, index: i, span: letterSpan(w, j) };
        if (spec.takesValue) {
          if (j + 1 < v.length) m.value = { text: v.slice(j + 1), span: valueSpanIn(w, v.length - (j + 1)), word: w, separate: false };
          else if (args[i + 1]) {
            m.value = { text: args[i + 1]!.value, span: args[i + 1]!.span, word: args[i + 1]!, separate: true };
            i++;
          }
          out.push(m);
          break;
        }
        out.push(m);
        continue;
      }
      if (otherValue.includes(letter)) {
        // The rest of the word, or the next word, is this option's value.
        if (j + 1 === v.length) i++;
        break;
      }
    }
  }
  return out;
}

/** True when any of the options is present. */
export function hasOption(args: readonly Word[], spec: OptionSpec, valueOptions: readonly string[] = []): boolean {
  return findOptions(args, spec, valueOptions).length > 0;
}

/**
 * Positional arguments (not options, not option values), given the options
 * that take a value. `apt-get -y -o Foo=1 install curl` → `install`, `curl`.
 */
export function positionalArgs(args: readonly Word[], valueOptions: readonly string[] = []): Word[] {
  const out: Word[] = [];
  const takes = valueOptions;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      if (!v.includes('=') && takes.includes(v.slice(2))) i++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      const last = v[v.length - 1]!;
      // `-o x`: a value-taking letter at the end of a group takes the next word.
      if (takes.includes(last) && !someLetterIn(v, 1, v.length - 1, takes)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function someLetterIn(v: string, from: number, to: number, letters: readonly string[]): boolean {
  for (let i = from; i < to; i++) if (letters.includes(v[i]!)) return true;
  return false;
}

/** For a word written plainly (no quotes), the span of the character at `index` of its value. */
function letterSpan(w: Word, index: number): Span {
  if (w.raw === w.value) return { start: w.span.start + index, end: w.span.start + index + 1 };
  return w.span;
}

/** The span of the last `length` characters of the word's value, when it is written plainly; else the word. */
function valueSpanIn(w: Word, length: number): Span {
  if (w.raw === w.value || (w.raw.length === w.value.length + 2 && /^(['"]).*\1$/s.test(w.raw))) {
    const end = w.raw === w.value ? w.span.end : w.span.end - 1;
    return { start: end - length, end };
  }
  return w.span;
}

/**
 * An edit that removes an option (and its separate value) from the command
 * line, with the whitespace before it; a letter in a combined group
 * (`-fsSLk`) is removed from the group alone. `text` is the document.
 */
export function removeOptionEdits(text: string, match: OptionMatch): TextEdit[] {
  const w = match.word;
  const letterOnly = match.span.end - match.span.start === 1 && w.value.length > 2 && !w.value.startsWith('--') && !match.value;
  if (letterOnly) return [{ start: match.span.start, end: match.span.end, text: '' }];
  const edits: TextEdit[] = [removeWordEdit(text, w.span)];
  if (match.value?.separate) edits.push(removeWordEdit(text, match.value.span));
  return edits;
}

/**
 * Removes a word and the blanks before it (or after it, when it starts the
 * line). A word alone on a continuation line takes its line with it, so no
 * empty `\` line is left behind.
 */
export function removeWordEdit(text: string, span: Span): TextEdit {
  let lineStart = span.start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  const atLineStart = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
  let after = span.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  if (atLineStart) {
    // `    --insecure \` on a line of its own: drop the line.
    const cont = /^\\(\r\n|\n|\r)/.exec(text.slice(after, after + 3));
    if (cont) return { start: lineStart, end: after + cont[0].length, text: '' };
    // Last line of a continued command: drop it with the ` \` that led to it.
    const eol = /^(\r\n|\n|\r|$)/.exec(text.slice(after, after + 2));
    const prev = /[ \t]*\\(\r\n|\n|\r)$/.exec(text.slice(Math.max(0, lineStart - 40), lineStart));
    if (eol && prev) return { start: lineStart - prev[0].length, end: after, text: '' };
    return { start: span.start, end: after, text: '' };
  }
  return { start: lineStart, end: span.end, text: '' };
}
