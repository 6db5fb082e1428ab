import { defineRule } from '../rule';
import { commandSpan, OS_MANAGERS, packageCommands } from '../../analysis/packages';

/** Actions that upgrade every installed package when no package is named. */
const UPGRADES = new Set(['upgrade', 'dist-upgrade']);

export const systemUpgrade = defineRule({
  meta: {
    id: 'BH190',
    name: 'system-upgrade',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'supply-chain',
    description: 'A RUN upgrades every package of the base image (`apt-get upgrade`, `dist-upgrade`, `apk upgrade`, `yum update`, `zypper dup`), so the image depends on the day it was built rather than on the base image tag.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.7 — Ensure update instructions are not used alone in Dockerfiles' },
      { title: 'Docker documentation — Dockerfile best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
      { title: 'hadolint DL3035 — Do not use zypper dist-upgrade' },
    ],
    hadolint: ['DL3035'],
    fixable: 'none',
    messages: {
      upgrade:
        '`{command}` upgrades every package of the base image at build time: the result depends on the build date and drifts from the tested base image. Prefer a newer (patched) base image tag, or upgrade only the packages you need.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const pc of packageCommands(model)) {
      if (!OS_MANAGERS.has(pc.manager) || !UPGRADES.has(pc.action) || pc.packages.length > 0) continue;
      const span = commandSpan(pc);
      const dup = pc.manager === 'zypper' && pc.action === 'dist-upgrade';
      report({ messageId: 'upgrade', data: { command: model.text.slice(span.start, span.end) }, span, ...(dup ? { hadolint: 'DL3035' } : {}) });
    }
  },
});
