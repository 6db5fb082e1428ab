import { defineRule } from '../rule';
import { floatingTag, parseImageReference } from '../../parse/imageRef';
import { isBuilt } from '../../analysis/imageTrust';

export const untaggedServiceImage = defineRule({
  meta: {
    id: 'BH204',
    name: 'untagged-service-image',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A service `image:` has no tag or uses `latest`, so each `docker compose pull` may run a different image.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'none',
    messages: {
      untagged: 'Service `{service}` uses image `{image}` with no tag, so it floats to `latest`: pin a version tag (and ideally a digest).',
      latest: 'Service `{service}` uses image `{image}` with the `latest` tag, which changes under you: pin a version tag (and ideally a digest).',
    },
  },
  checkCompose({ model, report }) {
    for (const service of model.services) {
      const image = service.get('image');
      if (!image || typeof image.value !== 'string') continue;
      // A value that still holds `${…}` after interpolation depends on the environment: not judged.
      if (image.value.includes('$') || image.value.trim() === '') continue;
      // With `build:`, the image is built here and `image:` is only its name: its tag floats nowhere.
      if (isBuilt(service.effective('build'))) continue;
      const why = floatingTag(parseImageReference(image.value));
      if (!why) continue;
      report({ messageId: why, data: { service: service.name, image: image.value }, span: image.span });
    }
  },
});
