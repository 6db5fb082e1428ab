import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, ImageRef, Instruction, Stage } from '../../model/dockerfile';
import type { Span } from '../../types';
import { substituteVariables } from '../../parse/variables';
import {
  imageName,
  insertLinesAfter,
  insertLinesBefore,
  keyword,
  matchesImagePatterns,
  stageChain,
  varsInScope,
} from '../../analysis/dockerfile';

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
      { title: 'CIS Docker Benchmark 4.1 — Ensure that a user for the container has been created' },
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
    let last: { ins: Instruction; stage: Stage } | undefined;
    for (const stage of chain) {
      const users = stage.instructions.filter((i) => i.keyword === 'USER');
      if (users.length) {
        last = { ins: users[users.length - 1]!, stage };
        break;
      }
    }
    const imageSpan = (s: Stage): Span => (s.image.span.end > s.image.span.start ? s.image.span : s.from.keywordSpan);

    if (!last) {
      if (!base.isScratch && !base.unresolved && matchesImagePatterns(imageName(base), options.nonRootImages)) return;
      report({ messageId: 'noUser', span: imageSpan(final), fixes: addUserFix(model, final, chain, base) });
      return;
    }
    const raw = last.ins.args.map((a) => a.value).join(' ');
    const sub = substituteVariables(raw, varsInScope(model, last.stage, last.ins), { escapeChar: model.escapeChar });
    if (sub.unresolved || sub.value.includes('$')) return;
    const user = sub.value.trim().split(':')[0]!;
    if (user !== 'root' && user !== '0') return;
    if (last.stage === final) {
      const span = last.ins.argsSpan ?? last.ins.keywordSpan;
      report({ messageId: 'explicitRoot', data: { user: sub.value.trim() }, span, fixes: addUserFix(model, final, chain, base, last.ins) });
    } else {
      const stageName = last.stage.name ?? String(last.stage.index);
      report({ messageId: 'inheritsRoot', data: { user: sub.value.trim(), stage: stageName }, span: imageSpan(final), fixes: addUserFix(model, final, chain, base) });
    }
  },
});

type Family = 'debian' | 'alpine' | 'rhel' | 'distroless' | 'scratch' | 'unknown';

const DEBIAN_IMAGES = new Set([
  'debian', 'ubuntu', 'node', 'python', 'ruby', 'golang', 'openjdk', 'eclipse-temurin', 'php', 'perl', 'rust', 'buildpack-deps',
  'maven', 'gradle', 'nginx', 'httpd', 'postgres', 'redis', 'mysql', 'mariadb', 'mongo', 'elixir', 'erlang', 'haskell', 'julia',
  'r-base', 'swift', 'dart', 'mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/dotnet/runtime', 'sapmachine', 'clojure', 'groovy', 'tomcat', 'jetty',
]);
const RHEL_IMAGES = new Set(['centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'ubi', 'ubi8', 'ubi9', 'ubi10', 'redhat/ubi8', 'redhat/ubi9']);
const DEBIAN_TAG = /(^|-)(bookworm|bullseye|buster|stretch|trixie|jammy|focal|noble|bionic|slim)(-|$)/;

export function imageFamily(img: ImageRef): Family {
  if (img.isScratch) return 'scratch';
  if (img.unresolved) return 'unknown';
  const repo = img.repository.toLowerCase();
  const full = (img.registry ? img.registry.toLowerCase() + '/' : '') + repo;
  const lastSegment = repo.split('/').pop()!;
  const tag = (img.tag ?? '').toLowerCase();
  if (full.includes('distroless') || full.startsWith('cgr.dev/')) return 'distroless';
  if (lastSegment === 'alpine' || lastSegment === 'busybox' || /(^|-)alpine/.test(tag)) return 'alpine';
  if (RHEL_IMAGES.has(lastSegment) || RHEL_IMAGES.has(repo) || /^ubi\d*(-minimal|-micro)?$/.test(lastSegment)) return 'rhel';
  const officialName = img.registry ? full : repo.replace(/^library\//, '');
  if (DEBIAN_IMAGES.has(officialName) || DEBIAN_TAG.test(tag)) return 'debian';
  return 'unknown';
}

/** Users the official images already create, usable without a RUN. */
const BUILT_IN_USERS: Record<string, string> = { node: 'node' };

/** Options of useradd/adduser/groupadd that take a value in the next word. */
const VALUE_OPTIONS = new Set([
  '-u', '-g', '-G', '-d', '-s', '-c', '-k', '-K', '-e', '-f', '-p', '-b', '-Z', '-h',
  '--uid', '--gid', '--groups', '--home', '--home-dir', '--shell', '--comment', '--skel', '--key', '--expiredate',
  '--inactive', '--password', '--base-dir', '--selinux-user', '--gecos', '--ingroup', '--firstuid', '--lastuid', '--conf',
]);

/** A literal non-root user that an earlier USER in the chain switched to (then left for root). */
function earlierNonRootUser(chain: Stage[]): string | undefined {
  for (const stage of chain) {
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    for (let i = users.length - 1; i >= 0; i--) {
      const value = users[i]!.args.map((a) => a.value).join(' ').trim();
      const name = value.split(':')[0]!;
      if (value && !value.includes('$') && name !== 'root' && name !== '0') return value;
    }
  }
  return undefined;
}

/** The last user that a `useradd`/`adduser` in the chain creates, if any. */
export function createdUser(chain: Stage[]): string | undefined {
  for (const stage of chain) {
    let found: string | undefined;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const script of ins.shell ?? []) {
        for (const cmd of script.commands) {
          if (cmd.baseName !== 'useradd' && cmd.baseName !== 'adduser') continue;
          const words = cmd.args.map((w) => w.value);
          let name: string | undefined;
          for (let i = 0; i < words.length; i++) {
            const w = words[i]!;
            if (w.startsWith('-')) {
              if (VALUE_OPTIONS.has(w)) i++;
              continue;
            }
            name = w;
            // Debian's `adduser USER GROUP` adds an existing user to a group: the user is the first word.
            if (cmd.baseName === 'adduser') break;
          }
          if (name && /^[a-z_][a-z0-9_.-]*\$?$/i.test(name) && name !== 'root') found = name;
        }
      }
    }
    if (found) return found;
  }
  return undefined;
}

function addUserFix(model: DockerfileModel, final: Stage, chain: Stage[], base: ImageRef, after?: Instruction): FixProposal[] {
  const family = imageFamily(base);
  const existing = earlierNonRootUser(chain) ?? createdUser(chain) ?? (family === 'debian' && !base.registry ? BUILT_IN_USERS[base.repository.replace(/^library\//, '')] : undefined);
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
        newLines = [`${RUN} groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app`, `${USER} app`];
        title = 'Add a non-root USER (creates user "app" with groupadd/useradd)';
        break;
      case 'rhel':
        newLines = [`${RUN} groupadd -r app && useradd -r -g app -M -s /sbin/nologin app`, `${USER} app`];
        title = 'Add a non-root USER (creates user "app" with groupadd/useradd)';
        break;
      case 'alpine':
        newLines = [`${RUN} addgroup -S app && adduser -S -G app -H -s /sbin/nologin app`, `${USER} app`];
        title = 'Add a non-root USER (creates user "app" with addgroup/adduser)';
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
