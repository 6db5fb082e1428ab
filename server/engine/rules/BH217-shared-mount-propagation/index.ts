import { type YAMLMap } from 'yaml';
import { isMap } from '../../yaml/nodes';
import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { Span, TextEdit } from '../../types';
import { groupByNode, serviceVolumes, valueOf, type VolumeMount } from '../../compose/volumes';
import { servicesDo, shown } from '../../compose/phrases';
import { removePair } from '../../yaml/edit';

const SHARED = new Set(['shared', 'rshared']);

interface Hit {
  node: unknown;
  mount: VolumeMount;
  span: Span;
  option: string;
}

export const sharedMountPropagation = defineRule({
  meta: {
    id: 'BH217',
    name: 'shared-mount-propagation',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: 'A bind mount uses `shared` or `rshared` propagation, so mounts made inside the container appear on the host.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.20 — Ensure mount propagation mode is not set to shared' },
      { title: 'Docker documentation — Bind propagation', url: 'https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation' },
      { title: 'mount_namespaces(7) — shared subtrees', url: 'https://man7.org/linux/man-pages/man7/mount_namespaces.7.html' },
    ],
    fixable: 'unsafe',
    messages: {
      shared:
        '{who} `{source}` at `{target}` with `{option}` propagation: mounts made inside the container under `{target}` appear on the host, and the host\'s appear in the container. Use the default (`rprivate`), or `rslave` if the container must see the host\'s new mounts.',
    },
  },
  checkCompose({ model, report }) {
    const hits: { service: string; entry: Hit }[] = [];
    for (const service of model.services) {
      for (const mount of serviceVolumes(model, service)?.mounts ?? []) {
        if (!mount.propagation || !SHARED.has(mount.propagation)) continue;
        let span: Span | undefined;
        if (mount.syntax === 'short') span = mount.optionSpans.find((o) => SHARED.has(o.option))?.span ?? mount.modeSpan ?? mount.span;
        else {
          const v = valueOf(model, mount.propagationPair);
          span = v && v.range ? model.spanOf(v) : mount.span;
        }
        hits.push({ service: service.name, entry: { node: mount.node, mount, span, option: mount.propagation } });
      }
    }
    for (const { entry, services } of groupByNode(hits).values()) {
      const { mount, span, option } = entry;
      const edits = removalEdits(model, mount);
      report({
        messageId: 'shared',
        data: { who: servicesDo(services, 'mounts', 'mount'), source: shown(mount.source ?? ''), target: shown(mount.target ?? ''), option },
        span,
        fixes: edits ? [{ id: 'remove-propagation', title: `Remove ${option} propagation`, safe: false, edits }] : [],
      });
    }
  },
});

/**
 * Short syntax: the option and its comma go (`:rshared` with its colon when
 * it is the only option). Long syntax: the `propagation` pair goes, with the
 * `bind:` key when nothing else is under it.
 */
function removalEdits(model: ComposeModel, mount: VolumeMount): TextEdit[] | undefined {
  if (mount.syntax === 'short') {
    if (!mount.aligned || !mount.modeSpan || mount.optionSpans.length === 0) return undefined;
    const i = mount.optionSpans.findIndex((o) => SHARED.has(o.option));
    if (i < 0) return undefined;
    const opts = mount.optionSpans;
    if (opts.length === 1) return [{ start: mount.targetSpan.end, end: mount.modeSpan.end, text: '' }];
    if (i < opts.length - 1) return [{ start: opts[i]!.span.start, end: opts[i + 1]!.span.start, text: '' }];
    return [{ start: opts[i - 1]!.span.end, end: opts[i]!.span.end, text: '' }];
  }
  if (!mount.propagationPair) return undefined;
  const bind = valueOf(model, mount.bindPair);
  if (mount.bindPair && isMap(bind) && (bind as YAMLMap).items.length === 1 && mount.bindPair.value === bind) return removePair(model, mount.bindPair);
  return removePair(model, mount.propagationPair);
}
