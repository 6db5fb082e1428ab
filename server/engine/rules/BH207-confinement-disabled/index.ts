import { defineRule } from '../rule';
import type { Severity } from '../../types';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { flaggedEntries, goParseBool, removeFlagged, type SecurityOptEntry } from '../../analysis/composeIsolation';

type Kind = 'apparmor' | 'selinux' | 'selinuxType' | 'systempaths' | 'writableCgroups';

const SEVERITY: Partial<Record<Kind, Severity>> = { systempaths: 'error' };

/** SELinux process types that are not confined: Docker's "super privileged container" type and the unconfined domain. */
const UNCONFINED_SELINUX_TYPES = new Set(['spc_t', 'unconfined_t']);

const TITLES: Record<Kind, string> = {
  apparmor: "Remove apparmor:unconfined (Docker's default AppArmor profile applies again)",
  selinux: 'Remove label:disable (SELinux labels apply again)',
  selinuxType: 'Remove the unconfined SELinux type (the default container type applies again)',
  systempaths: 'Remove systempaths=unconfined (/proc and /sys are masked again)',
  writableCgroups: 'Remove writable-cgroups (the cgroup file system is read-only again)',
};

/**
 * What an entry turns off, read as `docker compose` and the daemon read it.
 * `systempaths` is only understood by Compose as exactly `systempaths=unconfined`.
 */
export function confinementOff(entry: SecurityOptEntry): { kind: Kind; value?: string } | undefined {
  const opt = entry.opt;
  if (entry.text === 'systempaths=unconfined') return { kind: 'systempaths' };
  if (!opt || opt.value === undefined) return undefined;
  if (opt.key === 'apparmor' && opt.value === 'unconfined') return { kind: 'apparmor' };
  if (opt.key === 'label') {
    if (opt.value === 'disable') return { kind: 'selinux' };
    // `label=type:spc_t`: the label's own separator is always `:`.
    const m = /^type:(.*)$/.exec(opt.value);
    if (m && UNCONFINED_SELINUX_TYPES.has(m[1]!)) return { kind: 'selinuxType', value: m[1]! };
  }
  if (opt.key === 'writable-cgroups' && goParseBool(opt.value) === true) return { kind: 'writableCgroups' };
  return undefined;
}

export const confinementDisabled = defineRule({
  meta: {
    id: 'BH207',
    name: 'confinement-disabled',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description:
      'A service turns off a layer that confines it: AppArmor (`apparmor:unconfined`), SELinux (`label:disable`, an unconfined type), the masked `/proc` and `/sys` paths (`systempaths=unconfined`) or the read-only cgroup file system.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.2 — Ensure that, if applicable, an AppArmor Profile is enabled' },
      { title: 'CIS Docker Benchmark v1.6.0 5.3 — Ensure that, if applicable, SELinux security options are set' },
      { title: 'Docker docs — AppArmor security profiles for Docker', url: 'https://docs.docker.com/engine/security/apparmor/' },
      { title: 'Docker run reference — Security configuration (--security-opt)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#security-opt' },
    ],
    fixable: 'unsafe',
    messages: {
      apparmor:
        "{services} without AppArmor (`{entry}`): Docker's default profile no longer stops writes to `/proc` and `/sys`, mounts, or access to kernel interfaces it denies. Remove it, or load a profile of your own.",
      selinux:
        '{services} without SELinux labels (`{entry}`): on an SELinux host the container is no longer kept away from host files and other containers by its label. Remove it, or set the labels the service needs.',
      selinuxType:
        '{services} with the SELinux type `{type}`, which is not confined: SELinux no longer keeps the container away from host files and other containers. Remove it, or use a confined type.',
      systempaths:
        '{services} without masked system paths (`systempaths=unconfined`): `/proc/sys`, `/proc/sysrq-trigger`, `/proc/kcore` and the like become visible and writable, so root in the container can reboot the host or change kernel settings such as `kernel.core_pattern`, which runs a program on the host. Remove it.',
      writableCgroups:
        '{services} with a writable cgroup file system (`{entry}`): the container can change its own resource limits. Remove it.',
    },
  },
  checkCompose({ model, report }) {
    const judged = (e: SecurityOptEntry) => confinementOff(e);
    for (const f of flaggedEntries(model, 'security_opt', judged)) {
      const who = f.services.length === 1 ? `Service ${serviceList(f.services)} runs` : `Services ${serviceList(f.services)} run, through this shared entry,`;
      const edits = removeFlagged(model, f, (e) => judged(e) !== undefined);
      report({
        messageId: f.detail.kind,
        data: { services: who, type: f.detail.value ?? '', entry: f.entry.text },
        span: f.entry.span,
        severity: SEVERITY[f.detail.kind],
        fixes: edits ? [{ id: 'remove-option', title: TITLES[f.detail.kind], safe: false, edits }] : [],
      });
    }
  },
});
