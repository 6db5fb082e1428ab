/**
 * A Compose service's `ports:` entries as Docker publishes them, with where
 * each part is written. Short syntax follows Docker's `ParsePortSpec`
 * (`[[IP:]HOST:]CONTAINER[/PROTOCOL]`, the IP being everything before the
 * last two `:`-separated fields, so `[::1]:8080:80` works; ranges
 * `8080-8090:80-90`); a lone container port (`"80"`, or the YAML integer
 * `80`) is published on an ephemeral host port on every interface. Long
 * syntax reads `target`, `published`, `host_ip`, `protocol` and `mode`.
 *
 * Numbers are read from their source text: the project parses YAML 1.2 (as
 * Compose v2 does), where `22:22` is the string "22:22"; under a
 * `%YAML 1.1` directive the parser would read it as the sexagesimal integer
 * 1342, and the written text is still what Compose reads.
 */
import { type Node as YNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isScalar, isSeq } from '../yaml/nodes';
import type { ComposeModel, ComposeService, ComposeValue } from '../model/compose';
import type { Span } from '../types';
import { hasVariable, splitWritten, writtenScalar, type WrittenScalar } from './written';
import { pairIn, valueOf } from './volumes';

export interface PortRange {
  start: number;
  end: number;
}

export interface PortMapping {
  index: number;
  /** The entry as it stands in the list (an alias when written as `*x`). */
  item: unknown;
  /** The entry's node (the anchor's node for an alias). */
  node: YNode;
  syntax: 'short' | 'long';
  /** The host address as written (brackets of IPv6 removed); `''` when none is given. */
  hostIp: string;
  /** Published on every host interface: no address, `0.0.0.0`, `::`. */
  allInterfaces: boolean;
  /** Published on the loopback interface only. */
  loopback: boolean;
  /** Host port(s); undefined for an ephemeral host port. */
  published?: PortRange;
  /** The host port as written after interpolation (`8080`, `8080-8090`), if any. */
  publishedText?: string;
  /** Container port(s); undefined when unreadable. */
  target?: PortRange;
  targetText?: string;
  protocol: string;
  mode?: string;
  /** Some part depends on a variable the environment does not resolve, or does not parse. */
  uncertain: boolean;
  /** The whole entry as written. */
  span: Span;
  hostIpSpan?: Span;
  publishedSpan?: Span;
  targetSpan?: Span;
  /** Short syntax: the parts' spans are exact; fixes need it. */
  aligned: boolean;
  written?: WrittenScalar;
  /** Long syntax: the entry's map and its `host_ip` pair. */
  map?: YAMLMap;
  hostIpPair?: Pair;
}

export interface ServicePorts {
  found: ComposeValue;
  seq?: YAMLSeq;
  ports: PortMapping[];
}

/** `8080`, `8080-8090` → a range; undefined when not a port number or range. */
export function parsePortRange(s: string): PortRange | undefined {
  const m = /^\s*(\d{1,5})(?:\s*-\s*(\d{1,5}))?\s*$/.exec(s);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] !== undefined ? Number(m[2]) : start;
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return { start, end };
}

export function rangeIncludes(r: PortRange | undefined, port: number): boolean {
  return !!r && r.start <= port && port <= r.end;
}

function stripBrackets(ip: string): string {
  const t = ip.trim();
  return t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
}

export function isAllInterfaces(ip: string): boolean {
  const t = stripBrackets(ip);
  return t === '' || t === '0.0.0.0' || t === '::' || t === '0:0:0:0:0:0:0:0';
}

export function isLoopback(ip: string): boolean {
  const t = stripBrackets(ip).toLowerCase();
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(t) || t === '::1' || t === 'localhost';
}

/** Every port entry of a service, through merge keys and aliases; undefined when the service has no `ports`. */
export function servicePorts(model: ComposeModel, service: ComposeService): ServicePorts | undefined {
  const found = service.get('ports');
  if (!found) return undefined;
  const seqNode = model.resolve(found.node);
  if (!isSeq(seqNode)) return { found, ports: [] };
  const values = Array.isArray(found.value) ? (found.value as unknown[]) : [];
  const ports: PortMapping[] = [];
  (seqNode as YAMLSeq).items.forEach((item, index) => {
    const node = model.resolve(item);
    if (!node) return;
    const value = values[index];
    const p = isMap(node) ? longPort(model, node as YAMLMap, value, index, item) : shortPort(model, node, value, index, item);
    if (p) ports.push(p);
  });
  return { found, seq: seqNode as YAMLSeq, ports };
}

/** Plain-data port entries (an effective definition from `project.definition`): published on every interface or not. */
export function publishesOnNonLoopback(ports: unknown): boolean {
  if (!Array.isArray(ports)) return false;
  for (const p of ports) {
    if (typeof p === 'string' || typeof p === 'number') {
      const s = String(p);
      const { ip } = splitShort(s.replace(/\/[A-Za-z]+$/, ''));
      if (hasVariable(ip) || !isLoopback(ip)) return true;
    } else if (p && typeof p === 'object') {
      const ip = (p as Record<string, unknown>).host_ip;
      if (typeof ip !== 'string' || !isLoopback(ip)) return true;
    }
  }
  return false;
}

function splitShort(s: string): { ip: string; host?: string; container: string } {
  const parts = s.split(':');
  const n = parts.length;
  if (n === 1) return { ip: '', container: parts[0]! };
  if (n === 2) return { ip: '', host: parts[0]!, container: parts[1]! };
  return { ip: parts.slice(0, n - 2).join(':'), host: parts[n - 2]!, container: parts[n - 1]! };
}

function shortPort(model: ComposeModel, node: YNode, value: unknown, index: number, item: unknown): PortMapping | undefined {
  if (!isScalar(node)) return undefined;
  const ws = writtenScalar(model, node);
  // A number is read from its source (see the module comment); a string as interpolated.
  const whole = typeof value === 'number' ? (ws && ws.quote === '' ? ws.raw : String(value)) : typeof value === 'string' ? value : undefined;
  if (whole === undefined || whole.trim() === '') return undefined;
  const span = model.spanOf(node);
  let body = whole.trim();
  let protocol = 'tcp';
  const slash = body.lastIndexOf('/');
  if (slash >= 0) {
    protocol = body.slice(slash + 1).toLowerCase();
    body = body.slice(0, slash);
  }
  const { ip, host, container } = splitShort(body);
  const hostIp = stripBrackets(ip);
  const published = host !== undefined && host !== '' ? parsePortRange(host) : undefined;
  const target = parsePortRange(container);
  const mapping: PortMapping = {
    index,
    item,
    node,
    syntax: 'short',
    hostIp,
    allInterfaces: !hasVariable(ip) && isAllInterfaces(ip),
    loopback: !hasVariable(ip) && isLoopback(ip),
    published,
    publishedText: host !== undefined && host !== '' ? host : undefined,
    target,
    targetText: container,
    protocol,
    uncertain: hasVariable(ip) || (host !== undefined && host !== '' && !published) || !target,
    span,
    aligned: false,
    written: ws,
  };
  if (ws && typeof value !== 'number') {
    // Spans of the written parts: split the written text the same way and check it lines up.
    const raw = ws.raw;
    const rawSlash = raw.lastIndexOf('/');
    const bodyLen = rawSlash >= 0 && !raw.slice(rawSlash).includes('}') ? rawSlash : raw.length;
    const parts = splitWritten(model, ws, ':', bodyLen);
    const n = parts.length;
    const pIp = n >= 3 ? parts.slice(0, n - 2) : [];
    const pHost = n >= 2 ? parts[n - 2] : undefined;
    const pContainer = parts[n - 1]!;
    const ipValue = pIp.map((p) => p.value).join(':');
    if (ipValue === ip && (pHost?.value ?? undefined) === host && pContainer.value === container) {
      mapping.aligned = true;
      if (pIp.length > 0) mapping.hostIpSpan = { start: pIp[0]!.span.start, end: pIp[pIp.length - 1]!.span.end };
      if (pHost) mapping.publishedSpan = pHost.span;
      mapping.targetSpan = pContainer.span;
    }
  } else if (ws && typeof value === 'number') {
    mapping.aligned = ws.quote === '' && !ws.raw.includes(':');
    mapping.targetSpan = span;
  }
  return mapping;
}

function longPort(model: ComposeModel, map: YAMLMap, value: unknown, index: number, item: unknown): PortMapping | undefined {
  const v = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x.trim() : typeof x === 'number' ? String(x) : undefined);
  const targetText = str(v.target);
  const publishedText = str(v.published);
  const ip = str(v.host_ip) ?? '';
  const span = model.spanOf(map);
  const spanOfKey = (key: string): { pair?: Pair; span?: Span } => {
    const pair = pairIn(model, map, key);
    const node = valueOf(model, pair);
    return { pair, span: node && node.range ? model.spanOf(node) : undefined };
  };
  const hostIp = spanOfKey('host_ip');
  const published = publishedText !== undefined && publishedText !== '' ? parsePortRange(publishedText) : undefined;
  const target = targetText !== undefined ? parsePortRange(targetText) : undefined;
  return {
    index,
    item,
    node: map as unknown as YNode,
    syntax: 'long',
    hostIp: stripBrackets(ip),
    allInterfaces: !hasVariable(ip) && isAllInterfaces(ip),
    loopback: !hasVariable(ip) && isLoopback(ip),
    published,
    publishedText: publishedText !== '' ? publishedText : undefined,
    target,
    targetText,
    protocol: (str(v.protocol) ?? 'tcp').toLowerCase(),
    mode: str(v.mode),
    uncertain: hasVariable(ip) || (publishedText !== undefined && publishedText !== '' && !published) || !target,
    span,
    hostIpSpan: hostIp.span,
    publishedSpan: spanOfKey('published').span,
    targetSpan: spanOfKey('target').span,
    aligned: true,
    map,
    hostIpPair: hostIp.pair,
  };
}
