/** Dockerfile package managers: index updates, recommends, risky packages, caches, version pins. */
import type { AnyRule } from '../rule';
import { updateWithoutInstall } from '../BH110-update-without-install';
import { aptInstallRecommends } from '../BH111-apt-install-recommends';
import { riskyPackageInImage } from '../BH112-risky-package-in-image';
import { packageCacheInImage } from '../BH113-package-cache-in-image';
import { unpinnedPackage } from '../BH114-unpinned-package';
import { systemUpgrade } from '../BH190-system-upgrade';
import { buildToolInImage } from '../BH191-build-tool-in-image';

export const dockerfilePackagesRules: readonly AnyRule[] = [updateWithoutInstall, aptInstallRecommends, riskyPackageInImage, packageCacheInImage, unpinnedPackage, systemUpgrade, buildToolInImage];
