import { defineRule, type FixProposal } from '../rule';
import type { Instruction } from '../../model/dockerfile';
import { instructionSites } from '../../analysis/commands';
import { addSources, ARCHIVE_NAME, isGitSource, isHttpUrl } from '../../analysis/downloads';

/** Flags that COPY accepts as ADD does; any other (`--checksum`, `--keep-git-dir`, `--unpack`) means ADD is wanted. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

export const addInsteadOfCopy = defineRule({
  meta: {
    id: 'BH133',
    name: 'add-instead-of-copy',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'supply-chain',
    description: '`ADD` copies local files or folders that `COPY` would copy, without the URL fetching and archive unpacking that `ADD` adds.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.9 — Ensure that COPY is used instead of ADD in Dockerfiles' },
      { title: 'hadolint DL3020 — Use COPY instead of ADD for files and folders' },
      { title: 'Dockerfile reference — ADD', url: 'https://docs.docker.com/reference/dockerfile/#add' },
    ],
    hadolint: ['DL3020'],
    fixable: 'safe',
    messages: {
      useCopy: 'Use `COPY` instead of `ADD` for local files and folders: `ADD` also fetches URLs and unpacks archives, so it can do more than it says.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if (ins.keyword !== 'ADD' || ins.heredocs.length > 0) continue;
      const srcs = addSources(model, ins);
      if (!srcs || srcs.sources.length === 0) continue;
      const local = srcs.sources.every((s) => {
        if (s.unresolved || s.value === '') return false; // `ADD $FILE /x`: the file may be an archive or a URL
        if (isHttpUrl(s.value) || isGitSource(s.value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s.value)) return false;
        const name = s.value.replace(/\/+$/, '');
        if (ARCHIVE_NAME.test(name)) return false;
        // `ADD *` / `ADD dist/*` may match archives, which ADD would unpack.
        if (/[*?\]]$/.test(name)) return false;
        return true;
      });
      if (!local) continue;
      report({ messageId: 'useCopy', span: ins.keywordSpan, fixes: copyFix(ins) });
    }
  },
});

function copyFix(ins: Instruction): FixProposal[] {
  if (ins.flags.some((f) => !COPY_FLAGS.has(f.name.toLowerCase()))) return [];
  return [{ id: 'use-copy', title: 'Replace ADD with COPY', safe: true, edits: [{ start: ins.keywordSpan.start, end: ins.keywordSpan.end, text: inCase(ins.keywordText, 'COPY') }] }];
}

/** `COPY` in the casing of `written` (`add` → `copy`, `Add` → `Copy`). */
function inCase(written: string, word: string): string {
  if (written === written.toLowerCase()) return word.toLowerCase();
  if (written === written.toUpperCase()) return word.toUpperCase();
  return word[0]!.toUpperCase() + word.slice(1).toLowerCase();
}
