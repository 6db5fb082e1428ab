import { type Pair, type YAMLMap } from 'yaml';
import { isMap, isPair, isScalar } from '../../yaml/nodes';
import { defineRule, type Report } from '../rule';
import type { ComposeModel } from '../../model/compose';
import { pairSpan } from '../../yaml/source';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { composeTrue } from '../BH201-privileged-service';
import { checkHostNamespaces, type HostNamespaceKey } from '../../analysis/composeIsolation';

const KEYS: readonly HostNamespaceKey[] = [
  { key: 'network_mode', messageId: 'hostNetwork', sharedMessageId: 'hostNetworkShared', via: { messageId: 'hostNetworkViaService', sharedMessageId: 'hostNetworkViaServiceShared' }, title: 'Remove network_mode: host (the service gets its own network; publish the ports it needs)' },
];

export const hostNetworkMode = defineRule({
  meta: {
    id: 'BH208',
    name: 'host-network-mode',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'network',
    description: "A service uses the host's network stack (`network_mode: host`) instead of a network namespace of its own.",
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.10 — Ensure that the host's network namespace is not shared" },
      { title: 'Docker docs — Host network driver', url: 'https://docs.docker.com/engine/network/drivers/host/' },
    ],
    fixable: 'unsafe',
    messages: {
      hostNetwork: "Service {services} uses the host's network stack (`network_mode: host`): it can bind any host port, reach services that listen only on the host's loopback (a Docker API on TCP, databases bound to 127.0.0.1) and, with the default NET_RAW capability, capture the host's traffic. Give it its own network and publish the ports it needs.",
      hostNetworkShared: "Services {services} use the host's network stack through this shared setting: they can bind any host port, reach services that listen only on the host's loopback and, with the default NET_RAW capability, capture the host's traffic. Give them their own network and publish the ports they need.",
      hostNetworkViaService: "Service {services} shares the network namespace of `{target}`, which uses the host's network stack: it is on the host's network too, with the same exposure. Move `{target}` off the host network.",
      hostNetworkViaServiceShared: "Services {services} share the network namespace of `{target}` through this shared setting, and `{target}` uses the host's network stack: they are on the host's network too. Move `{target}` off the host network.",
      hostNetworkByName:
        "Network `{network}` is Docker's host network (`name: host`): service {services}, attached to it, uses the host's network stack, with the same exposure as `network_mode: host`. Use a network of the project instead.",
      hostNetworkByNameShared:
        "Network `{network}` is Docker's host network (`name: host`): services {services}, attached to it, use the host's network stack, with the same exposure as `network_mode: host`. Use a network of the project instead.",
    },
  },
  checkCompose({ model, report }) {
    checkHostNamespaces(model, KEYS, report);
    checkHostNetworkByName(model, report);
  },
});

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

/**
 * A top-level network that is Docker's predefined `host` network
 * (`external: true` with `name: host`, or the older `external: {name: host}`):
 * services attached to it run with the host's network stack. Reported on the
 * `name` pair, naming the services attached to it.
 */
function checkHostNetworkByName(model: ComposeModel, report: (r: Report) => void): void {
  const networks = model.top('networks');
  const map = networks ? model.resolve(networks.node) : undefined;
  if (!isMap(map)) return;
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const network = String(item.key.value);
    const def = model.resolve(item.value);
    if (!isMap(def)) continue;
    const values = (networks!.value as Record<string, unknown> | undefined)?.[network] as Record<string, unknown> | undefined;
    if (!values || typeof values !== 'object') continue;
    let namePair: Pair | undefined;
    const external = values.external;
    if (values.name === 'host' && composeTrue(external)) namePair = pairOf(def, 'name');
    else if (external && typeof external === 'object' && (external as Record<string, unknown>).name === 'host') {
      const ext = model.resolve(pairOf(def, 'external')?.value);
      if (isMap(ext)) namePair = pairOf(ext, 'name');
    }
    const span = namePair ? pairSpan(model, namePair) : undefined;
    if (!span) continue;
    const attached = model.services.filter((service) => {
      if (service.effective('network_mode') !== undefined) return false;
      const nets = service.effective('networks');
      if (nets === undefined || nets === null) return network === 'default';
      if (Array.isArray(nets)) return nets.includes(network);
      return typeof nets === 'object' && network in (nets as Record<string, unknown>);
    });
    if (attached.length === 0) continue;
    report({
      messageId: attached.length === 1 ? 'hostNetworkByName' : 'hostNetworkByNameShared',
      data: { network, services: serviceList(attached.map((s) => s.name)) },
      span,
    });
  }
}
