import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, DProperty, Instruction, Stage } from '../../model/dockerfile';
import type { TextEdit } from '../../types';
import { maskSecret } from '../../mask';
import { classifyValue, findCredentials, isSecretName, parseReference } from '../../secrets/detect';
import { stageChain } from '../../analysis/dockerfile';

export const secretInArgEnv = defineRule({
  meta: {
    id: 'BH102',
    name: 'secret-in-arg-env',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'An ARG or ENV has a secret-like name or a credential-shaped value, which ends up in the image or its build history.',
    references: [
      { title: 'CIS Docker Benchmark 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
    ],
    fixable: 'unsafe',
    messages: {
      arg: 'Build argument `{name}` looks like a secret: build arguments are kept in the image metadata (`docker history`). Pass it as a build secret instead.',
      argDefault: 'Build argument `{name}` has a secret default ({masked}), kept in the Dockerfile and the image metadata. Pass it as a build secret instead.',
      env: 'ENV `{name}` bakes a secret ({masked}) into the image: every layer and container can read it. Pass it as a build secret, or at run time.',
      envFromArg: 'ENV `{name}` copies a value into the image environment, where every container can read it. Pass the secret as a build secret, or at run time.',
      credential: '{keyword} `{name}` holds {kind} ({masked}): the credential is baked into the Dockerfile and the image. Revoke it, and pass it as a build secret.',
    },
  },
  checkDockerfile({ model, report }) {
    const visit = (ins: Instruction, onbuild: boolean): void => {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') return;
      for (const p of ins.properties) {
        const value = p.value ?? '';
        const creds = findCredentials(value);
        const fixes = onbuild ? [] : moveToSecretFix(model, ins, p);
        if (creds.length) {
          const c = creds[0]!;
          report({
            messageId: 'credential',
            data: { keyword: ins.keyword, name: p.name, kind: c.kind, masked: maskSecret(c.secret) },
            span: p.nameSpan,
            severity: 'error',
            fixes,
          });
          continue;
        }
        if (!isSecretName(p.name)) continue;
        const kind = classifyValue(p.value);
        if (kind === 'path') continue; // `RESET_PASSWORD=resetPassword.sh`: points at a secret, is not one
        if (ins.keyword === 'ARG') {
          if (kind === 'literal') report({ messageId: 'argDefault', data: { name: p.name, masked: maskSecret(value) }, span: p.nameSpan, fixes });
          else report({ messageId: 'arg', data: { name: p.name }, span: p.nameSpan, fixes });
        } else if (kind === 'literal') {
          report({ messageId: 'env', data: { name: p.name, masked: maskSecret(value) }, span: p.nameSpan, fixes });
        } else if (kind === 'reference') {
          // `ENV X=$Y` copies build argument Y into the environment. Without an ARG Y in scope, $Y is empty
          // (or its `${Y:-fallback}`), so only a literal fallback is then a secret.
          const ref = parseReference(value)!;
          if (!onbuild && !argInScope(model, ins, ref.name)) {
            if (ref.fallback !== undefined && classifyValue(ref.fallback) === 'literal') {
              report({ messageId: 'env', data: { name: p.name, masked: maskSecret(ref.fallback) }, span: p.nameSpan, fixes });
            }
            continue;
          }
          report({ messageId: 'envFromArg', data: { name: p.name }, span: p.nameSpan, fixes });
        }
      }
    };
    for (const ins of model.instructions) {
      visit(ins, false);
      if (ins.trigger) visit(ins.trigger, true);
    }
  },
});

/** Whether an `ARG name` before `ins` in its stage makes `$name` a build argument there. */
function argInScope(model: DockerfileModel, ins: Instruction, name: string): boolean {
  const stage = model.stages.find((s) => s.index === ins.stageIndex);
  const before = stage ? stage.instructions : model.instructions.filter((i) => i.stageIndex < 0);
  return before.some((i) => i.keyword === 'ARG' && i.span.end <= ins.span.start && i.properties.some((q) => q.name === name));
}

/** `$NAME` or `${NAME…}` not preceded by a word character. */
function referenceRx(name: string): RegExp {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\$(?:${n}(?![A-Za-z0-9_])|\\{${n}(?=[}:?+-]))`);
}

/** The instructions that can see the variable: later ones in its stage and, for ENV and stage ARGs, in stages built FROM it. */
function instructionsInScope(model: DockerfileModel, ins: Instruction): Instruction[] {
  if (ins.stageIndex < 0) {
    // A global ARG is visible in FROM lines and, after `ARG NAME`, in any stage.
    return model.instructions.filter((i) => i.span.start > ins.span.end);
  }
  const out: Instruction[] = [];
  for (const stage of model.stages) {
    const inherits = stage.index === ins.stageIndex || (ins.keyword === 'ENV' && stageChain(model, stage).some((s: Stage) => s.index === ins.stageIndex));
    if (!inherits) continue;
    for (const i of stage.instructions) if (i.span.start > ins.span.end) out.push(i);
  }
  return out;
}

function usesVariable(ins: Instruction, rx: RegExp): boolean {
  const words = ins.shell?.flatMap((s) => s.commands.flatMap((c) => [...(c.nameWord ? [c.nameWord] : []), ...c.args, ...c.assignments.flatMap((a) => (a.value ? [a.value] : []))])) ?? [];
  if (words.some((w) => rx.test(w.raw))) return true;
  if (ins.execArgs?.some((a) => rx.test(a.value))) return true;
  return ins.heredocs.some((h) => h.body && rx.test(h.body.text));
}

function moveToSecretFix(model: DockerfileModel, ins: Instruction, p: DProperty): FixProposal[] {
  const id = p.name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
  const rx = referenceRx(p.name);
  const edits: TextEdit[] = [removeProperty(model, ins, p)];
  for (const other of instructionsInScope(model, ins)) {
    const text = model.text.slice(other.span.start, other.span.end);
    if (!rx.test(text)) continue;
    if (other.keyword !== 'RUN') return []; // used outside RUN (CMD, LABEL, ENV X=$NAME…): a build secret cannot feed it
    if (!usesVariable(other, rx)) continue;
    if (other.flags.some((f) => f.name === 'mount' && /type=secret/.test(f.value ?? '') && new RegExp(`env=${p.name}(,|$)`).test(f.value ?? ''))) continue;
    const first = Math.min(other.flags[0]?.span.start ?? Infinity, other.argsSpan?.start ?? Infinity);
    const at = Number.isFinite(first) ? first : other.keywordSpan.end;
    const sep = Number.isFinite(first) ? '' : ' ';
    edits.push({ start: at, end: at, text: `${sep}--mount=type=secret,id=${id},env=${p.name} ` });
  }
  if (!model.directives.some((d) => d.name.toLowerCase() === 'syntax')) {
    edits.push({ start: 0, end: 0, text: `# syntax=docker/dockerfile:1${model.lines.eol}` });
  }
  return [
    {
      id: 'move-to-build-secret',
      title: `Move ${p.name} to a build secret (build with --secret id=${id},env=${p.name})`,
      safe: false,
      edits,
    },
  ];
}

/** Removes one NAME=value pair, or the whole instruction (its lines) when it is the only one. */
function removeProperty(model: DockerfileModel, ins: Instruction, p: DProperty): TextEdit {
  const { lines } = model;
  if (ins.properties.length === 1) {
    const first = lines.positionAt(ins.span.start).line;
    const last = lines.positionAt(Math.max(ins.span.start, ins.span.end - 1)).line;
    if (last + 1 < lines.lineCount) return { start: lines.lineStart(first), end: lines.lineStart(last + 1), text: '' };
    return { start: first > 0 ? lines.lineContentEnd(first - 1) : 0, end: lines.lineContentEnd(last), text: '' };
  }
  const i = ins.properties.indexOf(p);
  if (i === 0) return { start: p.span.start, end: ins.properties[1]!.span.start, text: '' };
  return { start: ins.properties[i - 1]!.span.end, end: p.span.end, text: '' };
}
