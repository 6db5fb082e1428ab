import type { Pair } from 'yaml';
import { defineRule } from '../rule';
import { ByWritten, checkHostNamespaces, hasUnresolved, type HostNamespaceKey } from '../../analysis/composeIsolation';
import type { ComposeModel } from '../../model/compose';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { pairSpan } from '../../yaml/source';

const KEYS: readonly HostNamespaceKey[] = [
  { key: 'uts', messageId: 'hostUts', sharedMessageId: 'hostUtsShared', title: 'Remove uts: host (the service gets its own hostname)' },
  { key: 'cgroup', messageId: 'hostCgroup', sharedMessageId: 'hostCgroupShared', title: 'Remove cgroup: host (the service gets its own cgroup namespace)' },
];

export const hostUtsCgroupNamespace = defineRule({
  meta: {
    id: 'BH212',
    name: 'host-uts-cgroup-namespace',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'isolation',
    description:
      "A service shares the host's UTS namespace (`uts: host`) or cgroup namespace (`cgroup: host`), or is placed under a host cgroup of the file's choosing (`cgroup_parent`).",
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.21 — Ensure that the host's UTS namespace is not shared" },
      { title: 'CIS Docker Benchmark v1.6.0 5.25 — Ensure that cgroup usage is confirmed' },
      { title: 'Docker run reference — UTS settings (--uts)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#uts' },
      { title: 'Docker run reference — cgroup namespace (--cgroupns)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#cgroupns' },
      { title: 'cgroup_namespaces(7)', url: 'https://man7.org/linux/man-pages/man7/cgroup_namespaces.7.html' },
      { title: 'Compose file reference — cgroup_parent', url: 'https://docs.docker.com/reference/compose-file/services/#cgroup_parent' },
    ],
    fixable: 'unsafe',
    messages: {
      hostUts: "Service {services} shares the host's UTS namespace (`uts: host`): it sees the host's hostname and, with SYS_ADMIN, can change it for the whole host. Remove it.",
      hostUtsShared: "Services {services} share the host's UTS namespace through this shared setting: they see the host's hostname and, with SYS_ADMIN, can change it for the whole host. Remove it.",
      hostCgroup: "Service {services} uses the host's cgroup namespace (`cgroup: host`): it sees the host's whole cgroup tree, with the names of other containers and system services. Remove it unless the service manages or monitors cgroups.",
      hostCgroupShared: "Services {services} use the host's cgroup namespace through this shared setting: they see the host's whole cgroup tree, with the names of other containers and system services. Remove it unless they manage or monitor cgroups.",
      cgroupParent:
        "Service {services} is placed under the host cgroup `{parent}` (`cgroup_parent`) instead of Docker's own hierarchy: limits and accounting Docker sets up for its containers no longer cover it. Make sure this is deliberate and that the parent cgroup limits it.",
      cgroupParentShared:
        "Services {services} are placed under the host cgroup `{parent}` (`cgroup_parent`) through this shared setting, instead of Docker's own hierarchy: limits and accounting Docker sets up for its containers no longer cover them. Make sure this is deliberate and that the parent cgroup limits them.",
    },
  },
  checkCompose({ model, report }) {
    checkHostNamespaces(model, KEYS, report);
    for (const { item: { pair, parent }, services } of cgroupParents(model)) {
      const span = pairSpan(model, pair);
      if (!span) continue;
      // No fix: only the file's author knows what the parent cgroup is for (a systemd slice, an executor's cgroup).
      report({
        messageId: services.length > 1 ? 'cgroupParentShared' : 'cgroupParent',
        data: { services: serviceList(services), parent },
        span,
      });
    }
  },
});

/**
 * `cgroup_parent` pairs of services, one per pair as written (an anchor may
 * serve several services). An empty value is Docker's default, and a value
 * with a `${…}` the environment does not resolve cannot be judged.
 */
function cgroupParents(model: ComposeModel): { item: { pair: Pair; parent: string }; services: string[] }[] {
  const byPair = new ByWritten<Pair, { pair: Pair; parent: string }>();
  for (const service of model.services) {
    const v = service.get('cgroup_parent');
    if (!v?.pair || typeof v.value !== 'string' || v.value === '' || hasUnresolved(v.value)) continue;
    byPair.add(v.pair, { pair: v.pair, parent: v.value }, service.name);
  }
  return byPair.values();
}
