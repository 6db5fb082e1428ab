import { type YAMLSeq } from 'yaml';
import { isScalar, isSeq } from '../../yaml/nodes';
import { defineRule, type FixProposal } from '../rule';
import type { ComposeModel, ComposeService } from '../../model/compose';
import type { TextEdit } from '../../types';
import { detectStyle, type YamlStyle } from '../../yaml/style';
import { appendSeqItem } from '../../yaml/edit';
import type { YamlValue } from '../../yaml/render';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { addServicePairs, ByPair, isSet, ownPair } from '../../analysis/composeService';

/** A boolean false as docker compose reads it (YAML `false`, or `n`/`no`/`false`/`off` in any case). */
export function composeFalse(value: unknown): boolean {
  if (value === false) return true;
  return typeof value === 'string' && ['n', 'no', 'false', 'off'].includes(value.trim().toLowerCase());
}

/** Whether a `tmpfs:` value (string or list) or a `volumes:` list already gives the service a writable `/tmp`. */
export function hasWritableTmp(tmpfs: unknown, volumes: unknown): boolean {
  const list = typeof tmpfs === 'string' ? [tmpfs] : Array.isArray(tmpfs) ? tmpfs : [];
  if (list.some((t) => typeof t === 'string' && /^\/tmp\/?(?::|$)/.test(t.trim()))) return true;
  if (!Array.isArray(volumes)) return false;
  return volumes.some((v) => {
    if (typeof v === 'string') {
      const parts = v.split(':');
      const target = parts.length >= 2 ? parts[1] : parts[0];
      return target?.replace(/\/+$/, '') === '/tmp';
    }
    return !!v && typeof v === 'object' && String((v as Record<string, unknown>).target ?? '').replace(/\/+$/, '') === '/tmp';
  });
}

const TITLE_WITH_TMP = 'Make the root filesystem read-only, with a tmpfs at /tmp (check which paths the service writes)';
const TITLE = 'Make the root filesystem read-only (check which paths the service writes)';

export const writableRootFilesystem = defineRule({
  meta: {
    id: 'BH225',
    name: 'writable-root-filesystem',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'filesystem',
    description: 'A service runs with a writable root filesystem: it does not set `read_only: true`.',
    references: [
      { title: "CIS Docker Benchmark v1.6.0 5.13 — Ensure that the container's root filesystem is mounted as read only" },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #8: Set filesystem and volumes to read-only', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — read_only', url: 'https://docs.docker.com/reference/compose-file/services/#read_only' },
    ],
    fixable: 'unsafe',
    messages: {
      missing:
        'Service {services} can write to its root filesystem: an intruder can change its binaries and configuration or drop tools. Set `read_only: true` and mount the paths it writes as volumes or `tmpfs`.',
      disabled:
        'Service {services} sets `read_only: false`, so its root filesystem is writable: an intruder can change its binaries and configuration or drop tools. Set `read_only: true` and mount the paths it writes as volumes or `tmpfs`.',
      disabledShared:
        'Services {services} set `read_only: false` through this shared setting, so their root filesystems are writable: an intruder can change their binaries and configuration or drop tools. Set `read_only: true` and mount the paths they write as volumes or `tmpfs`.',
    },
  },
  checkCompose({ model, report }) {
    let style: YamlStyle | undefined;
    const styleOf = (): YamlStyle => (style ??= detectStyle(model));
    const disabled = new ByPair<null>();
    for (const service of model.services) {
      const v = service.get('read_only');
      if (v) {
        if (composeFalse(v.value)) disabled.add(v, service.name, null);
        // `true`, an unset `${VAR}` or anything compose would reject: not judged here.
        continue;
      }
      // `extends` or another file of the project may set it: judged there.
      if (isSet(service.effective('read_only'))) continue;
      const needsTmp = !hasWritableTmp(service.effective('tmpfs'), service.effective('volumes'));
      report({
        messageId: 'missing',
        data: { services: serviceList([service.name]) },
        span: service.nameSpan,
        fixes: addReadOnlyFix(model, service, needsTmp, styleOf()),
      });
    }
    for (const { value, services } of disabled.entries()) {
      const node = value.node;
      let fixes: FixProposal[] = [];
      if (isScalar(node)) {
        const written = model.text.slice(value.span.start, value.span.end);
        const q = written[0] === '"' || written[0] === "'" ? written[0] : '';
        // `read_only: ${RO:-false}`: the variable stays; only a literal is rewritten.
        if (!written.includes('$')) {
          const edits: TextEdit[] = [{ start: value.span.start, end: value.span.end, text: `${q}true${q}` }];
          fixes = [{ id: 'read-only', title: TITLE, safe: false, edits }];
        }
      }
      report({ messageId: services.length === 1 ? 'disabled' : 'disabledShared', data: { services: serviceList(services) }, span: value.span, fixes });
    }
  },
});

function addReadOnlyFix(model: ComposeModel, service: ComposeService, needsTmp: boolean, style: YamlStyle): FixProposal[] {
  const pairs: [string, YamlValue][] = [['read_only', { raw: 'true' }]];
  const extra: TextEdit[] = [];
  if (needsTmp) {
    const own = ownPair(service.map, 'tmpfs');
    const written = service.get('tmpfs');
    if (own && isSeq(own.value)) {
      // An own list without /tmp: /tmp joins it.
      const e = appendSeqItem(model, own.value as YAMLSeq, { raw: '/tmp' });
      if (!e) return [];
      extra.push(...e);
    } else if (!written) pairs.push(['tmpfs', { seq: [{ raw: '/tmp' }] }]);
    else needsTmp = false; // a tmpfs string or a merged list: left as it is
  }
  const edits = addServicePairs(model, service, pairs, style, ['image', 'build']);
  if (!edits) return [];
  return [{ id: 'read-only', title: needsTmp ? TITLE_WITH_TMP : TITLE, safe: false, edits: [...edits, ...extra] }];
}
