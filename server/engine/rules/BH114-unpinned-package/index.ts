import { defineRule } from '../rule';
import { setOf } from '../../util/sets';
import { isInstall, packageCommands, type PackageArg, type PackageCommand, type PackageManager } from '../../analysis/packages';

interface Options {
  managers: string[];
}

const MANAGERS = ['apt', 'apk', 'yum', 'dnf', 'zypper', 'pip', 'npm', 'gem', 'go'];

const HADOLINT: Partial<Record<PackageManager, string>> = {
  apt: 'DL3008',
  apk: 'DL3018',
  pip: 'DL3013',
  npm: 'DL3016',
  gem: 'DL3028',
  yum: 'DL3033',
  zypper: 'DL3037',
  dnf: 'DL3041',
  go: 'DL3062',
};

/** How a pin is written, for the message. */
function pinExample(pc: PackageCommand, name: string): string {
  switch (pc.manager) {
    case 'apt':
    case 'apk':
    case 'zypper':
      return `${name}=<version>`;
    case 'yum':
    case 'dnf':
      return `${name}-<version>`;
    case 'pip':
      return `${name}==<version>`;
    case 'gem':
      return `${name}:<version>`;
    default:
      return `${name}@<version>`;
  }
}

/** The option key a manager is enabled by (yarn and pnpm go with npm). */
function optionKey(m: PackageManager): string {
  return m === 'yarn' || m === 'pnpm' ? 'npm' : m;
}

/** Subcommands that install what is named (not `update foo`, groups or modules). */
const OS_INSTALL_SUBCOMMANDS = new Set(['install', 'in', 'add', 'localinstall', 'reinstall']);

/** Installs whose named packages are judged. */
function judged(pc: PackageCommand): boolean {
  switch (pc.manager) {
    case 'apt':
      return pc.subcommandWord?.value === 'install';
    case 'apk':
    case 'yum':
    case 'dnf':
    case 'zypper':
      return OS_INSTALL_SUBCOMMANDS.has(pc.subcommandWord?.value ?? '');
    case 'pip':
      // A constraints file pins what is named.
      return !pc.options.some((o) => o.name === '-c' || o.name === '--constraint');
    case 'go':
      return pc.action === 'install';
    default:
      return pc.action === 'install';
  }
}

/** pip's own tooling, upgraded in nearly every Python image: `pip install -U pip setuptools wheel`. */
const PIP_TOOLING = new Set(['pip', 'setuptools', 'wheel']);

export const unpinnedPackage = defineRule<Options>({
  meta: {
    id: 'BH114',
    name: 'unpinned-package',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'supply-chain',
    description: 'A package is installed without a version (apt, apk, yum/dnf, zypper, pip, npm, gem, `go install`), so each build may install a different one.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.3 — Ensure that unnecessary packages are not installed in the container' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Dockerfile best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
      { title: 'hadolint DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041, DL3062' },
    ],
    hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041', 'DL3062'],
    fixable: 'none',
    messages: {
      unpinned: '`{package}` is installed without a version, so each build may get a different one: pin it (`{pin}`) or install from a lock file.',
      latest: '`{package}@{tag}` follows a moving tag, so each build may get a different version: pin a version (`{pin}`).',
    },
    options: {
      type: 'object',
      properties: {
        managers: {
          type: 'array',
          items: { type: 'string' },
          default: MANAGERS,
          description: 'Package managers to check: `apt`, `apk`, `yum`, `dnf` (also microdnf), `zypper`, `pip`, `npm` (also yarn and pnpm), `gem`, `go`.',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const on = setOf(options.managers);
    for (const pc of packageCommands(model)) {
      if (!on.has(optionKey(pc.manager)) || !isInstall(pc) || !judged(pc)) continue;
      const upgrade = pc.options.some((o) => o.name === '-U' || o.name === '--upgrade');
      for (const p of pc.packages) {
        if (pc.manager === 'pip' && upgrade && PIP_TOOLING.has(p.name.toLowerCase())) continue;
        const why = unpinned(pc, p);
        if (!why) continue;
        const pin = pinExample(pc, p.name);
        const hadolint = HADOLINT[pc.manager];
        report({
          messageId: why.tag !== undefined ? 'latest' : 'unpinned',
          data: { package: p.name, pin, ...(why.tag !== undefined ? { tag: why.tag } : {}) },
          span: p.word.span,
          ...(hadolint ? { hadolint } : {}),
        });
      }
    }
  },
});

/** Why a package word counts as unpinned, or undefined. */
export function unpinned(pc: PackageCommand, p: PackageArg): { tag?: string } | undefined {
  if (p.dynamic || p.kind !== 'name' || p.text === '') return undefined;
  switch (pc.manager) {
    case 'apt':
    case 'yum':
    case 'dnf':
    case 'zypper':
      return p.version === undefined ? {} : undefined;
    case 'apk':
      // `so:libssl.so.3`, `cmd:bash`, `pc:zlib` select a provider, not a package.
      if (/^[a-z]+:/.test(p.text)) return undefined;
      return p.version === undefined ? {} : undefined;
    case 'pip':
      return p.version === undefined ? {} : undefined;
    case 'go':
      // Without `@version`, `go install` takes the version from the current module's go.mod (outside a module it refuses to run); `tool` installs go.mod's tools.
      if (p.version === undefined) return undefined;
      return /^(latest|master|main|HEAD|upgrade|patch)$/i.test(p.version) ? { tag: p.version } : undefined;
    case 'npm':
    case 'yarn':
    case 'pnpm':
      if (p.version === undefined) return {};
      // A dist-tag or `latest` moves; `^1.2`, `1.x`, `v1.2.3`, a commit do not count as tags.
      if (p.version === '' || /^(latest|next|beta|alpha|canary|nightly|rc|stable|lts|tip|master|main|HEAD)$/i.test(p.version)) return { tag: p.version || 'latest' };
      return undefined;
    case 'gem':
      return p.version === undefined ? {} : undefined;
  }
}
