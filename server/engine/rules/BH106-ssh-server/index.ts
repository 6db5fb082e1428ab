import { defineRule } from '../rule';
import type { DArgument, Instruction, Stage } from '../../model/dockerfile';
import { parseShell, type ShellScript, type SimpleCommand } from '../../parse/shell';
import { substituteVariables } from '../../parse/variables';
import { stageChain, varsInScope } from '../../analysis/dockerfile';
import { effectiveCommand, finalImageStages, positionalArgs, shellCArgument } from '../../analysis/commands';
import type { Span } from '../../types';
import { displayVariables } from '../../analysis/runtime';

const DAEMONS = new Set(['sshd', 'dropbear']);
/** Start scripts named for what they do (`ssh-init.sh` of the dev container sshd feature, `start-sshd.sh`). */
const SSH_SCRIPT = /^((start|run)[-_]?sshd?|sshd?[-_](init|start|server|entrypoint))\.sh$/i;
const SERVICES = new Set(['ssh', 'sshd', 'openssh', 'openssh-server', 'dropbear']);
const START = new Set(['start', 'restart', 'reload', 'force-reload']);

/** The command starts an SSH server: `sshd -D`, `service ssh start`, `/etc/init.d/ssh start`, `rc-service sshd start`, `systemctl start sshd`. */
export function startsSshd(cmd: SimpleCommand): boolean {
  const eff = effectiveCommand(cmd);
  if (!eff) return false;
  const args = eff.args.map((w) => w.value);
  if (DAEMONS.has(eff.baseName) || SSH_SCRIPT.test(eff.baseName)) return true;
  if (eff.baseName === 'service' || eff.baseName === 'rc-service') {
    const pos = positionalArgs(eff.args).map((w) => w.value);
    return SERVICES.has(pos[0] ?? '') && START.has(pos[1] ?? '');
  }
  if (/^\/etc\/(init\.d|rc\.d)\/(ssh|sshd|dropbear)$/.test(eff.name)) return START.has(args[0] ?? '');
  if (eff.baseName === 'systemctl' || eff.baseName === 'rc-update') {
    return args.some((a) => START.has(a)) && args.some((a) => SERVICES.has(a.replace(/\.service$/, '')));
  }
  return false;
}

function* commandsDeep(script: ShellScript, depth = 0): Generator<SimpleCommand> {
  for (const cmd of script.commands) {
    yield cmd;
    const inner = depth < 3 ? shellCArgument(cmd) : undefined;
    if (inner) yield* commandsDeep(inner, depth + 1);
  }
}

/** Where a CMD/ENTRYPOINT starts an SSH server, or undefined. */
function sshdIn(text: string, ins: Instruction): Span | undefined {
  if (ins.form === 'exec') {
    const args = ins.execArgs ?? [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const base = a.value.slice(a.value.lastIndexOf('/') + 1);
      if (DAEMONS.has(base) || SSH_SCRIPT.test(base)) return a.span;
      if ((base === 'service' || base === 'rc-service') && SERVICES.has(args[i + 1]?.value ?? '') && START.has(args[i + 2]?.value ?? '')) return spanOf(a, args[i + 2]!);
      if (/^\/etc\/(init\.d|rc\.d)\/(ssh|sshd|dropbear)$/.test(a.value) && START.has(args[i + 1]?.value ?? '')) return spanOf(a, args[i + 1]!);
      if (/^-[a-z]*c[a-z]*$/.test(a.value) && i > 0 && /(^|\/)(ba|da|a|z|k)?sh$/.test(args[i - 1]!.value) && args[i + 1]) {
        const s = args[i + 1]!;
        // The JSON string maps onto the document when it has no escapes; else report the whole string.
        const raw = text.slice(s.span.start, s.span.end);
        const exact = raw.length === s.value.length + 2;
        const script = parseShell(s.value, exact ? s.span.start + 1 : 0);
        for (const cmd of commandsDeep(script)) if (startsSshd(cmd)) return exact ? cmd.span : s.span;
        i++;
      }
    }
    return undefined;
  }
  if (ins.form !== 'shell' || !ins.argsSpan) return undefined;
  const script = parseShell(text.slice(ins.argsSpan.start, ins.argsSpan.end), ins.argsSpan.start);
  for (const cmd of commandsDeep(script)) if (startsSshd(cmd)) return cmd.span;
  return undefined;
}

function spanOf(a: DArgument, b: DArgument): Span {
  return { start: a.span.start, end: b.span.end };
}

/** `22`, `22/tcp`, `20-30`, `20-30/tcp` contain port 22 (TCP). */
function exposesSsh(value: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(value.trim());
  if (!m) return false;
  if (m[3] && m[3].toLowerCase() !== 'tcp') return false;
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  return lo <= 22 && 22 <= hi;
}

export const sshServer = defineRule({
  meta: {
    id: 'BH106',
    name: 'ssh-server',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'network',
    description: 'The image exposes the SSH port 22 or its CMD/ENTRYPOINT starts an SSH daemon.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.7 — Ensure sshd is not run within containers' },
      { title: 'Docker docs — docker container exec', url: 'https://docs.docker.com/reference/cli/docker/container/exec/' },
    ],
    fixable: 'none',
    messages: {
      exposed: 'The image exposes the SSH port 22 (`{port}`): do not run an SSH server in a container; use `docker exec` (or `kubectl exec`) to get a shell.',
      daemon: 'The container starts an SSH daemon (`{command}`): do not run sshd in a container; use `docker exec` (or `kubectl exec`) to get a shell, and `docker cp` to move files.',
    },
  },
  checkDockerfile({ model, report }) {
    const target = model.stages[model.targetStage];
    if (!target) return;
    const final = finalImageStages(model);
    for (const stage of model.stages) {
      if (!final.has(stage.index)) continue;
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'EXPOSE') continue;
        const vars = varsInScope(model, stage, ins);
        for (const arg of ins.args) {
          const sub = substituteVariables(arg.value, vars, { escapeChar: model.escapeChar });
          if (sub.unresolved) continue;
          // An ARG can hold several ports (`EXPOSE $PORTS`).
          const port = sub.value.split(/\s+/).find(exposesSsh);
          if (port) report({ messageId: 'exposed', data: { port: arg.value === port ? `EXPOSE ${port}` : `EXPOSE ${displayVariables(arg.value)}\` = \`${port}` }, span: arg.span });
        }
      }
    }
    // The CMD and ENTRYPOINT the image runs with: the last of each in the chain (a later ENTRYPOINT resets an inherited CMD).
    const chain = stageChain(model, target);
    let entry: { ins: Instruction; stage: Stage } | undefined;
    let cmd: { ins: Instruction; stage: Stage } | undefined;
    for (const s of chain) {
      const own = s.instructions;
      const lastOf = (k: string) => [...own].reverse().find((i) => i.keyword === k);
      if (!entry) {
        const e = lastOf('ENTRYPOINT');
        if (e) {
          entry = { ins: e, stage: s };
          if (!cmd) {
            const c = lastOf('CMD');
            if (c) cmd = { ins: c, stage: s };
          }
          break;
        }
      }
      if (!cmd) {
        const c = lastOf('CMD');
        if (c) cmd = { ins: c, stage: s };
      }
    }
    for (const it of [entry, cmd]) {
      if (!it) continue;
      const span = sshdIn(model.text, it.ins);
      if (span) {
        const command = displayVariables(it.ins.form === 'exec'
          ? (it.ins.execArgs ?? []).filter((a) => a.span.start >= span.start && a.span.end <= span.end).map((a) => a.value).join(' ') || model.text.slice(span.start, span.end)
          : model.text.slice(span.start, span.end).replace(/\s+/g, ' '));
        report({ messageId: 'daemon', data: { command: command.length > 60 ? command.slice(0, 57) + '…' : command }, span });
      }
    }
  },
});
