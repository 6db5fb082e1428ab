import { type Node as YNode, type YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from '../../yaml/nodes';
import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { Severity, Span } from '../../types';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { ByWritten, hasUnresolved } from '../../analysis/composeIsolation';

type DeviceClass = 'memory' | 'disk' | 'allDevices' | 'expected' | 'other';

const CLASS_SEVERITY: Record<DeviceClass, Severity> = { memory: 'error', disk: 'error', allDevices: 'error', expected: 'info', other: 'warning' };

/** Raw host memory and I/O ports. */
const MEMORY = /^\/dev\/(?:mem|kmem|port)$/;
/** Raw disks, partitions and the volume layers above them. */
const DISK = /^\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|mapper\/|disk\/|nbd\d)/;
/** Devices containers commonly and legitimately need: GPUs, FUSE, TUN/TAP. */
const EXPECTED = /^\/dev\/(?:fuse$|net\/tun$|dri(?:$|\/)|nvidia|kfd$)/;

/** How risky a host device path is. */
export function classifyDevice(path: string): DeviceClass {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/dev' || p === '/') return 'allDevices';
  if (MEMORY.test(p)) return 'memory';
  if (DISK.test(p)) return 'disk';
  if (EXPECTED.test(p)) return 'expected';
  return 'other';
}

/** The host side of a `devices` entry: `HOST[:CONTAINER[:PERMS]]`; undefined for CDI names (`vendor.com/class=name`). */
export function deviceHostPath(entry: string): string | undefined {
  if (!entry.startsWith('/')) return undefined;
  return entry.split(':')[0];
}

type RuleClass = 'allRules' | 'block' | 'char';
const RULE_SEVERITY: Record<RuleClass, Severity> = { allRules: 'error', block: 'warning', char: 'info' };

/** A `device_cgroup_rules` entry (`c 1:3 mr`, `a *:* rwm`): what it opens, or undefined when it is not a rule Docker reads. */
export function classifyCgroupRule(rule: string): RuleClass | undefined {
  const m = /^\s*([abc])(?:\s+(\*|\d+):(\*|\d+)(?:\s+([rwm]+))?)?\s*$/.exec(rule);
  if (!m) return undefined;
  if (m[1] === 'a') return 'allRules';
  if (m[1] === 'b') return m[2] === '*' ? 'allRules' : 'block';
  return 'char';
}

interface Hit {
  messageId: string;
  data: Record<string, string>;
  span: Span;
  severity: Severity;
}

export const hostDeviceExposed = defineRule({
  meta: {
    id: 'BH213',
    name: 'host-device-exposed',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: 'A service gets a host device (`devices`) or may create device nodes (`device_cgroup_rules`); raw disks and memory are errors, GPUs, FUSE and TUN are info.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.18 — Ensure that host devices are not directly exposed to containers' },
      { title: 'Compose file reference — devices', url: 'https://docs.docker.com/reference/compose-file/services/#devices' },
      { title: 'Docker run reference — --device-cgroup-rule', url: 'https://docs.docker.com/reference/cli/docker/container/run/#device-cgroup-rule' },
    ],
    fixable: 'none',
    messages: {
      memory: '{who} the host device `{device}`: raw access to the host\'s physical memory or I/O ports, which is full control of the host.',
      disk: '{who} the raw host disk `{device}`: the container can read every file on it, secrets included, and change them past every permission check, which is an escape.',
      allDevices: '{who} every host device under `{device}`, raw disks and memory included: that is full control of the host.',
      expected: '{who} the host device `{device}`. Devices like GPUs, FUSE and TUN are commonly needed; make sure this service needs it.',
      other: '{who} the host device `{device}`: the container talks to its kernel driver directly. Make sure the service needs it, and give it only the permissions it needs (`r` rather than `rwm`).',
      allRules:
        '{who} may use every {kind} device of the host (`{rule}`): with the default MKNOD capability it can create a node for a host disk and read or write it, which is an escape.',
      block: '{who} may create and use host block devices matching `{rule}`: with the default MKNOD capability a node for a host disk reads and writes it past every permission check.',
      char: '{who} may create and use host character devices matching `{rule}`. Make sure the service needs them.',
    },
  },
  checkCompose({ model, report }) {
    const hits = new ByWritten<YNode, Hit>();
    for (const service of model.services) {
      for (const key of ['devices', 'device_cgroup_rules'] as const) {
        const found = service.get(key);
        const seq = found ? model.resolve(found.node) : undefined;
        if (!found || !isSeq(seq)) continue;
        const values = Array.isArray(found.value) ? (found.value as unknown[]) : [];
        seq.items.forEach((item, index) => {
          const n = model.resolve(item);
          if (!n) return;
          const hit = key === 'devices' ? deviceHit(model, n, values[index]) : ruleHit(model, n, values[index]);
          if (hit) hits.add(n, hit, service.name);
        });
      }
    }
    for (const { item, services } of hits.values()) {
      const who = services.length === 1 ? `Service ${serviceList(services)} gets` : `Services ${serviceList(services)} get, through this shared entry,`;
      const mayWho = services.length === 1 ? `Service ${serviceList(services)}` : `Services ${serviceList(services)}, through this shared entry,`;
      const isRule = ['allRules', 'block', 'char'].includes(item.messageId);
      report({ messageId: item.messageId, data: { ...item.data, who: isRule ? mayWho : who }, span: item.span, severity: item.severity });
    }
  },
});

function deviceHit(model: ComposeModel, n: YNode, value: unknown): Hit | undefined {
  let host: string | undefined;
  let span: Span = model.spanOf(n);
  if (isScalar(n) && typeof value === 'string') host = deviceHostPath(value);
  else if (isMap(n) && value && typeof value === 'object' && typeof (value as { source?: unknown }).source === 'string') {
    // Long syntax: `source`, `target`, `permissions`.
    host = (value as { source: string }).source;
    const pair = (n as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === 'source');
    if (pair && pair.value && (pair.value as YNode).range) span = model.spanOf(pair.value as YNode);
  }
  if (!host || hasUnresolved(host) || !host.startsWith('/')) return undefined;
  const cls = classifyDevice(host);
  return { messageId: cls, data: { device: host }, span, severity: CLASS_SEVERITY[cls] };
}

function ruleHit(model: ComposeModel, n: YNode, value: unknown): Hit | undefined {
  if (!isScalar(n) || typeof value !== 'string' || hasUnresolved(value)) return undefined;
  const cls = classifyCgroupRule(value);
  if (!cls) return undefined;
  const kind = value.trim().startsWith('b') ? 'block' : '';
  return { messageId: cls, data: { rule: value.trim(), kind: kind || 'block and character' }, span: model.spanOf(n), severity: RULE_SEVERITY[cls] };
}
