import type { Pair } from 'yaml';
import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { TextEdit } from '../../types';
import { nodeSpan } from '../../yaml/source';
import { detectStyle, type YamlStyle } from '../../yaml/style';
import { appendSeqItem, setEmptyValue } from '../../yaml/edit';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import {
  ByWritten,
  addServiceKey,
  goParseBool,
  parseSecurityOpt,
  quoteOf,
  securityOptList,
  type SecurityOptEntry,
  type SecurityOptList,
} from '../../analysis/composeIsolation';

const NNP = 'no-new-privileges';
const NNP_TRUE = 'no-new-privileges:true';

/** Own keys after which a new `security_opt` is written, best first; otherwise it goes last. */
const INSERT_AFTER = ['cap_drop', 'cap_add', 'image', 'build'];

/**
 * What the daemon ends up with for a list of entries: the last
 * `no-new-privileges` entry wins; undefined when there is none or the last
 * one is not a boolean Docker accepts (the container would not start).
 */
export function noNewPrivileges(entries: readonly string[]): boolean | undefined {
  let result: boolean | undefined;
  for (const e of entries) {
    const opt = parseSecurityOpt(e);
    if (opt?.key !== NNP) continue;
    result = opt.value === undefined ? true : goParseBool(opt.value);
  }
  return result;
}

/** Whether a `no-new-privileges` entry is in a list at all (set, unset, or unreadable). */
function mentionsNnp(entries: readonly string[]): boolean {
  return entries.some((e) => parseSecurityOpt(e)?.key === NNP);
}

function effectiveEntries(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}

export const noNewPrivilegesNotSet = defineRule({
  meta: {
    id: 'BH205',
    name: 'no-new-privileges-not-set',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'A service does not set `security_opt: [no-new-privileges:true]`, so setuid binaries and file capabilities can raise its privileges.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.26 — Ensure that the container is restricted from acquiring additional privileges' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #4: Prevent in-container privilege escalation', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker run reference — Security configuration (--security-opt)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#security-opt' },
      { title: 'Linux kernel docs — No New Privileges Flag', url: 'https://docs.kernel.org/userspace-api/no_new_privs.html' },
    ],
    fixable: 'unsafe',
    messages: {
      missing:
        'Service {services} does not set `no-new-privileges:true`: a setuid binary or a file capability in the image can raise its privileges. Add it to the service\'s `security_opt`.',
      missingInList:
        'Service {services} has a `security_opt` list without `no-new-privileges:true`: a setuid binary or a file capability in the image can raise its privileges. Add it to the list.',
      missingInListShared:
        'Services {services} share this `security_opt` list, which lacks `no-new-privileges:true`: a setuid binary or a file capability in the image can raise their privileges. Add it to the list.',
      optOut:
        'Service {services} turns no-new-privileges off explicitly: setuid binaries and file capabilities can raise its privileges again. Set it to true unless a process really has to gain privileges.',
      optOutShared:
        'Services {services} turn no-new-privileges off through this shared entry: setuid binaries and file capabilities can raise their privileges again. Set it to true unless a process really has to gain privileges.',
    },
  },
  checkCompose({ model, report }) {
    let style: YamlStyle | undefined;
    const styleOf = (): YamlStyle => (style ??= detectStyle(model));
    const incomplete = new ByWritten<Pair, SecurityOptList>();
    const optOut = new ByWritten<unknown, SecurityOptEntry>();
    for (const service of model.services) {
      // Privileged services are reported too: the flag still applies to them, and it must be there once privileged mode goes (BH201).
      const effective = effectiveEntries(service.effective('security_opt'));
      if (effective && noNewPrivileges(effective) === true) continue;
      const list = securityOptList(model, service);
      if (list?.uncertain) continue;
      if (list?.seq) {
        const texts = list.entries.map((e) => e.text);
        const nnp = noNewPrivileges(texts);
        if (nnp === false) {
          const last = [...list.entries].reverse().find((e) => e.opt?.key === NNP)!;
          optOut.add(last.item, last, service.name);
          continue;
        }
        // An entry Docker rejects (`no-new-privileges:yes`): the container does not start; not judged here.
        if (mentionsNnp(texts)) continue;
        if (list.found.pair) incomplete.add(list.found.pair, list, service.name);
        continue;
      }
      if (list?.found.pair) {
        // `security_opt:` with no value: give it one.
        const pair = list.found.pair;
        const key = nodeSpan(model, pair.key);
        if (!key) continue;
        const edits = setEmptyValue(model, pair, { seq: [{ raw: NNP_TRUE }] }, styleOf());
        report({ messageId: 'missing', data: { services: serviceList([service.name]) }, span: key, fixes: addFix(edits) });
        continue;
      }
      // `extends` or another file of the project sets security_opt: judged where it is written.
      if (effective && effective.length > 0) continue;
      report({
        messageId: 'missing',
        data: { services: serviceList([service.name]) },
        span: service.nameSpan,
        fixes: addFix(addServiceKey(model, service, 'security_opt', { seq: [{ raw: NNP_TRUE }] }, INSERT_AFTER, styleOf())),
      });
    }
    for (const { item: list, services } of incomplete.values()) {
      const key = list.found.pair ? nodeSpan(model, list.found.pair.key) : undefined;
      if (!key || !list.seq) continue;
      const quote = list.entries.length > 0 ? quoteOf(model, list.entries[list.entries.length - 1]!.node) : '';
      report({
        messageId: services.length === 1 ? 'missingInList' : 'missingInListShared',
        data: { services: serviceList(services) },
        span: key,
        fixes: addFix(appendSeqItem(model, list.seq, { raw: `${quote}${NNP_TRUE}${quote}` })),
      });
    }
    for (const { item: entry, services } of optOut.values()) {
      report({
        messageId: services.length === 1 ? 'optOut' : 'optOutShared',
        data: { services: serviceList(services) },
        span: entry.span,
        fixes: turnOnFix(model, entry),
      });
    }
  },
});

function addFix(edits: TextEdit[] | undefined): { id: string; title: string; safe: boolean; edits: TextEdit[] }[] {
  return edits ? [{ id: 'add-no-new-privileges', title: 'Add no-new-privileges:true (setuid binaries stop raising privileges)', safe: false, edits }] : [];
}

/** Rewrites `no-new-privileges:false` as `…:true`, keeping the separator and the quotes. */
function turnOnFix(model: ComposeModel, entry: SecurityOptEntry): { id: string; title: string; safe: boolean; edits: TextEdit[] }[] {
  const quote = quoteOf(model, entry.node);
  const sep = entry.opt?.sep || ':';
  return [
    {
      id: 'set-no-new-privileges',
      title: 'Set no-new-privileges to true (setuid binaries stop raising privileges)',
      safe: false,
      edits: [{ start: entry.span.start, end: entry.span.end, text: `${quote}${NNP}${sep}true${quote}` }],
    },
  ];
}
