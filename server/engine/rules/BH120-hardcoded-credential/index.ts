import { defineRule } from '../rule';
import type { Instruction } from '../../model/dockerfile';
import type { Span } from '../../types';
import { maskSecret } from '../../mask';
import { findCredentials } from '../../secrets/detect';
import { commandLineCredentials } from '../../analysis/commandCredentials';

/** Where a credential is written, for the message. */
function placeOf(ins: Instruction): string {
  switch (ins.keyword) {
    case 'RUN':
      return 'a `RUN` command: it is in the Dockerfile and in the build history of the image (`docker history`)';
    case 'LABEL':
      return 'a `LABEL`: it is in the image metadata, which `docker inspect` shows to anyone who can pull the image';
    case 'CMD':
    case 'ENTRYPOINT':
    case 'HEALTHCHECK':
    case 'SHELL':
      return `\`${ins.keyword}\`: it is in the image configuration, which \`docker inspect\` shows to anyone who can pull the image`;
    case 'ADD':
    case 'COPY':
      return `\`${ins.keyword}\`: it is in the Dockerfile and in the build history of the image`;
    default:
      return `\`${ins.keyword}\`: it is in the Dockerfile and the image build history`;
  }
}

export const hardcodedCredential = defineRule({
  meta: {
    id: 'BH120',
    name: 'hardcoded-credential',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'error',
    category: 'secrets',
    description: 'A credential-shaped literal (cloud or registry token, private key, JWT, password in a URL) is written in a Dockerfile instruction, heredoc or comment.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
    ],
    fixable: 'none',
    messages: {
      instruction: '{kind} ({masked}) is written in {place}. Revoke it, and pass it as a build secret (`RUN --mount=type=secret`) or at run time.',
      fileContents: '{kind} ({masked}) is written into the image by `{keyword} <<{name}`: every container, and anyone who can pull the image, can read the file. Revoke it, and mount it as a build secret or give it at run time.',
      comment: '{kind} ({masked}) is written in a comment: it is not in the image, but it is in the Dockerfile and its version history. Revoke it, and remove it.',
    },
  },
  checkDockerfile({ model, report }) {
    const { text } = model;
    const commentSpans: Span[] = model.comments.map((c) => c.span);
    const inComment = (at: number): boolean => commentSpans.some((s) => at >= s.start && at < s.end);
    // Credentials given to a command on its RUN line are BH121's (it can rewrite them to a build secret).
    const onCommandLine = commandLineCredentials(model).credentials.filter((c) => c.source.kind === 'literal').map((c) => c.span);
    const isBH121 = (start: number, end: number): boolean => onCommandLine.some((s) => start < s.end && end > s.start);
    const seen = new Set<number>();
    const emit = (start: number, end: number, r: { messageId: string; data: Record<string, string> }, severity?: 'warning'): void => {
      if (seen.has(start)) return;
      seen.add(start);
      report({ ...r, span: { start, end }, ...(severity ? { severity } : {}) });
    };

    for (const ins of model.instructions) {
      const effective = ins.trigger ?? ins;
      // ARG and ENV values are BH102's (`credential` message).
      if (effective.keyword === 'ARG' || effective.keyword === 'ENV') continue;
      const from = ins.keywordSpan.end;
      const body = text.slice(from, ins.span.end);
      const isCopy = effective.keyword === 'COPY' || effective.keyword === 'ADD';
      for (const c of findCredentials(body)) {
        const start = from + c.start;
        if (inComment(start) || isBH121(start, from + c.end)) continue;
        const data = { kind: capitalize(c.kind), masked: maskSecret(c.secret) };
        const doc = isCopy ? effective.heredocs.find((h) => h.body && start >= h.body.span.start && start < h.body.span.end) : undefined;
        if (doc) emit(start, from + c.end, { messageId: 'fileContents', data: { ...data, keyword: effective.keyword, name: doc.name } });
        else emit(start, from + c.end, { messageId: 'instruction', data: { ...data, place: placeOf(effective) } });
      }
    }
    // Comments: not in the image, but committed with the Dockerfile. Reported at a lower severity.
    for (const c of model.comments) {
      const from = c.span.start;
      const raw = text.slice(from, c.span.end);
      for (const m of findCredentials(raw)) {
        emit(from + m.start, from + m.end, { messageId: 'comment', data: { kind: capitalize(m.kind), masked: maskSecret(m.secret) } }, 'warning');
      }
    }
  },
});

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
