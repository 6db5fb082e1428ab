/** Dockerfile runtime: users, sudo, SSH, HEALTHCHECK, toolchain bases, system directories. */
import type { AnyRule } from '../rule';
import { nonNumericUser } from '../BH104-non-numeric-user';
import { sudoInRun } from '../BH105-sudo-in-run';
import { sshServer } from '../BH106-ssh-server';
import { missingHealthcheck } from '../BH107-missing-healthcheck';
import { toolchainBaseImage } from '../BH108-toolchain-base-image';
import { systemDirectory } from '../BH109-system-directory';
import { unsafePermissions } from '../BH115-unsafe-permissions';

export const dockerfileRuntimeRules: readonly AnyRule[] = [nonNumericUser, sudoInRun, sshServer, missingHealthcheck, toolchainBaseImage, systemDirectory, unsafePermissions];
