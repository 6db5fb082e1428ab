import { defineRule } from '../rule';
import { commandSpan, INDEX_FOLDERS, OS_MANAGERS, removedPaths, removesFolder, packageCommandsByRun, type PackageCommand, type PackageManager } from '../../analysis/packages';
import { effectiveCommand, shellCArgument } from '../../analysis/commands';

/** Actions that only refresh the package index. */
const INDEX_UPDATES = new Set(['update', 'makecache', 'refresh']);
/** Shells whose `-c` string or script argument may install what an update prepared. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
/** Actions that do not use a refreshed index. */
const NOT_CONSUMERS = new Set([...INDEX_UPDATES, 'clean', 'remove', 'purge', 'autoremove', 'del', '']);

/** The package database an OS manager works on: dnf and yum share one. */
function family(m: PackageManager): string {
  return m === 'yum' || m === 'dnf' ? 'rpm' : m;
}

/** Commands (other than package managers) that install packages with the index a previous command fetched. */
const OTHER_CONSUMERS = new Set(['apt-cache', 'aptitude', 'apt-fast', 'nala', 'install_packages', 'add-apt-repository', 'apt-install', 'apt-file', 'dpkg', 'debconf-apt-progress', 'mk-build-deps', 'equivs-build', 'checkinstall', 'pecl', 'docker-php-ext-install', 'docker-php-ext-configure', 'install-php-extensions', 'dotnet', 'make']);

function indexCommand(m: PackageManager): string {
  switch (m) {
    case 'apt':
      return 'apt-get update';
    case 'apk':
      return 'apk update';
    case 'zypper':
      return 'zypper refresh';
    default:
      return `${m} makecache`;
  }
}

export const updateWithoutInstall = defineRule({
  meta: {
    id: 'BH110',
    name: 'update-without-install',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A RUN refreshes the package index (`apt-get update`, `apk update`, `yum makecache`) without installing anything in the same RUN, so later installs can use a stale cached index.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.7 — Ensure update instructions are not used alone in Dockerfiles' },
      { title: 'Docker documentation — Dockerfile best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
    ],
    fixable: 'none',
    messages: {
      updateAlone:
        '`{command}` runs in a RUN that installs nothing, so its layer (and the index it fetched) is cached on its own: later installs use a stale index and miss security updates. Run the update and the install in the same RUN (`{example} && … install …`).',
    },
  },
  checkDockerfile({ model, report }) {
    for (const g of packageCommandsByRun(model)) {
      if (g.sites.some((s) => isOtherConsumer(s.command))) continue;
      for (const pc of g.commands) {
        if (!OS_MANAGERS.has(pc.manager) || !INDEX_UPDATES.has(pc.action)) continue;
        if (g.commands.some((o) => consumes(o, pc))) continue;
        // The same RUN deletes the index again (`apt-get update && apt-get purge … && rm -rf /var/lib/apt/lists/*`): no index is left to go stale.
        const after = g.sites.filter((s) => s.command.span.start > pc.site.command.span.start).flatMap(removedPaths);
        if (INDEX_FOLDERS[pc.manager]!.some((f) => removesFolder(after, f))) continue;
        if (g.commands.some((o) => o.manager === pc.manager && o.action === 'clean' && o.site.command.span.start > pc.site.command.span.start && pc.manager !== 'apt')) continue;
        const span = commandSpan(pc);
        report({ messageId: 'updateAlone', data: { command: model.text.slice(span.start, span.end), example: indexCommand(pc.manager) }, span });
      }
    }
  },
});

/** `o` installs or upgrades with the index `update` refreshed. */
function consumes(o: PackageCommand, update: PackageCommand): boolean {
  return o !== update && OS_MANAGERS.has(o.manager) && family(o.manager) === family(update.manager) && !NOT_CONSUMERS.has(o.action);
}

function isOtherConsumer(cmd: Parameters<typeof effectiveCommand>[0]): boolean {
  const eff = effectiveCommand(cmd);
  if (!eff) return false;
  if (eff.nameWord.dynamic) return true;
  if (SHELLS.has(eff.baseName)) {
    // `sh -c '…'` is walked by runCommands unless its string cannot be read in place; `sh script.sh` runs a script.
    if (eff.args.some((a) => /^-[a-z]*c[a-z]*$/.test(a.value))) return !shellCArgument(cmd);
    return eff.args.some((a) => !a.value.startsWith('-') && a.value !== '');
  }
  // A script run from the RUN (`./install.sh`, `/tmp/setup`, `/usr/local/bin/install-php-extensions`) may install what the update prepared.
  if (eff.baseName.endsWith('.sh') || eff.baseName === '.' || eff.baseName === 'source') return true;
  if (eff.name.includes('/') && !/^\/(usr\/)?s?bin\//.test(eff.name)) return true;
  return OTHER_CONSUMERS.has(eff.baseName);
}
