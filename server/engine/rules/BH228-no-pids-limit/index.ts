import { defineRule } from '../rule';
import { checkLimit, numeric, SKIP_ONE_SHOT, type LimitOptions, type LimitVerdict } from '../../analysis/composeLimits';

/** `pids_limit` and `deploy.resources.limits.pids`: a count; `0` and `-1` mean no limit. */
export function judgePids(_path: readonly string[], value: unknown): LimitVerdict {
  const n = numeric(value);
  if (n === undefined) return 'unknown';
  return n > 0 ? 'limit' : 'unlimited';
}

export const noPidsLimit = defineRule<LimitOptions>({
  meta: {
    id: 'BH228',
    name: 'no-pids-limit',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'resources',
    description: 'A service has no limit on its number of processes: neither `pids_limit` nor `deploy.resources.limits.pids`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.29 — Ensure that the PIDs cgroup limit is used' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #7: Limit resources (memory, CPU, file descriptors, processes, restarts)', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — pids_limit', url: 'https://docs.docker.com/reference/compose-file/services/#pids_limit' },
    ],
    fixable: 'unsafe',
    messages: {
      missing:
        'Service {services} has no process limit: a fork bomb or a thread leak can exhaust the host\'s process table and stop every container. Set `pids_limit` (or `deploy.resources.limits.pids`).',
      unlimited: 'Service {services} sets `{key}: {value}`, which means no process limit: a fork bomb can exhaust the host\'s process table. Set a real limit.',
      unlimitedShared:
        'Services {services} set `{key}: {value}` through this shared setting, which means no process limit: a fork bomb can exhaust the host\'s process table. Set a real limit.',
    },
    options: { type: 'object', properties: { skipOneShot: SKIP_ONE_SHOT }, additionalProperties: false },
  },
  checkCompose(ctx) {
    checkLimit(ctx, {
      paths: [['pids_limit'], ['deploy', 'resources', 'limits', 'pids']],
      judge: judgePids,
      add: ['pids_limit', { raw: '1024' }],
      addDeploy: ['pids', { raw: '1024' }],
      after: ['mem_limit', 'cpus', 'image', 'build'],
      title: 'Limit the service to 1024 processes and threads (adjust to what it needs)',
    });
  },
});
