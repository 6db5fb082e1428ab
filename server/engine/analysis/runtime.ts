/**
 * Runtime facts for the dockerfile-runtime rules: the user in effect at an
 * instruction (after ARG/ENV substitution, through `FROM <stage>`), the
 * user a stage switched to before it went back to root, and the numeric
 * UID/GID a Dockerfile gives the users it creates.
 */
import type { DockerfileModel, Instruction, Stage } from '../model/dockerfile';
import { substituteVariables } from '../parse/variables';
import { stageChain, varsInScope } from './dockerfile';
import { isRootUser, userCreatedBy } from './users';

export interface UserAt {
  /** The USER instruction in effect; undefined when no stage of the chain sets one (the base image's user). */
  ins?: Instruction;
  stage?: Stage;
  /** As written (`${APP_USER}`). */
  written: string;
  /** After substitution, trimmed. */
  value: string;
  unresolved: boolean;
}

function resolveUser(model: DockerfileModel, stage: Stage, ins: Instruction): UserAt {
  const written = ins.args.map((a) => a.value).join(' ').trim();
  const sub = substituteVariables(written, varsInScope(model, stage, ins), { escapeChar: model.escapeChar });
  return { ins, stage, written, value: sub.value.trim(), unresolved: sub.unresolved || sub.value.includes('$') };
}

/**
 * The USER in effect when `at` runs in `stage` (the last USER before it in the
 * stage, else the last USER of the stages it is built FROM). Without `at`, at
 * the end of the stage. ONBUILD USER does not count.
 */
export function userAt(model: DockerfileModel, stage: Stage, at?: Instruction): UserAt | undefined {
  for (const s of stageChain(model, stage)) {
    const users = s.instructions.filter((i) => i.keyword === 'USER' && (s !== stage || !at || i.span.start < at.span.start));
    const ins = users[users.length - 1];
    if (ins) return resolveUser(model, s, ins);
  }
  return undefined;
}

/**
 * The latest non-root user that a USER in the chain switched to (after
 * substitution), as it can be written at the end of `final`: as written when
 * it resolves to the same value there (`${APP_USER}`), else its value.
 */
export function previousNonRootUser(model: DockerfileModel, final: Stage): string | undefined {
  for (const s of stageChain(model, final)) {
    const users = s.instructions.filter((i) => i.keyword === 'USER');
    for (let i = users.length - 1; i >= 0; i--) {
      const u = resolveUser(model, s, users[i]!);
      if (!u.value || u.unresolved || isRootUser(u.value)) continue;
      if (u.written === u.value) return u.value;
      const there = substituteVariables(u.written, varsInScope(model, final), { escapeChar: model.escapeChar });
      return !there.unresolved && there.value.trim() === u.value ? u.written : u.value;
    }
  }
  return undefined;
}

export interface CreatedIds {
  /** User name → numeric UID, from `useradd -u`, `adduser -u`/`--uid`. */
  uids: Map<string, string>;
  /** Group name → numeric GID, from `groupadd -g`, `addgroup -g`/`--gid`. */
  gids: Map<string, string>;
}

const DIGITS = /^\d+$/;
/** Commands that create users or groups. */
const USER_COMMANDS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup']);

/** The value of `-x N`, `-xN`, `--long N` or `--long=N` among words (last one wins). */
function optionValue(words: readonly string[], short: string | undefined, long: string): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') break;
    if ((short && w === '-' + short) || w === '--' + long) out = words[i + 1];
    else if (w.startsWith('--' + long + '=')) out = w.slice(long.length + 3);
    else if (short && w.startsWith('-' + short) && !w.startsWith('--') && w.length > 2) out = w.slice(2);
  }
  return out;
}

/**
 * Numeric IDs that RUN commands of the chain give the users and groups they
 * create, when written as literal numbers (or a variable that resolves to one
 * in the RUN's scope). `useradd -u 10001 -g 10001 app` also gives the user's
 * primary group, under the name `:app` in `gids`.
 */
export function createdIds(model: DockerfileModel, chain: readonly Stage[]): CreatedIds {
  const uids = new Map<string, string>();
  const gids = new Map<string, string>();
  for (const stage of [...chain].reverse()) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      let vars: Record<string, string> | undefined;
      for (const script of ins.shell ?? []) {
        for (const cmd of script.commands) {
          const base = cmd.baseName;
          if (!USER_COMMANDS.has(base)) continue;
          const words = cmd.args.map((w) => {
            if (!w.dynamic) return w.value;
            vars ??= varsInScope(model, stage, ins);
            const sub = substituteVariables(w.value, vars, { escapeChar: model.escapeChar });
            return sub.unresolved ? '$' + w.value : sub.value;
          });
          if (base === 'useradd' || base === 'adduser') {
            const name = userCreatedBy(base, words);
            const uid = optionValue(words, 'u', 'uid');
            if (name && uid && DIGITS.test(uid)) uids.set(name, uid);
            const gid = base === 'useradd' ? optionValue(words, 'g', 'gid') : optionValue(words, 'G', 'ingroup') ?? optionValue(words, undefined, 'gid');
            if (name && gid) {
              if (DIGITS.test(gid)) gids.set(':' + name, gid);
              else if (gids.has(gid)) gids.set(':' + name, gids.get(gid)!);
            }
          } else {
            const gid = optionValue(words, 'g', 'gid');
            const positional = words.filter((w, i) => !w.startsWith('-') && !/^-(g|-gid|K|-key|p|-password)$/.test(words[i - 1] ?? ''));
            const name = positional[0];
            if (name && gid && DIGITS.test(gid) && /^[a-z_][a-z0-9_.-]*$/i.test(name)) gids.set(name, gid);
          }
        }
      }
    }
  }
  return { uids, gids };
}

/** `${NAME}` written as `$NAME`, for messages (whose `{name}` placeholders a literal `${NAME}` would look like). */
export function displayVariables(text: string): string {
  return text.replace(/\$\{(\w+)\}/g, '$$$1');
}

/** Stage names of images that run tests or tools, or are development environments, not production services (`test`, `dev-envs`, `ci_lint`). */
const DEV_TEST_STAGE = /^(test|tests|testing|unit|unittest|unit-tests?|integration|e2e|ci|lint|linter|check|checks|verify|build|builder|dev|devel|develop|development|debug|tools?)([-_.].*)?$/;
/** File names such as `Dockerfile.test`, `ci.Dockerfile`, `Dockerfile-lint`, `dev.Dockerfile`. */
const DEV_TEST_FILE = /(^|[.\-_])(test|tests|testing|ci|lint|e2e|dev|devel)([.\-_]|$)/i;

/**
 * The Dockerfile builds a development or test image rather than one that
 * runs in production: a dev container (a path under `.devcontainer/`), a
 * file named for tests/CI/dev, or a target stage named so.
 */
export function isDevOrTestImage(filePath: string, target: Stage | undefined): boolean {
  if (/(^|[\\/])\.devcontainer[\\/]/.test(filePath)) return true;
  const base = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  if (DEV_TEST_FILE.test(base)) return true;
  return !!target?.name && DEV_TEST_STAGE.test(target.name);
}
