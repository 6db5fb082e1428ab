/** Compose isolation: no-new-privileges, seccomp, AppArmor, host namespaces, devices, sysctls. */
import type { AnyRule } from '../rule';
import { noNewPrivilegesNotSet } from '../BH205-no-new-privileges-not-set';
import { seccompDisabled } from '../BH206-seccomp-disabled';
import { confinementDisabled } from '../BH207-confinement-disabled';
import { hostNetworkMode } from '../BH208-host-network-mode';
import { hostPidNamespace } from '../BH209-host-pid-namespace';
import { hostIpcNamespace } from '../BH210-host-ipc-namespace';
import { hostUserNamespace } from '../BH211-host-user-namespace';
import { hostUtsCgroupNamespace } from '../BH212-host-uts-cgroup-namespace';
import { hostDeviceExposed } from '../BH213-host-device-exposed';
import { isolationWeakeningSysctl } from '../BH214-isolation-weakening-sysctl';

export const composeIsolationRules: readonly AnyRule[] = [
  noNewPrivilegesNotSet,
  seccompDisabled,
  confinementDisabled,
  hostNetworkMode,
  hostPidNamespace,
  hostIpcNamespace,
  hostUserNamespace,
  hostUtsCgroupNamespace,
  hostDeviceExposed,
  isolationWeakeningSysctl,
];
