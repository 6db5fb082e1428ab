import { defineRule } from '../rule';
import { checkHostNamespaces, type HostNamespaceKey } from '../../analysis/composeIsolation';

const KEYS: readonly HostNamespaceKey[] = [
  { key: 'ipc', messageId: 'hostIpc', sharedMessageId: 'hostIpcShared', via: { messageId: 'hostIpcViaService', sharedMessageId: 'hostIpcViaServiceShared' }, title: 'Remove ipc: host (the service gets its own IPC namespace)' },
];

export const hostIpcNamespace = defineRule({
  meta: {
    id: 'BH210',
    name: 'host-ipc-namespace',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: "A service shares the host's IPC namespace (`ipc: host`).",
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.17 — Ensure that the host's IPC namespace is not shared" },
      { title: 'Docker run reference — IPC settings (--ipc)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#ipc' },
    ],
    fixable: 'unsafe',
    messages: {
      hostIpc: "Service {services} shares the host's IPC namespace (`ipc: host`): it can read and change the System V shared memory, semaphores and message queues of host processes and the host's `/dev/shm`. Remove it, or share IPC only with the service that needs it (`ipc: \"service:name\"`).",
      hostIpcShared: "Services {services} share the host's IPC namespace through this shared setting: they can read and change the System V shared memory, semaphores and message queues of host processes and the host's `/dev/shm`. Remove it, or share IPC only between the services that need it.",
      hostIpcViaService: "Service {services} shares the IPC namespace of `{target}`, which is the host's: it reaches the host's shared memory too. Move `{target}` off the host's IPC namespace.",
      hostIpcViaServiceShared: "Services {services} share the IPC namespace of `{target}` through this shared setting, and it is the host's: they reach the host's shared memory too. Move `{target}` off the host's IPC namespace.",
    },
  },
  checkCompose({ model, report }) {
    checkHostNamespaces(model, KEYS, report);
  },
});
