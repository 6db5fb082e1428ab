import { defineRule } from '../rule';
import type { ComposeModel, ComposeProject } from '../../model/compose';
import type { RelatedLocation } from '../../types';
import { publishesOnNonLoopback } from '../../compose/ports';
import { composeBool } from '../../compose/volumes';
import { serviceList } from '../BH202-dangerous-capability/capabilities';

interface Options {
  backendImages: string[];
}

/**
 * Image names (the last path component, without tag) of databases, caches,
 * queues and search engines. Matched exactly: `redis-exporter` or
 * `postgres-backup` are not backends.
 */
export const BACKEND_IMAGES = [
  'postgres',
  'postgresql',
  'postgis',
  'timescaledb',
  'timescaledb-ha',
  'mysql',
  'mysql-server',
  'mariadb',
  'percona',
  'percona-server',
  'mongo',
  'mongodb',
  'mongodb-community-server',
  'redis',
  'redis-stack',
  'redis-stack-server',
  'valkey',
  'keydb',
  'memcached',
  'rabbitmq',
  'kafka',
  'cp-kafka',
  'redpanda',
  'zookeeper',
  'cp-zookeeper',
  'nats',
  'elasticsearch',
  'elasticsearch-oss',
  'opensearch',
  'solr',
  'cassandra',
  'scylla',
  'couchdb',
  'couchbase',
  'neo4j',
  'influxdb',
  'clickhouse-server',
  'cockroach',
  'etcd',
  'mssql',
  'oracle-free',
];

/** The backend an image is, by its name: `postgres:16-alpine`, `bitnami/redis`, `mcr.microsoft.com/mssql/server:2022`. */
export function backendOf(image: string, names: readonly string[]): string | undefined {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const parts = ref.split('/');
  let last = parts[parts.length - 1]!;
  const colon = last.indexOf(':');
  if (colon >= 0) last = last.slice(0, colon);
  const path = [...parts.slice(0, -1), last];
  for (const name of names) {
    if (last === name) return name;
    // `mssql/server`: the name is the repository's namespace (only there: `redis/redisinsight` is a GUI).
    if (name === 'mssql' && path.length > 1 && path[path.length - 2] === name && last === 'server') return name;
  }
  return undefined;
}

/** The networks a service joins: its `networks` (list or map), `default` when it has none; none for `network_mode` host, none or container. */
function networksOf(project: ComposeProject, name: string, depth = 0): string[] {
  const def = project.definition(name);
  if (!def) return [];
  const mode = def.network_mode;
  if (typeof mode === 'string' && mode.trim() !== '' && mode.trim() !== 'bridge' && mode.trim() !== 'default') {
    const m = /^service:(.+)$/.exec(mode.trim());
    return m && depth < 4 ? networksOf(project, m[1]!, depth + 1) : [];
  }
  const nets = def.networks;
  if (Array.isArray(nets)) {
    const list = nets.filter((n): n is string => typeof n === 'string');
    return list.length > 0 ? list : ['default'];
  }
  if (nets && typeof nets === 'object') {
    const keys = Object.keys(nets);
    return keys.length > 0 ? keys : ['default'];
  }
  return ['default'];
}

function isInternal(model: ComposeModel, network: string): boolean {
  const nets = model.top('networks')?.value;
  if (!nets || typeof nets !== 'object' || Array.isArray(nets)) return false;
  const def = (nets as Record<string, unknown>)[network];
  return !!def && typeof def === 'object' && composeBool((def as Record<string, unknown>).internal);
}

const MAX_NAMED = 3;

function someServices(names: readonly string[]): string {
  if (names.length <= MAX_NAMED) return serviceList(names);
  return `${serviceList(names.slice(0, MAX_NAMED))} and ${names.length - MAX_NAMED} more`;
}

export const backendOnPublicNetwork = defineRule<Options>({
  meta: {
    id: 'BH220',
    name: 'backend-on-public-network',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'network',
    description: 'A database, cache or queue service shares a network that is not `internal` with a service that publishes ports.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.30 — Ensure that Docker\'s default bridge "docker0" is not used' },
      { title: 'CIS Docker Benchmark v1.6.0 2.2 — Ensure network traffic is restricted between containers on the default bridge' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #5: Be mindful of inter-container connectivity', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — networks: internal', url: 'https://docs.docker.com/reference/compose-file/networks/#internal' },
    ],
    fixable: 'none',
    messages: {
      shared:
        'Service `{service}` ({backend}) is on network {networks} with {publishers}, which {publishVerb} ports: a compromised public service reaches `{service}` directly, and the network lets `{service}` reach the outside. Put `{service}` on a network with `internal: true` that only the services using it join.',
    },
    options: {
      type: 'object',
      properties: {
        backendImages: {
          type: 'array',
          items: { type: 'string' },
          default: BACKEND_IMAGES,
          description: 'Image names (last path component, without tag) recognised as backends.',
        },
      },
      additionalProperties: false,
    },
  },
  checkCompose({ model, options, report }) {
    const project = model.project;
    const names = project.serviceNames();
    const publishers = names.filter((n) => project.isActive(n) && publishesOnNonLoopback(project.definition(n)?.ports));
    if (publishers.length === 0) return;
    const netsOf = new Map(names.map((n) => [n, networksOf(project, n)] as const));
    for (const service of model.services) {
      if (!project.isActive(service.name)) continue;
      const image = service.effective('image');
      if (typeof image !== 'string' || image.includes('$')) continue;
      const backend = backendOf(image, options.backendImages);
      if (!backend) continue;
      // A backend that publishes ports itself is exposed already (BH218 reports that).
      if (publishers.includes(service.name)) continue;
      const shared = (netsOf.get(service.name) ?? []).filter((n) => !isInternal(model, n));
      const reaching: string[] = [];
      const via = new Set<string>();
      for (const p of publishers) {
        if (p === service.name) continue;
        const common = (netsOf.get(p) ?? []).filter((n) => shared.includes(n));
        if (common.length === 0) continue;
        reaching.push(p);
        for (const n of common) via.add(n);
      }
      if (reaching.length === 0) continue;
      const related: RelatedLocation[] = [];
      for (const p of reaching) {
        const s = model.services.find((x) => x.name === p);
        if (s) related.push({ span: s.nameSpan, message: `\`${p}\` publishes ports and shares a network with \`${service.name}\`.` });
      }
      const viaList = [...via].map((n) => `\`${n}\``);
      report({
        messageId: 'shared',
        data: {
          service: service.name,
          backend: image.trim(),
          networks: viaList.length === 1 ? viaList[0]! : `${viaList.slice(0, -1).join(', ')} and ${viaList[viaList.length - 1]}`,
          publishers: someServices(reaching),
          publishVerb: reaching.length === 1 ? 'publishes' : 'publish',
        },
        span: service.nameSpan,
        related,
      });
    }
  },
});
