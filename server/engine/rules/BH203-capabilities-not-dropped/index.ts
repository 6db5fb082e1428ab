import { isSeq, type Pair, type YAMLMap } from 'yaml';
import type { ComposeModel } from '../../model/compose';
import { defineRule } from '../rule';
import { normaliseCapability, ownPair, stringList, type StringList } from '../../analysis/compose';
import { appendSeqItem, insertPair, setEmptyValue } from '../../yaml/edit';
import type { TextEdit } from '../../types';

/** Keys after which `cap_drop` reads naturally, best first. */
const INSERT_AFTER = ['cap_add', 'security_opt', 'privileged', 'user', 'image', 'build'];

export const capabilitiesNotDropped = defineRule({
  meta: {
    id: 'BH203',
    name: 'capabilities-not-dropped',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'capabilities',
    description: 'A service keeps Docker\'s default capabilities: it has no `cap_drop: [ALL]`.',
    references: [
      { title: 'CIS Docker Benchmark 5.3 — Ensure that Linux kernel capabilities are restricted within containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      missing: 'Service `{service}` keeps Docker\'s default capabilities (CHOWN, NET_RAW, SETUID, …): add `cap_drop: [ALL]` and add back only what it needs.',
      incomplete: 'Service `{service}` drops some capabilities but not ALL: drop ALL and add back only what it needs.',
    },
  },
  checkCompose({ model, report }) {
    for (const service of model.services) {
      if (!service.map) continue;
      const drop = stringList(model, service, 'cap_drop');
      if (drop?.entries.some((e) => normaliseCapability(e.value) === 'ALL')) continue;
      if (drop && drop.entries.some((e) => e.value.includes('$'))) continue;
      const edits = dropAllEdits(model, service.map, drop);
      const fixes = edits ? [{ id: 'drop-all', title: 'Drop all capabilities (cap_drop: [ALL]; cap_add entries stay)', safe: false, edits }] : [];
      if (drop) {
        report({ messageId: 'incomplete', data: { service: service.name }, span: drop.found.keySpan ?? drop.found.span, fixes });
      } else {
        report({ messageId: 'missing', data: { service: service.name }, span: service.nameSpan, fixes });
      }
    }
  },
});

function dropAllEdits(model: ComposeModel, map: YAMLMap, drop: StringList | undefined): TextEdit[] | undefined {
  if (drop) {
    if (drop.seq) return appendSeqItem(model, drop.seq, 'ALL');
    const pair = drop.found.pair;
    if (pair && !isSeq(pair.value)) return setEmptyValue(model, pair, { seq: ['ALL'] });
    return undefined;
  }
  let after: Pair | undefined;
  for (const key of INSERT_AFTER) {
    after = ownPair(map, key);
    if (after) break;
  }
  return insertPair(model, map, 'cap_drop', { seq: ['ALL'] }, { after });
}
