import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, ImageRef, Stage } from '../../model/dockerfile';
import type { Word } from '../../parse/shell';
import { stageChain } from '../../analysis/dockerfile';
import { effectiveCommand, runCommands } from '../../analysis/commands';
import { displayVariables, userAt } from '../../analysis/runtime';
import { isRootUser, isWindowsImage } from '../../analysis/users';

/** Docker Hub official images that run as root unless a USER says otherwise. */
const ROOT_OFFICIAL_IMAGES = new Set([
  'debian', 'ubuntu', 'alpine', 'busybox', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux',
  'node', 'python', 'ruby', 'golang', 'rust', 'php', 'perl', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'buildpack-deps',
  'maven', 'gradle', 'erlang', 'elixir', 'haskell', 'julia', 'r-base', 'swift', 'dart', 'clojure', 'nginx', 'httpd', 'gcc',
]);

/** sudo options that change nothing when the caller is root already (besides environment handling, see the docs). */
const NEUTRAL_OPTIONS = new Set(['-E', '--preserve-env', '-H', '--set-home', '-n', '--non-interactive']);
const ROOT_USER_OPTIONS = new Set(['-u', '--user']);

/** The stage runs as root at `at`: a root USER in effect, or none and a base image known to run as root. */
function runsAsRoot(model: DockerfileModel, stage: Stage, at: Parameters<typeof userAt>[2]): boolean | undefined {
  const u = userAt(model, stage, at);
  if (u) return u.unresolved ? undefined : isRootUser(u.value);
  const chain = stageChain(model, stage);
  const base = chain[chain.length - 1]!.image;
  return isRootOfficialImage(base) ? true : undefined;
}

function isRootOfficialImage(img: ImageRef): boolean {
  if (img.isScratch || img.unresolved || isWindowsImage(img)) return false;
  if (img.registry && img.registry !== 'docker.io') return false;
  const repo = img.repository.toLowerCase().replace(/^library\//, '');
  return ROOT_OFFICIAL_IMAGES.has(repo);
}

/** The words of `sudo [options] cmd…` up to the command: undefined when an option is not known to be neutral for root. */
function removableOptions(args: readonly Word[]): { next: Word } | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (w.dynamic) return undefined;
    if (v === '--') return args[i + 1] ? { next: args[i + 1]! } : undefined;
    if (!v.startsWith('-') || v === '-') return { next: w };
    if (NEUTRAL_OPTIONS.has(v)) continue;
    if (ROOT_USER_OPTIONS.has(v)) {
      const u = args[i + 1];
      if (!u || u.dynamic || !isRootUser(u.value) || u.value.includes(':')) return undefined;
      i++;
      continue;
    }
    const m = /^(?:-u|--user=)(.+)$/.exec(v);
    if (m && isRootUser(m[1]!) && !m[1]!.includes(':')) continue;
    // Bundled neutral letters (`-EH`).
    if (/^-[EHn]+$/.test(v)) continue;
    return undefined;
  }
  return undefined;
}

/** A script that tests whether it runs as root (`$(id -u)`, `$EUID`, `whoami`) before it uses sudo. */
const GUARDED = /(\$\(\s*id\s+-u\s*\)|`\s*id\s+-u\s*`|\$\{?EUID\b|\$\(\s*whoami\s*\))/;

/** The `-u USER` / `--user=USER` of a sudo command line, before the command. */
function sudoTargetUser(args: readonly Word[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--' || !v.startsWith('-')) return undefined;
    if (v === '-u' || v === '--user') return args[i + 1]?.value;
    const m = /^(?:-u|--user=)(.+)$/.exec(v);
    if (m) return m[1];
  }
  return undefined;
}

export const sudoInRun = defineRule({
  meta: {
    id: 'BH105',
    name: 'sudo-in-run',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'A RUN command runs `sudo`, which needs sudo (a privilege-escalation path) in the image and behaves unpredictably in a build.',
    references: [
      { title: 'hadolint DL3004 — Do not use sudo', url: 'https://github.com/hadolint/hadolint/wiki/DL3004' },
      { title: 'Docker docs — Dockerfile best practices: USER (avoid installing or using sudo)', url: 'https://docs.docker.com/build/building/best-practices/#user' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #2: Set a user', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    hadolint: ['DL3004'],
    fixable: 'mixed',
    messages: {
      sudo: 'RUN uses `sudo`: switch with `USER root` for the steps that need root (and back to the non-root user after), and do not ship sudo in the image.',
      sudoRoot: 'RUN uses `sudo`, but the build runs as root here anyway: remove `sudo`.',
      sudoUser: 'RUN uses `sudo -u {user}` to run a step as another user: use `USER {user}` for that step (or `setpriv`/`gosu`), and do not ship sudo in the image.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of runCommands(model)) {
      const cmd = site.command;
      if (!cmd.nameWord) continue;
      // `sudo cmd`, or `env X=1 sudo cmd`, `time sudo cmd` (sudo looked through as a wrapper).
      let sudoWord: Word | undefined;
      let after: Word[];
      if (cmd.baseName === 'sudo') {
        sudoWord = cmd.nameWord;
        after = cmd.args;
      } else {
        const eff = effectiveCommand(cmd);
        if (!eff || !eff.wrappers.includes('sudo')) continue;
        const words = [cmd.nameWord, ...cmd.args];
        const i = words.findIndex((w) => !w.dynamic && w.value.slice(w.value.lastIndexOf('/') + 1) === 'sudo');
        if (i < 0) continue;
        sudoWord = words[i]!;
        after = words.slice(i + 1);
      }
      // `if [ "$(id -u)" -ne 0 ]; then sudo …`: sudo only as a fallback for a non-root build.
      if (GUARDED.test(model.text.slice(site.instruction.span.start, site.instruction.span.end))) continue;
      const target = sudoTargetUser(after);
      const fixes: FixProposal[] = [];
      const root = site.onbuild || !site.stage ? undefined : runsAsRoot(model, site.stage, site.instruction);
      const opts = removableOptions(after);
      if (opts && root !== false) {
        const edit = { start: sudoWord.span.start, end: opts.next.span.start, text: '' };
        if (root === true) fixes.push({ id: 'remove-sudo', title: 'Remove `sudo` (the build runs as root here)', safe: true, edits: [edit] });
        else fixes.push({ id: 'remove-sudo', title: 'Remove `sudo` (check that this step runs as root: the base image\'s user is not known)', safe: false, edits: [edit] });
      }
      if (target && !isRootUser(target)) report({ messageId: 'sudoUser', data: { user: displayVariables(target) }, span: sudoWord.span, fixes });
      else report({ messageId: root === true ? 'sudoRoot' : 'sudo', span: sudoWord.span, fixes });
    }
  },
});
