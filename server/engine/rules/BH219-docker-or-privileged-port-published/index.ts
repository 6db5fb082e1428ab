import { defineRule } from '../rule';
import type { Severity, Span } from '../../types';
import { groupByNode } from '../../compose/volumes';
import { rangeIncludes, servicePorts, type PortMapping } from '../../compose/ports';
import { servicesDo, shown } from '../../compose/phrases';

interface Options {
  allowedPrivilegedPorts: string[];
}

interface Hit {
  node: unknown;
  port: PortMapping;
  kind: 'daemon' | 'daemonTls' | 'privileged';
  number: number;
}

export const dockerOrPrivilegedPortPublished = defineRule<Options>({
  meta: {
    id: 'BH219',
    name: 'docker-or-privileged-port-published',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'network',
    description: 'A service publishes the Docker daemon port (2375, 2376) — an error — or maps a privileged host port below 1024 other than 80 and 443 (info).',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.8 — Ensure privileged ports are not mapped within containers' },
      { title: 'CIS Docker Benchmark v1.6.0 2.7 — Ensure TLS authentication for Docker daemon is configured' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #1: Do not expose the Docker daemon socket (even to the containers)', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Protect the Docker daemon socket', url: 'https://docs.docker.com/engine/security/protect-access/' },
    ],
    fixable: 'none',
    messages: {
      daemon:
        '{who} port {port}, the Docker daemon\'s unencrypted, unauthenticated API port: anyone who can connect controls that daemon — and, for Docker-in-Docker or a socket proxy, the containers and host behind it. Do not publish it; let the services that need it reach it over an internal Compose network.',
      daemonTls:
        '{who} port {port}, the Docker daemon\'s TLS API port: anyone holding a client certificate the daemon trusts controls it, and the containers and host behind it. Publish it only with `--tlsverify` and client certificates, and only on the interface that needs it.',
      privileged:
        '{who} host port {port}, a privileged port (below 1024): services there are trusted as system services, and mapping it lets a container take one over. Map a port of 1024 or above, unless this service is meant to serve it (then add it to `allowedPrivilegedPorts`).',
    },
    options: {
      type: 'object',
      properties: {
        allowedPrivilegedPorts: {
          type: 'array',
          items: { type: 'string' },
          default: ['80', '443'],
          description: 'Privileged host ports that may be published (a reverse proxy\'s HTTP and HTTPS by default).',
        },
      },
      additionalProperties: false,
    },
  },
  checkCompose({ model, options, report }) {
    const hits: { service: string; entry: Hit }[] = [];
    for (const service of model.services) {
      const mode = service.effective('network_mode');
      if (typeof mode === 'string' && mode.trim() === 'host') continue;
      for (const port of servicePorts(model, service)?.ports ?? []) {
        if (port.uncertain) continue;
        const daemon = [2375, 2376].find((p) => rangeIncludes(port.target, p) || rangeIncludes(port.published, p));
        if (daemon !== undefined) {
          hits.push({ service: service.name, entry: { node: port.node, port, kind: daemon === 2375 ? 'daemon' : 'daemonTls', number: daemon } });
          continue;
        }
        const pub = port.published;
        if (!pub || pub.start >= 1024 || pub.start === 0) continue;
        // A range reaching below 1024: its first privileged port not allowed.
        let first: number | undefined;
        for (let p = pub.start; p <= Math.min(pub.end, 1023); p++) {
          if (!options.allowedPrivilegedPorts.includes(String(p))) {
            first = p;
            break;
          }
        }
        if (first === undefined) continue;
        hits.push({ service: service.name, entry: { node: port.node, port, kind: 'privileged', number: first } });
      }
    }
    for (const { entry, services } of groupByNode(hits).values()) {
      const { port, kind } = entry;
      const severity: Severity | undefined = kind === 'daemon' ? 'error' : kind === 'daemonTls' ? 'warning' : undefined;
      report({
        messageId: kind,
        data: { who: servicesDo(services, kind === 'privileged' ? 'maps' : 'publishes', kind === 'privileged' ? 'map' : 'publish'), port: describe(port) },
        span: spanOf(port),
        severity,
      });
    }
  },
});

function describe(port: PortMapping): string {
  const proto = port.protocol && port.protocol !== 'tcp' ? `/${port.protocol}` : '';
  const target = port.targetText !== undefined ? shown(port.targetText) : '?';
  if (!port.publishedText) return `${target}${proto}`;
  const host = shown(port.publishedText);
  return host === target ? `${host}${proto}` : `${host}${proto} (container port ${target})`;
}

function spanOf(port: PortMapping): Span {
  if (port.syntax === 'long') return port.publishedSpan ?? port.targetSpan ?? port.span;
  return port.span;
}
