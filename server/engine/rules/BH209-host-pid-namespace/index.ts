import { defineRule } from '../rule';
import { checkHostNamespaces, type HostNamespaceKey } from '../../analysis/composeIsolation';

const KEYS: readonly HostNamespaceKey[] = [
  { key: 'pid', messageId: 'hostPid', sharedMessageId: 'hostPidShared', via: { messageId: 'hostPidViaService', sharedMessageId: 'hostPidViaServiceShared' }, title: 'Remove pid: host (the service gets its own process namespace)' },
];

export const hostPidNamespace = defineRule({
  meta: {
    id: 'BH209',
    name: 'host-pid-namespace',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: "A service shares the host's process namespace (`pid: host`).",
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.16 — Ensure that the host's process namespace is not shared" },
      { title: 'Docker run reference — PID settings (--pid)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#pid' },
    ],
    fixable: 'unsafe',
    messages: {
      hostPid: "Service {services} shares the host's process namespace (`pid: host`): it sees every host process and its command line, root in it can signal (kill) them with the default KILL capability, and with SYS_PTRACE it can read their memory or enter them. Remove it unless the service is a host monitoring agent.",
      hostPidShared: "Services {services} share the host's process namespace through this shared setting: they see every host process and its command line, root in them can signal (kill) them, and with SYS_PTRACE they can read their memory or enter them. Remove it unless they are host monitoring agents.",
      hostPidViaService: "Service {services} shares the process namespace of `{target}`, which is the host's: it sees and can signal every host process too. Move `{target}` off the host's process namespace.",
      hostPidViaServiceShared: "Services {services} share the process namespace of `{target}` through this shared setting, and it is the host's: they see and can signal every host process too. Move `{target}` off the host's process namespace.",
    },
  },
  checkCompose({ model, report }) {
    checkHostNamespaces(model, KEYS, report);
  },
});
