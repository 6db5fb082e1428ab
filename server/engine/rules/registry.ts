/**
 * Every rule, listed explicitly. A rule that is not here does not run, has no
 * docs page and cannot be configured; the docs test checks the three agree.
 */
import type { AnyRule } from './rule';
import { parseError, invalidConfig, unusedSuppression, unknownSuppression, suppressionPolicy } from './system';
import { rootUser } from './BH101-root-user';
import { secretInArgEnv } from './BH102-secret-in-arg-env';
import { untaggedBaseImage } from './BH103-untagged-base-image';
import { privilegedService } from './BH201-privileged-service';
import { dangerousCapability } from './BH202-dangerous-capability';
import { capabilitiesNotDropped } from './BH203-capabilities-not-dropped';
import { untaggedServiceImage } from './BH204-untagged-service-image';
import { serviceRunsAsRoot } from './BH301-service-runs-as-root';
import { dockerfileRuntimeRules } from './catalog/dockerfile-runtime';
import { dockerfilePackagesRules } from './catalog/dockerfile-packages';
import { dockerfileSecretsRules } from './catalog/dockerfile-secrets';
import { imagesRules } from './catalog/images';
import { dockerfileDownloadsRules } from './catalog/dockerfile-downloads';
import { composeIsolationRules } from './catalog/compose-isolation';
import { composeMountsNetworkRules } from './catalog/compose-mounts-network';
import { composeResourcesRules } from './catalog/compose-resources';

export const ALL_RULES: readonly AnyRule[] = [
  rootUser,
  secretInArgEnv,
  untaggedBaseImage,
  privilegedService,
  dangerousCapability,
  capabilitiesNotDropped,
  untaggedServiceImage,
  serviceRunsAsRoot,
  // The catalogs: each file lists its rules explicitly.
  ...dockerfileRuntimeRules,
  ...dockerfilePackagesRules,
  ...dockerfileSecretsRules,
  ...imagesRules,
  ...dockerfileDownloadsRules,
  ...composeIsolationRules,
  ...composeMountsNetworkRules,
  ...composeResourcesRules,
  parseError,
  invalidConfig,
  unusedSuppression,
  unknownSuppression,
  suppressionPolicy,
];

/** Engine-reported rules (no check of their own). */
export const SYSTEM_RULES: ReadonlySet<string> = new Set(['BH900', 'BH901', 'BH902', 'BH903', 'BH904']);

const byRef = new Map<string, AnyRule>();
for (const r of ALL_RULES) {
  if (byRef.has(r.meta.id.toUpperCase()) || byRef.has(r.meta.name)) throw new Error(`Duplicate rule ${r.meta.id} / ${r.meta.name}`);
  byRef.set(r.meta.id.toUpperCase(), r);
  byRef.set(r.meta.name, r);
}

/** A rule by id (`BH101`, any case) or name (`root-user`). */
export function ruleByRef(ref: string): AnyRule | undefined {
  return byRef.get(ref.toUpperCase()) ?? byRef.get(ref);
}
