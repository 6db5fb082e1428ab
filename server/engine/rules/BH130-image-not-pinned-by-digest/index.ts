import { defineRule } from '../rule';
import type { OptionSchema, RelatedLocation, Span } from '../../types';
import { dockerfileImageUses, isDigestPinned, isExempt, type DockerfileImageUse } from '../../analysis/imageTrust';

export interface ImageDigestOptions {
  exemptImages: string[];
}

export const EXEMPT_IMAGES_OPTION: OptionSchema = {
  type: 'array',
  items: { type: 'string' },
  default: [],
  description:
    'Images that need no digest (`registry/repository:tag` as written, `*` wildcards, `!` to exclude; `docker.io/…` also matches images written without a registry), for example images your own CI builds and signs: `registry.example.com/*`.',
};

export const imageNotPinnedByDigest = defineRule<ImageDigestOptions>({
  meta: {
    id: 'BH130',
    name: 'image-not-pinned-by-digest',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'supply-chain',
    description: 'An image pulled by FROM, `COPY --from` or `RUN --mount=from=` is named by tag only, so the bytes behind it can change without the Dockerfile changing.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker docs — Pin base image versions', url: 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions' },
    ],
    fixable: 'none',
    messages: {
      notPinned: 'Image `{image}` ({where}) is not pinned by digest: its tag can be moved to other content. Pin it as `{image}@sha256:…` ("Pin to digest" looks the digest up).',
      notPinnedArg: 'Image `{image}` (default of ARG `{arg}`, used by FROM) is not pinned by digest: its tag can be moved to other content. Pin it as `{image}@sha256:…` ("Pin to digest" looks the digest up).',
    },
    options: {
      type: 'object',
      properties: { exemptImages: EXEMPT_IMAGES_OPTION },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    // One finding per place the reference is written: several `FROM $BASE` share their ARG's default.
    const bySpan = new Map<string, { use: DockerfileImageUse; uses: DockerfileImageUse[] }>();
    for (const use of dockerfileImageUses(model)) {
      if (use.unresolved || !use.valid) continue;
      if (isDigestPinned(use.ref) || isExempt(use.ref, options.exemptImages)) continue;
      const k = `${use.span.start}:${use.span.end}`;
      const hit = bySpan.get(k);
      if (hit) hit.uses.push(use);
      else bySpan.set(k, { use, uses: [use] });
    }
    for (const { use, uses } of bySpan.values()) {
      const related: RelatedLocation[] = use.argDefault
        ? uses.map((u) => ({ span: u.writtenSpan as Span, message: `Used by this FROM (stage ${u.stage.name ?? u.stage.index}).` }))
        : [];
      report({
        messageId: use.argDefault ? 'notPinnedArg' : 'notPinned',
        data: { image: use.resolved, where: use.where, ...(use.argDefault ? { arg: use.argDefault.name } : {}) },
        span: use.span,
        related: related.length ? related : undefined,
      });
    }
  },
});
