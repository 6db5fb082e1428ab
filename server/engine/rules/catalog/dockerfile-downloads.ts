/** Dockerfile downloads and verification: ADD, remote scripts, checksums, TLS and signature bypass, content trust. */
import type { AnyRule } from '../rule';
import { addUrlWithoutChecksum } from '../BH132-add-url-without-checksum';
import { addInsteadOfCopy } from '../BH133-add-instead-of-copy';
import { remoteScriptPipedToShell } from '../BH134-remote-script-piped-to-shell';
import { unverifiedDownload } from '../BH135-unverified-download';
import { tlsVerificationDisabled } from '../BH140-tls-verification-disabled';
import { packageSignatureCheckDisabled } from '../BH141-package-signature-check-disabled';
import { contentTrustDisabled } from '../BH142-content-trust-disabled';

export const dockerfileDownloadsRules: readonly AnyRule[] = [addUrlWithoutChecksum, addInsteadOfCopy, remoteScriptPipedToShell, unverifiedDownload, tlsVerificationDisabled, packageSignatureCheckDisabled, contentTrustDisabled];
