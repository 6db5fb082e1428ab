import { defineRule } from '../rule';
import type { Word } from '../../parse/shell';
import type { Span } from '../../types';
import { maskSecret } from '../../mask';
import { effectiveCommand, findOptions, positionalArgs, runCommands, type CommandSite } from '../../analysis/commands';
import { credentialSource, spanIn } from '../../analysis/commandCredentials';

interface Found {
  /** `chpasswd`, `usermod -p`… */
  tool: string;
  word: Word;
  range: [number, number];
  /** A crypt hash (`$6$…`) rather than the password itself. */
  hash: boolean;
}

/** `echo` options before the text. */
const ECHO_OPTIONS = /^-[neE]+$/;

export const passwordSetInRun = defineRule({
  meta: {
    id: 'BH124',
    name: 'password-set-in-run',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A RUN sets an account password from a value written in the Dockerfile (chpasswd, passwd fed by echo, usermod/useradd -p, openssl passwd, htpasswd -b).',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'chpasswd(8)', url: 'https://man7.org/linux/man-pages/man8/chpasswd.8.html' },
      { title: 'useradd(8) — -p, --password', url: 'https://man7.org/linux/man-pages/man8/useradd.8.html' },
    ],
    fixable: 'none',
    messages: {
      literal: '`{tool}` sets a password written in the Dockerfile ({masked}): every container of the image has this known password, and the `RUN` line is in the image history. Lock the account (`passwd -l`), or read the password from a build secret (`RUN --mount=type=secret`).',
      hash: '`{tool}` sets a password hash written in the Dockerfile ({masked}): every container of the image has this password, and the hash can be cracked offline. Lock the account, or read it from a build secret (`RUN --mount=type=secret`).',
      fromArg: '`{tool}` sets a password from build argument `{name}`: build argument values are kept in the image history (`docker history`). Pass it as a build secret (`RUN --mount=type=secret,env={name}`).',
      fromEnv: '`{tool}` sets a password from ENV `{name}`, which is stored in the image. Pass it as a build secret (`RUN --mount=type=secret,env={name}`).',
    },
  },
  checkDockerfile({ model, report }) {
    const seen = new Set<string>();
    for (const site of runCommands(model)) {
      for (const f of passwordsSetBy(site)) {
        const secret = f.word.value.slice(f.range[0], f.range[1]);
        const span: Span = spanIn(f.word, f.range);
        const key = `${span.start}:${span.end}`;
        if (seen.has(key)) continue;
        // A single-quoted crypt hash holds `$` as plain characters.
        const quotedLiteral = f.word.raw.startsWith("'") && f.word.raw.endsWith("'") && f.word.raw.length >= 2;
        const source = quotedLiteral || (f.hash && !f.word.dynamic) ? ({ kind: 'literal' } as const) : credentialSource(model, site, secret);
        if (!source) continue;
        if (source.kind === 'literal' && !/\S/.test(secret)) continue;
        seen.add(key);
        if (source.kind === 'literal') {
          const hash = f.hash || /^\$(1|2[aby]?|5|6|y|gy|7)\$/.test(secret);
          report({ messageId: hash ? 'hash' : 'literal', data: { tool: f.tool, masked: maskSecret(secret) }, span, ...(hash ? {} : { severity: 'error' as const }) });
        } else {
          report({ messageId: source.kind === 'arg' ? 'fromArg' : 'fromEnv', data: { tool: f.tool, name: source.name }, span });
        }
      }
    }
  },
});

function passwordsSetBy(site: CommandSite): Found[] {
  const out: Found[] = [];
  const eff = effectiveCommand(site.command);
  if (!eff) return out;
  const base = eff.baseName;
  const args = eff.args;
  if (base === 'chpasswd' || base === 'passwd' || base === 'chgpasswd') {
    // `passwd` reads the password from stdin only with --stdin, or from a terminal-less pipe (busybox, shadow with -s).
    const hashed = base !== 'passwd' && findOptions(args, { short: ['e'], long: ['encrypted'] }).length > 0;
    for (const input of stdinWords(site)) {
      const v = input.value;
      if (base === 'passwd') {
        out.push({ tool: 'passwd', word: input, range: firstLine(v), hash: false });
      } else {
        const colon = v.indexOf(':');
        if (colon < 0) continue;
        const line = firstLine(v);
        out.push({ tool: base, word: input, range: [colon + 1, Math.max(colon + 1, line[1])], hash: hashed });
      }
    }
  } else if (base === 'usermod' || base === 'useradd' || base === 'adduser' || base === 'groupadd' || base === 'groupmod') {
    const valueOptions = ['c', 'd', 'e', 'f', 'g', 'G', 'k', 'K', 'l', 's', 'u', 'Z', 'R', 'P', 'b', 'home', 'shell', 'uid', 'gid', 'groups', 'comment', 'expiredate', 'inactive', 'root', 'prefix'];
    for (const m of findOptions(args, { short: ['p'], long: ['password'], takesValue: true }, valueOptions)) {
      if (!m.value) continue;
      const w = m.value.word;
      const offset = m.value.separate ? 0 : w.value.length - m.value.text.length;
      // `-p '*'`, `-p '!'`: a locked account, not a password.
      if (/^[*!x]*$/.test(m.value.text)) continue;
      // `-p "$(openssl passwd -1 pw)"`: the inner `openssl passwd` is reported instead.
      if (/\$\(|`/.test(m.value.text)) continue;
      out.push({ tool: `${base} ${m.name}`, word: w, range: [offset, w.value.length], hash: true });
    }
  } else if (base === 'openssl') {
    const pos = positionalArgs(args, ['salt', 'in', 'passin', 'rand', 'writerand']);
    if (pos[0]?.value === 'passwd' && !args.some((a) => a.value === '-stdin' || a.value === '-in')) {
      for (const w of pos.slice(1)) out.push({ tool: 'openssl passwd', word: w, range: [0, w.value.length], hash: false });
    }
  } else if (base === 'htpasswd') {
    // `htpasswd -b[c…] file user password`, `htpasswd -nb user password`.
    if (args.some((a) => /^-[a-zA-Z]*b[a-zA-Z]*$/.test(a.value))) {
      const pos = positionalArgs(args, ['C', 'r']);
      const w = pos[pos.length - 1];
      const n = args.some((a) => /^-[a-zA-Z]*n/.test(a.value));
      if (w && pos.length >= (n ? 2 : 3)) out.push({ tool: 'htpasswd -b', word: w, range: [0, w.value.length], hash: false });
    }
  }
  return out;
}

/** The words fed to a command's standard input: `echo …|`, `printf …|`, `<<<` here-strings. */
function stdinWords(site: CommandSite): Word[] {
  const cmd = site.command;
  const out: Word[] = [];
  for (const r of cmd.redirects) if (r.operator === '<<<' && r.target) out.push(r.target);
  if (cmd.pipelineIndex > 0) {
    const prev = cmd.pipeline.commands[cmd.pipelineIndex - 1];
    const eff = prev ? effectiveCommand(prev) : undefined;
    if (eff?.baseName === 'echo') {
      out.push(...eff.args.filter((a) => !ECHO_OPTIONS.test(a.value)).slice(0, 1));
    } else if (eff?.baseName === 'printf') {
      const [format, ...rest] = eff.args;
      if (format && /%s/.test(format.value) && rest[0]) out.push(rest[0]);
      else if (format && !/%/.test(format.value)) out.push(format);
    }
  }
  return out;
}

/** `[0, end of the first line)`: `pw\npw` (written as `\n` for `echo -e`) → `pw`. */
function firstLine(v: string): [number, number] {
  const m = /\\n|\n/.exec(v);
  return [0, m ? m.index : v.length];
}
