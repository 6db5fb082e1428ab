import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, DProperty, Instruction, Stage } from '../../model/dockerfile';
import type { TextEdit } from '../../types';
import { maskSecret } from '../../mask';
import { classifyValue, findCredentials, isSecretName, parseReference } from '../../secrets/detect';
import { stageChain } from '../../analysis/dockerfile';
import { addMountEdit, secretIdFor, secretMounts, syntaxDirectiveEdits } from '../../analysis/buildSecrets';

export const secretInArgEnv = defineRule({
  meta: {
    id: 'BH102',
    name: 'secret-in-arg-env',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'An ARG or ENV has a secret-like name or a credential-shaped value, which ends up in the image or its build history.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
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
      argConfigured: 'Build argument `{name}` gets a secret value ({masked}) from `buildArgs` in the Bulkhead configuration: whoever builds with it keeps the value in the image metadata (`docker history`). Pass it as a build secret instead.',
      credentialConfigured: 'Build argument `{name}` gets {kind} ({masked}) from `buildArgs` in the Bulkhead configuration: built that way, the credential is kept in the image metadata. Revoke it, and pass it as a build secret.',
    },
  },
  checkDockerfile({ model, report }) {
    const visit = (ins: Instruction, onbuild: boolean): void => {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') return;
      for (const p of ins.properties) {
        const value = p.value ?? '';
        const creds = findCredentials(value);
        // A value given in the configuration (`buildArgs`) overrides the default for this build;
        // ONBUILD ARGs take their value in a child build, which the configuration does not describe.
        const configured = !onbuild && ins.keyword === 'ARG' && Object.prototype.hasOwnProperty.call(model.buildArgs, p.name) ? model.buildArgs[p.name]! : undefined;
        if (configured !== undefined && !creds.length) {
          const cc = findCredentials(configured);
          if (cc.length) {
            report({ messageId: 'credentialConfigured', data: { name: p.name, kind: cc[0]!.kind, masked: maskSecret(cc[0]!.secret) }, span: p.nameSpan, severity: 'error', fixes: secretFixes(model, ins, p, onbuild) });
            continue;
          }
          if (isSecretName(p.name) && classifyValue(configured) === 'literal') {
            report({ messageId: 'argConfigured', data: { name: p.name, masked: maskSecret(configured) }, span: p.nameSpan, fixes: secretFixes(model, ins, p, onbuild) });
            continue;
          }
        }
        if (creds.length) {
          const c = creds[0]!;
          report({
            messageId: 'credential',
            data: { keyword: ins.keyword, name: p.name, kind: c.kind, masked: maskSecret(c.secret) },
            span: p.nameSpan,
            severity: 'error',
            fixes: secretFixes(model, ins, p, onbuild),
          });
          continue;
        }
        if (!isSecretName(p.name)) continue;
        const kind = classifyValue(p.value);
        if (kind === 'path') continue; // `RESET_PASSWORD=resetPassword.sh`: points at a secret, is not one
        if (ins.keyword === 'ARG') {
          if (kind === 'literal') report({ messageId: 'argDefault', data: { name: p.name, masked: maskSecret(value) }, span: p.nameSpan, fixes: secretFixes(model, ins, p, onbuild) });
          else report({ messageId: 'arg', data: { name: p.name }, span: p.nameSpan, fixes: secretFixes(model, ins, p, onbuild) });
        } else if (kind === 'literal') {
          report({ messageId: 'env', data: { name: p.name, masked: maskSecret(value) }, span: p.nameSpan, fixes: secretFixes(model, ins, p, onbuild) });
        } else if (kind === 'reference') {
          // `ENV X=$Y` copies build argument Y into the environment. Without an ARG Y in scope, $Y is empty
          // (or its `${Y:-fallback}`), so only a literal fallback is then a secret.
          const ref = parseReference(value)!;
          if (!onbuild && !argInScope(model, ins, ref.name)) {
            if (ref.fallback !== undefined && classifyValue(ref.fallback) === 'literal') {
              report({ messageId: 'env', data: { name: p.name, masked: maskSecret(ref.fallback) }, span: p.nameSpan, fixes: secretFixes(model, ins, p, onbuild) });
            }
            continue;
          }
          report({ messageId: 'envFromArg', data: { name: p.name }, span: p.nameSpan, fixes: secretFixes(model, ins, p, onbuild) });
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

export function moveToSecretFix(model: DockerfileModel, ins: Instruction, p: DProperty): FixProposal[] {
  const id = secretIdFor(p.name);
  const rx = referenceRx(p.name);
  const edits: TextEdit[] = [removeProperty(model, ins, p)];
  for (const other of instructionsInScope(model, ins)) {
    const text = model.text.slice(other.span.start, other.span.end);
    if (!rx.test(text)) continue;
    if (other.keyword !== 'RUN') return []; // used outside RUN (CMD, LABEL, ENV X=$NAME…): a build secret cannot feed it
    if (!usesVariable(other, rx)) continue;
    if (secretMounts(other).some((m) => m.env === p.name)) continue;
    edits.push(addMountEdit(other, `type=secret,id=${id},env=${p.name}`));
  }
  edits.push(...syntaxDirectiveEdits(model));
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

/**
 * The fix of a reported property (a property is reported once at most). It reads every later
 * instruction, so it is built only for properties that are reported; ONBUILD ones get none.
 */
function secretFixes(model: DockerfileModel, ins: Instruction, p: DProperty, onbuild: boolean): FixProposal[] {
  return onbuild ? [] : moveToSecretFix(model, ins, p);
}
