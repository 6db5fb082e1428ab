import { defineRule, type FixProposal } from '../rule';
import type { Instruction } from '../../model/dockerfile';
import type { Word } from '../../parse/shell';
import type { Span } from '../../types';
import { substituteVariables } from '../../parse/variables';
import { varsInScope } from '../../analysis/dockerfile';
import { effectiveCommand, finalImageStages, findOptions, instructionSites, positionalArgs, runCommands, type CommandSite, type InstructionSite } from '../../analysis/commands';
import { displayVariables } from '../../analysis/runtime';

interface ModeBits {
  worldWritable: boolean;
  setuid: boolean;
  setgid: boolean;
  sticky: boolean;
  /** For an octal mode: the mode with group/other write and setuid/setgid cleared, in as many digits as written. */
  safer?: (clearWrite: boolean, clearSpecial: boolean) => string;
}

/** Reads a chmod mode (octal or symbolic, `u+s,o+w`); undefined when it is not one or depends on a variable. */
export function parseMode(mode: string): ModeBits | undefined {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const n = parseInt(mode, 8);
    return {
      worldWritable: (n & 0o002) !== 0,
      setuid: (n & 0o4000) !== 0,
      setgid: (n & 0o2000) !== 0,
      sticky: (n & 0o1000) !== 0,
      safer: (clearWrite, clearSpecial) => {
        let m = n;
        if (clearWrite) m &= ~0o022;
        if (clearSpecial) m &= ~0o6000;
        const digits = m.toString(8);
        return digits.padStart(Math.min(mode.length, 4), '0').slice(-Math.max(mode.length, digits.length));
      },
    };
  }
  const out: ModeBits = { worldWritable: false, setuid: false, setgid: false, sticky: false };
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1]!;
    for (const op of m[2]!.match(/[-+=][rwxXst]*/g) ?? []) {
      if (op[0] === '-') continue;
      const perms = op.slice(1);
      const all = who === '' || who.includes('a');
      // `+w` without a who is limited by the umask (022 in builds): not world-writable.
      if (perms.includes('w') && (who.includes('o') || who.includes('a'))) out.worldWritable = true;
      if (perms.includes('s') && (all || who.includes('u'))) out.setuid = true;
      if (perms.includes('s') && (all || who.includes('g'))) out.setgid = true;
      if (perms.includes('t')) out.sticky = true;
    }
  }
  return out;
}

/** Paths of executables, where a setgid bit escalates privileges (on a directory it only sets the group of new files). */
const EXECUTABLE_PATH = /(^|\/)(s?bin|libexec)\/[^/]+$/;

export const unsafePermissions = defineRule({
  meta: {
    id: 'BH115',
    name: 'unsafe-permissions',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'filesystem',
    description: 'A file mode in the image is world-writable (without the sticky bit) or sets setuid/setgid: `chmod 777`, `chmod u+s`, `COPY --chmod=777`, `install -m 4755`, `mkdir -m 777`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.8 — Ensure setuid and setgid permissions are removed' },
      { title: 'chmod(1)', url: 'https://man7.org/linux/man-pages/man1/chmod.1.html' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #4: Prevent in-container privilege escalation', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      worldWritable: '`{mode}` makes {target} world-writable: any process in the container, whatever its user, can change it (replace a script, plant a library). Give write access to the user that needs it (`chown`, `755`/`644`), or add the sticky bit for a shared temporary directory (`1777`).',
      setuid: '`{mode}` sets the setuid bit on {target}: whoever runs it gets its owner\'s rights (root), a direct privilege escalation inside the container. Remove the bit and switch users with USER instead.',
      setgid: '`{mode}` sets the setgid bit on {target}: whoever runs it gets its group\'s rights. Remove the bit.',
    },
  },
  checkDockerfile({ model, report }) {
    const describe = (targets: string[]): string =>
      targets.length === 0 ? 'the files' : targets.length === 1 ? `\`${displayVariables(targets[0]!)}\`` : `\`${displayVariables(targets[0]!)}\` and ${targets.length - 1} more`;

    const judge = (mode: string, span: Span, editable: boolean, targets: string[], executable: boolean): void =>
      judgeLabel(mode, span, editable, describe(targets), executable);
    const judgeLabel = (mode: string, span: Span, editable: boolean, target: string, executable: boolean): void => {
      const bits = parseMode(mode);
      if (!bits) return;
      const ww = bits.worldWritable && !bits.sticky;
      const setgid = bits.setgid && executable;
      if (!ww && !bits.setuid && !setgid) return;
      const fixes: FixProposal[] = [];
      if (bits.safer && editable) {
        const text = bits.safer(ww, bits.setuid || setgid);
        if (text !== mode) {
          const what = [ww ? 'group and other write' : '', bits.setuid || setgid ? 'the setuid/setgid bits' : ''].filter(Boolean).join(' and ');
          const note = ww ? '; only the owner can write then' : '';
          fixes.push({ id: 'safer-mode', title: `Use mode ${text} (drops ${what}${note})`, safe: false, edits: [{ start: span.start, end: span.end, text }] });
        }
      }
      const messageId = bits.setuid ? 'setuid' : setgid ? 'setgid' : 'worldWritable';
      report({ messageId, data: { mode: displayVariables(mode), target }, span, fixes });
      // A mode that is both: the world-writable part gets its own finding.
      if (messageId !== 'worldWritable' && ww) report({ messageId: 'worldWritable', data: { mode: displayVariables(mode), target }, span });
    };

    // RUN: chmod, install -m, mkdir -m. Only where the files reach an image: the final image's stages, and ONBUILD triggers (a child image).
    const final = finalImageStages(model);
    // ONBUILD triggers of the image itself run in the images built FROM it.
    const reaches = (site: InstructionSite): boolean => site.inFinalImage || (site.onbuild && !!site.stage && final.has(site.stage.index));
    const byInstruction = new Map<Instruction, CommandSite[]>();
    for (const site of runCommands(model)) {
      if (!reaches(site)) continue;
      const list = byInstruction.get(site.instruction) ?? [];
      list.push(site);
      byInstruction.set(site.instruction, list);
    }
    for (const sites of byInstruction.values()) {
      sites.forEach((site, index) => {
        const eff = effectiveCommand(site.command);
        if (!eff || site.command.inSubstitution) return;
        // Removed again later in the same RUN (`chmod 777 "$tmp" … rm -rf "$tmp"`): it never reaches the image.
        const removedLater = (w: Word): boolean =>
          sites.slice(index + 1).some((s) => {
            const e = effectiveCommand(s.command);
            return !!e && e.baseName === 'rm' && e.args.some((a) => a.raw === w.raw);
          });
        if (eff.baseName === 'chmod') {
          const pos = positionalArgs(eff.args, ['reference']);
          const modeWord = pos[0];
          if (!modeWord || modeWord.dynamic || eff.args.some((a) => a.value.startsWith('--reference'))) return;
          const targets = pos.slice(1).filter((w) => !removedLater(w));
          if (pos.length > 1 && targets.length === 0) return;
          const executable = targets.some((t) => EXECUTABLE_PATH.test(t.value));
          judge(modeWord.value, modeWord.span, modeWord.raw === modeWord.value, targets.map((t) => t.value), executable);
        } else if (eff.baseName === 'find') {
          // `find /data -type d -exec chmod 777 {} +`
          const i = eff.args.findIndex((a) => a.value === '-exec' || a.value === '-execdir' || a.value === '-ok' || a.value === '-okdir');
          const tool = i >= 0 ? eff.args[i + 1] : undefined;
          if (!tool || tool.value.slice(tool.value.lastIndexOf('/') + 1) !== 'chmod') return;
          const rest = eff.args.slice(i + 2);
          const end = rest.findIndex((a) => a.value === ';' || a.value === '+' || a.value === '\\;');
          const pos = positionalArgs(end >= 0 ? rest.slice(0, end) : rest, ['reference']);
          const modeWord = pos[0];
          if (!modeWord || modeWord.dynamic) return;
          const roots = positionalArgs(eff.args.slice(0, i)).filter((w) => !w.value.startsWith('('));
          const label = roots.length ? `the files \`find ${roots[0]!.value}\` selects` : 'the files `find` selects';
          judgeLabel(modeWord.value, modeWord.span, modeWord.raw === modeWord.value, label, eff.args.some((a) => a.value === 'f') && roots.some((r) => /(^|\/)(s?bin|libexec)(\/|$)/.test(r.value)));
        } else if (eff.baseName === 'install' || eff.baseName === 'mkdir') {
          const valueOptions = eff.baseName === 'install' ? ['o', 'g', 'S', 't', 'owner', 'group', 'suffix', 'target-directory', 'context'] : ['context'];
          const m = findOptions(eff.args, { short: ['m'], long: ['mode'], takesValue: true }, valueOptions)[0];
          if (!m?.value || m.value.word.dynamic) return;
          const pos = positionalArgs(eff.args, ['m', 'mode', ...valueOptions]).filter((w) => !removedLater(w));
          if (pos.length === 0) return;
          const targets = eff.baseName === 'install' && pos.length > 1 ? [pos[pos.length - 1]!] : pos;
          const executable = eff.baseName === 'install' && !eff.args.some((a) => a.value === '-d' || a.value === '--directory');
          const plain = m.value.word.raw === m.value.word.value;
          judge(m.value.text, m.value.span, plain, targets.map((t) => t.value), executable);
        }
      });
    }

    // COPY/ADD --chmod.
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !reaches(site)) continue;
      const flag = ins.flags.find((f) => f.name.toLowerCase() === 'chmod');
      if (!flag?.value || !flag.valueSpan) continue;
      let mode = flag.value;
      if (mode.includes('$')) {
        if (!site.stage) continue;
        const sub = substituteVariables(mode, varsInScope(model, site.stage, ins), { escapeChar: model.escapeChar });
        if (sub.unresolved) continue;
        mode = sub.value;
      }
      const args = ins.form === 'exec' ? ins.execArgs ?? [] : ins.args;
      const dest = args[args.length - 1]?.value ?? '';
      const sources = args.slice(0, -1).map((a) => a.value);
      const executable = /(^|\/)(s?bin|libexec)(\/|$)/.test(dest) || sources.some((s) => EXECUTABLE_PATH.test(s));
      judge(mode, flag.valueSpan, mode === flag.value && model.text.slice(flag.valueSpan.start, flag.valueSpan.end) === flag.value, [dest], executable);
    }
  },
});
