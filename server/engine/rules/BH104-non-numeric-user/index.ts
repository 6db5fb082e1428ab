import { defineRule, type FixProposal } from '../rule';
import { stageChain } from '../../analysis/dockerfile';
import { createdIds } from '../../analysis/runtime';
import { effectiveUser, isRootUser, isWindowsImage } from '../../analysis/users';

interface Options {
  allowedUsers: string[];
}

const DIGITS = /^\d+$/;

export const nonNumericUser = defineRule<Options>({
  meta: {
    id: 'BH104',
    name: 'non-numeric-user',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'privilege',
    description: 'The image runs as a user given by name, which orchestrators that require a non-root UID (Kubernetes `runAsNonRoot`) cannot verify.',
    references: [
      { title: 'Kubernetes — Configure a Security Context for a Pod or Container (runAsNonRoot)', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
      { title: 'CIS Docker Benchmark v1.6.0 4.1 — Ensure that a user for the container has been created' },
      { title: 'Dockerfile reference — USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
    ],
    fixable: 'safe',
    messages: {
      named: 'The image runs as `{user}`, a user name: Kubernetes `runAsNonRoot` and other admission checks cannot verify that a name is not root. Use a numeric UID ({example}).',
    },
    options: {
      type: 'object',
      properties: {
        allowedUsers: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'User names that are accepted as they are (for example when every deployment sets `runAsUser`).',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const final = model.stages[model.targetStage];
    if (!final) return;
    const chain = stageChain(model, final);
    if (isWindowsImage(chain[chain.length - 1]!.image)) return;
    const last = effectiveUser(model, chain);
    // No USER, a root USER (BH101) or a value that depends on an unset ARG: nothing to say here.
    if (!last || !last.value || last.unresolved || isRootUser(last.value)) return;
    const [user = '', group] = last.value.split(':');
    if (DIGITS.test(user) || options.allowedUsers.includes(user)) return;

    const ids = createdIds(model, chain);
    const uid = ids.uids.get(user);
    const written = last.ins.args.map((a) => a.value).join(' ').trim();
    const fixes: FixProposal[] = [];
    const span = last.ins.argsSpan ?? last.ins.keywordSpan;
    if (uid && !written.includes('$') && last.ins.args.length === 1) {
      const gid = group === undefined ? undefined : DIGITS.test(group) ? group : ids.gids.get(group) ?? group;
      const text = gid === undefined ? uid : `${uid}:${gid}`;
      const arg = last.ins.args[0]!;
      fixes.push({ id: 'numeric-uid', title: `Use the numeric UID: USER ${text}`, safe: true, edits: [{ start: arg.span.start, end: arg.span.end, text }] });
    }
    const example = uid ? `\`USER ${uid}\`, the UID this Dockerfile gives it` : 'for example `USER 10001`, with the UID the image gives the user';
    report({ messageId: 'named', data: { user, example }, span, fixes });
  },
});
