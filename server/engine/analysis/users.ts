/**
 * Facts about users in a Dockerfile: which user a stage runs as, which users
 * its RUN commands create, and which OS family (and so which user-management
 * tools) a base image has.
 */
import type { DockerfileModel, ImageRef, Instruction, Stage } from '../model/dockerfile';
import { substituteVariables } from '../parse/variables';
import { varsInScope } from './dockerfile';

/** How users are created in an image, by the tools its OS ships. */
export type ImageFamily = 'debian' | 'alpine' | 'rhel' | 'distroless' | 'windows' | 'scratch' | 'unknown';

/** Official images (Docker Hub names) built on Debian or Ubuntu. */
const DEBIAN_IMAGES = new Set([
  'debian', 'ubuntu', 'node', 'python', 'ruby', 'golang', 'openjdk', 'eclipse-temurin', 'php', 'perl', 'rust', 'buildpack-deps',
  'maven', 'gradle', 'nginx', 'httpd', 'postgres', 'redis', 'mysql', 'mariadb', 'mongo', 'elixir', 'erlang', 'haskell', 'julia',
  'r-base', 'swift', 'dart', 'sapmachine', 'clojure', 'groovy', 'tomcat', 'jetty', 'wordpress', 'nextcloud', 'drupal',
]);
/** Debian/Ubuntu based images of other registries, as `registry/repository`. */
const DEBIAN_REGISTRY_IMAGES = [/^mcr\.microsoft\.com\/dotnet\/(sdk|aspnet|runtime|runtime-deps)$/, /^mcr\.microsoft\.com\/(vscode\/)?devcontainers\//];
const RHEL_IMAGES = new Set(['centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'ubi', 'ubi8', 'ubi9', 'ubi10']);
const DEBIAN_TAG = /(^|-)(bookworm|bullseye|buster|stretch|trixie|forky|jammy|focal|noble|bionic|slim)(-|$)/;
/** Docker Hub namespaces of per-architecture copies of the official images (`arm64v8/alpine`). */
const ARCH_NAMESPACE = /^(library|amd64|arm32v5|arm32v6|arm32v7|arm64v8|i386|ppc64le|riscv64|s390x|mips64le|windows-amd64)\//;

/** The OS family of an image, guessed from its name and tag; `unknown` when there is no good reason to guess. */
export function imageFamily(img: ImageRef): ImageFamily {
  if (img.isScratch) return 'scratch';
  if (img.unresolved) return 'unknown';
  const repo = img.repository.toLowerCase().replace(ARCH_NAMESPACE, '');
  const full = (img.registry ? img.registry.toLowerCase() + '/' : '') + repo;
  const lastSegment = repo.split('/').pop()!;
  const tag = (img.tag ?? '').toLowerCase();
  if (isWindowsImage(img)) return 'windows';
  if (full.includes('distroless') || full.startsWith('cgr.dev/')) return 'distroless';
  if (lastSegment === 'alpine' || lastSegment === 'busybox' || /(^|-)alpine/.test(tag)) return 'alpine';
  if (RHEL_IMAGES.has(lastSegment) || /^ubi\d*(-minimal|-micro|-init)?$/.test(lastSegment)) return 'rhel';
  if (lastSegment === 'debian' || lastSegment === 'ubuntu' || DEBIAN_TAG.test(tag)) return 'debian';
  if (!img.registry || img.registry === 'docker.io') {
    if (DEBIAN_IMAGES.has(repo)) return 'debian';
  } else if (DEBIAN_REGISTRY_IMAGES.some((rx) => rx.test(full))) return 'debian';
  return 'unknown';
}

/** Windows images have no root user and no numeric UIDs (`ContainerAdministrator`/`ContainerUser`). */
export function isWindowsImage(img: ImageRef): boolean {
  if (img.isScratch || img.unresolved) return false;
  const repo = img.repository.toLowerCase();
  const tag = (img.tag ?? '').toLowerCase();
  return /(^|\/)(windows|nanoserver|servercore|windowsservercore)(\/|$)/.test(repo) || /(^|-)(nanoserver|windowsservercore|servercore)(-|$)/.test(tag);
}

/**
 * A non-root user that the image is known to ship (but not switch to), so a
 * fix can use it without creating one: the official Node.js images' `node`,
 * the dev container images' `vscode` (`node` in the Node.js ones), the
 * .NET 8+ images' `app`.
 */
export function builtInUser(img: ImageRef): string | undefined {
  if (img.isScratch || img.unresolved) return undefined;
  const repo = img.repository.toLowerCase().replace(ARCH_NAMESPACE, '');
  const registry = img.registry?.toLowerCase();
  if ((!registry || registry === 'docker.io') && repo === 'node') return 'node';
  if (registry === 'mcr.microsoft.com') {
    // .NET 8 and later images create `app` (uid 1654) without switching to it.
    const major = /^(\d+)\./.exec(img.tag ?? '');
    if (/^dotnet\/(runtime-deps|runtime|aspnet|sdk)$/.test(repo) && major && Number(major[1]) >= 8) return 'app';
    const m = /^(?:vscode\/)?devcontainers\/([^/]+)$/.exec(repo);
    if (m) {
      if (m[1] === 'universal') return 'codespace';
      return /(^|-)node$/.test(m[1]!) ? 'node' : 'vscode';
    }
  }
  return undefined;
}

/** `root`, `0`, `root:<group>` and `0:<group>` run as root; the group does not matter. */
export function isRootUser(value: string): boolean {
  const user = value.trim().split(':')[0]!;
  // A numeric user is read as an integer: `000` is uid 0.
  return user === 'root' || /^0+$/.test(user);
}

export interface EffectiveUser {
  /** The USER instruction that sets it (ONBUILD USER is not one). */
  ins: Instruction;
  /** The stage that holds `ins`: the stage asked about or one it is built FROM. */
  stage: Stage;
  /** The value after ARG/ENV substitution, trimmed. */
  value: string;
  /** Some variable in the value has no value in scope. */
  unresolved: boolean;
}

/** The last USER of the stage, following `FROM <stage>` inheritance; undefined when no stage in the chain sets one. */
export function effectiveUser(model: DockerfileModel, chain: readonly Stage[]): EffectiveUser | undefined {
  for (const stage of chain) {
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const ins = users[users.length - 1];
    if (!ins) continue;
    const raw = ins.args.map((a) => a.value).join(' ');
    const sub = substituteVariables(raw, varsInScope(model, stage, ins), { escapeChar: model.escapeChar });
    return { ins, stage, value: sub.value.trim(), unresolved: sub.unresolved || sub.value.includes('$') };
  }
  return undefined;
}

/** The latest literal non-root user that a USER in the chain switched to. */
export function earlierNonRootUser(chain: readonly Stage[]): string | undefined {
  for (const stage of chain) {
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    for (let i = users.length - 1; i >= 0; i--) {
      const value = users[i]!.args.map((a) => a.value).join(' ').trim();
      if (value && !value.includes('$') && !isRootUser(value)) return value;
    }
  }
  return undefined;
}

/** Options of useradd/adduser (shadow, Debian and BusyBox) that take the next word as their value. */
const VALUE_OPTIONS = new Set([
  '-u', '-g', '-G', '-d', '-s', '-c', '-k', '-K', '-e', '-f', '-p', '-b', '-Z', '-h', '-R', '-P',
  '--uid', '--gid', '--groups', '--home', '--home-dir', '--shell', '--comment', '--skel', '--key', '--expiredate',
  '--inactive', '--password', '--base-dir', '--selinux-user', '--gecos', '--ingroup', '--firstuid', '--lastuid',
  '--firstgid', '--lastgid', '--conf', '--root', '--prefix', '--add-extra-groups', '--extrausers',
]);
/** Short option letters that take a value, for bundles such as `-ms /bin/bash` or `-Ds /bin/sh`. */
const VALUE_LETTERS = new Set('ugGdscKkefpbZhRP');
const USER_NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;

/** The user name a `useradd`/`adduser` command creates, read from its words. */
export function userCreatedBy(baseName: string, words: readonly string[]): string | undefined {
  if (baseName !== 'useradd' && baseName !== 'adduser') return undefined;
  let name: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') continue;
    if (w.startsWith('-')) {
      if (VALUE_OPTIONS.has(w)) i++;
      else if (/^-[a-zA-Z]{2,}$/.test(w) && VALUE_LETTERS.has(w[w.length - 1]!)) i++;
      continue;
    }
    name = w;
    // `adduser USER GROUP` (Debian) adds an existing user to a group: the user is the first word.
    if (baseName === 'adduser') break;
  }
  return name && USER_NAME.test(name) && name !== 'root' ? name : undefined;
}

/** The last user created by `useradd`/`adduser` in the first stage of the chain that creates one. */
export function createdUser(chain: readonly Stage[]): string | undefined {
  for (const stage of chain) {
    let found: string | undefined;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const script of ins.shell ?? []) {
        for (const cmd of script.commands) {
          // The words are listed only for the two commands that create users (most commands are neither).
          if (cmd.baseName !== 'useradd' && cmd.baseName !== 'adduser') continue;
          // A word with an expansion cannot name the user (`useradd -u $UID app` still can).
          found = userCreatedBy(cmd.baseName, cmd.args.map((w) => (w.dynamic ? '$' + w.value : w.value))) ?? found;
        }
      }
    }
    if (found) return found;
  }
  return undefined;
}
