import { defineRule } from '../rule';
import { isTrue } from '../../analysis/compose';
import { removePair } from '../../yaml/edit';

export const privilegedService = defineRule({
  meta: {
    id: 'BH201',
    name: 'privileged-service',
    appliesTo: ['compose'],
    defaultSeverity: 'error',
    category: 'privilege',
    description: 'A service runs with `privileged: true`: every capability, every host device, and no seccomp or AppArmor confinement.',
    references: [
      { title: 'CIS Docker Benchmark 5.4 — Ensure that privileged containers are not used' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      privileged: 'Service `{service}` runs privileged: it gets every capability and every host device, and escaping to the host is trivial. Grant only the capabilities or devices it needs.',
      privilegedFromAnchor: 'Service `{service}` runs privileged (set in a shared anchor): it gets every capability and every host device. Grant only the capabilities or devices it needs.',
    },
  },
  checkCompose({ model, report }) {
    for (const service of model.services) {
      const v = service.get('privileged');
      if (!v || !isTrue(v.value)) continue;
      const span = { start: v.keySpan?.start ?? v.span.start, end: v.span.end };
      const edits = v.pair ? removePair(model, v.pair) : undefined;
      report({
        messageId: v.indirect ? 'privilegedFromAnchor' : 'privileged',
        data: { service: service.name },
        span,
        fixes: edits ? [{ id: 'remove-privileged', title: v.indirect ? 'Remove privileged mode (from the shared anchor)' : 'Remove privileged mode', safe: false, edits }] : [],
      });
    }
  },
});
