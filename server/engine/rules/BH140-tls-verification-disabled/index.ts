import { defineRule, type FixProposal, type Report } from '../rule';
import type { DockerfileModel } from '../../model/dockerfile';
import type { SimpleCommand, Word } from '../../parse/shell';
import type { Span, TextEdit } from '../../types';
import { effectiveCommand, findOptions, instructionSites, removeOptionEdits, removeWordEdit, runCommands, type OptionMatch, type OptionSpec } from '../../analysis/commands';
import { varsInScope } from '../../analysis/dockerfile';
import { downloaderValueOptions, downloadOf, stripUrlCredentials } from '../../analysis/downloads';
import { spanInWritten, writtenTexts } from '../../analysis/configWrites';
import { substituteVariables } from '../../parse/variables';
import { removePropertyEdit, runAssignments } from '../../analysis/envSettings';

/** Environment variables that turn TLS verification off, with the values that do it. */
const TLS_ENV: { name: string; ignoreCase?: boolean; tool: string; disables: (v: string) => boolean }[] = [
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', tool: 'Node.js', disables: (v) => v === '0' },
  { name: 'PYTHONHTTPSVERIFY', tool: 'Python', disables: (v) => v === '0' },
  // git checks only that the variable is set.
  { name: 'GIT_SSL_NO_VERIFY', tool: 'git', disables: () => true },
  { name: 'PIP_TRUSTED_HOST', tool: 'pip', disables: (v) => v.trim() !== '' },
  { name: 'NPM_CONFIG_STRICT_SSL', ignoreCase: true, tool: 'npm', disables: (v) => /^(false|0)$/i.test(v.trim()) },
  { name: 'YARN_ENABLE_STRICT_SSL', tool: 'Yarn', disables: (v) => /^(false|0)$/i.test(v.trim()) },
  { name: 'CONDA_SSL_VERIFY', tool: 'conda', disables: (v) => /^(false|0|no)$/i.test(v.trim()) },
];

function tlsEnv(name: string): (typeof TLS_ENV)[number] | undefined {
  return TLS_ENV.find((e) => (e.ignoreCase ? e.name === name.toUpperCase() : e.name === name));
}

const FALSE = /^(false|0|no|off)$/i;

/** Settings written to configuration files that turn TLS verification off. */
const CONFIG_FILES: { path: RegExp; setting: RegExp; tool: string }[] = [
  { path: /(\.repo|\/yum\.conf|\/dnf\.conf)$/, setting: /^[ \t]*sslverify[ \t]*=[ \t]*(0|false|no)\b/im, tool: 'yum/dnf' },
  { path: /(^|\/)\.npmrc$|\/npmrc$/, setting: /^[ \t]*strict-ssl[ \t]*=[ \t]*false\b/im, tool: 'npm' },
  { path: /(^|\/)(pip\.conf|pip\.ini)$/, setting: /^[ \t]*trusted-host[ \t]*=.*\S/im, tool: 'pip' },
  { path: /\/apt\.conf(\.d\/.*)?$/, setting: /Acquire::https(::[^:\s]+)?::Verify-(Peer|Host)\s+"?(false|0|no)"?/i, tool: 'apt' },
  { path: /(^|\/)\.wgetrc$|\/wgetrc$/, setting: /^[ \t]*check_certificate[ \t]*=[ \t]*(off|0|no)\b/im, tool: 'wget' },
  { path: /(^|\/)\.curlrc$/, setting: /^[ \t]*(-k|--insecure|insecure)\b/im, tool: 'curl' },
  { path: /(^|\/)\.gitconfig$|\/gitconfig$/, setting: /^[ \t]*sslverify[ \t]*=[ \t]*(false|0|no|off)\b/im, tool: 'git' },
];

export const tlsVerificationDisabled = defineRule({
  meta: {
    id: 'BH140',
    name: 'tls-verification-disabled',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A build step turns off TLS certificate verification (`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, npm `strict-ssl false`, `http.sslVerify=false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, …), so downloads can be swapped in transit.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.11 — Ensure only verified packages are installed' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'CWE-295 — Improper Certificate Validation', url: 'https://cwe.mitre.org/data/definitions/295.html' },
    ],
    fixable: 'unsafe',
    messages: {
      flag: '`{tool} {flag}` turns off TLS certificate verification: anyone on the network path can serve a different file. Remove it, and install the CA certificate the server needs instead.',
      setting: '`{command}` turns off TLS certificate verification for {tool} in every later command: anyone on the network path can serve different packages. Remove it, and install the CA certificate the server needs instead.',
      env: '`{name}={value}` turns off TLS certificate verification for {tool}: anyone on the network path can serve a different file. Remove it, and install the CA certificate the server needs instead.',
      file: 'This writes `{setting}` to `{path}`, which turns off TLS certificate verification for {tool}. Remove the setting, and install the CA certificate the server needs instead.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of runCommands(model)) {
      const found = commandFindings(model, site.command);
      if (!found) continue;
      if (found.length > 1) found.sort((a, b) => a.span.start - b.span.start);
      for (const r of found) report(r);
    }
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      const stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
      for (const p of ins.properties) {
        const e = tlsEnv(p.name);
        if (!e || p.value === null) continue;
        const vars = stage && !site.onbuild ? varsInScope(model, stage, ins) : {};
        const value = substituteVariables(p.value, vars, { escapeChar: model.escapeChar }).value;
        if (!e.disables(value)) continue;
        report({
          messageId: 'env',
          data: { name: p.name, value: shortValue(value), tool: e.tool },
          span: p.span,
          fixes: [{ id: 'remove-setting', title: `Remove ${p.name} (turns certificate verification back on)`, safe: false, edits: [removePropertyEdit(model, ins, p)] }],
        });
      }
    }
    for (const w of writtenTexts(model)) {
      for (const f of CONFIG_FILES) {
        if (!f.path.test(w.path)) continue;
        const m = f.setting.exec(w.text);
        if (!m) continue;
        const lead = /^[ \t]*/.exec(m[0])![0].length;
        report({ messageId: 'file', data: { setting: shortValue(m[0].trim()), path: stripUrlCredentials(w.path), tool: f.tool }, span: spanInWritten(w, m.index + lead, m[0].length - lead) });
      }
    }
  },
});

function shortValue(v: string): string {
  const t = stripUrlCredentials(v);
  return t.length > 48 ? t.slice(0, 47) + '…' : t;
}

function removeFix(title: string, edits: TextEdit[]): FixProposal[] {
  return [{ id: 'remove-flag', title, safe: false, edits }];
}

function flagReport(model: DockerfileModel, tool: string, m: OptionMatch): Report {
  const flag = m.value && !m.value.separate && m.name.startsWith('--') ? `${m.name}=${m.value.text}` : m.value ? `${m.name} ${m.value.text}` : m.name;
  return {
    messageId: 'flag',
    data: { tool, flag: shortValue(flag) },
    span: optionSpan(m),
    fixes: removeFix(`Remove ${m.name} (turns certificate verification back on)`, removeOptionEdits(model.text, m)),
  };
}

/** The option as written: `-o value`, `--setopt=x`, `-k`; the letter alone in a group (`-fsSLk`). */
function optionSpan(m: OptionMatch): Span {
  const whole = m.name.startsWith('--') || m.word.value === m.name;
  const start = whole ? m.word.span.start : m.span.start;
  const end = m.value?.separate ? m.value.span.end : whole ? m.word.span.end : m.span.end;
  return { start, end };
}

function wordReport(model: DockerfileModel, tool: string, words: Word[], flag: string): Report {
  const span: Span = { start: words[0]!.span.start, end: words[words.length - 1]!.span.end };
  return {
    messageId: 'flag',
    data: { tool, flag: shortValue(flag) },
    span,
    fixes: removeFix(`Remove ${words[0]!.value.split('=')[0]} (turns certificate verification back on)`, words.map((w) => removeWordEdit(model.text, w.span))),
  };
}

function settingReport(command: SimpleCommand, tool: string, words: Word[]): Report {
  const text = words.map((w) => w.value).join(' ');
  return { messageId: 'setting', data: { command: shortValue(text), tool }, span: command.span };
}

/** The commands `commandFindings` reads the arguments of (with `pip…` and `python…`). */
const TLS_COMMANDS = new Set([
  'curl', 'wget', 'npm', 'yarn', 'pnpm', 'git', 'composer', 'composer.phar', 'conda', 'mamba', 'micromamba', 'yum', 'dnf', 'microdnf', 'tdnf',
  'yum-config-manager', 'apt-get', 'apt', 'aptitude', 'mvn', 'mvnw', './mvnw', 'helm', 'kubectl', 'oc', 'podman', 'buildah', 'skopeo',
]);

const isTlsEnv = (name: string): boolean => tlsEnv(name) !== undefined;

/** A command's findings, or undefined when it has none (most commands: no list is made for them). */
/** The options each tool's findings look for (made once, not per command). */
const CURL_INSECURE: OptionSpec = { short: ['k'], long: ['insecure', 'proxy-insecure', 'doh-insecure'] };
const WGET_INSECURE: OptionSpec = { long: ['no-check-certificate'] };
const PIP_TRUSTED_HOST: OptionSpec = { long: ['trusted-host'], takesValue: true };
const PIP_VALUES = ['r', 'c', 'e', 'i', 'f', 't', 'C', 'requirement', 'constraint', 'index-url', 'extra-index-url', 'find-links', 'target', 'prefix', 'root'];
const RPM_SETOPT: OptionSpec = { long: ['setopt'], takesValue: true };
const APT_OPTION: OptionSpec = { short: ['o'], long: ['option'], takesValue: true };

function commandFindings(model: DockerfileModel, command: SimpleCommand): Report[] | undefined {
  let env: Report[] | undefined;
  // Environment: `GIT_SSL_NO_VERIFY=1 git …`, `export NODE_TLS_REJECT_UNAUTHORIZED=0`, `env PYTHONHTTPSVERIFY=0 python …`.
  for (const a of runAssignments(model.text, command, isTlsEnv)) {
    const e = tlsEnv(a.name);
    if (!e || !e.disables(a.value)) continue;
    const fixes = a.removal ? removeFix(`Remove ${a.name} (turns certificate verification back on)`, [a.removal]) : [];
    (env ??= []).push({ messageId: 'env', data: { name: a.name, value: shortValue(a.value), tool: e.tool }, span: a.span, fixes });
  }
  const eff = effectiveCommand(command);
  if (!eff) return env;
  const b = eff.baseName;
  // Most commands are none of these: no need to read their arguments.
  if (!TLS_COMMANDS.has(b) && !/^(pip|python)[0-9.]*$/.test(b)) return env;
  const out = env ?? [];
  const args = eff.args;
  const vals = args.map((a) => a.value);
  if ((b === 'curl' || b === 'wget') && onlyLoopback(command)) {
    // `curl -k https://localhost:8443/health` during the build: nothing on a network path to intercept.
  } else if (b === 'curl') {
    for (const m of findOptions(args, CURL_INSECURE, downloaderValueOptions('curl'))) out.push(flagReport(model, 'curl', m));
  } else if (b === 'wget') {
    for (const m of findOptions(args, WGET_INSECURE, downloaderValueOptions('wget'))) out.push(flagReport(model, 'wget', m));
  } else if (/^pip[0-9.]*$/.test(b) || (/^python[0-9.]*$/.test(b) && vals.some((v, i) => /^-[A-Za-z]*m$/.test(v) && vals[i + 1] === 'pip'))) {
    for (const m of findOptions(args, PIP_TRUSTED_HOST, PIP_VALUES)) out.push(flagReport(model, 'pip', m));
    const set = vals.indexOf('config');
    if (set >= 0 && vals[set + 1] === 'set' && /(^|\.)trusted-host$/.test(vals[set + 2] ?? '')) out.push(settingReport(command, 'pip', [eff.nameWord, ...args.slice(set, set + 4)]));
  } else if (b === 'npm' || b === 'yarn' || b === 'pnpm') {
    for (let i = 0; i < args.length; i++) {
      const v = vals[i]!;
      if (/^--strict-ssl=(false|0)$/i.test(v) || v === '--no-strict-ssl') out.push(wordReport(model, b, [args[i]!], v));
      else if (v === '--strict-ssl' && FALSE.test(vals[i + 1] ?? '')) out.push(wordReport(model, b, [args[i]!, args[i + 1]!], `${v} ${vals[i + 1]}`));
    }
    const set = vals.findIndex((v, i) => (v === 'set' && (vals[i - 1] === 'config' || i === 0)));
    if (set >= 0) {
      const key = vals[set + 1] ?? '';
      const kv = /^(strict-ssl|enableStrictSsl)(?:=(.*))?$/.exec(key);
      const value = kv?.[2] ?? vals[set + 2] ?? '';
      if (kv && FALSE.test(value)) out.push(settingReport(command, b, [eff.nameWord, ...args.slice(Math.max(0, vals[set - 1] === 'config' ? set - 1 : set), set + (kv[2] === undefined ? 3 : 2))]));
    }
  } else if (b === 'git') {
    for (let i = 0; i < args.length; i++) {
      const v = vals[i]!;
      if ((v === '-c' || v === '--config') && args[i + 1] && isGitSslOff(vals[i + 1]!)) out.push(wordReport(model, 'git', [args[i]!, args[i + 1]!], `${v} ${vals[i + 1]}`));
      else if (/^--config=/.test(v) && isGitSslOff(v.slice(9))) out.push(wordReport(model, 'git', [args[i]!], v));
    }
    const c = vals.indexOf('config');
    if (c >= 0) {
      const rest = vals.slice(c + 1).filter((v) => !v.startsWith('-'));
      if (rest.length >= 2 && /^http\.(.+\.)?sslverify$/i.test(rest[0]!) && FALSE.test(rest[1]!)) out.push(settingReport(command, 'git', [eff.nameWord, ...args.slice(c)]));
    }
  } else if (b === 'composer' || b === 'composer.phar') {
    const c = vals.indexOf('config');
    if (c >= 0) {
      const rest = vals.slice(c + 1).filter((v) => !v.startsWith('-'));
      if ((rest[0] === 'disable-tls' && /^(true|1)$/i.test(rest[1] ?? '')) || (rest[0] === 'secure-http' && FALSE.test(rest[1] ?? ''))) out.push(settingReport(command, 'Composer', [eff.nameWord, ...args.slice(c)]));
    }
  } else if (b === 'conda' || b === 'mamba' || b === 'micromamba') {
    const s = vals.indexOf('--set');
    if (s >= 0 && vals[s + 1] === 'ssl_verify' && FALSE.test(vals[s + 2] ?? '')) out.push(settingReport(command, b, [eff.nameWord, ...args.slice(vals.indexOf('config') >= 0 ? vals.indexOf('config') : s, s + 3)]));
  } else if (/^(yum|dnf|microdnf|tdnf|yum-config-manager)$/.test(b)) {
    for (const m of findOptions(args, RPM_SETOPT)) {
      if (m.value && /^([\w.*-]+\.)?sslverify=(0|false|no|off)$/i.test(m.value.text)) out.push(flagReport(model, b, m));
    }
  } else if (b === 'apt-get' || b === 'apt' || b === 'aptitude') {
    for (const m of findOptions(args, APT_OPTION)) {
      if (m.value && /^Acquire::https(::[^:=]+)?::Verify-(Peer|Host)=(false|0|no)$/i.test(m.value.text)) out.push(flagReport(model, b, m));
    }
  } else if (b === 'mvn' || b === 'mvnw' || b === './mvnw') {
    for (const a of args) if (/^-Dmaven\.wagon\.http\.ssl\.(insecure|allowall|ignore\.validity\.dates)=true$/.test(a.value)) out.push(wordReport(model, 'mvn', [a], a.value));
  } else if (/^(helm|kubectl|oc)$/.test(b)) {
    for (const a of args) if (/^--insecure-skip-tls-verify(=true)?$/.test(a.value)) out.push(wordReport(model, b, [a], a.value));
  } else if (/^(podman|buildah|skopeo)$/.test(b)) {
    for (const a of args) if (/^--(src-|dest-)?tls-verify=(false|0)$/.test(a.value)) out.push(wordReport(model, b, [a], a.value));
  }
  return out;
}

/** Every URL of a curl/wget command is the loopback interface. */
function onlyLoopback(command: SimpleCommand): boolean {
  const d = downloadOf(command);
  return !!d && d.urls.length > 0 && d.urls.every((u) => /^https?:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i.test(u.value));
}

function isGitSslOff(kv: string): boolean {
  const m = /^http\.(.+\.)?sslverify=(.*)$/i.exec(kv);
  return !!m && FALSE.test(m[2]!);
}
