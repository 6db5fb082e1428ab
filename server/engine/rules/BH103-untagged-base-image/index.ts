import { defineRule } from '../rule';
import { floatingTag } from '../../parse/imageRef';

export const untaggedBaseImage = defineRule({
  meta: {
    id: 'BH103',
    name: 'untagged-base-image',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A FROM image has no tag or uses `latest`, so every build may pull a different image.',
    references: [
      { title: 'CIS Docker Benchmark 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'hadolint DL3006, DL3007' },
    ],
    hadolint: ['DL3006', 'DL3007'],
    fixable: 'none',
    messages: {
      untagged: 'Base image `{image}` has no tag, so it floats to `latest`: pin a version tag (and ideally a digest).',
      latest: 'Base image `{image}` uses the `latest` tag, which changes under you: pin a version tag (and ideally a digest).',
    },
  },
  checkDockerfile({ model, report }) {
    for (const stage of model.stages) {
      const img = stage.image;
      if (img.isScratch || img.stageIndex !== undefined || img.unresolved || img.raw === '') continue;
      const why = floatingTag(img);
      if (!why) continue;
      report({ messageId: why, data: { image: img.resolved }, span: img.span, hadolint: why === 'latest' ? 'DL3007' : 'DL3006' });
    }
  },
});
