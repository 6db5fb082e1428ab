import type { Pair } from 'yaml';
import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { RelatedLocation, TextEdit } from '../../types';
import { groupByNode, isUnder, serviceVolumes, valueOf, type VolumeMount } from '../../compose/volumes';
import { servicesDo, shown } from '../../compose/phrases';
import { insertPair } from '../../yaml/edit';
import { runtimeSocketAt } from '../BH215-runtime-socket-mounted';

/**
 * How much a host path matters:
 * - `critical`: changing it takes over the host, reading it leaks secrets or the whole system (error writable, warning read-only);
 * - `minor`: host configuration or device files of limited reach (warning writable, not reported read-only);
 * - `benign`: files containers commonly read (time zone, CA certificates, resolver): warning writable, not reported read-only.
 */
type Tier = 'critical' | 'minor' | 'benign';

interface SensitivePath {
  path: string;
  what: string;
  tier: Tier;
  /** Only the path itself, not what lies under it. */
  exact?: boolean;
}

const CRITICAL = (paths: string[], what: string, exact = false): SensitivePath[] => paths.map((path) => ({ path, what, tier: 'critical', exact }));

/** Host paths by sensitivity; the longest matching entry decides. `~` is any home directory (`$HOME`, `/home/<user>`, `/root`). */
export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  ...CRITICAL(['/'], "the host's whole filesystem", true),
  ...CRITICAL(['/etc'], "the host's configuration, password hashes included", true),
  ...CRITICAL(['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow'], "the host's user accounts and password hashes"),
  ...CRITICAL(['/etc/sudoers', '/etc/sudoers.d'], 'who may become root on the host'),
  ...CRITICAL(['/etc/ssh'], "the host's SSH server keys and configuration"),
  ...CRITICAL(['/etc/crontab', '/etc/cron.d', '/etc/cron.hourly', '/etc/cron.daily', '/etc/cron.weekly', '/etc/cron.monthly', '/etc/systemd', '/etc/init.d', '/etc/rc.local'], 'what the host runs as root'),
  ...CRITICAL(['/etc/ld.so.preload', '/etc/ld.so.conf', '/etc/ld.so.conf.d'], 'the libraries every host program loads'),
  ...CRITICAL(['/etc/pam.d', '/etc/security'], 'how the host authenticates users'),
  ...CRITICAL(['/etc/profile', '/etc/profile.d', '/etc/bash.bashrc', '/etc/environment'], "every host user's shell start-up files"),
  ...CRITICAL(['/etc/docker', '/etc/containerd', '/etc/kubernetes', '/etc/rancher'], "the container runtime's configuration and credentials"),
  ...CRITICAL(['/etc/letsencrypt', '/etc/ssl/private'], 'TLS private keys'),
  ...CRITICAL(['/proc'], "every host process and the kernel's settings"),
  ...CRITICAL(['/proc/sys'], "the kernel's settings"),
  ...CRITICAL(['/sys'], 'kernel and device settings'),
  ...CRITICAL(['/sys/fs/cgroup'], "the host's control groups"),
  ...CRITICAL(['/sys/kernel/debug', '/sys/kernel/tracing', '/sys/kernel/security'], 'kernel debugging, tracing and security interfaces'),
  ...CRITICAL(['/boot'], "the host's kernel and boot loader"),
  ...CRITICAL(['/dev'], 'every host device', true),
  ...CRITICAL(['/root'], "root's home directory"),
  ...CRITICAL(['/home'], "every user's home directory", true),
  ...CRITICAL(['/var/lib/docker'], "Docker's data: every container's filesystem and volumes"),
  ...CRITICAL(['/var/lib/containerd'], "containerd's data: every container's filesystem"),
  ...CRITICAL(['/var/lib/kubelet'], "the kubelet's data, pod secrets included"),
  ...CRITICAL(['/lib/modules'], "the host's kernel modules"),
  ...CRITICAL(['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32'], 'host programs and libraries'),
  ...CRITICAL(['~'], 'a home directory', true),
  ...CRITICAL(['~/.ssh'], 'SSH keys'),
  ...CRITICAL(['~/.aws'], 'AWS credentials'),
  ...CRITICAL(['~/.kube'], 'Kubernetes credentials'),
  ...CRITICAL(['~/.docker'], 'Docker registry credentials'),
  ...CRITICAL(['~/.gnupg'], 'GPG keys'),
  ...CRITICAL(['~/.config/gcloud'], 'Google Cloud credentials'),
  ...CRITICAL(['~/.azure'], 'Azure credentials'),
  ...CRITICAL(['~/.netrc', '~/.git-credentials', '~/.npmrc', '~/.pypirc'], 'stored passwords and tokens'),
  { path: '/etc', what: 'host configuration', tier: 'minor' },
  { path: '/dev', what: 'host device files', tier: 'minor' },
  { path: '/usr/src', what: 'kernel sources and headers', tier: 'minor' },
  { path: '/usr/share', what: 'shared data files', tier: 'minor' },
  { path: '/usr/local/share', what: 'shared data files', tier: 'minor' },
  ...[
    '/etc/localtime',
    '/etc/timezone',
    '/etc/hosts',
    '/etc/hostname',
    '/etc/resolv.conf',
    '/etc/machine-id',
    '/etc/os-release',
    '/etc/lsb-release',
    '/etc/ssl/certs',
    '/etc/ca-certificates',
    '/etc/pki/ca-trust',
    '/etc/pki/tls/certs',
    '/usr/share/zoneinfo',
    '/usr/share/ca-certificates',
    '/usr/local/share/ca-certificates',
    '/usr/lib/os-release',
  ].map((path): SensitivePath => ({ path, what: 'a host file containers commonly read', tier: 'benign' })),
];

function matches(p: string, e: SensitivePath): boolean {
  return e.exact ? p === e.path : isUnder(p, e.path);
}

/** `/home/alice/.ssh` and `/root/.ssh` are home directories too. */
function homeForms(p: string): string[] {
  const out = [p];
  const m = /^\/home\/[^/]+(\/.*)?$/.exec(p) ?? /^\/root(\/.*)?$/.exec(p);
  if (m) out.push('~' + (m[1] ?? ''));
  return out;
}

export interface Sensitivity {
  entry: SensitivePath;
  /** Set when the path is a directory above the sensitive one (`/var` holds `/var/lib/docker`). */
  holds?: string;
}

/** How sensitive a normalised host path is; undefined for ordinary paths. */
export function sensitivityOf(hostPath: string): Sensitivity | undefined {
  let best: SensitivePath | undefined;
  let bestLen = -1;
  for (const form of homeForms(hostPath)) {
    for (const e of SENSITIVE_PATHS) {
      if (!matches(form, e)) continue;
      // Longest path wins; on a tie (`/etc` exact, critical, and `/etc` minor) the first listed.
      if (e.path.length > bestLen) {
        best = e;
        bestLen = e.path.length;
      }
    }
  }
  if (best) return { entry: best };
  // A directory above a critical directory holds it: `/var` holds `/var/lib/docker`.
  if (!hostPath.startsWith('/')) return undefined;
  const held = SENSITIVE_PATHS.find((e) => e.tier === 'critical' && e.path.startsWith('/') && e.path !== hostPath && isUnder(e.path, hostPath));
  return held ? { entry: held, holds: held.path } : undefined;
}

interface Hit {
  node: unknown;
  mount: VolumeMount;
  sens: Sensitivity;
}

export const sensitiveHostPathMounted = defineRule({
  meta: {
    id: 'BH216',
    name: 'sensitive-host-path-mounted',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'filesystem',
    description: "A service mounts a sensitive host path (`/`, `/etc`, `/proc`, `/sys`, `/var/lib/docker`, a home directory, credentials such as `~/.ssh`): an error when it is writable.",
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.6 — Ensure sensitive host system directories are not mounted on containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #8: Set filesystem and volumes to read-only', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Bind mounts', url: 'https://docs.docker.com/engine/storage/bind-mounts/' },
    ],
    fixable: 'unsafe',
    messages: {
      writable:
        "{who} the host's `{path}` ({what}) writable at `{target}`{via}: a compromised container can change it on the host, which is a way to take over the host. Mount it read-only, or mount only the files the service needs.",
      readOnly:
        "{who} the host's `{path}` ({what}) read-only at `{target}`{via}: the container can still read all of it. If the service needs it (as monitoring agents need `/proc` and `/sys`), keep it read-only; otherwise mount only the files it needs.",
      holdsWritable:
        "{who} the host's `{path}` writable at `{target}`{via}; it holds `{holds}` ({what}), which a compromised container can then change on the host. Mount only the directory the service needs, read-only if it can be.",
      holdsReadOnly:
        "{who} the host's `{path}` read-only at `{target}`{via}; it holds `{holds}` ({what}), which the container can read. Mount only the directory the service needs.",
      minorWritable:
        "{who} the host's `{path}` ({what}) writable at `{target}`{via}: the container can change the host's copy. Mount it read-only (`:ro`) unless the service must write it.",
    },
  },
  checkCompose({ model, report }) {
    const hits: { service: string; entry: Hit }[] = [];
    for (const service of model.services) {
      for (const mount of serviceVolumes(model, service)?.mounts ?? []) {
        if (mount.type !== 'bind' || mount.uncertain || mount.hostPath === undefined) continue;
        // Runtime sockets and the directories holding them are BH215's.
        if (runtimeSocketAt(mount.hostPath)) continue;
        const sens = sensitivityOf(mount.hostPath);
        if (!sens) continue;
        if (sens.entry.tier !== 'critical' && mount.readOnly) continue;
        hits.push({ service: service.name, entry: { node: mount.node, mount, sens } });
      }
    }
    for (const { entry, services } of groupByNode(hits).values()) {
      const { mount, sens } = entry;
      const critical = sens.entry.tier === 'critical';
      const messageId = !critical ? 'minorWritable' : sens.holds ? (mount.readOnly ? 'holdsReadOnly' : 'holdsWritable') : mount.readOnly ? 'readOnly' : 'writable';
      const related: RelatedLocation[] = [];
      if (mount.namedVolume?.deviceSpan) related.push({ span: mount.namedVolume.deviceSpan, message: `Volume \`${mount.namedVolume.name}\` binds this host path.` });
      const edits = mount.readOnly ? undefined : readOnlyEdits(model, mount);
      report({
        messageId,
        data: {
          who: servicesDo(services, 'mounts', 'mount'),
          path: shown(mount.hostPathWritten ?? mount.hostPath ?? ''),
          what: sens.entry.what,
          holds: sens.holds ?? '',
          target: shown(mount.target ?? ''),
          via: mount.namedVolume ? ` through volume \`${mount.namedVolume.name}\`` : '',
        },
        span: mount.sourceSpan,
        // Raised for writable critical paths; the rest at the configured severity (warning by default).
        severity: critical && !mount.readOnly ? 'error' : undefined,
        related,
        fixes: edits ? [{ id: 'mount-read-only', title: `Mount ${shown(mount.hostPathWritten ?? '')} read-only`, safe: false, edits }] : [],
      });
    }
  },
});

/**
 * Makes a writable mount read-only: short syntax gets `:ro` after the target
 * (or `,ro` after its options, or its `rw` becomes `ro`); long syntax gets
 * `read_only: true` (or its `read_only: false` becomes true).
 */
export function readOnlyEdits(model: ComposeModel, mount: VolumeMount): TextEdit[] | undefined {
  if (mount.syntax === 'short') {
    if (!mount.aligned || !mount.written) return undefined;
    if (mount.modeSpan) {
      if (mount.optionSpans.length === 0) return undefined;
      const rw = mount.optionSpans.find((o) => o.option === 'rw');
      if (rw) return [{ start: rw.span.start, end: rw.span.end, text: 'ro' }];
      const last = mount.optionSpans[mount.optionSpans.length - 1]!;
      // `:` alone (an empty mode) takes `ro` directly.
      return [{ start: last.span.end, end: last.span.end, text: last.option === '' ? 'ro' : ',ro' }];
    }
    if (mount.source === undefined) return undefined;
    return [{ start: mount.targetSpan.end, end: mount.targetSpan.end, text: ':ro' }];
  }
  if (!mount.map) return undefined;
  if (mount.readOnlyPair) {
    const v = valueOf(model, mount.readOnlyPair);
    if (!v || !v.range || mount.readOnlyPair.value !== v) return undefined;
    const s = model.spanOf(v);
    return [{ start: s.start, end: s.end, text: 'true' }];
  }
  const after = (['target', 'source', 'type'] as const)
    .map((k) => mount.map!.items.find((p): p is Pair => (p.key as { value?: unknown } | null)?.value === k))
    .find((p) => p !== undefined);
  return insertPair(model, mount.map, 'read_only', { raw: 'true' }, { after });
}
