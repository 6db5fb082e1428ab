import { defineRule } from '../rule';
import type { OptionSchema, RelatedLocation } from '../../types';
import { dockerfileImageUses, isTrustedRegistry, registryHost, type DockerfileImageUse } from '../../analysis/imageTrust';

export interface TrustedRegistryOptions {
  trustedRegistries: string[];
}

export const TRUSTED_REGISTRIES_OPTION: OptionSchema = {
  type: 'array',
  items: { type: 'string' },
  default: [],
  description:
    'Registries images may come from: hosts (`ghcr.io`, `*.example.com`, `localhost:5000`, `docker.io` for Docker Hub) or host/path patterns (`ghcr.io/my-org/*`, `docker.io/library/*`). Defaults to the config\'s top-level `trustedRegistries`; empty means the rule does nothing.',
};

/** The configured list, shortened for a message. */
export function trustedList(patterns: readonly string[]): string {
  const shown = patterns.slice(0, 5).map((p) => `\`${p}\``).join(', ');
  return patterns.length > 5 ? `${shown}, …` : shown;
}

export const untrustedRegistry = defineRule<TrustedRegistryOptions>({
  meta: {
    id: 'BH131',
    name: 'untrusted-registry',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'An image pulled by FROM, `COPY --from` or `RUN --mount=from=` comes from a registry outside the configured `trustedRegistries`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'hadolint DL3026 — Use only an allowed registry in the FROM image', url: 'https://github.com/hadolint/hadolint/wiki/DL3026' },
    ],
    hadolint: ['DL3026'],
    fixable: 'none',
    messages: {
      untrusted: 'Image `{image}` ({where}) comes from `{registry}`, which is not a trusted registry ({trusted}): use an image from a trusted registry, or add the registry to `trustedRegistries`.',
      untrustedArg: 'Image `{image}` (default of ARG `{arg}`, used by FROM) comes from `{registry}`, which is not a trusted registry ({trusted}): use an image from a trusted registry, or add the registry to `trustedRegistries`.',
    },
    options: {
      type: 'object',
      properties: { trustedRegistries: TRUSTED_REGISTRIES_OPTION },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const trusted = options.trustedRegistries.filter((p) => p.trim() !== '');
    if (trusted.length === 0) return;
    const bySpan = new Map<string, { use: DockerfileImageUse; uses: DockerfileImageUse[] }>();
    for (const use of dockerfileImageUses(model)) {
      if (use.unresolved || !use.valid || isTrustedRegistry(use.ref, trusted)) continue;
      const k = `${use.span.start}:${use.span.end}`;
      const hit = bySpan.get(k);
      if (hit) hit.uses.push(use);
      else bySpan.set(k, { use, uses: [use] });
    }
    for (const { use, uses } of bySpan.values()) {
      const related: RelatedLocation[] = use.argDefault ? uses.map((u) => ({ span: u.writtenSpan, message: `Used by this FROM (stage ${u.stage.name ?? u.stage.index}).` })) : [];
      report({
        messageId: use.argDefault ? 'untrustedArg' : 'untrusted',
        data: { image: use.resolved, where: use.where, registry: registryHost(use.ref), trusted: trustedList(trusted), ...(use.argDefault ? { arg: use.argDefault.name } : {}) },
        span: use.span,
        related: related.length ? related : undefined,
      });
    }
  },
});
