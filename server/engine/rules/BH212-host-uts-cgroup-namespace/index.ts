import { defineRule } from '../rule';
import { checkHostNamespaces, type HostNamespaceKey } from '../../analysis/composeIsolation';

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
    description: "A service shares the host's UTS namespace (`uts: host`) or cgroup namespace (`cgroup: host`).",
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.21 — Ensure that the host's UTS namespace is not shared" },
      { title: 'Docker run reference — UTS settings (--uts)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#uts' },
      { title: 'Docker run reference — cgroup namespace (--cgroupns)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#cgroupns' },
      { title: 'cgroup_namespaces(7)', url: 'https://man7.org/linux/man-pages/man7/cgroup_namespaces.7.html' },
    ],
    fixable: 'unsafe',
    messages: {
      hostUts: "Service {services} shares the host's UTS namespace (`uts: host`): it sees the host's hostname and, with SYS_ADMIN, can change it for the whole host. Remove it.",
      hostUtsShared: "Services {services} share the host's UTS namespace through this shared setting: they see the host's hostname and, with SYS_ADMIN, can change it for the whole host. Remove it.",
      hostCgroup: "Service {services} uses the host's cgroup namespace (`cgroup: host`): it sees the host's whole cgroup tree, with the names of other containers and system services. Remove it unless the service manages or monitors cgroups.",
      hostCgroupShared: "Services {services} use the host's cgroup namespace through this shared setting: they see the host's whole cgroup tree, with the names of other containers and system services. Remove it unless they manage or monitor cgroups.",
    },
  },
  checkCompose({ model, report }) {
    checkHostNamespaces(model, KEYS, report);
  },
});
