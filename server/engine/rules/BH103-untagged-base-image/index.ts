import { defineRule } from '../rule';
import { floatingTag } from '../../parse/imageRef';
import { dockerfileImageUses } from '../../analysis/imageTrust';

export const untaggedBaseImage = defineRule({
  meta: {
    id: 'BH103',
    name: 'untagged-base-image',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'An image pulled by FROM, `COPY --from` or `RUN --mount=from=` has no tag or uses `latest`, so every build may pull a different image.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'hadolint DL3006, DL3007' },
    ],
    hadolint: ['DL3006', 'DL3007'],
    fixable: 'none',
    messages: {
      untagged: 'Base image `{image}` has no tag, so it floats to `latest`: pin a version tag (and ideally a digest).',
      latest: 'Base image `{image}` uses the `latest` tag, which changes under you: pin a version tag (and ideally a digest).',
      untaggedOther: 'Image `{image}` in `{where}` has no tag, so it floats to `latest`: pin a version tag (and ideally a digest).',
      latestOther: 'Image `{image}` in `{where}` uses the `latest` tag, which changes under you: pin a version tag (and ideally a digest).',
    },
  },
  checkDockerfile({ model, report }) {
    for (const use of dockerfileImageUses(model)) {
      if (use.unresolved) continue;
      const why = floatingTag(use.ref);
      if (!why) continue;
      const hadolint = why === 'latest' ? 'DL3007' : 'DL3006';
      if (use.kind === 'from') {
        // Reported on the FROM (as before the flags were judged), whatever the ARG that spells it.
        report({ messageId: why, data: { image: use.resolved }, span: use.writtenSpan, hadolint });
      } else {
        report({ messageId: why === 'latest' ? 'latestOther' : 'untaggedOther', data: { image: use.resolved, where: use.where }, span: use.span, hadolint });
      }
    }
  },
});
