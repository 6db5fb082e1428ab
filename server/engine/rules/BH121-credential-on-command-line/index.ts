import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel } from '../../model/dockerfile';
import { maskSecret } from '../../mask';
import { commandLineCredentials, type CommandCredential } from '../../analysis/commandCredentials';
import { addMountEdit, freeSecretId, syntaxDirectiveEdits } from '../../analysis/buildSecrets';
import { effectiveCommand } from '../../analysis/commands';

export const credentialOnCommandLine = defineRule({
  meta: {
    id: 'BH121',
    name: 'credential-on-command-line',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A RUN command gets a password or token on its command line (curl -u, docker login -p, mysql -p, PGPASSWORD=, URLs with credentials…) instead of from a build secret.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
      { title: 'curl(1) — -u, --user', url: 'https://curl.se/docs/manpage.html#-u' },
    ],
    fixable: 'unsafe',
    messages: {
      literal: '{what} is written on the command line ({masked}): the `RUN` line is kept in the Dockerfile and in the image build history (`docker history`). Read it from a build secret (`RUN --mount=type=secret`).',
      fromArg: '{what} comes from build argument `{name}`: build argument values are kept in the image build history (`docker history`). Pass it as a build secret (`RUN --mount=type=secret,env={name}`).',
      fromEnv: '{what} comes from ENV `{name}`, which is stored in the image where every container can read it. Pass it as a build secret (`RUN --mount=type=secret,env={name}`).',
      keyFile: '`gcloud auth activate-service-account` reads the key file `{file}`, which the `{keyword}` on line {line} copies into the image: the service-account key stays in a layer. Mount it as a build secret (`RUN --mount=type=secret,id=gcloud_key` and `--key-file /run/secrets/gcloud_key`).',
    },
  },
  checkDockerfile({ model, report }) {
    const { credentials, keyFiles } = commandLineCredentials(model);
    for (const c of credentials) {
      if (c.source.kind === 'literal') {
        report({ messageId: 'literal', data: { what: capitalize(c.what), masked: maskSecret(c.secret) }, span: c.span, severity: 'error', fixes: readFromSecretFix(model, c) });
      } else {
        report({ messageId: c.source.kind === 'arg' ? 'fromArg' : 'fromEnv', data: { what: capitalize(c.what), name: c.source.name }, span: c.span });
      }
    }
    for (const k of keyFiles) {
      report({ messageId: 'keyFile', data: { file: k.file, keyword: k.copy.keyword, line: model.lines.positionAt(k.copy.span.start).line + 1 }, span: k.span });
    }
  },
});

/** Commands that write their arguments to a file or stdout rather than use them. */
const WRITERS = new Set(['echo', 'printf', 'tee', 'cat', 'sed', 'awk', 'cp', 'install']);

/** Characters that a double-quoted shell string would interpret. */
const DQ_SPECIAL = /["\\$`]/;

/**
 * Replaces the literal with `$(cat /run/secrets/<id>)` in double quotes and
 * mounts the secret on the RUN. Offered when the word maps exactly onto the
 * text and the RUN is shell form (not JSON, not inside a double-quoted
 * `sh -c "…"`, not an ONBUILD trigger).
 */
function readFromSecretFix(model: DockerfileModel, c: CommandCredential): FixProposal[] {
  const ins = c.site.instruction;
  if (c.site.onbuild || ins.form === 'exec') return [];
  if (c.site.nested && model.text[c.site.script.offset - 1] !== "'") return [];
  // A command that writes the value out (`echo "$URL" > conf`) would put the secret's content in a layer instead.
  const eff = effectiveCommand(c.site.command);
  if (!eff || WRITERS.has(eff.baseName) || c.site.command.redirects.some((r) => /^>|^>>|^&>/.test(r.operator))) return [];
  const w = c.word;
  const [a, b] = c.valueRange;
  const id = freeSecretId(ins, c.secretId);
  const sub = `$(cat /run/secrets/${id})`;
  const prefix = w.value.slice(0, a);
  const suffix = w.value.slice(b);
  let edit;
  if (w.raw === w.value || (w.raw.length === w.value.length + 2 && w.raw[0] === "'" && w.raw.endsWith("'") && w.raw.slice(1, -1) === w.value)) {
    if (DQ_SPECIAL.test(prefix) || DQ_SPECIAL.test(suffix) || /[\r\n]/.test(w.value)) return [];
    edit = { start: w.span.start, end: w.span.end, text: `"${prefix}${sub}${suffix}"` };
  } else if (w.raw.length === w.value.length + 2 && w.raw[0] === '"' && w.raw.endsWith('"') && w.raw.slice(1, -1) === w.value) {
    edit = { start: w.span.start + 1 + a, end: w.span.start + 1 + b, text: sub };
  } else return [];
  return [
    {
      id: 'read-from-build-secret',
      title: `Read it from a build secret (build with --secret id=${id},src=<file>)`,
      safe: false,
      edits: [edit, addMountEdit(ins, `type=secret,id=${id}`), ...syntaxDirectiveEdits(model)],
    },
  ];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
