import type { Pair } from 'yaml';
import { defineRule } from '../rule';
import type { ComposeService } from '../../model/compose';
import { pairSpan } from '../../yaml/source';
import { removePair } from '../../yaml/edit';
import { serviceList } from '../BH202-dangerous-capability/capabilities';

/**
 * A boolean as docker compose reads it. YAML `true` (any case under the core
 * schema), or a string: compose casts the strings of boolean fields after
 * interpolation, accepting `y`, `yes`, `true` and `on` in any case.
 */
export function composeTrue(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === 'string' && ['y', 'yes', 'true', 'on'].includes(value.trim().toLowerCase());
}

/** The `privileged` pair that makes a service privileged, when it is. */
export function privilegedPair(service: ComposeService): Pair | undefined {
  const v = service.get('privileged');
  return v?.pair && composeTrue(v.value) ? v.pair : undefined;
}

export const privilegedService = defineRule({
  meta: {
    id: 'BH201',
    name: 'privileged-service',
    appliesTo: ['compose'],
    defaultSeverity: 'error',
    category: 'privilege',
    description: 'A service runs with `privileged: true`: every capability, every host device, and no seccomp or AppArmor confinement.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.5 — Ensure that privileged containers are not used' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      privileged:
        'Service {services} runs privileged: it gets every capability and every host device, without seccomp or AppArmor, so escaping to the host is trivial. Grant only the capabilities or devices it needs.',
      privilegedShared:
        'Services {services} run privileged through this shared setting: they get every capability and every host device, without seccomp or AppArmor, so escaping to the host is trivial. Grant only the capabilities or devices they need.',
    },
  },
  checkCompose({ model, report }) {
    // One finding per written `privileged: true`, naming every service it reaches (an anchor may serve several).
    const byPair = new Map<Pair, string[]>();
    for (const service of model.services) {
      const pair = privilegedPair(service);
      if (!pair) continue;
      const names = byPair.get(pair);
      if (names) names.push(service.name);
      else byPair.set(pair, [service.name]);
    }
    for (const [pair, names] of byPair) {
      const span = pairSpan(model, pair);
      if (!span) continue;
      const edits = removePair(model, pair);
      report({
        messageId: names.length === 1 ? 'privileged' : 'privilegedShared',
        data: { services: serviceList(names) },
        span,
        fixes: edits ? [{ id: 'remove-privileged', title: 'Remove privileged mode', safe: false, edits }] : [],
      });
    }
  },
});

