import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel, Instruction } from '../../model/dockerfile';
import type { CommandSite } from '../../analysis/commands';
import { effectiveCommand } from '../../analysis/commands';
import { stageChain, varsInScope } from '../../analysis/dockerfile';
import {
  cacheMountCovers,
  cacheMountTargets,
  commandSpan,
  INDEX_FOLDERS,
  isInstall,
  packageCommandsByRun,
  removedPaths,
  removesFolder,
  type PackageCommand,
  type PackageManager,
} from '../../analysis/packages';
import type { TextEdit } from '../../types';
import { setOf } from '../../util/sets';

interface Options {
  managers: string[];
}

type Group = ReturnType<typeof packageCommandsByRun>[number];

const MANAGERS = ['apt', 'apk', 'pip', 'npm', 'yum', 'dnf', 'zypper'];

/** Values pip reads as a boolean (any of them turns the cache off, see pip's `_handle_no_cache_dir`). */
const PIP_BOOL = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;

export const packageCacheInImage = defineRule<Options>({
  meta: {
    id: 'BH113',
    name: 'package-cache-in-image',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'hygiene',
    description: 'A RUN of the built image leaves a package manager\'s index or download cache in its layer (apt lists, apk cache, pip cache, npm cache, yum/dnf/zypper cache).',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.3 — Ensure that unnecessary packages are not installed in the container' },
      { title: 'Docker documentation — Dockerfile best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
      { title: 'hadolint DL3009, DL3019, DL3042, DL3032, DL3040, DL3036' },
    ],
    hadolint: ['DL3009', 'DL3019', 'DL3042', 'DL3032', 'DL3040', 'DL3036'],
    fixable: 'mixed',
    messages: {
      aptLists: '`{command}` leaves the apt package lists in this layer (tens of MB, stale from the next day on): end the same RUN with `rm -rf /var/lib/apt/lists/*`.',
      apkCache: '`{command}` keeps the apk index cache in the image: use `apk add --no-cache`.',
      apkUpdate: '`{command}` leaves the apk index in /var/cache/apk in this layer: use `apk add --no-cache` instead, or remove `/var/cache/apk/*` in the same RUN.',
      pipCache: '`{command}` keeps downloaded packages in pip\'s cache in the image: add `--no-cache-dir` (or set `ENV PIP_NO_CACHE_DIR=1`).',
      npmCache: '`{command}` keeps downloaded packages in npm\'s cache (~/.npm) in the image: end the same RUN with `npm cache clean --force`.',
      rpmCache: '`{command}` leaves the {tool} metadata and package cache in this layer: end the same RUN with `{clean}`.',
    },
    options: {
      type: 'object',
      properties: {
        managers: {
          type: 'array',
          items: { type: 'string' },
          default: MANAGERS,
          description: 'Package managers to check: `apt`, `apk`, `pip`, `npm` (global installs only), `yum`, `dnf` (also microdnf), `zypper`.',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const on = setOf(options.managers);
    const all = packageCommandsByRun(model);
    const groups = all.filter((g) => g.sites[0]?.inFinalImage && !g.sites[0].onbuild);
    groups.forEach((g) => {
      // Later RUNs that see this layer: in this stage, and in every stage built FROM it (also stages that do not ship, and ONBUILD triggers).
      const stage = g.sites[0]!.stage;
      // Worked out only for an apt update that is not cleaned up (it walks every later RUN's stage chain).
      const later = (): Group[] => all.filter((o) => o.instruction.span.start > g.instruction.span.start && o.sites[0]?.stage && stage && stageChain(model, o.sites[0].stage).includes(stage));
      if (on.has('apt')) checkApt(model, g, later, report);
      if (on.has('apk')) checkApk(model, g, report);
      if (on.has('pip')) checkPip(model, g, report);
      if (on.has('npm')) checkNpm(model, g, report);
      for (const m of ['yum', 'dnf', 'zypper'] as const) if (on.has(m)) checkRpm(model, g, m, report);
    });
  },
});

type ReportFn = Parameters<NonNullable<typeof packageCacheInImage.checkDockerfile>>[0]['report'];

function text(model: DockerfileModel, pc: PackageCommand): string {
  const s = commandSpan(pc);
  return model.text.slice(s.start, s.end);
}

/** `sudo ` when the package command ran through sudo (or doas), so the cleanup has the same rights. */
function elevate(pc: PackageCommand): string {
  const w = pc.eff.wrappers.find((x) => x === 'sudo' || x === 'doas');
  return w ? w + ' ' : '';
}

function removedAfter(g: Group, offset: number): string[] {
  return g.sites.filter((s) => s.command.span.start > offset).flatMap(removedPaths);
}

function checkApt(model: DockerfileModel, g: Group, later: () => Group[], report: ReportFn): void {
  const apt = g.commands.filter((c) => c.manager === 'apt');
  const updates = apt.filter((c) => c.action === 'update');
  if (updates.length === 0) return;
  if (cacheMountCovers(g.instruction, '/var/lib/apt/lists')) return;
  const lastUpdate = updates[updates.length - 1]!;
  const after = lastUpdate.site.command.span.start;
  if (removesFolder(removedAfter(g, after), '/var/lib/apt/lists')) return;
  if (apt.some((c) => (c.action === 'distclean' || c.action === 'dist-clean') && c.site.command.span.start > after)) return;
  const edit = appendAtEnd(g, ` && ${elevate(lastUpdate)}rm -rf /var/lib/apt/lists/*`);
  // A later RUN that installs without its own `apt-get update` needs these lists.
  const needed = later().some((o) => o.commands.some((c) => c.manager === 'apt' && isInstall(c)) && !o.commands.some((c) => c.manager === 'apt' && c.action === 'update'));
  const fixes: FixProposal[] = edit
    ? [{ id: 'remove-apt-lists', title: needed ? 'Remove the apt lists at the end of this RUN (a later RUN or stage installs without apt-get update and will need its own)' : 'Remove the apt lists at the end of this RUN', safe: !needed, edits: [edit] }]
    : [];
  report({ messageId: 'aptLists', data: { command: text(model, updates[0]!) }, span: commandSpan(updates[0]!), hadolint: 'DL3009', fixes });
}

function checkApk(model: DockerfileModel, g: Group, report: ReportFn): void {
  if (cacheMountCovers(g.instruction, '/var/cache/apk') || cacheMountCovers(g.instruction, '/etc/apk/cache')) return;
  const cleaned = (offset: number): boolean =>
    INDEX_FOLDERS.apk!.some((f) => removesFolder(removedAfter(g, offset), f)) ||
    g.commands.some((c) => c.manager === 'apk' && c.action === 'cache' && c.packages.some((p) => p.text === 'clean' || p.text === 'purge') && c.site.command.span.start > offset);
  for (const pc of g.commands) {
    if (pc.manager !== 'apk') continue;
    const at = pc.site.command.span.start;
    if (pc.action === 'update' && !cleaned(at)) {
      const edit = appendAtEnd(g, ` && ${elevate(pc)}rm -rf /var/cache/apk/*`);
      const fixes: FixProposal[] = edit ? [{ id: 'remove-apk-cache', title: 'Remove /var/cache/apk/* at the end of this RUN', safe: true, edits: [edit] }] : [];
      report({ messageId: 'apkUpdate', data: { command: text(model, pc) }, span: commandSpan(pc), hadolint: 'DL3019', fixes });
    } else if (isInstall(pc) && !pc.options.some((o) => o.name === '--no-cache' || o.name === '--no-network') && !cleaned(at)) {
      const sub = pc.subcommandWord!;
      report({
        messageId: 'apkCache',
        data: { command: text(model, pc) },
        span: commandSpan(pc),
        hadolint: 'DL3019',
        fixes: [{ id: 'add-no-cache', title: 'Add --no-cache to apk add', safe: true, edits: [{ start: sub.span.end, end: sub.span.end, text: ' --no-cache' }] }],
      });
    }
  }
}

function checkPip(model: DockerfileModel, g: Group, report: ReportFn): void {
  const pips = g.commands.filter((c) => c.manager === 'pip' && isInstall(c));
  if (pips.length === 0) return;
  if (cacheMountTargets(g.instruction).some((t) => /(^|\/)\.cache(\/pip)?$/.test(t) || t === '/root/.cache/pip')) return;
  const site = g.sites[0]!;
  const vars = site.stage ? varsInScope(model, site.stage, g.instruction) : {};
  if (vars.PIP_NO_CACHE_DIR !== undefined && PIP_BOOL.test(vars.PIP_NO_CACHE_DIR.trim())) return;
  // `pip config set global.no-cache-dir …` earlier in the image.
  if (pipConfiguredBefore(model, g.instruction)) return;
  for (const pc of pips) {
    if (pc.options.some((o) => o.name === '--no-cache-dir' || o.name === '--cache-dir')) continue;
    if (setsEnvFor(g, pc, 'PIP_NO_CACHE_DIR')) continue;
    const removed = removedAfter(g, pc.site.command.span.start);
    if (removed.some((p) => /(^|\/)\.cache(\/pip)?\/?\*?$/.test(p))) continue;
    if (g.sites.some((s) => s.command.span.start > pc.site.command.span.start && isPipCachePurge(s))) continue;
    const sub = pc.subcommandWord!;
    report({
      messageId: 'pipCache',
      data: { command: text(model, pc) },
      span: commandSpan(pc),
      hadolint: 'DL3042',
      fixes: [{ id: 'add-no-cache-dir', title: 'Add --no-cache-dir to pip install', safe: true, edits: [{ start: sub.span.end, end: sub.span.end, text: ' --no-cache-dir' }] }],
    });
  }
}

function isPipCachePurge(s: CommandSite): boolean {
  const eff = effectiveCommand(s.command);
  if (!eff) return false;
  const args = eff.args.map((a) => a.value);
  const i = /^python[0-9.]*$/.test(eff.baseName) ? args.indexOf('pip') + 1 : /^pip[0-9.]*$/.test(eff.baseName) ? 0 : -1;
  return i >= 0 && args[i] === 'cache' && (args[i + 1] === 'purge' || args[i + 1] === 'remove');
}

function pipConfiguredBefore(model: DockerfileModel, at: Instruction): boolean {
  const stage = model.stages[at.stageIndex];
  if (!stage) return false;
  for (const ins of model.instructions) {
    if (ins.span.start >= at.span.start) break;
    if (ins.keyword !== 'RUN') continue;
    const t = model.text.slice(ins.span.start, ins.span.end);
    if (/pip[0-9.]*\s+config\s+set\s+\S*no-cache-dir/.test(t)) return true;
  }
  return false;
}

/** `NAME=… cmd`, `env NAME=… cmd`, or `export NAME=…` earlier in the same RUN. */
function setsEnvFor(g: Group, pc: PackageCommand, name: string): boolean {
  const cmd = pc.site.command;
  if (cmd.assignments.some((a) => a.name === name)) return true;
  if (cmd.args.some((a) => a.value.startsWith(name + '=') && a.span.start < pc.eff.nameWord.span.start)) return true;
  return g.sites.some(
    (s) =>
      s.command.span.start < cmd.span.start &&
      (s.command.name === 'export' || s.command.name === 'declare') &&
      (s.command.assignments.some((a) => a.name === name) || s.command.args.some((a) => a.value.startsWith(name + '='))),
  );
}

function checkNpm(model: DockerfileModel, g: Group, report: ReportFn): void {
  if (cacheMountTargets(g.instruction).some((t) => /(^|\/)\.npm$/.test(t))) return;
  const site = g.sites[0]!;
  const vars = site.stage ? varsInScope(model, site.stage, g.instruction) : {};
  if (vars.npm_config_cache !== undefined || vars.NPM_CONFIG_CACHE !== undefined) return;
  const npms = g.commands.filter((c) => c.manager === 'npm' && isInstall(c) && c.global && c.packages.length > 0);
  for (const pc of npms) {
    const at = pc.site.command.span.start;
    if (pc.options.some((o) => o.name === '--cache')) continue;
    if (setsEnvFor(g, pc, 'npm_config_cache') || setsEnvFor(g, pc, 'NPM_CONFIG_CACHE')) continue;
    if (removedAfter(g, at).some((p) => /(^|\/)\.npm(\/_cacache)?\/?\*?$/.test(p))) continue;
    if (g.commands.some((c) => c.manager === 'npm' && c.action === 'cache' && c.site.command.span.start > at && c.packages.some((p) => p.text === 'clean'))) continue;
    // `sudo -u node npm install -g …` fills that user's cache: a plain `npm cache clean` would clean another one.
    const edit = pc.eff.wrappers.length === 0 ? appendAtEnd(g, ' && npm cache clean --force') : undefined;
    report({
      messageId: 'npmCache',
      data: { command: text(model, pc) },
      span: commandSpan(pc),
      fixes: edit ? [{ id: 'npm-cache-clean', title: 'Run npm cache clean --force at the end of this RUN', safe: true, edits: [edit] }] : [],
    });
  }
}

const RPM_HADOLINT: Record<string, string> = { yum: 'DL3032', dnf: 'DL3040', zypper: 'DL3036' };

function checkRpm(model: DockerfileModel, g: Group, manager: Extract<PackageManager, 'yum' | 'dnf' | 'zypper'>, report: ReportFn): void {
  const cmds = g.commands.filter((c) => c.manager === manager);
  const installs = cmds.filter((c) => isInstall(c) || c.action === 'upgrade' || c.action === 'dist-upgrade');
  if (installs.length === 0) return;
  const folders = INDEX_FOLDERS[manager]!;
  if (folders.some((f) => cacheMountCovers(g.instruction, f))) return;
  const lastInstall = installs[installs.length - 1]!;
  const after = lastInstall.site.command.span.start;
  // Any clean of this family after the last install (`yum clean all`, `dnf clean packages`, `zypper cc -a`) counts.
  const family = manager === 'zypper' ? ['zypper'] : ['yum', 'dnf'];
  if (g.commands.some((c) => family.includes(c.manager) && c.action === 'clean' && c.site.command.span.start > after)) return;
  const removed = removedAfter(g, after);
  if ((manager === 'zypper' ? folders : [...INDEX_FOLDERS.yum!, ...INDEX_FOLDERS.dnf!]).some((f) => removesFolder(removed, f))) return;
  const first = installs[0]!;
  const last = cmds[cmds.length - 1]!;
  const clean = elevate(last) + (manager === 'zypper' ? 'zypper clean --all' : `${last.tool} clean all`);
  const edit = appendAtEnd(g, ` && ${clean}`);
  report({
    messageId: 'rpmCache',
    data: { command: text(model, first), tool: first.tool, clean },
    span: commandSpan(first),
    hadolint: RPM_HADOLINT[manager],
    fixes: edit ? [{ id: 'clean-all', title: `Run ${clean} at the end of this RUN`, safe: true, edits: [edit] }] : [],
  });
}

/**
 * An edit that appends `addition` (` && …`) at the end of the RUN's script, so
 * it runs after everything else the RUN does (scripts that still need the
 * index included). The end is after the last command and any closing `fi`,
 * `done`, `esac`, `}` or `)`, before trailing `;`. Undefined when the script
 * ends otherwise (a trailing comment, `&`, an unreadable script).
 */
function appendAtEnd(g: Group, addition: string): TextEdit | undefined {
  const top = g.sites.filter((s) => !s.nested && !s.command.inSubstitution);
  const last = top.reduce<CommandSite | undefined>((a, s) => (!a || s.command.span.end > a.command.span.end ? s : a), undefined);
  if (!last || last.script.hasErrors) return undefined;
  const t = last.script.text;
  const from = last.command.span.end - last.script.offset;
  let end = t.length;
  while (end > from && /[\s;]/.test(t[end - 1]!)) end--;
  if (!/^(?:[\s;]*(?:fi|done|esac|\}|\)))*$/.test(t.slice(from, end))) return undefined;
  const at = last.script.offset + end;
  return { start: at, end: at, text: addition };
}
