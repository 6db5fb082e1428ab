import { defineRule } from '../rule';
import type { RelatedLocation } from '../../types';
import { groupByNode, isUnder, serviceVolumes, type VolumeMount } from '../../compose/volumes';
import { servicesDo, shown } from '../../compose/phrases';

/** Container-runtime API sockets by host path (`<uid>` stands for any user id). */
export const RUNTIME_SOCKETS: readonly { path: string; runtime: string }[] = [
  { path: '/var/run/docker.sock', runtime: 'Docker' },
  { path: '/run/docker.sock', runtime: 'Docker' },
  { path: '/run/user/<uid>/docker.sock', runtime: 'Docker (rootless)' },
  { path: '/run/podman/podman.sock', runtime: 'Podman' },
  { path: '/var/run/podman/podman.sock', runtime: 'Podman' },
  { path: '/run/user/<uid>/podman/podman.sock', runtime: 'Podman (rootless)' },
  { path: '/run/containerd/containerd.sock', runtime: 'containerd' },
  { path: '/var/run/containerd/containerd.sock', runtime: 'containerd' },
  { path: '/run/k3s/containerd/containerd.sock', runtime: 'containerd' },
  { path: '/var/run/crio/crio.sock', runtime: 'CRI-O' },
  { path: '/run/crio/crio.sock', runtime: 'CRI-O' },
  { path: '/var/run/cri-dockerd.sock', runtime: 'Docker (cri-dockerd)' },
  { path: '/run/cri-dockerd.sock', runtime: 'Docker (cri-dockerd)' },
];

/** Windows named pipes of the Docker engine, lower-cased with forward slashes. */
const DOCKER_PIPES = new Set(['//./pipe/docker_engine', '//./pipe/dockerdesktoplinuxengine', '//./pipe/docker_engine_windows', '//./pipe/docker_engine_linux']);

/** Directories too broad to be reported here: `/` and `/var` are BH216's (sensitive host paths). */
const TOO_BROAD = new Set(['/', '/var']);

function uidPattern(p: string): string {
  return p.replace(/^\/(var\/)?run\/user\/\d+(?=\/|$)/, (_m, v: string | undefined) => `/${v ?? ''}run/user/<uid>`);
}

export type SocketMatch = { kind: 'socket'; runtime: string; socket: string } | { kind: 'dir'; runtime: string; socket: string };

/** The runtime socket a host path is, or holds (a directory that contains one). */
export function runtimeSocketAt(hostPath: string): SocketMatch | undefined {
  const pipe = hostPath.replace(/\\/g, '/').toLowerCase();
  if (DOCKER_PIPES.has(pipe)) return { kind: 'socket', runtime: 'Docker', socket: hostPath };
  const p = uidPattern(hostPath);
  const exact = RUNTIME_SOCKETS.find((s) => s.path === p);
  if (exact) return { kind: 'socket', runtime: exact.runtime, socket: exact.path };
  if (!p.startsWith('/') || TOO_BROAD.has(p)) return undefined;
  const inside = RUNTIME_SOCKETS.find((s) => isUnder(s.path, p));
  return inside ? { kind: 'dir', runtime: inside.runtime, socket: inside.path } : undefined;
}

interface Hit {
  mount: VolumeMount;
  match: SocketMatch;
  path: string;
  byTarget: boolean;
}

export const runtimeSocketMounted = defineRule({
  meta: {
    id: 'BH215',
    name: 'runtime-socket-mounted',
    appliesTo: ['compose'],
    defaultSeverity: 'error',
    category: 'privilege',
    description: 'A service mounts a container-runtime API socket (Docker, Podman, containerd, CRI-O) or the directory that holds it, which gives control of the host.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.32 — Ensure that the Docker socket is not mounted inside any containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #1: Do not expose the Docker daemon socket (even to the containers)', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Protect the Docker daemon socket', url: 'https://docs.docker.com/engine/security/protect-access/' },
    ],
    fixable: 'none',
    messages: {
      socket:
        '{who} the {runtime} API socket `{path}`{via}: whoever controls the container controls {runtime}, and can start a privileged container that mounts the host\'s `/`.{readOnly} If it needs the API, put a filtering proxy in between that allows only the calls it makes.',
      dir:
        '{who} `{path}`{via}, which holds the {runtime} API socket `{socket}`: whoever controls the container controls {runtime}, and can start a privileged container that mounts the host\'s `/`.{readOnly} Mount only what the service needs.',
      target:
        '{who} `{path}` at `{target}`, where the {runtime} API socket is expected: if the variable names the socket (as the target suggests), whoever controls the container controls {runtime} and the host.{readOnly}',
    },
  },
  checkCompose({ model, report }) {
    const hits: { service: string; entry: Hit & { node: unknown } }[] = [];
    for (const service of model.services) {
      for (const mount of serviceVolumes(model, service)?.mounts ?? []) {
        if (mount.type !== 'bind' && mount.type !== 'npipe' && !(mount.uncertain && mount.target)) continue;
        let match: SocketMatch | undefined;
        let byTarget = false;
        if (!mount.uncertain && mount.hostPath !== undefined) match = runtimeSocketAt(mount.hostPath);
        else if (mount.uncertain && mount.target && mount.source !== undefined) {
          // `${DOCKER_SOCK}:/var/run/docker.sock`: the source is unknown, the target says what it is.
          const t = runtimeSocketAt(mount.target);
          if (t && t.kind === 'socket') {
            match = t;
            byTarget = true;
          }
        }
        if (!match) continue;
        hits.push({ service: service.name, entry: { node: mount.node, mount, match, path: mount.hostPathWritten ?? mount.source ?? '', byTarget } });
      }
    }
    for (const { entry, services } of groupByNode(hits).values()) {
      const { mount, match, path, byTarget } = entry;
      const related: RelatedLocation[] = [];
      if (mount.namedVolume?.deviceSpan) related.push({ span: mount.namedVolume.deviceSpan, message: `Volume \`${mount.namedVolume.name}\` binds this host path.` });
      report({
        messageId: byTarget ? 'target' : match.kind,
        data: {
          who: servicesDo(services, 'mounts', 'mount'),
          runtime: match.runtime,
          path: shown(path),
          socket: match.socket,
          target: mount.target ?? '',
          via: mount.namedVolume ? ` through volume \`${mount.namedVolume.name}\`` : '',
          readOnly: mount.readOnly ? ' Mounting it read-only does not help: `ro` stops writes to the socket file, not requests sent through it.' : '',
        },
        span: mount.sourceSpan,
        related,
      });
    }
  },
});
