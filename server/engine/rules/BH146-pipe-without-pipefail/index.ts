import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, Instruction, Stage } from '../../model/dockerfile';
import type { Pipeline, ShellScript, SimpleCommand } from '../../parse/shell';
import type { TextEdit } from '../../types';
import { insertLinesBefore, keyword, stageChain } from '../../analysis/dockerfile';
import { instructionSites } from '../../analysis/commands';
import { imageFamily } from '../../analysis/users';

/** Shells whose `set -o pipefail` works (BusyBox ash included). */
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ksh', 'mksh', 'ash']);
/** The shells a script's shebang may name for this rule to read it. */
const SHEBANG_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);
/** Commands on the left of a pipe whose failure does not matter (`echo "$X" | base64 -d`). */
const HARMLESS_PRODUCERS = new Set(['echo', 'printf', 'true', ':']);

/** What runs a RUN: the SHELL in effect, or `/bin/sh -c` on a base image of some family. */
interface ShellInfo {
  /** Base name of the shell program (`sh` by default). */
  name: string;
  /** The SHELL enables pipefail (`["/bin/bash", "-o", "pipefail", "-c"]`). */
  pipefail: boolean;
  /** The SHELL instruction, when one is in effect. */
  shellIns?: Instruction;
}

/** The SHELL in effect at `at` in `stage` (the stage's own SHELLs before it, then the stages it is built FROM); `at` undefined = end of the stage. */
function shellAt(model: DockerfileModel, stage: Stage, at: Instruction | undefined): ShellInfo {
  for (const s of stageChain(model, stage)) {
    const shells = s.instructions.filter((i) => i.keyword === 'SHELL' && i.execArgs && i.execArgs.length > 0 && (s !== stage || !at || i.span.start < at.span.start));
    const last = shells[shells.length - 1];
    if (!last) continue;
    const args = last.execArgs!.map((a) => a.value);
    const prog = args[0]!;
    return { name: prog.slice(prog.lastIndexOf('/') + 1), pipefail: setsPipefail(args.slice(1)), shellIns: last };
  }
  return { name: 'sh', pipefail: false };
}

/** `-o pipefail`, `-eo pipefail`, `-euxo pipefail`, `-opipefail` among shell or `set` arguments. */
function setsPipefail(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^-[a-zA-Z]*o$/.test(a) && args[i + 1] === 'pipefail') return true;
    if (a === '-opipefail' || a === '--pipefail') return true;
  }
  return false;
}

/** The script enables pipefail with `set … -o pipefail` before `offset`. */
function scriptSetsPipefail(script: ShellScript, offset: number): boolean {
  return script.commands.some((c) => c.baseName === 'set' && c.span.start < offset && !c.inSubstitution && setsPipefail(c.args.map((w) => w.value)));
}

/** The pipeline opens a `$(…)` or backquote that is the value of an assignment: `V=$(a | b)`, `V="$(a | b)"`, `local V=$(…)` is not (its status is `local`'s). */
function assignedSubstitution(script: ShellScript, p: Pipeline): boolean {
  const end = p.span.start - script.offset;
  const before = script.text.slice(Math.max(0, end - 300), end);
  const m = /(\$\(|`)\s*$/.exec(before);
  if (!m) return false;
  const head = before.slice(0, m.index);
  if (!/(^|[\s;&|(])[A-Za-z_][A-Za-z0-9_]*="?$/.test(head)) return false;
  return !/(^|[\s;&|(])(local|export|declare|readonly|typeset)\s+[^;&|]*$/.test(head);
}

const CHECKSUM_TOOLS = new Set(['sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'md5sum', 'shasum', 'b2sum', 'cksum']);

function isChecksumCheck(c: SimpleCommand): boolean {
  return CHECKSUM_TOOLS.has(c.baseName) && c.args.some((w) => w.value === '--check' || /^-[a-zA-Z]*c/.test(w.value));
}

function isGrepQuiet(c: SimpleCommand): boolean {
  return c.baseName === 'grep' && c.args.some((w) => /^-[a-zA-Z]*[qlLm]/.test(w.value) || /^--(quiet|silent|max-count|files-with(out)?-match)/.test(w.value));
}

/**
 * A pipe whose hidden failure matters: some command before the last can fail
 * (not `echo`/`printf`), and pipefail would not break it: `yes | …` and
 * readers that stop early (`| head`, `| grep -q`) make the writer die of
 * SIGPIPE, which pipefail turns into a failure. `… || true` ignores failure on purpose.
 */
function pipeMatters(model: DockerfileModel, script: ShellScript, p: Pipeline): boolean {
  if (p.commands.length < 2) return false;
  // In `$(…)`, pipefail changes an outcome only as the value of a bare assignment (`V=$(a | b)`);
  // `echo "$(a | b)"` succeeds either way.
  if (p.commands[0]!.inSubstitution && !assignedSubstitution(script, p)) return false;
  // A checksum check fails on empty or partial input by itself: `grep x SHASUMS | sha256sum -c -`.
  if (isChecksumCheck(p.commands[p.commands.length - 1]!)) return false;
  const producers = p.commands.slice(0, -1);
  if (producers.every((c) => HARMLESS_PRODUCERS.has(c.baseName) || (c.baseName === 'cat' && c.args.length === 0))) return false;
  if (producers.some((c) => c.baseName === 'yes')) return false;
  if (p.commands.slice(1).some((c) => c.baseName === 'head' || isGrepQuiet(c))) return false;
  const after = model.text.slice(p.span.end, p.span.end + 40);
  if (/^[ \t]*\|\|[ \t]*(true|:)\b/.test(after)) return false;
  return true;
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}

export const pipeWithoutPipefail = defineRule({
  meta: {
    id: 'BH146',
    name: 'pipe-without-pipefail',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A RUN pipes commands (`curl … | tar`) without `pipefail`, so a failed download or check before the last command does not fail the build.',
    references: [
      { title: 'hadolint DL4006 — Set the SHELL option -o pipefail before RUN with a pipe in it', url: 'https://github.com/hadolint/hadolint/wiki/DL4006' },
      { title: 'Docker docs — Using pipes', url: 'https://docs.docker.com/build/building/best-practices/#using-pipes' },
      { title: 'bash(1) — Pipelines', url: 'https://man7.org/linux/man-pages/man1/bash.1.html' },
    ],
    hadolint: ['DL4006'],
    fixable: 'unsafe',
    messages: {
      noPipefail: 'The pipe `{pipe}` runs without `pipefail`: if `{first}` fails, the RUN still succeeds with whatever reached `{last}`. {advice}',
    },
  },
  checkDockerfile({ model, report }) {
    // Findings of one stage that need a SHELL share one insertion, so fix-all inserts it once.
    const shellInsertAt = new Map<Stage, Instruction>();
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if (ins.keyword !== 'RUN' || !site.stage || !ins.shell) continue;
      // Most RUNs pipe nothing: the stage's SHELL is worked out only for those that do.
      if (!ins.shell.some((script) => script.pipelines.some((p) => p.commands.length > 1))) continue;
      const stage = site.stage;
      // Exec form (`["bash", "-c", "…"]`) runs the program it names, not the SHELL.
      const exec = ins.form === 'exec' ? ins.execArgs?.map((a) => a.value) : undefined;
      const shell: ShellInfo = exec?.length
        ? { name: exec[0]!.slice(exec[0]!.lastIndexOf('/') + 1), pipefail: setsPipefail(exec.slice(1)) }
        : shellAt(model, stage, site.onbuild ? undefined : ins);
      if (shell.pipefail) continue;
      ins.shell.forEach((script, index) => {
        const heredoc = index > 0 ? ins.heredocs.find((h) => h.body && h.body.span.start === script.offset) : undefined;
        let shellName = shell.name;
        let bodyStart = script.offset;
        if (heredoc) {
          // A heredoc with a shebang runs with that interpreter.
          const shebang = /^#![ \t]*(\S+)(?:[ \t]+(\S+))?[^\r\n]*(\r\n|\n|\r)?/.exec(script.text);
          if (shebang) {
            const prog = shebang[1]!.slice(shebang[1]!.lastIndexOf('/') + 1);
            const name = prog === 'env' && shebang[2] ? shebang[2] : prog;
            if (!SHEBANG_SHELLS.has(name)) return;
            shellName = name;
            bodyStart = script.offset + shebang[0].length;
          }
        }
        const pipe = script.pipelines.find((p) => pipeMatters(model, script, p) && !scriptSetsPipefail(script, p.span.start));
        if (!pipe) return;
        const first = pipe.commands[0]!;
        const last = pipe.commands[pipe.commands.length - 1]!;
        const family = imageFamily(stageChain(model, stage).pop()!.image);
        // `set -o pipefail` works in bash, zsh, ksh and BusyBox ash; Alpine's /bin/sh is ash and RHEL's is bash.
        const setWorks = PIPEFAIL_SHELLS.has(shellName) || (shellName === 'sh' && (family === 'alpine' || family === 'rhel'));
        const bashAvailable = shellName === 'sh' && !heredoc && family === 'debian';
        const fixes: FixProposal[] = [];
        let advice: string;
        if (exec) {
          advice = 'Start the script with `set -o pipefail;` (in a shell that has it, such as bash).';
        } else if (setWorks) {
          advice = heredoc ? 'Add `set -o pipefail` at the top of the script.' : 'Start the command with `set -o pipefail &&`.';
          const edit = heredoc ? setLineEdit(model, bodyStart) : prefixEdit(script);
          if (edit) fixes.push({ id: 'set-pipefail', title: heredoc ? 'Add `set -o pipefail` to the script (fails the build when a piped command fails)' : 'Prefix `set -o pipefail &&` (fails the build when a piped command fails)', safe: false, edits: [edit] });
        } else if (bashAvailable) {
          advice = 'Debian\'s /bin/sh (dash) has no pipefail: run the stage\'s RUNs with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.';
          const at = shellInsertAt.get(stage) ?? (site.onbuild ? undefined : ins);
          if (at && !site.onbuild) {
            shellInsertAt.set(stage, at);
            fixes.push({ id: 'shell-pipefail', title: 'Insert `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (later RUNs of the stage run in bash and fail when a piped command fails)', safe: false, edits: [insertLinesBefore(model, at, [`${keyword(model, 'SHELL')} ["/bin/bash", "-o", "pipefail", "-c"]`])] });
          }
        } else {
          advice = heredoc
            ? 'Add `set -o pipefail` at the top of the script, or run it with bash.'
            : 'Use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, or `set -o pipefail &&` where /bin/sh supports it.';
        }
        report({
          messageId: 'noPipefail',
          data: { pipe: shorten(model.text.slice(pipe.span.start, pipe.span.end)), first: first.baseName || first.name || 'the first command', last: last.baseName || last.name || 'the last command', advice },
          span: pipe.span,
          fixes,
        });
      });
    }
  },
});

/** `set -o pipefail && ` before the first word of the RUN's script. */
function prefixEdit(script: ShellScript): TextEdit | undefined {
  const m = /\S/.exec(script.text);
  if (!m) return undefined;
  const at = script.offset + m.index;
  return { start: at, end: at, text: 'set -o pipefail && ' };
}

/** A `set -o pipefail` line at `at` (the start of a heredoc body, after any shebang), with the document's line ending. */
function setLineEdit(model: DockerfileModel, at: number): TextEdit {
  return { start: at, end: at, text: 'set -o pipefail' + model.lines.eol };
}
