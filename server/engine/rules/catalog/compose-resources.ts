/** Compose resources, filesystem, secrets and restart policy. */
import type { AnyRule } from '../rule';
import { writableRootFilesystem } from '../BH225-writable-root-filesystem';
import { noMemoryLimit } from '../BH226-no-memory-limit';
import { noCpuLimit } from '../BH227-no-cpu-limit';
import { noPidsLimit } from '../BH228-no-pids-limit';
import { secretInEnvironment } from '../BH231-secret-in-environment';
import { secretInBuildArgs } from '../BH232-secret-in-build-args';
import { restartWithoutHealthcheck } from '../BH233-restart-without-healthcheck';

export const composeResourcesRules: readonly AnyRule[] = [writableRootFilesystem, noMemoryLimit, noCpuLimit, noPidsLimit, secretInEnvironment, secretInBuildArgs, restartWithoutHealthcheck];
