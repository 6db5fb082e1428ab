import { defineRule } from '../rule';
import type { DFlag } from '../../model/dockerfile';
import type { Severity } from '../../types';
import { instructionSites, removeWordEdit } from '../../analysis/commands';
import { own } from '../../util/own';

/** RUN flags that lift the build sandbox, by `name=value`. */
const INSECURE: Record<string, { messageId: string; severity?: Severity }> = {
  'security=insecure': { messageId: 'securityInsecure', severity: 'error' },
  'network=host': { messageId: 'networkHost' },
};

export const insecureBuildStep = defineRule({
  meta: {
    id: 'BH143',
    name: 'insecure-build-step',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: 'A RUN lifts the build sandbox: `--security=insecure` (a privileged build step) or `--network=host` (the builder host\'s network).',
    references: [
      { title: 'Dockerfile reference — RUN --security', url: 'https://docs.docker.com/reference/dockerfile/#run---security' },
      { title: 'Dockerfile reference — RUN --network', url: 'https://docs.docker.com/reference/dockerfile/#run---network' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      securityInsecure: '{where} runs with `--security=insecure`: the step is privileged (every capability, host devices, no seccomp or AppArmor) and can take over the builder host. Remove the flag, or do the privileged work outside the build.',
      networkHost: '{where} runs with `--network=host`: the step shares the builder host\'s network, reaching its local services and cloud metadata endpoint. Remove the flag unless the build really needs the host network.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if (ins.keyword !== 'RUN') continue;
      for (const f of ins.flags) {
        const hit = own(INSECURE, flagKey(f));
        if (!hit) continue;
        const title = `Remove --${f.name}=${f.value} (changes what the step can do)`;
        report({
          messageId: hit.messageId,
          data: { where: site.onbuild ? 'An ONBUILD RUN' : 'RUN' },
          span: f.span,
          severity: hit.severity,
          fixes: [{ id: 'remove-flag', title, safe: false, edits: [removeWordEdit(model.text, f.span)] }],
        });
      }
    }
  },
});

function flagKey(f: DFlag): string {
  return `${f.name.toLowerCase()}=${(f.value ?? '').trim().toLowerCase()}`;
}
