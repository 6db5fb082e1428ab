import { defineRule } from '../rule';
import type { ComposeModel, ComposeService, ComposeValue } from '../../model/compose';
import type { Host } from '../../host';
import { parseDockerfile } from '../../parse/dockerfile';
import { stageChain } from '../../analysis/dockerfile';
import { ByPair, isSet } from '../../analysis/composeService';
import { composeTrue } from '../BH201-privileged-service';
import { readBuildSource } from '../BH301-service-runs-as-root';
import { servicesPhrase } from '../BH231-secret-in-environment';

/** Whether a Compose `healthcheck:` value defines a check (not absent, `disable: true` or `test: ["NONE"]`). */
export function definesHealthcheck(hc: unknown): boolean {
  if (!hc || typeof hc !== 'object' || Array.isArray(hc)) return false;
  const h = hc as Record<string, unknown>;
  if (composeTrue(h.disable)) return false;
  const test = h.test;
  if (Array.isArray(test) && String(test[0]).toUpperCase() === 'NONE') return false;
  if (test === undefined || test === null || test === '') return false;
  return true;
}

/** `healthcheck: {disable: true}` or `test: ["NONE"]`. */
export function disablesHealthcheck(hc: unknown): boolean {
  if (!hc || typeof hc !== 'object' || Array.isArray(hc)) return false;
  const h = hc as Record<string, unknown>;
  return composeTrue(h.disable) || (Array.isArray(h.test) && String(h.test[0]).toUpperCase() === 'NONE');
}

function isScalarValue(v: ComposeValue): boolean {
  return v.value === null || typeof v.value !== 'object';
}

/**
 * What the built image says about health checks: `defined` when the target
 * stage (or a stage it is built from) ends with a HEALTHCHECK, `none` when it
 * has `HEALTHCHECK NONE` or none at all, `unknown` when the Dockerfile cannot be read.
 */
export function builtHealthcheck(build: unknown, composePath: string, model: ComposeModel, host: Host | undefined): 'defined' | 'none' | 'unknown' {
  if (!host) return 'unknown';
  const src = readBuildSource(build, composePath, model, host);
  if (!src) return 'unknown';
  const df = parseDockerfile(src.text, { buildArgs: src.args, target: src.target });
  const final = df.stages[df.targetStage];
  if (!final) return 'unknown';
  for (const stage of stageChain(df, final)) {
    const hc = [...stage.instructions].reverse().find((i) => i.keyword === 'HEALTHCHECK');
    if (hc) return /^\s*NONE\s*$/i.test(df.text.slice(hc.argsSpan?.start ?? hc.span.end, hc.span.end)) ? 'none' : 'defined';
  }
  return 'none';
}

/** The restart setting written in this file that restarts forever, if any. */
function unlimitedRestart(service: ComposeService): { value: ComposeValue; policy: string } | undefined {
  // A limit anywhere in the project (`deploy.restart_policy.max_attempts`) ends it.
  const max = service.effective('deploy', 'restart_policy', 'max_attempts');
  if (isSet(max) && Number(max) > 0) return undefined;
  const restart = service.get('restart');
  if (restart && typeof restart.value === 'string') {
    const v = restart.value.trim().toLowerCase();
    if (v === 'always' || v === 'unless-stopped') return { value: restart, policy: v };
    return undefined;
  }
  if (restart) return undefined;
  // Only `deploy.restart_policy` (Swarm and Compose both read it): condition `any` (the default) restarts forever.
  const policy = service.get('deploy', 'restart_policy');
  if (!policy || !policy.value || typeof policy.value !== 'object') return undefined;
  const condition = (policy.value as Record<string, unknown>).condition;
  if (condition !== undefined && condition !== 'any') return undefined;
  const cond = service.get('deploy', 'restart_policy', 'condition');
  return { value: cond ?? policy, policy: 'deploy.restart_policy condition any' };
}

export const restartWithoutHealthcheck = defineRule({
  meta: {
    id: 'BH233',
    name: 'restart-without-healthcheck',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'resources',
    description: 'A service restarts forever (`restart: always` or `unless-stopped`, no attempt limit) and has no healthcheck.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.27 — Ensure that container health is checked at runtime' },
      { title: "CIS Docker Benchmark v1.6.0 5.15 — Ensure that the 'on-failure' container restart policy is set to '5'" },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #7: Limit resources (memory, CPU, file descriptors, processes, restarts)', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — healthcheck', url: 'https://docs.docker.com/reference/compose-file/services/#healthcheck' },
      { title: 'Compose file reference — restart', url: 'https://docs.docker.com/reference/compose-file/services/#restart' },
    ],
    fixable: 'none',
    messages: {
      noHealthcheck:
        'The {services} restart{s} forever (`{policy}`) with no healthcheck: a crash loop never stops, and a service that hangs stays up looking healthy. Add a `healthcheck:` (or a HEALTHCHECK in the image), and consider `on-failure` with a retry limit.',
    },
  },
  checkCompose({ model, file, host, report }) {
    const found = new ByPair<string>();
    for (const service of model.services) {
      const restart = unlimitedRestart(service);
      if (!restart) continue;
      if (definesHealthcheck(service.effective('healthcheck'))) continue;
      // A healthcheck the Compose file disables is none, whatever the image says; one without `test` keeps the image's.
      const disabled = disablesHealthcheck(service.effective('healthcheck'));
      const build = service.effective('build');
      if (!disabled && build !== undefined && builtHealthcheck(build, file.path, model, host) === 'defined') continue;
      found.add(restart.value, service.name, restart.policy);
    }
    for (const { value, extra, services } of found.entries()) {
      const deploy = extra.startsWith('deploy');
      report({
        messageId: 'noHealthcheck',
        data: { services: servicesPhrase(services), s: services.length === 1 ? 's' : '', policy: deploy ? extra : `restart: ${extra}` },
        // `deploy.restart_policy` without a condition: its key.
        span: deploy && !isScalarValue(value) ? value.keySpan ?? value.span : value.span,
      });
    }
  },
});
