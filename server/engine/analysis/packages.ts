/**
 * Package-manager commands in RUN instructions, read the way the tools read
 * their command lines: which manager (apt, apk, yum/dnf, zypper, pip, npm,
 * yarn, pnpm, gem, go), which subcommand (`install`, `update`, `add`…), which
 * options (with their values, so `-o APT::X=1` or `--virtual .deps` are not
 * mistaken for packages), and which words name packages, each with its span
 * and the version written with it.
 *
 * Wrappers (`sudo`, `env`, `xargs`…) are looked through with
 * `effectiveCommand`; `python -m pip` is pip. Words with an expansion
 * (`$PKGS`, `$(cat list)`) are packages marked `dynamic`: their content is not
 * known.
 */
import type { DockerfileModel, Instruction } from '../model/dockerfile';
import type { Word } from '../parse/shell';
import type { Span } from '../types';
import { effectiveCommand, runCommands, shellCArgument, type CommandSite, type EffectiveCommand } from './commands';
import { own } from '../util/own';
import { sharedList } from '../util/shared';
import { DerivedKey } from '../util/derived';

export type PackageManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'zypper' | 'pip' | 'npm' | 'yarn' | 'pnpm' | 'gem' | 'go';

/** The family a command belongs to: OS packages share a package database per image. */
export const OS_MANAGERS: ReadonlySet<PackageManager> = new Set(['apt', 'apk', 'yum', 'dnf', 'zypper']);

export interface PackageOption {
  /** As written up to `=`: `-y`, `--no-install-recommends`, `-o`, `--setopt`. A letter of a combined group (`-qy`) is its own option `-q`, `-y`. */
  name: string;
  /** The value, for options that take one (`-o X=1`, `--setopt=a=b`, `-oX=1`). */
  value?: string;
  word: Word;
  valueWord?: Word;
  /** Written after the subcommand. */
  afterSubcommand: boolean;
}

export type PackageKind = 'name' | 'path' | 'url' | 'requirements';

export interface PackageArg {
  word: Word;
  /** The word as the tool sees it (quotes removed). */
  text: string;
  /** The package name without version, architecture, extras or scope suffix. */
  name: string;
  /** The version or constraint written with the name (`1.2*` of `pkg=1.2*`, `==1.0` of `pkg==1.0`, `v1.2.0` of `pkg@v1.2.0`). */
  version?: string;
  /** A local file, a URL or a VCS reference rather than a registry name. */
  kind: PackageKind;
  /** Contains an expansion: the real package list is not known. */
  dynamic: boolean;
}

export interface PackageCommand {
  site: CommandSite;
  manager: PackageManager;
  /** The command as run (`apt-get`, `pip3`, `python3`, `microdnf`). */
  tool: string;
  eff: EffectiveCommand;
  /** The subcommand as written (`install`, `i`, `add`, `dist-upgrade`); undefined when there is none. */
  subcommandWord?: Word;
  /** The subcommand normalised: `install`, `update`, `upgrade`, `dist-upgrade`, `remove`, `clean`, `makecache`, `refresh`, `ci`, `get`, … ('' when none). */
  action: string;
  /** The words after the subcommand that are not options (for `install`, the packages). */
  packages: PackageArg[];
  options: PackageOption[];
  /** `npm -g`, `yarn global add`, `pnpm -g`. */
  global: boolean;
}

interface ManagerSpec {
  manager: PackageManager;
  /** Options (with dashes) that take a value as the next word (or after `=`, or glued to a single letter). */
  valueOptions: ReadonlySet<string>;
  /** Single-dash options are whole words (`go install -ldflags x`), not groups of letters. */
  singleDashLong?: boolean;
  /** Subcommand aliases → normalised action. */
  actions?: Record<string, string>;
}

const APT: ManagerSpec = {
  manager: 'apt',
  valueOptions: new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture', '-P', '--build-profiles']),
};
const APK: ManagerSpec = {
  manager: 'apk',
  valueOptions: new Set(['-X', '--repository', '-p', '--root', '--keys-dir', '--repositories-file', '-t', '--virtual', '--arch', '--cache-dir', '--wait', '--cache-max-age', '--timeout']),
  actions: { add: 'install', del: 'remove' },
};
const RPM_VALUES: ReadonlySet<string> = new Set(['-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '-x', '--exclude', '--repo', '--repoid', '--repofrompath', '-d', '--debuglevel', '-e', '--errorlevel', '--downloaddir', '--destdir', '--forcearch', '--disableplugin', '--enableplugin', '--setopt', '--rpmverbosity', '--color', '--installroot']);
const RPM_ACTIONS: Record<string, string> = {
  install: 'install',
  in: 'install',
  localinstall: 'install',
  groupinstall: 'install',
  reinstall: 'install',
  update: 'update-packages',
  upgrade: 'update-packages',
  'upgrade-minimal': 'update-packages',
  'update-minimal': 'update-packages',
  'distro-sync': 'dist-upgrade',
  'distribution-synchronization': 'dist-upgrade',
  makecache: 'makecache',
  remove: 'remove',
  erase: 'remove',
  autoremove: 'remove',
  clean: 'clean',
};
const YUM: ManagerSpec = { manager: 'yum', valueOptions: RPM_VALUES, actions: RPM_ACTIONS };
const DNF: ManagerSpec = { manager: 'dnf', valueOptions: RPM_VALUES, actions: RPM_ACTIONS };
const ZYPPER: ManagerSpec = {
  manager: 'zypper',
  valueOptions: new Set(['-R', '--root', '-c', '--config', '-t', '--type', '-r', '--repo', '--from', '--reposd-dir', '-C', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '--installroot']),
  actions: {
    in: 'install',
    install: 'install',
    up: 'update-packages',
    update: 'update-packages',
    dup: 'dist-upgrade',
    'dist-upgrade': 'dist-upgrade',
    ref: 'refresh',
    refresh: 'refresh',
    rm: 'remove',
    remove: 'remove',
    cc: 'clean',
    clean: 'clean',
    patch: 'upgrade',
  },
};
const PIP: ManagerSpec = {
  manager: 'pip',
  valueOptions: new Set([
    '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target',
    '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--src', '--progress-bar', '--upgrade-strategy',
    '--global-option', '--install-option', '-C', '--config-settings', '--only-binary', '--no-binary', '--log', '--proxy', '--retries', '--timeout',
    '--cache-dir', '--exists-action', '--cert', '--client-cert', '--report', '--python', '--root-user-action', '--keyring-provider', '--use-feature', '--use-deprecated',
  ]),
};
const NPM: ManagerSpec = {
  manager: 'npm',
  valueOptions: new Set(['--prefix', '--registry', '--cache', '--omit', '--include', '--tag', '-w', '--workspace', '--loglevel', '--userconfig', '--install-strategy', '--location']),
  actions: { i: 'install', in: 'install', ins: 'install', inst: 'install', insta: 'install', instal: 'install', isnt: 'install', isnta: 'install', isntal: 'install', isntall: 'install', add: 'install', 'install-clean': 'ci', ic: 'ci', 'clean-install': 'ci', 'install-ci-test': 'ci', cit: 'ci' },
};
const YARN: ManagerSpec = {
  manager: 'yarn',
  valueOptions: new Set(['--cwd', '--registry', '--cache-folder', '--modules-folder', '--network-timeout', '--mutex', '--global-folder', '--link-folder']),
  actions: { add: 'install' },
};
const PNPM: ManagerSpec = {
  manager: 'pnpm',
  valueOptions: new Set(['-C', '--dir', '--registry', '--filter', '-F', '--store-dir', '--config.store-dir', '--reporter']),
  actions: { add: 'install', i: 'install' },
};
const GEM: ManagerSpec = {
  manager: 'gem',
  valueOptions: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '-P', '--trust-policy', '--platform', '-g', '--file', '--build-root', '--document']),
  actions: { i: 'install' },
};
const GO: ManagerSpec = {
  manager: 'go',
  singleDashLong: true,
  valueOptions: new Set(['-ldflags', '-tags', '-gcflags', '-asmflags', '-o', '-mod', '-modfile', '-p', '-pkgdir', '-toolexec', '-buildmode', '-compiler', '-installsuffix', '-overlay', '-gccgoflags', '-pgo', '-C']),
};

function specFor(base: string): ManagerSpec | undefined {
  switch (base) {
    case 'apt-get':
    case 'apt':
      return APT;
    case 'apk':
      return APK;
    case 'yum':
      return YUM;
    case 'dnf':
    case 'microdnf':
    case 'tdnf':
      return DNF;
    case 'zypper':
      return ZYPPER;
    case 'npm':
      return NPM;
    case 'yarn':
      return YARN;
    case 'pnpm':
      return PNPM;
    case 'gem':
      return GEM;
    case 'go':
      return GO;
  }
  if (/^pip[0-9.]*$/.test(base)) return PIP;
  return undefined;
}

/** Reads one command as a package-manager command, or undefined when it is not one. */
export function readPackageCommand(site: CommandSite): PackageCommand | undefined {
  let pc = site.packageCommand;
  if (pc === undefined) site.packageCommand = pc = computePackageCommand(site) ?? null;
  return pc ?? undefined;
}

function computePackageCommand(site: CommandSite): PackageCommand | undefined {
  const eff = effectiveCommand(site.command);
  if (!eff || eff.nameWord.dynamic) return undefined;
  let base = eff.baseName;
  let args = eff.args;
  if (/^python[0-9.]*$/.test(base)) {
    // `python -m pip install …` (also `-Im pip`, `-m pip`).
    const i = args.findIndex((a) => /^-[A-Za-z]*m$/.test(a.value));
    if (i < 0 || !/^pip[0-9.]*$/.test(args[i + 1]?.value ?? '')) return undefined;
    base = 'pip';
    args = args.slice(i + 2);
  }
  const spec = specFor(base);
  if (!spec) return undefined;
  const options: PackageOption[] = [];
  const positional: Word[] = [];
  const values = spec.valueOptions;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    const after = positional.length > 0;
    if (v === '--' && !w.dynamic) {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--') || (spec.singleDashLong && v.startsWith('-') && v.length > 1)) {
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(0, eq) : v;
      if (eq >= 0) options.push({ name, value: v.slice(eq + 1), word: w, afterSubcommand: after });
      else if (values.has(name) && args[i + 1]) {
        options.push({ name, value: args[i + 1]!.value, word: w, valueWord: args[i + 1], afterSubcommand: after });
        i++;
      } else options.push({ name, word: w, afterSubcommand: after });
      continue;
    }
    if (v.startsWith('-') && v.length > 1 && !w.dynamic) {
      for (let j = 1; j < v.length; j++) {
        const name = '-' + v[j]!;
        if (values.has(name)) {
          if (j + 1 < v.length) options.push({ name, value: v.slice(j + 1), word: w, afterSubcommand: after });
          else if (args[i + 1]) {
            options.push({ name, value: args[i + 1]!.value, word: w, valueWord: args[i + 1], afterSubcommand: after });
            i++;
          } else options.push({ name, word: w, afterSubcommand: after });
          break;
        }
        options.push({ name, word: w, afterSubcommand: after });
      }
      continue;
    }
    positional.push(w);
  }
  let global = options.some((o) => o.name === '-g' || o.name === '--global' || (o.name === '--location' && o.value === 'global'));
  let rest = positional;
  if (spec.manager === 'yarn' && rest[0]?.value === 'global') {
    global = true;
    rest = rest.slice(1);
  }
  const subcommandWord: Word | undefined = rest[0];
  rest = rest.slice(1);
  if (!subcommandWord) {
    // `yarn` alone is `yarn install`.
    const action = spec.manager === 'yarn' ? 'install' : '';
    return { site, manager: spec.manager, tool: eff.baseName, eff, action, packages: [], options, global };
  }
  let action = normaliseAction(spec, subcommandWord.value);
  // `dnf group install x`, `yum module install x`.
  if ((spec.manager === 'yum' || spec.manager === 'dnf') && (subcommandWord.value === 'group' || subcommandWord.value === 'groups' || subcommandWord.value === 'module') && rest[0]) {
    action = normaliseAction(spec, rest[0].value);
    rest = rest.slice(1);
  }
  // `yum update` with no package names upgrades the whole system.
  if (action === 'update-packages') action = rest.length === 0 ? 'upgrade' : 'install';
  const packages = rest.map((w) => packageArg(spec.manager, w, options));
  return { site, manager: spec.manager, tool: eff.baseName, eff, subcommandWord, action, packages, options, global };
}

function normaliseAction(spec: ManagerSpec, sub: string): string {
  return (spec.actions && own(spec.actions, sub)) ?? (spec.manager === 'apt' && sub === 'full-upgrade' ? 'dist-upgrade' : sub);
}

/** Every package-manager command of every RUN, in source order (worked out once per model; three rules read them). */
export function packageCommands(model: DockerfileModel, options: { triggers?: boolean } = {}): readonly PackageCommand[] {
  const triggers = options.triggers !== false;
  const v = model.derived.get(BY_MODEL, () => ({}));
  const key = triggers ? 'withTriggers' : 'withoutTriggers';
  let list = v[key];
  if (!list) {
    const out: PackageCommand[] = [];
    for (const site of runCommands(model, { triggers })) {
      const pc = readPackageCommand(site);
      if (pc) out.push(pc);
    }
    list = v[key] = sharedList(out);
  }
  return list;
}

const BY_MODEL = new DerivedKey<{ withTriggers?: readonly PackageCommand[]; withoutTriggers?: readonly PackageCommand[] }>('package commands');

/** Package commands grouped by the RUN (or RUN trigger) they belong to, in order. */
export function packageCommandsByRun(model: DockerfileModel): readonly { instruction: Instruction; commands: PackageCommand[]; sites: CommandSite[] }[] {
  // Several rules read the same package commands: read once per model (models never change after parsing).
  return model.derived.get(BY_RUN, () => readPackageCommandsByRun(model));
}

const BY_RUN = new DerivedKey<readonly { instruction: Instruction; commands: PackageCommand[]; sites: CommandSite[] }[]>('package commands by RUN');

function readPackageCommandsByRun(model: DockerfileModel): { instruction: Instruction; commands: PackageCommand[]; sites: CommandSite[] }[] {
  const out: { instruction: Instruction; commands: PackageCommand[]; sites: CommandSite[] }[] = [];
  for (const site of runCommands(model)) {
    let last = out[out.length - 1];
    if (!last || last.instruction !== site.instruction) {
      last = { instruction: site.instruction, commands: [], sites: [] };
      out.push(last);
    }
    last.sites.push(site);
    const pc = readPackageCommand(site);
    if (pc) last.commands.push(pc);
  }
  return out;
}

export function hasPackageOption(pc: PackageCommand, ...names: string[]): boolean {
  return pc.options.some((o) => names.includes(o.name));
}

export function packageOption(pc: PackageCommand, ...names: string[]): PackageOption | undefined {
  return pc.options.find((o) => names.includes(o.name));
}

/** An install of packages (not `update`, `remove`…): `apt-get install`, `apk add`, `pip install`, `npm ci`, `go install`… */
export function isInstall(pc: PackageCommand): boolean {
  const action = pc.action === 'install' || pc.action === 'ci' || (pc.manager === 'go' && pc.action === 'get') || (pc.manager === 'apt' && pc.action === 'build-dep');
  return action && !isDryRun(pc);
}

const DRY_RUN: Partial<Record<PackageManager, string[]>> = {
  apt: ['-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act', '-d', '--download-only', '--print-uris'],
  apk: ['-s', '--simulate'],
  yum: ['--downloadonly', '--assumeno'],
  dnf: ['--downloadonly', '--assumeno'],
  zypper: ['-D', '--dry-run', '-d', '--download-only'],
  pip: ['--dry-run'],
  npm: ['--dry-run'],
};

/** The command only simulates or downloads (`apt-get install -s`, `pip install --dry-run`). */
export function isDryRun(pc: PackageCommand): boolean {
  const names = DRY_RUN[pc.manager];
  return !!names && pc.options.some((o) => names.includes(o.name));
}

/** The span from the command name to the end of the subcommand (`apt-get install`), or the name alone. */
export function commandSpan(pc: PackageCommand): Span {
  return { start: pc.eff.nameWord.span.start, end: (pc.subcommandWord ?? pc.eff.nameWord).span.end };
}

function isUrl(t: string): boolean {
  // Asked of every package word: most are plain names, with no `:` (every form but `git+…` and `git@…` has one).
  if (!t.includes(':')) return t.startsWith('git+') || t.startsWith('git@');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^git\+/.test(t) || /^(github|gitlab|bitbucket|gist|file):/.test(t) || /^git@/.test(t);
}

function isPath(t: string): boolean {
  return t === '.' || t === '..' || t.startsWith('./') || t.startsWith('../') || t.startsWith('/') || t.startsWith('~') || t.startsWith('.\\');
}

function packageArg(manager: PackageManager, word: Word, options: PackageOption[]): PackageArg {
  const text = word.value;
  // Every package word of every install: each result is written out in full, in one property order, so that they share one shape.
  const arg = (name: string, version: string | undefined, kind: PackageKind): PackageArg => ({ word, text, name, version, kind, dynamic: word.dynamic });
  if (isUrl(text)) return arg(text, undefined, 'url');
  if (isPath(text) || (text.includes('.') && /\.(deb|rpm|apk|whl|tar\.gz|tgz|zip|gem)$/i.test(text))) return arg(text, undefined, 'path');
  switch (manager) {
    case 'apt': {
      // `pkg=1.2`, `pkg:amd64=1.2*`, `pkg/bookworm-backports` (a release, not a version).
      const m = /^([^=/]+)(?:=(.*)|\/(.*))?$/.exec(text);
      const name = m?.[1] ?? text;
      return arg(name.includes(':') ? name.replace(/:[a-z0-9-]+$/, '') : name, m?.[2], 'name');
    }
    case 'apk': {
      const m = /^([^=<>~@]+)(?:@[^=<>~]*)?((?:[=<>~]).*)?$/.exec(text);
      return arg(m?.[1] ?? text, m?.[2]?.replace(/^=/, ''), 'name');
    }
    case 'yum':
    case 'dnf': {
      if (text.startsWith('@')) return arg(text, undefined, 'name');
      // `pkg-1.2.3`, `pkg-1.2-3.el8`, `pkg-0:1.2`, `pkg-1.2.x86_64`, also `pkg = 1.2` written as one word.
      const op = /^(.+?)\s*(=|>=|<=|>|<)\s*(.+)$/.exec(text);
      if (op) return arg(op[1]!, op[2] === '=' ? op[3] : op[2]! + op[3], 'name');
      const m = /^(.+?)-((?:\d+:)?\d[^-]*(?:-\d[^-]*)?)$/.exec(text);
      return arg(m?.[1] ?? text.replace(/\.(x86_64|aarch64|noarch|i686|ppc64le|s390x)$/, ''), m?.[2], 'name');
    }
    case 'zypper': {
      const m = /^(.+?)(=|>=|<=|>|<)(.+)$/.exec(text);
      return arg(m?.[1] ?? text, m ? (m[2] === '=' ? m[3] : m[2]! + m[3]) : undefined, 'name');
    }
    case 'pip': {
      // `pkg==1.0`, `pkg[extra]>=1`, `pkg @ https://…` is two words and not handled.
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*((?:===|==|~=|!=|>=|<=|>|<).*)?$/.exec(text);
      return arg(m?.[1] ?? text, m?.[3], 'name');
    }
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      // `@scope/pkg@1.2`, `pkg@^1`, `user/repo#sha` (GitHub shorthand).
      if (/^[^@/][^/]*\/[^/]+$/.test(text) && !text.includes('@')) return arg(text, undefined, 'url');
      const at = text.indexOf('@', 1);
      return at > 0 ? arg(text.slice(0, at), text.slice(at + 1), 'name') : arg(text, undefined, 'name');
    }
    case 'gem': {
      const m = /^([^:]+):(.+)$/.exec(text);
      const v = options.find((o) => o.name === '-v' || o.name === '--version')?.value;
      return arg(m?.[1] ?? text, m?.[2] ?? v, 'name');
    }
    case 'go': {
      const at = text.lastIndexOf('@');
      return at > 0 ? arg(text.slice(0, at), text.slice(at + 1), 'name') : arg(text, undefined, 'name');
    }
  }
}

/** `--mount=type=cache,target=/x` targets of a RUN (BuildKit cache mounts keep their contents out of the image). */
export function cacheMountTargets(ins: Instruction): string[] {
  const out: string[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const fields = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      fields.set((eq >= 0 ? part.slice(0, eq) : part).trim().toLowerCase(), eq >= 0 ? part.slice(eq + 1).trim() : '');
    }
    const type = fields.get('type');
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if (target) out.push(target.replace(/^["']|["']$/g, '').replace(/\/+$/, '') || '/');
  }
  return out;
}

/** A cache mount covers `dir` (the mount is the folder or one of its parents). */
export function cacheMountCovers(ins: Instruction, ...dirs: string[]): boolean {
  const targets = cacheMountTargets(ins);
  return dirs.some((d) => targets.some((t) => d === t || d.startsWith(t === '/' ? '/' : t + '/')));
}

/**
 * A package-name pattern for an installed package: a glob (`*` any run, `?`
 * one character, `[…]` a class), optionally limited to one manager with a
 * prefix — `apk:openssh` (Alpine's `openssh` pulls in the server; RHEL's is
 * the common files only). `rpm:` stands for yum and dnf.
 */
export function matchesManagerPattern(manager: PackageManager, name: string, pattern: string): boolean {
  // Asked for every package a Dockerfile keeps, with every pattern of a rule's options: each pattern is read once.
  let p = MANAGER_PATTERNS.get(pattern);
  if (!p) {
    const m = /^(apt|apk|yum|dnf|rpm|zypper|pip|npm|gem):(.*)$/.exec(pattern);
    p = m ? { managers: m[1] === 'rpm' ? ['yum', 'dnf'] : [m[1]!], names: m[2]! } : { managers: undefined, names: pattern };
    MANAGER_PATTERNS.set(pattern, p);
  }
  return (p.managers === undefined || p.managers.includes(manager)) && matchesPackagePattern(name, p.names);
}

/** Patterns as `matchesManagerPattern` reads them: the managers a `manager:` prefix names, and the name pattern. */
const MANAGER_PATTERNS = new Map<string, { managers: readonly string[] | undefined; names: string }>();

/** Simple globs for package names: `*` any run, `?` one character, `[…]` a class. */
export function matchesPackagePattern(name: string, pattern: string): boolean {
  let rx = PATTERNS.get(pattern);
  if (!rx) PATTERNS.set(pattern, (rx = compilePackagePattern(pattern)));
  return rx.test(name);
}

const PATTERNS = new Map<string, RegExp>();

function compilePackagePattern(pattern: string): RegExp {
  let rx = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') rx += '.*';
    else if (c === '?') rx += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end > i) {
        rx += '[' + pattern.slice(i + 1, end).replace(/\\/g, '\\\\') + ']';
        i = end;
      } else rx += '\\[';
    } else rx += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(rx + '$', 'i');
}

/** Shells whose `-c` string `removedPaths` reads `rm` out of. */
const RM_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
/** `removedPaths`' answer for a command that removes nothing (shared: callers only read it). */
const NO_PATHS: readonly string[] = [];

/** Folders `rm` (or `find … -delete`) removes in a command: `rm -rf /var/lib/apt/lists/*` → `/var/lib/apt/lists/*`. */
export function removedPaths(site: CommandSite): readonly string[] {
  const eff = effectiveCommand(site.command);
  if (!eff) return NO_PATHS;
  if (eff.baseName === 'rm') return eff.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value);
  // `bash -c "… rm -rf /var/lib/apt/lists/*"` whose string could not be parsed in place (escapes): read `rm` out of the text.
  if (RM_SHELLS.has(eff.baseName) && !shellCArgument(site.command)) {
    const i = eff.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.value));
    const script = i >= 0 ? eff.args[i + 1]?.value : undefined;
    if (!script) return NO_PATHS;
    const out: string[] = [];
    for (const m of script.matchAll(/\brm((?:\s+-[A-Za-z-]+)*)((?:\s+[^\s;&|"'\\]+)+)/g)) out.push(...m[2]!.trim().split(/\s+/));
    return out;
  }
  if (eff.baseName === 'find' && eff.args.some((a) => a.value === '-delete' || a.value === '-exec')) return eff.args.filter((a) => a.value.startsWith('/')).slice(0, 1).map((a) => a.value + '/*');
  return NO_PATHS;
}

/** A removed path (`/var/lib/apt/lists/*`, `/var/lib/apt/lists`, `/var/lib/apt`) takes away the folder's content. */
export function removesFolder(paths: readonly string[], folder: string): boolean {
  return paths.some((raw) => {
    const p = raw.replace(/\/\*?$/, '').replace(/\/\*\.?\*?$/, '').replace(/\/+$/, '');
    return p !== '' && (folder === p || folder.startsWith(p + '/'));
  });
}

/** Folders where each OS manager keeps its index and downloaded packages. */
export const INDEX_FOLDERS: Record<string, string[]> = {
  apt: ['/var/lib/apt/lists'],
  apk: ['/var/cache/apk', '/etc/apk/cache'],
  yum: ['/var/cache/yum'],
  dnf: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'],
  zypper: ['/var/cache/zypp'],
};

export interface InstalledPackage {
  pkg: PackageArg;
  command: PackageCommand;
  /** `apk add --virtual NAME`: the group the package was installed under. */
  virtual?: string;
}

/**
 * The OS packages (apt, apk, yum/dnf, zypper) that RUN instructions of the
 * built image's stages install by name and do not remove again: a later
 * `apt-get purge gcc`, `apk del .build-deps` (a `--virtual` group), or
 * `apt-mark auto … && apt-get purge --auto-remove` in the same RUN takes them
 * out. Words with an expansion are left out (their content is not known).
 */
export function keptOsPackages(model: DockerfileModel): readonly InstalledPackage[] {
  // BH112 and BH191 both ask: worked out once per model.
  return model.derived.get(KEPT, () => sharedList(readKeptOsPackages(model)));
}

const KEPT = new DerivedKey<readonly InstalledPackage[]>('kept OS packages');
const REMOVE_ACTIONS: ReadonlySet<string> = new Set(['remove', 'purge', 'autoremove', 'del']);

function readKeptOsPackages(model: DockerfileModel): InstalledPackage[] {
  const kept: InstalledPackage[] = [];
  const groups = packageCommandsByRun(model).filter((g) => g.sites[0]?.inFinalImage && !g.sites[0].onbuild);
  const fam = (m: PackageManager): string => (m === 'yum' || m === 'dnf' ? 'rpm' : m);
  for (const g of groups) {
    const inRun: InstalledPackage[] = [];
    let markedAuto: number | undefined;
    for (const site of g.sites) {
      const eff = effectiveCommand(site.command);
      if (eff?.baseName === 'apt-mark' && eff.args.some((a) => a.value === 'auto') && markedAuto === undefined) markedAuto = site.command.span.start;
    }
    for (const pc of g.commands) {
      if (!OS_MANAGERS.has(pc.manager)) continue;
      if (isInstall(pc)) {
        const virtual = pc.manager === 'apk' ? pc.options.find((o) => o.name === '--virtual' || o.name === '-t')?.value : undefined;
        for (const pkg of pc.packages) {
          if (pkg.dynamic || pkg.kind !== 'name') continue;
          const entry: InstalledPackage = { pkg, command: pc, virtual };
          kept.push(entry);
          inRun.push(entry);
        }
        continue;
      }
      const removes = REMOVE_ACTIONS.has(pc.action) || (pc.manager === 'apt' && pc.action === 'purge');
      if (!removes) continue;
      const names = pc.packages.map((p) => p.text);
      const autoRemove = pc.manager === 'apt' && (pc.action === 'autoremove' || pc.options.some((o) => o.name === '--auto-remove' || o.name === '--autoremove'));
      for (let i = kept.length - 1; i >= 0; i--) {
        const e = kept[i]!;
        if (fam(e.command.manager) !== fam(pc.manager)) continue;
        const byName = names.some((n) => n === e.pkg.name || n === e.pkg.text || n === e.virtual || (/[*?[]/.test(n) && matchesPackagePattern(e.pkg.name, n)));
        const byAutoRemove = autoRemove && markedAuto !== undefined && markedAuto < pc.site.command.span.start && inRun.includes(e) && e.command.site.command.span.start < markedAuto;
        if (byName || byAutoRemove) kept.splice(i, 1);
      }
    }
  }
  return kept;
}
