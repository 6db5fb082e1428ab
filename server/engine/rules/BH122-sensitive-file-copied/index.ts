import { defineRule } from '../rule';
import { copyArgs, isRemoteSource } from '../../analysis/copySources';
import { instructionSites } from '../../analysis/commands';
import { sensitiveFile } from '../../secrets/sensitiveFiles';

export const sensitiveFileCopied = defineRule({
  meta: {
    id: 'BH122',
    name: 'sensitive-file-copied',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A COPY or ADD puts a credential file or private key (.env, id_rsa, *.pem, .aws/, .ssh/, .npmrc, .netrc, kubeconfig…) into the image.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Build secrets and SSH mounts', url: 'https://docs.docker.com/build/building/secrets/' },
    ],
    fixable: 'none',
    messages: {
      copied: '`{keyword}` copies {what} (`{source}`) into the image: anyone who can pull the image can read it, even if a later step deletes it. Mount it only for the `RUN` that needs it (`RUN --mount=type=secret,id=…`, or `--mount=type=ssh` for SSH keys), and exclude it in `.dockerignore`.',
      maybe: '`{keyword}` copies `{source}`, which may be {what}, into the image: if it is, anyone who can pull the image can read it. Mount secrets only for the `RUN` that needs them (`RUN --mount=type=secret,id=…`).',
      fromStage: '`{keyword} --from={from}` copies {what} (`{source}`) into this stage: credentials a build stage used end up in the image. Use `RUN --mount=type=secret` or `--mount=type=ssh` in the stage that needs them instead.',
    },
    options: {
      type: 'object',
      properties: {
        allow: { type: 'array', items: { type: 'string' }, default: [], description: 'Source paths (as written in the Dockerfile) that are not secrets here, for example a test certificate key.' },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const allow = new Set<string>((options as { allow?: string[] }).allow ?? []);
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      const args = copyArgs(ins);
      if (!args) continue;
      for (const src of args.sources) {
        if (isRemoteSource(src.value) || allow.has(src.value) || src.value.includes('$')) continue;
        const kind = sensitiveFile(src.value);
        if (!kind) continue;
        const data = { keyword: ins.keyword, what: kind.what, source: src.value };
        if (args.from !== undefined) {
          if (kind.fromStage) report({ messageId: 'fromStage', data: { ...data, from: args.from }, span: src.span, ...(kind.definite ? { severity: 'error' as const } : {}) });
          continue;
        }
        if (kind.definite) report({ messageId: 'copied', data, span: src.span, severity: 'error' });
        else report({ messageId: 'maybe', data, span: src.span });
      }
    }
  },
});
