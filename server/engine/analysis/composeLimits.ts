/**
 * The resource-limit rules (BH226 memory, BH227 CPU, BH228 PIDs) share one
 * check: a limit may be written under several keys (`mem_limit` or
 * `deploy.resources.limits.memory`), written values are reported once per
 * pair (anchors), a missing limit is judged on the service as Compose runs it
 * (`extends`, override files), and the fix adds a starting value.
 */
import { type YAMLMap } from 'yaml';
import { isMap } from '../yaml/nodes';
import type { ComposeRuleContext, FixProposal } from '../rules/rule';
import type { ComposeValue } from '../model/compose';
import { detectStyle, type YamlStyle } from '../yaml/style';
import { insertPair } from '../yaml/edit';
import { renderFlow, type YamlValue } from '../yaml/render';
import { serviceList } from '../rules/BH202-dangerous-capability/capabilities';
import { addServicePairs, ByPair, isOneShot, isSet, pathValue } from './composeService';

/** `limit`: a real limit; `unlimited`: a value that means no limit (`0`, `-1`); `unknown`: an unset variable or a value not understood. */
export type LimitVerdict = 'limit' | 'unlimited' | 'unknown';

export interface LimitSpec {
  /** Where the limit may be written, best first (`['mem_limit']`, `['deploy', 'resources', 'limits', 'memory']`). */
  paths: string[][];
  judge(path: readonly string[], value: unknown): LimitVerdict;
  /** The service-level key and value the fix adds. */
  add: [string, YamlValue];
  /** The key and value the fix adds to an existing `deploy.resources.limits` map. */
  addDeploy: [string, YamlValue];
  /** Own service keys after which the new key goes, best first. */
  after: string[];
  title: string;
}

export interface LimitOptions {
  skipOneShot: boolean;
}

/** A number as Docker parses a numeric limit (number, or a string holding one); undefined otherwise. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Runs a limit check over every service of the file. */
export function checkLimit(ctx: ComposeRuleContext<LimitOptions>, spec: LimitSpec): void {
  const { model, options, report } = ctx;
  let style: YamlStyle | undefined;
  const styleOf = (): YamlStyle => (style ??= detectStyle(model));
  const unlimited = new ByPair<null>();
  for (const service of model.services) {
    const written: { path: string[]; value: ComposeValue; verdict: LimitVerdict }[] = [];
    for (const path of spec.paths) {
      const value = service.get(...path);
      if (value) written.push({ path, value, verdict: spec.judge(path, value.value) });
    }
    if (written.some((w) => w.verdict !== 'unlimited')) continue;
    // Another file of the project, or `extends`, may set a limit Compose uses.
    const effective = service.effective();
    const setElsewhere = spec.paths.some((p) => {
      const v = pathValue(effective, p);
      return isSet(v) && spec.judge(p, v) !== 'unlimited';
    });
    if (setElsewhere) continue;
    if (written.length) {
      for (const w of written) if (isSet(w.value.value) || w.value.value === 0) unlimited.add(w.value, service.name, null);
      continue;
    }
    if (spec.paths.some((p) => isSet(pathValue(effective, p)))) continue; // unlimited, written in another file: reported there
    if (options.skipOneShot && isOneShot(model, service)) continue;
    let fixes: FixProposal[] = [];
    const limits = service.get('deploy', 'resources', 'limits');
    let edits;
    if (limits && !limits.indirect && isMap(limits.node) && (limits.node as YAMLMap).items.length > 0) {
      edits = insertPair(model, limits.node as YAMLMap, spec.addDeploy[0], spec.addDeploy[1], { style: styleOf() });
    } else if (!limits) {
      edits = addServicePairs(model, service, [spec.add], styleOf(), spec.after);
    }
    if (edits) fixes = [{ id: 'add-limit', title: spec.title, safe: false, edits }];
    report({ messageId: 'missing', data: { services: serviceList([service.name]) }, span: service.nameSpan, fixes });
  }
  for (const { value, services } of unlimited.entries()) {
    const key = value.keySpan;
    const keyName = key ? model.text.slice(key.start, key.end) : '';
    const written = model.text.slice(value.span.start, value.span.end);
    // Only the keys the fix writes get a value; `cpu_quota: 0` or `cpu_shares: 0` would need another unit.
    const replacement = keyName === spec.addDeploy[0] ? spec.addDeploy[1] : keyName === spec.add[0] ? spec.add[1] : undefined;
    const fixes: FixProposal[] =
      written.includes('$') || replacement === undefined
        ? []
        : [{ id: 'add-limit', title: spec.title, safe: false, edits: [{ start: value.span.start, end: value.span.end, text: renderFlow(replacement) }] }];
    report({
      messageId: services.length === 1 ? 'unlimited' : 'unlimitedShared',
      data: { services: serviceList(services), key: keyName, value: written },
      span: value.span,
      fixes,
    });
  }
}

/** The `skipOneShot` option schema shared by the limit rules. */
export const SKIP_ONE_SHOT = {
  type: 'boolean' as const,
  default: true,
  description:
    'Skip services that only run to completion: another service waits for them with `depends_on: {<name>: {condition: service_completed_successfully}}` (migrations, init jobs).',
};
