import type { Node as YNode } from 'yaml';
import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { Severity, TextEdit } from '../../types';
import { nodeSpan } from '../../yaml/source';
import { removePair, removeSeqItem } from '../../yaml/edit';
import { capabilityList, serviceList, type CapabilityEntry, type CapabilityList } from './capabilities';
import { own } from '../../util/own';

/**
 * Capabilities that open a way to the host kernel, its processes or its
 * network, with why (see README.md for the ones deliberately left out).
 */
export const DANGEROUS_CAPABILITIES: Record<string, { reason: string; severity?: Severity }> = {
  ALL: { reason: 'grants every capability, which is root over every kernel interface the container can reach', severity: 'error' },
  SYS_ADMIN: { reason: 'allows mounts, new namespaces and most kernel administration: the usual way out of a container', severity: 'error' },
  SYS_MODULE: { reason: 'loads kernel modules, which is full control of the host kernel' },
  SYS_RAWIO: { reason: 'gives raw I/O port and /dev/mem access, which reaches host memory and devices' },
  SYS_PTRACE: { reason: 'traces other processes and reads or changes their memory, secrets included' },
  DAC_READ_SEARCH: { reason: 'bypasses read permission checks and opens host files by handle (the "Shocker" escape)' },
  NET_ADMIN: { reason: 'reconfigures interfaces, routes and firewall rules, and can intercept traffic' },
  BPF: { reason: 'loads BPF programs into the host kernel' },
  PERFMON: { reason: 'uses kernel performance monitoring, which leaks kernel memory layout and other processes\' activity' },
  SYS_BOOT: { reason: 'reboots the host or loads a new kernel' },
  SYS_TIME: { reason: 'sets the host clock, which is not namespaced' },
  MAC_ADMIN: { reason: 'changes the AppArmor or SELinux policy that confines the container' },
  MAC_OVERRIDE: { reason: 'bypasses AppArmor or SELinux checks' },
  SYSLOG: { reason: 'reads and clears the kernel log, which exposes kernel addresses' },
  SYS_RESOURCE: { reason: 'overrides resource limits and quotas that protect the host' },
  LINUX_IMMUTABLE: { reason: 'changes files marked immutable or append-only' },
  AUDIT_CONTROL: { reason: 'changes or disables the kernel audit rules' },
  CHECKPOINT_RESTORE: { reason: 'checkpoints and restores processes and chooses their PIDs' },
};

interface Hit {
  entry: CapabilityEntry;
  list: CapabilityList;
  services: string[];
}

export const dangerousCapability = defineRule({
  meta: {
    id: 'BH202',
    name: 'dangerous-capability',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'capabilities',
    description: 'A service adds a Linux capability (`cap_add`) that opens a way to the host kernel, its processes or its network.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.4 — Ensure that Linux kernel capabilities are restricted within containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'capabilities(7)', url: 'https://man7.org/linux/man-pages/man7/capabilities.7.html' },
    ],
    fixable: 'unsafe',
    messages: {
      dangerous: 'Service {services} adds capability `{capability}`, which {reason}.',
      dangerousShared: 'Services {services} add capability `{capability}` through this shared list; it {reason}.',
    },
  },
  checkCompose({ model, report }) {
    // One finding per written entry, naming every service it reaches (an anchor may serve several).
    const hits = new Map<YNode, Hit>();
    for (const service of model.services) {
      const list = capabilityList(model, service, 'cap_add');
      if (!list) continue;
      for (const entry of list.entries) {
        if (!own(DANGEROUS_CAPABILITIES, entry.name)) continue;
        // Keyed by the list item as written (an alias item is its own entry of its own list).
        const item = list.seq!.items[entry.index] as YNode;
        const hit = hits.get(item);
        if (hit) hit.services.push(service.name);
        else hits.set(item, { entry, list, services: [service.name] });
      }
    }
    for (const { entry, list, services } of hits.values()) {
      const danger = own(DANGEROUS_CAPABILITIES, entry.name)!;
      const edits = removalEdits(model, list, entry);
      report({
        messageId: services.length === 1 ? 'dangerous' : 'dangerousShared',
        data: { services: serviceList(services), capability: entry.name, reason: danger.reason },
        span: entry.span,
        severity: danger.severity,
        fixes: edits ? [{ id: 'remove-capability', title: `Remove capability ${entry.name}`, safe: false, edits }] : [],
      });
    }
  },
});

/**
 * Removes one entry of the list; the only entry takes the whole `cap_add` key
 * with it. When every entry is dangerous, each fix also claims the key (an
 * identity edit on it), so that fix-all removes them one pass at a time and
 * the last one removes the key, rather than leaving `cap_add:` empty.
 */
function removalEdits(model: ComposeModel, list: CapabilityList, entry: CapabilityEntry): TextEdit[] | undefined {
  const seq = list.seq;
  if (!seq) return undefined;
  // The only entry: the key goes too; when the list is an anchor used elsewhere, it stays as `[]`.
  if (seq.items.length === 1) return (list.found.pair && removePair(model, list.found.pair)) || removeSeqItem(model, seq, entry.index);
  const edits = removeSeqItem(model, seq, entry.index);
  if (!edits) return undefined;
  const allDangerous = !list.uncertain && list.entries.length === seq.items.length && list.entries.every((e) => own(DANGEROUS_CAPABILITIES, e.name));
  const key = list.found.pair ? nodeSpan(model, list.found.pair.key) : undefined;
  if (!allDangerous || !key) return edits;
  return [...edits, { start: key.start, end: key.end, text: model.text.slice(key.start, key.end) }];
}
