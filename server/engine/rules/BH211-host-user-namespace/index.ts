import { defineRule } from '../rule';
import { checkHostNamespaces, type HostNamespaceKey } from '../../analysis/composeIsolation';

const KEYS: readonly HostNamespaceKey[] = [
  { key: 'userns_mode', messageId: 'hostUserns', sharedMessageId: 'hostUsernsShared', title: "Remove userns_mode: host (the daemon's user remapping applies again)" },
];

export const hostUserNamespace = defineRule({
  meta: {
    id: 'BH211',
    name: 'host-user-namespace',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: 'A service opts out of user namespace remapping (`userns_mode: host`).',
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.31 — Ensure that the host's user namespaces are not shared" },
      { title: 'Docker docs — Isolate containers with a user namespace', url: 'https://docs.docker.com/engine/security/userns-remap/' },
    ],
    fixable: 'unsafe',
    messages: {
      hostUserns: 'Service {services} opts out of user namespace remapping (`userns_mode: host`): where the daemon remaps users, root in this container is root on the host again, and so is every file it writes to a mounted volume. Remove it.',
      hostUsernsShared: 'Services {services} opt out of user namespace remapping through this shared setting: where the daemon remaps users, root in them is root on the host again. Remove it.',
    },
  },
  checkCompose({ model, report }) {
    checkHostNamespaces(model, KEYS, report);
  },
});
