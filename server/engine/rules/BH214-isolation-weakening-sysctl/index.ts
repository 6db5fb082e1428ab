import { type Node as YNode, type Pair } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from '../../yaml/nodes';
import { defineRule } from '../rule';
import type { Severity, Span } from '../../types';
import { pairSpan } from '../../yaml/source';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { ByWritten, hasUnresolved } from '../../analysis/composeIsolation';

type Kind = 'routeLocalnet' | 'forwarding';

const SEVERITY: Record<Kind, Severity> = { routeLocalnet: 'warning', forwarding: 'info' };

/**
 * The namespaced sysctls Docker accepts (`net.*`) that weaken isolation when
 * turned on. Others are left out on purpose (see README.md): Docker rejects
 * the non-namespaced ones, and sets `ip_unprivileged_port_start` and
 * `ping_group_range` permissively itself.
 */
export function judgeSysctl(name: string, value: string): Kind | undefined {
  const n = name.trim().replace(/\//g, '.');
  const on = /^\s*[1-9]\d*\s*$/.test(value);
  if (!on) return undefined;
  if (/^net\.ipv4\.conf\.[^.]+\.route_localnet$/.test(n)) return 'routeLocalnet';
  if (n === 'net.ipv4.ip_forward' || /^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(n) || /^net\.ipv6\.conf\.[^.]+\.forwarding$/.test(n)) return 'forwarding';
  return undefined;
}

interface Hit {
  kind: Kind;
  name: string;
  span: Span;
}

export const isolationWeakeningSysctl = defineRule<{ allowed: string[] }>({
  meta: {
    id: 'BH214',
    name: 'isolation-weakening-sysctl',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'network',
    description: "A service sets a network sysctl that weakens its isolation: `route_localnet` exposes its loopback services, forwarding turns it into a router between networks.",
    references: [
      { title: 'Docker run reference — Configure namespaced kernel parameters (--sysctl)', url: 'https://docs.docker.com/reference/cli/docker/container/run/#sysctl' },
      { title: 'Compose file reference — sysctls', url: 'https://docs.docker.com/reference/compose-file/services/#sysctls' },
      { title: 'Linux kernel docs — IP sysctl (route_localnet, forwarding)', url: 'https://docs.kernel.org/networking/ip-sysctl.html' },
      { title: 'CVE-2020-8558 — services bound to localhost reachable from neighbouring hosts through route_localnet' },
    ],
    fixable: 'none',
    messages: {
      routeLocalnet:
        '{who} `{name}=1`: packets from the network may be routed to 127.0.0.0/8, so services in the container that listen only on localhost (admin ports, debug endpoints) become reachable from other containers. Remove it.',
      forwarding:
        '{who} `{name}=1`: the container forwards packets between the networks it is attached to, so it can route traffic past the separation of Compose networks. Keep it only for a router or VPN service.',
    },
    options: {
      type: 'object',
      properties: {
        allowed: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'Sysctl names that are not reported (for example `net.ipv4.ip_forward` for a VPN gateway).',
        },
      },
      additionalProperties: false,
    },
  },
  checkCompose({ model, report, options }) {
    const allowed = new Set((options.allowed ?? []).map((s) => s.replace(/\//g, '.')));
    const hits = new ByWritten<YNode | Pair, Hit>();
    for (const service of model.services) {
      const found = service.get('sysctls');
      const node = found ? model.resolve(found.node) : undefined;
      if (!found || !node) continue;
      const consider = (at: YNode | Pair, span: Span | undefined, name: string, value: unknown): void => {
        if (!span || (typeof value !== 'string' && typeof value !== 'number') || hasUnresolved(String(value)) || hasUnresolved(name)) return;
        const kind = judgeSysctl(name, String(value));
        if (kind && !allowed.has(name.trim().replace(/\//g, '.'))) hits.add(at, { kind, name: name.trim(), span }, service.name);
      };
      if (isMap(node)) {
        const values = found.value && typeof found.value === 'object' && !Array.isArray(found.value) ? (found.value as Record<string, unknown>) : {};
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          consider(pair, pairSpan(model, pair), name, values[name]);
        }
      } else if (isSeq(node)) {
        const values = Array.isArray(found.value) ? (found.value as unknown[]) : [];
        node.items.forEach((item, index) => {
          const n = model.resolve(item);
          const v = values[index];
          if (!n || !isScalar(n) || typeof v !== 'string') return;
          const eq = v.indexOf('=');
          if (eq <= 0) return;
          consider(n, model.spanOf(n), v.slice(0, eq), v.slice(eq + 1));
        });
      }
    }
    for (const { item, services } of hits.values()) {
      const who = services.length === 1 ? `Service ${serviceList(services)} sets` : `Services ${serviceList(services)} set, through this shared setting,`;
      report({ messageId: item.kind, data: { who, name: item.name }, span: item.span, severity: SEVERITY[item.kind] });
    }
  },
});
