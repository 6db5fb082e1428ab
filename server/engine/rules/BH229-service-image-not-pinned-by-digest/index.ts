import { defineRule } from '../rule';
import { composeImageUses, isDigestPinned, isExempt } from '../../analysis/imageTrust';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { EXEMPT_IMAGES_OPTION, type ImageDigestOptions } from '../BH130-image-not-pinned-by-digest';

export const serviceImageNotPinnedByDigest = defineRule<ImageDigestOptions>({
  meta: {
    id: 'BH229',
    name: 'service-image-not-pinned-by-digest',
    appliesTo: ['compose'],
    defaultSeverity: 'info',
    category: 'supply-chain',
    description: 'A service `image:` that Compose pulls is named by tag only, so the image it runs can change without the file changing.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Compose file reference — image', url: 'https://docs.docker.com/reference/compose-file/services/#image' },
    ],
    fixable: 'none',
    messages: {
      notPinned: 'Service {services} runs image `{image}`, which is not pinned by digest: its tag can be moved to other content. Pin it as `{image}@sha256:…` ("Pin to digest" looks the digest up).',
      notPinnedShared: 'Services {services} run image `{image}` through this shared value, which is not pinned by digest: its tag can be moved to other content. Pin it as `{image}@sha256:…` ("Pin to digest" looks the digest up).',
    },
    options: {
      type: 'object',
      properties: { exemptImages: EXEMPT_IMAGES_OPTION },
      additionalProperties: false,
    },
  },
  checkCompose({ model, options, report }) {
    for (const use of composeImageUses(model)) {
      if (isDigestPinned(use.ref) || isExempt(use.ref, options.exemptImages)) continue;
      report({
        messageId: use.services.length === 1 ? 'notPinned' : 'notPinnedShared',
        data: { services: serviceList(use.services), image: use.value },
        span: use.span,
      });
    }
  },
});
