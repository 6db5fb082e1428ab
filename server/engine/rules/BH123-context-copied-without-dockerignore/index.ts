import { defineRule, type FixProposal } from '../rule';
import type { DockerfileModel } from '../../model/dockerfile';
import { copyArgs } from '../../analysis/copySources';
import { findIgnoreFile, ignoreFileCandidates, isExcluded, type IgnoreFile } from '../../analysis/dockerignore';
import { basename } from '../../util/paths';

/** What a `.dockerignore` must exclude when the whole context is copied. */
const REQUIRED = ['.git', '.env'];
/** What the fix adds to a new `.dockerignore`: the required entries, and local credentials that never belong in an image. */
const NEW_FILE_LINES = ['# Keep the repository and local secrets out of the build context (added by Bulkhead).', '.git', '.env', '.env.*', '!.env.example', '**/.env', '.aws', '.ssh', '.netrc', '.git-credentials', '*.tfstate', '*.tfstate.*'];

/** `COPY . dest`, `COPY ./ dest`, `COPY * dest`: the whole build context. */
function isWholeContext(value: string): boolean {
  return /^(\.\/?|\.\/\.|\*|\.\/\*)$/.test(value);
}

export const contextCopiedWithoutDockerignore = defineRule({
  meta: {
    id: 'BH123',
    name: 'context-copied-without-dockerignore',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A COPY or ADD of the whole build context (`COPY . .`) with no `.dockerignore`, or one that does not exclude `.git` and `.env`.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'Docker documentation — .dockerignore files', url: 'https://docs.docker.com/build/concepts/context/#dockerignore-files' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'unsafe',
    messages: {
      noIgnoreFile: '`{keyword} {source}` copies the whole build context, and there is no `.dockerignore`: the Git history (`.git`), `.env` files and any other local secrets in the folder go into the image. Add a `.dockerignore`.',
      missing: '`{keyword} {source}` copies the whole build context, and `{file}` does not exclude {missing}: they go into the image. Add them to `{file}`.',
    },
  },
  checkDockerfile({ model, host, file, report }) {
    // Without file access the context cannot be judged; unsaved buffers have no context.
    if (!host || file.path.startsWith('untitled:') || !file.path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file.path)) return;
    let ignore: IgnoreFile | undefined | null = null;
    for (const ins of model.instructions) {
      // ONBUILD triggers copy the context of the child build, which this folder does not describe.
      const args = copyArgs(ins);
      if (!args || args.from !== undefined) continue;
      const src = args.sources.find((s) => isWholeContext(s.value));
      if (!src) continue;
      if (ignore === null) ignore = findIgnoreFile(host, file.path);
      const data = { keyword: ins.keyword, source: src.value };
      if (!ignore) {
        report({ messageId: 'noIgnoreFile', data, span: src.span, fixes: createFix(model, file.path) });
        continue;
      }
      const missing = REQUIRED.filter((p) => !isExcluded(ignore!.patterns, p));
      if (missing.length === 0) continue;
      report({
        messageId: 'missing',
        data: { ...data, file: basename(ignore.path), missing: missing.map((m) => `\`${m}\``).join(' and ') },
        span: src.span,
        fixes: [extendFix(ignore, missing)],
      });
    }
  },
});

function createFix(model: DockerfileModel, dockerfilePath: string): FixProposal[] {
  const target = ignoreFileCandidates(dockerfilePath)[1]!;
  const eol = model.lines.eol;
  return [
    {
      id: 'create-dockerignore',
      title: 'Create a .dockerignore that excludes .git, .env files and local credentials',
      safe: false,
      edits: [],
      otherFiles: [{ path: target, create: { text: NEW_FILE_LINES.join(eol) + eol } }],
    },
  ];
}

function extendFix(ignore: IgnoreFile, missing: string[]): FixProposal {
  const eol = /\r\n/.test(ignore.text) ? '\r\n' : /\r/.test(ignore.text) ? '\r' : '\n';
  const lead = ignore.text.length === 0 || /[\r\n]$/.test(ignore.text) ? '' : eol;
  // The whole new text (the old one with lines appended), as a create-with-overwrite: every client applies that.
  return {
    id: 'extend-dockerignore',
    title: `Add ${missing.join(' and ')} to ${basename(ignore.path)}`,
    safe: false,
    edits: [],
    otherFiles: [{ path: ignore.path, create: { text: ignore.text + lead + missing.join(eol) + eol, overwrite: true } }],
  };
}
