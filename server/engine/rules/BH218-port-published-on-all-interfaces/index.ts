import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { Span, TextEdit } from '../../types';
import { groupByNode } from '../../compose/volumes';
import { rangeIncludes, servicePorts, type PortMapping, type PortRange } from '../../compose/ports';
import { servicesDo, shown } from '../../compose/phrases';
import { insertPair } from '../../yaml/edit';
import { own } from '../../util/own';

interface Options {
  sensitivePorts: string[];
  publicPorts: string[];
}

/** Ports of databases, caches, queues and admin interfaces, with what usually listens there. */
export const SENSITIVE_PORTS: Record<string, string> = {
  '1433': 'SQL Server',
  '1521': 'Oracle Database',
  '2181': 'ZooKeeper',
  '2375': 'Docker daemon API',
  '2376': 'Docker daemon API (TLS)',
  '2379': 'etcd',
  '2380': 'etcd peer',
  '3306': 'MySQL/MariaDB',
  '4222': 'NATS',
  '5432': 'PostgreSQL',
  '5672': 'RabbitMQ (AMQP)',
  '5984': 'CouchDB',
  '6379': 'Redis',
  '6443': 'Kubernetes API',
  '7474': 'Neo4j',
  '7687': 'Neo4j (Bolt)',
  '8086': 'InfluxDB',
  '8529': 'ArangoDB',
  '9042': 'Cassandra',
  '9092': 'Kafka',
  '9200': 'Elasticsearch/OpenSearch',
  '9300': 'Elasticsearch transport',
  '10250': 'kubelet',
  '11211': 'Memcached',
  '15672': 'RabbitMQ management',
  '26257': 'CockroachDB',
  '27017': 'MongoDB',
  '27018': 'MongoDB',
  '27019': 'MongoDB',
};

/** A port of `ports` inside a range, if any. */
function portIn(range: PortRange | undefined, ports: readonly string[]): string | undefined {
  return ports.find((p) => rangeIncludes(range, Number(p)));
}

export const portPublishedOnAllInterfaces = defineRule<Options>({
  meta: {
    id: 'BH218',
    name: 'port-published-on-all-interfaces',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'network',
    description: 'A service publishes a port on every host interface (no host address, or `0.0.0.0`), which also bypasses host firewalls such as ufw; a warning for database and admin ports.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.14 — Ensure that incoming container traffic is bound to a specific host interface' },
      { title: 'Docker documentation — Packet filtering and firewalls (published ports bypass ufw/firewalld rules)', url: 'https://docs.docker.com/engine/network/packet-filtering-firewalls/' },
      { title: 'Compose file reference — ports', url: 'https://docs.docker.com/reference/compose-file/services/#ports' },
    ],
    fixable: 'unsafe',
    messages: {
      public:
        '{who} {port} on every host interface: anyone who can reach the host can connect, and Docker\'s own firewall rules let the traffic past host firewalls such as ufw. Bind it to `127.0.0.1` if only this host needs it, or to the one interface that should serve it.',
      sensitive:
        '{who} {port} on every host interface: anyone who can reach the host can connect to it, and Docker\'s own firewall rules let the traffic past host firewalls such as ufw. Bind it to `127.0.0.1`, or do not publish it and let other services reach it over a Compose network.',
    },
    options: {
      type: 'object',
      properties: {
        sensitivePorts: {
          type: 'array',
          items: { type: 'string' },
          default: Object.keys(SENSITIVE_PORTS),
          description: 'Container or host ports reported as warnings (databases, caches, queues, admin interfaces).',
        },
        publicPorts: {
          type: 'array',
          items: { type: 'string' },
          default: ['80', '443'],
          description: 'Host ports meant to be reachable from everywhere (a reverse proxy\'s HTTP and HTTPS): not reported.',
        },
      },
      additionalProperties: false,
    },
  },
  checkCompose({ model, options, report }) {
    const hits: { service: string; entry: PortMapping }[] = [];
    for (const service of model.services) {
      // `network_mode: host` ignores `ports`: the service listens on the host itself (a host-namespace rule's concern).
      const mode = service.effective('network_mode');
      if (typeof mode === 'string' && mode.trim() === 'host') continue;
      for (const port of servicePorts(model, service)?.ports ?? []) {
        // The address decides; a host port from an unresolved variable (`${PORT}:80`) is still on every interface.
        // An entry that does not even parse (`${SPEC}` unresolved) is not judged.
        if (!port.allInterfaces || !port.target) continue;
        // A public port (80/443) published as such; an ephemeral host port is never one.
        const pub = port.published;
        if (pub && pub.start === pub.end && options.publicPorts.includes(String(pub.start))) continue;
        hits.push({ service: service.name, entry: port });
      }
    }
    for (const { entry: port, services } of groupByNode(hits).values()) {
      const sensitive = portIn(port.target, options.sensitivePorts) ?? portIn(port.published, options.sensitivePorts);
      const kind = sensitive ? own(SENSITIVE_PORTS, sensitive) ?? 'a sensitive port' : '';
      const edits = loopbackEdits(model, port);
      report({
        messageId: sensitive ? 'sensitive' : 'public',
        data: { who: servicesDo(services, 'publishes', 'publish'), port: describe(port, kind) },
        span: reportSpan(port),
        severity: sensitive ? 'warning' : undefined,
        fixes: edits ? [{ id: 'bind-loopback', title: 'Publish on 127.0.0.1 only', safe: false, edits }] : [],
      });
    }
  },
});

/**
 * `port 8080`, `port 8080 (container port 80)`, `container port 80 on an
 * ephemeral host port`, with `/udp` when not TCP and what usually listens there.
 */
function describe(port: PortMapping, kind: string): string {
  const proto = port.protocol && port.protocol !== 'tcp' ? `/${port.protocol}` : '';
  const target = port.targetText !== undefined ? shown(port.targetText) : '?';
  if (!port.publishedText) return `container port ${target}${proto}${kind ? ` (${kind})` : ''} on an ephemeral host port`;
  const host = shown(port.publishedText);
  if (host === target) return `port ${host}${proto}${kind ? ` (${kind})` : ''}`;
  return `port ${host}${proto} (container port ${target}${kind ? `, ${kind}` : ''})`;
}

function reportSpan(port: PortMapping): Span {
  if (port.syntax === 'long') return port.publishedSpan ?? port.targetSpan ?? port.span;
  return port.span;
}

/**
 * Binds the port to 127.0.0.1: short syntax gets `127.0.0.1:` in front (or
 * its `0.0.0.0` / `::` becomes `127.0.0.1`; a lone container port becomes
 * `127.0.0.1::80`); long syntax gets `host_ip: 127.0.0.1` (or its `host_ip`
 * value replaced).
 */
export function loopbackEdits(model: ComposeModel, port: PortMapping): TextEdit[] | undefined {
  if (port.syntax === 'short') {
    const ws = port.written;
    if (!ws || !port.aligned) return undefined;
    if (port.hostIpSpan) return [{ start: port.hostIpSpan.start, end: port.hostIpSpan.end, text: '127.0.0.1' }];
    const prefix = port.publishedText === undefined && !ws.raw.includes(':') ? '127.0.0.1::' : '127.0.0.1:';
    return [{ start: ws.start, end: ws.start, text: prefix }];
  }
  if (!port.map) return undefined;
  if (port.hostIpPair) {
    const v = model.resolve(port.hostIpPair.value);
    if (!v || !v.range || port.hostIpPair.value !== v) return undefined;
    const s = model.spanOf(v);
    const quote = model.text[s.start];
    const text = quote === '"' || quote === "'" ? `${quote}127.0.0.1${quote}` : '127.0.0.1';
    return [{ start: s.start, end: s.end, text }];
  }
  return insertPair(model, port.map, 'host_ip', '127.0.0.1');
}
