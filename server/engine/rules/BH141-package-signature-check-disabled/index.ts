import { defineRule, type Report } from '../rule';
import type { DockerfileModel } from '../../model/dockerfile';
import type { SimpleCommand, Word } from '../../parse/shell';
import type { Span } from '../../types';
import { effectiveCommand, findOptions, positionalArgs, removeOptionEdits, runCommands, type OptionMatch, type OptionSpec } from '../../analysis/commands';
import { spanInWritten, writtenTexts } from '../../analysis/configWrites';
import { stripUrlCredentials } from '../../analysis/downloads';

const APT_VALUES = ['o', 'c', 't', 'a', 'P', 'option', 'config-file', 'target-release', 'default-release', 'host-architecture', 'build-profiles'];
const APK_VALUES = ['X', 'p', 't', 'repository', 'root', 'keys-dir', 'repositories-file', 'virtual', 'arch', 'cache-dir', 'wait', 'cache-max-age', 'timeout'];
const RPM_VALUES = ['c', 'x', 'd', 'e', 'config', 'installroot', 'releasever', 'enablerepo', 'disablerepo', 'exclude', 'repo', 'repoid', 'repofrompath', 'debuglevel', 'errorlevel', 'downloaddir', 'destdir', 'forcearch', 'disableplugin', 'enableplugin', 'setopt', 'rpmverbosity', 'color'];
// The options that take a value, but for the one looked for (made once: asked for every such command).
const APT_VALUES_BUT_OPTION = APT_VALUES.filter((v) => v !== 'o' && v !== 'option');
const RPM_VALUES_BUT_SETOPT = RPM_VALUES.filter((v) => v !== 'setopt');
const RPM_COMMAND_VALUES = ['root', 'dbpath', 'define', 'D', 'excludepath', 'prefix', 'relocate', 'predefine', 'rcfile', 'macros', 'pipe'];
/** The options each package manager's findings look for (made once, not per command). */
const APT_UNSIGNED: OptionSpec = { long: ['allow-unauthenticated', 'force-yes', 'allow-insecure-repositories', 'allow-releaseinfo-change'] };
const APT_OPTION: OptionSpec = { short: ['o'], long: ['option'], takesValue: true };
const APK_UNTRUSTED: OptionSpec = { long: ['allow-untrusted'] };
const RPM_NOGPGCHECK: OptionSpec = { long: ['nogpgcheck', 'no-gpgchecks'] };
const RPM_SETOPT: OptionSpec = { long: ['setopt'], takesValue: true };
const ZYPPER_NO_GPG: OptionSpec = { long: ['no-gpg-checks', 'no-gpg-check'] };
const RPM_NOSIGNATURE: OptionSpec = { long: ['nosignature', 'nodigest'] };
const SNAP_DANGEROUS: OptionSpec = { long: ['dangerous'] };

/** apt actions that download or install packages (the checks matter there; `purge --force-yes` fetches nothing). */
const APT_FETCHING = /^(install|reinstall|upgrade|dist-upgrade|full-upgrade|build-dep|source|download|update|satisfy)$/;
const TRUE = /^(true|1|yes|on)$/i;
/** The package tools `commandFindings` reads (each branch below names one or more). */
const PACKAGE_TOOL = /^(apt-get|apt|aptitude|apk|yum|dnf|microdnf|tdnf|yum-config-manager|dnf5|zypper|rpm|snap)$/;

/** Settings written to files that turn package signature checks off. */
const CONFIG_FILES: { path: RegExp; setting: RegExp; tool: string }[] = [
  // `deb [trusted=yes] http://…` in a one-line source; local `file:`/`copy:`/`cdrom:` repositories built in the same step are fine.
  { path: /\/sources\.list(\.d\/[^/]*\.list)?$/, setting: /^[ \t]*deb(-src)?[ \t]+\[[^\]\n]{0,200}?\btrusted[ \t]*=[ \t]*yes\b[^\]\n]{0,200}\][ \t]+(?!(file|copy|cdrom):)\S+/im, tool: 'apt' },
  { path: /\/sources\.list\.d\/[^/]*\.sources$/, setting: /^[ \t]*Trusted:[ \t]*yes\b/im, tool: 'apt' },
  { path: /\/apt\.conf(\.d\/.*)?$/, setting: /(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)\s+"?(true|1|yes)"?/i, tool: 'apt' },
  { path: /(\.repo|\/yum\.conf|\/dnf\.conf)$/, setting: /^[ \t]*gpgcheck[ \t]*=[ \t]*(0|false|no)\b/im, tool: 'yum/dnf' },
  { path: /\/zypp\.conf$/, setting: /^[ \t]*(gpgcheck|pkg_gpgcheck|repo_gpgcheck)[ \t]*=[ \t]*(off|0|false|no)\b/im, tool: 'zypper' },
];

export const packageSignatureCheckDisabled = defineRule({
  meta: {
    id: 'BH141',
    name: 'package-signature-check-disabled',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A build step installs packages with their signature checks turned off (`apt-get --allow-unauthenticated`, `[trusted=yes]`, `apk --allow-untrusted`, `dnf --nogpgcheck`, `gpgcheck=0`, `rpm --nosignature`).',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.11 — Ensure only verified packages are installed' },
      { title: 'CIS Docker Benchmark v1.6.0 4.12 — Ensure all signed artifacts are validated' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'apt-get(8) — --allow-unauthenticated', url: 'https://manpages.debian.org/stable/apt/apt-get.8.en.html' },
      { title: 'sources.list(5) — trusted option', url: 'https://manpages.debian.org/stable/apt/sources.list.5.en.html' },
      { title: 'dnf(8) — --nogpgcheck', url: 'https://dnf.readthedocs.io/en/latest/command_ref.html' },
    ],
    fixable: 'unsafe',
    messages: {
      flag: '`{tool} {flag}` installs packages without checking their signatures: a mirror or anyone on the network path can substitute packages. Remove it, and import the repository\'s signing key instead.',
      file: 'This writes `{setting}` to `{path}`: {tool} then installs packages from it without checking signatures. Remove it, and import the repository\'s signing key instead.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of runCommands(model)) {
      const found = commandFindings(model, site.command);
      if (!found) continue;
      if (found.length > 1) found.sort((a, b) => a.span.start - b.span.start);
      for (const r of found) report(r);
    }
    for (const w of writtenTexts(model)) {
      for (const f of CONFIG_FILES) {
        if (!f.path.test(w.path)) continue;
        const m = f.setting.exec(w.text);
        if (!m) continue;
        const lead = /^[ \t]*/.exec(m[0])![0].length;
        const setting = stripUrlCredentials(m[0].trim().replace(/\s+/g, ' '));
        report({ messageId: 'file', data: { setting: setting.length > 60 ? setting.slice(0, 59) + '…' : setting, path: stripUrlCredentials(w.path), tool: f.tool }, span: spanInWritten(w, m.index + lead, m[0].length - lead) });
      }
    }
  },
});

function optionSpan(m: OptionMatch): Span {
  const whole = m.name.startsWith('--') || m.word.value === m.name;
  const start = whole ? m.word.span.start : m.span.start;
  const end = m.value?.separate ? m.value.span.end : whole ? m.word.span.end : m.span.end;
  return { start, end };
}

function flagReport(model: DockerfileModel, tool: string, m: OptionMatch): Report {
  const flag = m.value ? (m.value.separate ? `${m.name} ${m.value.text}` : m.name.startsWith('--') ? `${m.name}=${m.value.text}` : `${m.name}${m.value.text}`) : m.name;
  return {
    messageId: 'flag',
    data: { tool, flag },
    span: optionSpan(m),
    fixes: [{ id: 'remove-flag', title: `Remove ${m.name}${m.value && m.name.startsWith('-o') ? ' ' + m.value.text : ''} (turns signature checks back on)`, safe: false, edits: removeOptionEdits(model.text, m) }],
  };
}

/** Every package argument is a local file (`./x.apk`, `/tmp/pkgs/*.rpm`): packages built or copied in by this build. */
function onlyLocalFiles(words: Word[]): boolean {
  return words.length > 0 && words.every((w) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(w.value) && (w.value.includes('/') || /\.(apk|rpm|deb)$/.test(w.value)));
}

/** A command's findings, or undefined for a command that is no package manager (most: no list is made for them). */
function commandFindings(model: DockerfileModel, command: SimpleCommand): Report[] | undefined {
  const eff = effectiveCommand(command);
  if (!eff || !PACKAGE_TOOL.test(eff.baseName)) return undefined;
  const out: Report[] = [];
  const b = eff.baseName;
  const args = eff.args;
  if (b === 'apt-get' || b === 'apt' || b === 'aptitude') {
    const pos = positionalArgs(args, APT_VALUES);
    const action = pos[0]?.value;
    if (action !== undefined && !APT_FETCHING.test(action)) return out;
    // `apt-get install --allow-unauthenticated ./build/x.deb`: local packages have no repository signature to check.
    if (action === 'install' && pos.slice(1).every((w) => /^(\.{0,2}\/)/.test(w.value) && /\.deb$/.test(w.value)) && pos.length > 1) return out;
    for (const m of findOptions(args, APT_UNSIGNED, APT_VALUES)) {
      if (m.name === '--allow-releaseinfo-change') continue;
      out.push(flagReport(model, b, m));
    }
    for (const m of findOptions(args, APT_OPTION, APT_VALUES_BUT_OPTION)) {
      const kv = /^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::force-yes)=(.*)$/i.exec(m.value?.text ?? '');
      if (kv && TRUE.test(kv[2]!)) out.push(flagReport(model, b, m));
    }
  } else if (b === 'apk') {
    const pos = positionalArgs(args, APK_VALUES);
    const action = pos[0]?.value;
    if (action === 'index' || action === 'verify') return out;
    if (action === 'add' && onlyLocalFiles(pos.slice(1))) return out;
    for (const m of findOptions(args, APK_UNTRUSTED, APK_VALUES)) out.push(flagReport(model, 'apk', m));
  } else if (/^(yum|dnf|microdnf|tdnf|yum-config-manager|dnf5)$/.test(b)) {
    const pos = positionalArgs(args, RPM_VALUES);
    const local = /^(install|localinstall|reinstall|upgrade|update)$/.test(pos[0]?.value ?? '') && onlyLocalFiles(pos.slice(1));
    if (!local) for (const m of findOptions(args, RPM_NOGPGCHECK, RPM_VALUES)) out.push(flagReport(model, b, m));
    for (const m of findOptions(args, RPM_SETOPT, RPM_VALUES_BUT_SETOPT)) {
      if (m.value && /^([\w.*-]+\.)?gpgcheck=(0|false|no|off)$/i.test(m.value.text)) out.push(flagReport(model, b, m));
    }
  } else if (b === 'zypper') {
    for (const m of findOptions(args, ZYPPER_NO_GPG)) out.push(flagReport(model, 'zypper', m));
  } else if (b === 'rpm') {
    const pos = positionalArgs(args, RPM_COMMAND_VALUES);
    if (onlyLocalFiles(pos)) return out;
    for (const m of findOptions(args, RPM_NOSIGNATURE)) out.push(flagReport(model, 'rpm', m));
  } else if (b === 'snap') {
    for (const m of findOptions(args, SNAP_DANGEROUS)) out.push(flagReport(model, 'snap', m));
  }
  return out;
}
