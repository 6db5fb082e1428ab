/** Dockerfile secrets: credential literals, credentials on the command line, sensitive files, passwords set in RUN. */
import type { AnyRule } from '../rule';
import { hardcodedCredential } from '../BH120-hardcoded-credential';
import { credentialOnCommandLine } from '../BH121-credential-on-command-line';
import { sensitiveFileCopied } from '../BH122-sensitive-file-copied';
import { contextCopiedWithoutDockerignore } from '../BH123-context-copied-without-dockerignore';
import { passwordSetInRun } from '../BH124-password-set-in-run';

export const dockerfileSecretsRules: readonly AnyRule[] = [hardcodedCredential, credentialOnCommandLine, sensitiveFileCopied, contextCopiedWithoutDockerignore, passwordSetInRun];
