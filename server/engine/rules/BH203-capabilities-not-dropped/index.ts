import type { Pair } from 'yaml';
import { nodeSpan } from '../../yaml/source';
import { defineRule } from '../rule';
import type { ComposeModel, ComposeService } from '../../model/compose';
import type { TextEdit } from '../../types';
import { detectStyle, type YamlStyle } from '../../yaml/style';
import { appendSeqItem, insertPair, setEmptyValue } from '../../yaml/edit';
import { isNullValue, ownPair, servicePair } from '../../analysis/composeService';
import { capabilityList, serviceList, type CapabilityList } from '../BH202-dangerous-capability/capabilities';

/** Own keys after which a new `cap_drop` is written, best first; otherwise it goes last. */
const INSERT_AFTER = ['cap_add', 'image', 'build'];

const DROP_ALL = { seq: ['ALL'] };

export const capabilitiesNotDropped = defineRule({
  meta: {
    id: 'BH203',
    name: 'capabilities-not-dropped',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'capabilities',
    description: "A service keeps Docker's default capabilities: it has no `cap_drop: [ALL]`.",
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.4 — Ensure that Linux kernel capabilities are restricted within containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      missing:
        "Service {services} keeps Docker's default capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, …): add `cap_drop: [ALL]` and add back with `cap_add` only what it needs.",
      incomplete: 'Service {services} drops some capabilities but not ALL: drop ALL and add back with `cap_add` only what it needs.',
      incompleteShared: 'Services {services} drop some capabilities through this shared list but not ALL: drop ALL and add back with `cap_add` only what they need.',
    },
  },
  checkCompose({ model, report }) {
    let style: YamlStyle | undefined;
    const styleOf = (): YamlStyle => (style ??= detectStyle(model));
    // An incomplete `cap_drop` in an anchor is one finding, naming every service it reaches.
    const incomplete = new Map<Pair, { list: CapabilityList; services: string[] }>();
    for (const service of model.services) {
      // Privileged services are reported too: cap_drop does not confine them (BH201 says so),
      // but it is what must be in place once privileged mode goes.
      const drop = capabilityList(model, service, 'cap_drop');
      if (!drop) {
        // `extends` or another file of the project (the override file) may set cap_drop: judged there.
        const effective = service.effective('cap_drop');
        if (effective !== undefined && effective !== null) continue;
      }
      if (drop) {
        if (drop.uncertain || drop.entries.some((e) => e.name === 'ALL')) continue;
        const pair = drop.found.pair;
        if (!pair) continue;
        if (drop.seq) {
          const seen = incomplete.get(pair);
          if (seen) seen.services.push(service.name);
          else incomplete.set(pair, { list: drop, services: [service.name] });
          continue;
        }
        // `cap_drop:` with no value: give it one. Any other non-list value is invalid Compose, not judged here.
        if (!isNullValue(model, pair.value)) continue;
        const key = nodeSpan(model, pair.key);
        if (!key) continue;
        const edits = setEmptyValue(model, pair, DROP_ALL, styleOf());
        report({ messageId: 'missing', data: { services: serviceList([service.name]) }, span: key, fixes: dropAllFix(edits) });
        continue;
      }
      report({
        messageId: 'missing',
        data: { services: serviceList([service.name]) },
        span: service.nameSpan,
        fixes: dropAllFix(addDropAll(model, service, styleOf())),
      });
    }
    for (const [pair, { list, services }] of incomplete) {
      const key = nodeSpan(model, pair.key);
      if (!key || !list.seq) continue;
      report({
        messageId: services.length === 1 ? 'incomplete' : 'incompleteShared',
        data: { services: serviceList(services) },
        span: key,
        fixes: dropAllFix(appendSeqItem(model, list.seq, 'ALL')),
      });
    }
  },
});

function dropAllFix(edits: TextEdit[] | undefined): { id: string; title: string; safe: boolean; edits: TextEdit[] }[] {
  return edits ? [{ id: 'drop-all', title: 'Drop all capabilities', safe: false, edits }] : [];
}

/** Adds `cap_drop: [ALL]` to a service that has none: into its map, or as the body of an empty service. */
function addDropAll(model: ComposeModel, service: ComposeService, style: YamlStyle): TextEdit[] | undefined {
  if (service.map) {
    let after: Pair | undefined;
    for (const key of INSERT_AFTER) if ((after = ownPair(service.map, key))) break;
    return insertPair(model, service.map, 'cap_drop', DROP_ALL, { after, style });
  }
  // `web:` (or `web: ~`): the service gets a body holding just the new key.
  const pair = servicePair(model, service);
  if (!pair || !isNullValue(model, pair.value)) return undefined;
  return setEmptyValue(model, pair, { map: [['cap_drop', DROP_ALL]] }, style);
}
