/** Images (Dockerfile and Compose): digests, trusted registries; build steps and permissions. */
import type { AnyRule } from '../rule';
import { imageNotPinnedByDigest } from '../BH130-image-not-pinned-by-digest';
import { untrustedRegistry } from '../BH131-untrusted-registry';
import { insecureBuildStep } from '../BH143-insecure-build-step';
import { copyWholeStageFilesystem } from '../BH145-copy-whole-stage-filesystem';
import { pipeWithoutPipefail } from '../BH146-pipe-without-pipefail';
import { serviceImageNotPinnedByDigest } from '../BH229-service-image-not-pinned-by-digest';
import { serviceUntrustedRegistry } from '../BH230-service-untrusted-registry';

export const imagesRules: readonly AnyRule[] = [
  imageNotPinnedByDigest,
  untrustedRegistry,
  insecureBuildStep,
  copyWholeStageFilesystem,
  pipeWithoutPipefail,
  serviceImageNotPinnedByDigest,
  serviceUntrustedRegistry,
];
