import { defineRule } from '../rule';
import { composeImageUses, isTrustedRegistry, registryHost } from '../../analysis/imageTrust';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { TRUSTED_REGISTRIES_OPTION, trustedList, type TrustedRegistryOptions } from '../BH131-untrusted-registry';

export const serviceUntrustedRegistry = defineRule<TrustedRegistryOptions>({
  meta: {
    id: 'BH230',
    name: 'service-untrusted-registry',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A service `image:` that Compose pulls comes from a registry outside the configured `trustedRegistries`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.2 — Ensure that containers use only trusted base images' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'none',
    messages: {
      untrusted: 'Service {services} runs image `{image}` from `{registry}`, which is not a trusted registry ({trusted}): use an image from a trusted registry, or add the registry to `trustedRegistries`.',
      untrustedShared: 'Services {services} run image `{image}` through this shared value, from `{registry}`, which is not a trusted registry ({trusted}): use an image from a trusted registry, or add the registry to `trustedRegistries`.',
    },
    options: {
      type: 'object',
      properties: { trustedRegistries: TRUSTED_REGISTRIES_OPTION },
      additionalProperties: false,
    },
  },
  checkCompose({ model, options, report }) {
    const trusted = options.trustedRegistries.filter((p) => p.trim() !== '');
    if (trusted.length === 0) return;
    for (const use of composeImageUses(model)) {
      if (isTrustedRegistry(use.ref, trusted)) continue;
      report({
        messageId: use.services.length === 1 ? 'untrusted' : 'untrustedShared',
        data: { services: serviceList(use.services), image: use.value, registry: registryHost(use.ref), trusted: trustedList(trusted) },
        span: use.span,
      });
    }
  },
});
