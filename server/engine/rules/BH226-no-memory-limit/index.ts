import { defineRule } from '../rule';
import { checkLimit, numeric, SKIP_ONE_SHOT, type LimitOptions, type LimitVerdict } from '../../analysis/composeLimits';

/** `mem_limit` and `deploy.resources.limits.memory`: bytes, or a number with a unit (`512m`, `1gb`). `0` and negatives mean no limit. */
export function judgeMemory(_path: readonly string[], value: unknown): LimitVerdict {
  const n = numeric(value);
  if (n !== undefined) return n > 0 ? 'limit' : 'unlimited';
  if (typeof value !== 'string') return 'unknown';
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]i?b?)?\s*$/i.exec(value);
  if (!m) return 'unknown';
  return Number(m[1]) > 0 ? 'limit' : 'unlimited';
}

export const noMemoryLimit = defineRule<LimitOptions>({
  meta: {
    id: 'BH226',
    name: 'no-memory-limit',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'resources',
    description: 'A service has no memory limit: neither `mem_limit` nor `deploy.resources.limits.memory`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.11 — Ensure that the memory usage for containers is limited' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #7: Limit resources (memory, CPU, file descriptors, processes, restarts)', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — mem_limit', url: 'https://docs.docker.com/reference/compose-file/services/#mem_limit' },
      { title: 'Compose Deploy Specification — resources', url: 'https://docs.docker.com/reference/compose-file/deploy/#resources' },
    ],
    fixable: 'unsafe',
    messages: {
      missing:
        'Service {services} has no memory limit: a leak or an attack can use all of the host\'s memory and get other containers killed. Set `mem_limit` (or `deploy.resources.limits.memory`).',
      unlimited: 'Service {services} sets `{key}: {value}`, which means no memory limit: a leak or an attack can use all of the host\'s memory. Set a real limit.',
      unlimitedShared:
        'Services {services} set `{key}: {value}` through this shared setting, which means no memory limit: a leak or an attack can use all of the host\'s memory. Set a real limit.',
    },
    options: { type: 'object', properties: { skipOneShot: SKIP_ONE_SHOT }, additionalProperties: false },
  },
  checkCompose(ctx) {
    checkLimit(ctx, {
      paths: [['mem_limit'], ['deploy', 'resources', 'limits', 'memory']],
      judge: judgeMemory,
      add: ['mem_limit', { raw: '512m' }],
      addDeploy: ['memory', { raw: '512M' }],
      after: ['memswap_limit', 'mem_reservation', 'cpus', 'pids_limit', 'image', 'build'],
      title: 'Limit memory to 512 MiB (adjust to what the service needs)',
    });
  },
});
