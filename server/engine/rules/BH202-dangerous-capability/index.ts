import { defineRule } from '../rule';
import { normaliseCapability, stringList } from '../../analysis/compose';
import { removePair, removeSeqItem } from '../../yaml/edit';
import type { Severity } from '../../types';

/** Capabilities outside Docker's default set that open a way to the host, with why. */
export const DANGEROUS_CAPABILITIES: Record<string, { reason: string; severity?: Severity }> = {
  ALL: { reason: 'grants every capability, which is root over every kernel interface a container can reach', severity: 'error' },
  SYS_ADMIN: { reason: 'allows mounts, new namespaces and most kernel administration: the usual way out of a container', severity: 'error' },
  SYS_MODULE: { reason: 'loads kernel modules, which is full control of the host kernel', severity: 'error' },
  SYS_RAWIO: { reason: 'raw I/O ports and /dev/mem, which reach host memory and devices' },
  SYS_PTRACE: { reason: 'traces other processes and reads or changes their memory, secrets included' },
  DAC_READ_SEARCH: { reason: 'bypasses read permission checks and opens host files by handle (the "Shocker" escape)' },
  NET_ADMIN: { reason: 'reconfigures interfaces, routes and firewall rules, and can intercept traffic' },
  BPF: { reason: 'loads BPF programs into the kernel' },
  PERFMON: { reason: 'uses kernel performance monitoring, which leaks kernel information' },
  SYS_BOOT: { reason: 'reboots the host or loads a new kernel' },
  SYS_TIME: { reason: 'sets the host clock, which is not namespaced' },
  MAC_ADMIN: { reason: 'changes the AppArmor or SELinux policy that confines the container' },
  MAC_OVERRIDE: { reason: 'bypasses AppArmor or SELinux checks' },
  SYSLOG: { reason: 'reads and clears the kernel log, which exposes kernel addresses' },
  SYS_RESOURCE: { reason: 'overrides resource limits and quotas meant to protect the host' },
  LINUX_IMMUTABLE: { reason: 'changes files marked immutable or append-only' },
  AUDIT_CONTROL: { reason: 'changes or disables the kernel audit rules' },
  CHECKPOINT_RESTORE: { reason: 'checkpoints and restores processes and chooses their PIDs' },
};

export const dangerousCapability = defineRule({
  meta: {
    id: 'BH202',
    name: 'dangerous-capability',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'capabilities',
    description: 'A service adds a Linux capability (`cap_add`) that opens a way to the host kernel, its processes or its network.',
    references: [
      { title: 'CIS Docker Benchmark 5.3 — Ensure that Linux kernel capabilities are restricted within containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #3: Limit capabilities', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'capabilities(7)', url: 'https://man7.org/linux/man-pages/man7/capabilities.7.html' },
    ],
    fixable: 'unsafe',
    messages: {
      dangerous: 'Service `{service}` adds capability `{capability}`, which {reason}.',
    },
  },
  checkCompose({ model, report }) {
    for (const service of model.services) {
      const list = stringList(model, service, 'cap_add');
      if (!list?.seq) continue;
      for (const entry of list.entries) {
        const cap = normaliseCapability(entry.value);
        const danger = DANGEROUS_CAPABILITIES[cap];
        if (!danger) continue;
        const only = list.seq.items.length === 1;
        const edits = only && list.found.pair ? removePair(model, list.found.pair) : removeSeqItem(model, list.seq, entry.index);
        report({
          messageId: 'dangerous',
          data: { service: service.name, capability: cap, reason: danger.reason },
          span: entry.span,
          severity: danger.severity,
          fixes: edits ? [{ id: 'remove-capability', title: `Remove capability ${cap}`, safe: false, edits }] : [],
        });
      }
    }
  },
});
