import { defineRule } from '../rule';
import { checkLimit, numeric, SKIP_ONE_SHOT, type LimitOptions, type LimitVerdict } from '../../analysis/composeLimits';

/**
 * `cpus` and `deploy.resources.limits.cpus` (a number of CPUs), `cpu_quota`
 * (µs per period), `cpu_shares` (relative weight, CIS Docker Benchmark v1.6.0 5.12's "CPU priority")
 * and `cpuset` (CPUs the service may use). `0` (and `-1` for the quota) means
 * no limit; `cpu_shares: 0` is Docker's default weight.
 */
export function judgeCpu(path: readonly string[], value: unknown): LimitVerdict {
  const key = path[path.length - 1];
  if (key === 'cpuset') return typeof value === 'string' && value.trim() !== '' ? 'limit' : typeof value === 'number' ? 'limit' : 'unknown';
  const n = numeric(value);
  if (n === undefined) return 'unknown';
  return n > 0 ? 'limit' : 'unlimited';
}

export const noCpuLimit = defineRule<LimitOptions>({
  meta: {
    id: 'BH227',
    name: 'no-cpu-limit',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'resources',
    description: 'A service has no CPU limit or priority: none of `cpus`, `cpu_quota`, `cpu_shares`, `cpuset` or `deploy.resources.limits.cpus`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.12 — Ensure that CPU priority is set appropriately on containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #7: Limit resources (memory, CPU, file descriptors, processes, restarts)', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — cpus', url: 'https://docs.docker.com/reference/compose-file/services/#cpus' },
      { title: 'Compose Deploy Specification — resources', url: 'https://docs.docker.com/reference/compose-file/deploy/#resources' },
    ],
    fixable: 'unsafe',
    messages: {
      missing:
        'Service {services} has no CPU limit: a busy loop or an attack can take every CPU of the host from the other containers. Set `cpus` (or `deploy.resources.limits.cpus`, or at least `cpu_shares`).',
      unlimited: 'Service {services} sets `{key}: {value}`, which means no CPU limit: a busy loop or an attack can take every CPU of the host. Set a real limit.',
      unlimitedShared:
        'Services {services} set `{key}: {value}` through this shared setting, which means no CPU limit: a busy loop or an attack can take every CPU of the host. Set a real limit.',
    },
    options: { type: 'object', properties: { skipOneShot: SKIP_ONE_SHOT }, additionalProperties: false },
  },
  checkCompose(ctx) {
    checkLimit(ctx, {
      paths: [['cpus'], ['cpu_quota'], ['cpu_shares'], ['cpuset'], ['deploy', 'resources', 'limits', 'cpus']],
      judge: judgeCpu,
      add: ['cpus', { raw: '1' }],
      addDeploy: ['cpus', { raw: '1' }],
      after: ['mem_limit', 'memswap_limit', 'mem_reservation', 'pids_limit', 'image', 'build'],
      title: 'Limit the service to 1 CPU (adjust to what it needs)',
    });
  },
});
