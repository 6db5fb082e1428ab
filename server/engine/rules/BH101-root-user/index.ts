import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, ImageRef, Instruction, Stage } from '../../model/dockerfile';
import type { Span } from '../../types';
import {
  imageName,
  insertLinesAfter,
  insertLinesBefore,
  keyword,
  matchesImagePatterns,
  stageChain,
} from '../../analysis/dockerfile';
import { previousNonRootUser } from '../../analysis/runtime';
import { builtInUser, createdUser, earlierNonRootUser, effectiveUser, imageFamily, isRootUser, isWindowsImage } from '../../analysis/users';

interface Options {
  nonRootImages: string[];
}

/** Images whose default user is not root, so a missing USER is fine. */
const DEFAULT_NON_ROOT_IMAGES = [
  'gcr.io/distroless/*:nonroot',
  'gcr.io/distroless/*:*-nonroot',
  'gcr.io/distroless/*:nonroot-*',
  'cgr.dev/chainguard/*',
  '!cgr.dev/chainguard/*-dev',
  'mcr.microsoft.com/dotnet/*:*-chiseled*',
  'mcr.microsoft.com/dotnet/*:*-distroless*',
];

export const rootUser = defineRule<Options>({
  meta: {
    id: 'BH101',
    name: 'root-user',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'The final stage runs as root: it sets no USER (and its base image does not), or its last USER is root.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.1 — Ensure that a user for the container has been created' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #2: Set a user', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'hadolint DL3002 — Last user should not be root' },
    ],
    hadolint: ['DL3002'],
    fixable: 'unsafe',
    messages: {
      noUser: 'The final stage sets no USER, so the container runs as root: add a non-root USER before CMD/ENTRYPOINT.',
      explicitRoot: 'The last USER of the final stage is `{user}`, so the container runs as root: switch to a non-root user before CMD/ENTRYPOINT.',
      inheritsRoot: 'The final stage inherits `USER {user}` from stage `{stage}`, so the container runs as root: add a non-root USER.',
    },
    options: {
      type: 'object',
      properties: {
        nonRootImages: {
          type: 'array',
          items: { type: 'string' },
          default: DEFAULT_NON_ROOT_IMAGES,
          description: 'Base images (`registry/repository:tag`, `*` wildcards, `!` to exclude) that already run as a non-root user, so a final stage built on them needs no USER.',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const final = model.stages[model.targetStage];
    if (!final) return;
    const chain = stageChain(model, final);
    const base = chain[chain.length - 1]!.image;
    // Windows images have no root user; their default user is a Windows account.
    if (isWindowsImage(base)) return;
    const imageSpan = (s: Stage): Span => (s.image.span.end > s.image.span.start ? s.image.span : s.from.keywordSpan);
    const last = effectiveUser(model, chain);

    if (!last) {
      if (!base.isScratch && !base.unresolved && matchesImagePatterns(imageName(base), options.nonRootImages)) return;
      report({ messageId: 'noUser', span: imageSpan(final), fixes: addUserFix(model, final, chain, base) });
      return;
    }
    if (last.unresolved || !isRootUser(last.value)) return;
    if (last.stage === final) {
      const span = last.ins.argsSpan ?? last.ins.keywordSpan;
      report({ messageId: 'explicitRoot', data: { user: last.value }, span, fixes: addUserFix(model, final, chain, base, last.ins) });
    } else {
      const stageName = last.stage.name ?? String(last.stage.index);
      report({ messageId: 'inheritsRoot', data: { user: last.value, stage: stageName }, span: imageSpan(final), fixes: addUserFix(model, final, chain, base) });
    }
  },
});

function addUserFix(model: DockerfileModel, final: Stage, chain: Stage[], base: ImageRef, after?: Instruction): FixProposal[] {
  const family = imageFamily(base);
  const existing = previousNonRootUser(model, final) ?? earlierNonRootUser(chain) ?? createdUser(chain) ?? builtInUser(base);
  const RUN = keyword(model, 'RUN');
  const USER = keyword(model, 'USER');
  let newLines: string[];
  let title: string;
  if (existing) {
    newLines = [`${USER} ${existing}`];
    title = `Add a non-root USER (switch to the existing user "${existing}")`;
  } else {
    switch (family) {
      case 'debian':
        newLines = [`${RUN} groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app`, `${USER} 10001:10001`];
        title = 'Add a non-root USER (creates user "app", UID 10001, with groupadd/useradd)';
        break;
      case 'rhel':
        newLines = [`${RUN} groupadd -r -g 10001 app && useradd -r -u 10001 -g app -M -s /sbin/nologin app`, `${USER} 10001:10001`];
        title = 'Add a non-root USER (creates user "app", UID 10001, with groupadd/useradd)';
        break;
      case 'alpine':
        newLines = [`${RUN} addgroup -S -g 10001 app && adduser -S -u 10001 -G app -H -s /sbin/nologin app`, `${USER} 10001:10001`];
        title = 'Add a non-root USER (creates user "app", UID 10001, with addgroup/adduser)';
        break;
      case 'distroless':
        newLines = [`${USER} nonroot:nonroot`];
        title = 'Add a non-root USER (the image\'s built-in "nonroot" user)';
        break;
      case 'scratch':
        newLines = [`${USER} 65532:65532`];
        title = 'Add a non-root USER (numeric 65532:65532; scratch has no user database)';
        break;
      default:
        newLines = [`${USER} 10001:10001`];
        title = 'Add a non-root USER (numeric 10001:10001; the base image\'s OS is unknown)';
    }
  }
  // Before the final stage's first CMD/ENTRYPOINT after the current last USER; else at the end of the stage.
  const startFrom = after ? after.span.end : final.from.span.end;
  const entry = final.instructions.find((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && i.span.start >= startFrom);
  let edit;
  if (entry) edit = insertLinesBefore(model, entry, newLines);
  else {
    const lastIns = final.instructions.length ? final.instructions[final.instructions.length - 1]! : final.from;
    edit = insertLinesAfter(model, lastIns, newLines);
  }
  return [{ id: 'add-user', title, safe: false, edits: [edit] }];
}
