import { defineRule } from '../rule';
import { runCommands } from '../../analysis/commands';
import { remoteScriptRuns } from '../../analysis/downloads';

export const remoteScriptPipedToShell = defineRule({
  meta: {
    id: 'BH134',
    name: 'remote-script-piped-to-shell',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A RUN pipes a downloaded script straight into a shell or interpreter (`curl … | sh`, `bash <(curl …)`, `sh -c "$(curl …)"`), so it runs without any check of what was downloaded.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.11 — Ensure only verified packages are installed' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'CWE-494 — Download of Code Without Integrity Check', url: 'https://cwe.mitre.org/data/definitions/494.html' },
    ],
    fixable: 'none',
    messages: {
      pipe: '`{downloader}` pipes {url} into `{shell}`: the script runs as soon as it arrives, unverified. Download it to a file, check its checksum or signature, then run it.',
      substitution: '`{shell}` runs {url} fetched by `{downloader}` through {how}: the script runs unverified. Download it to a file, check its checksum or signature, then run it.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of runCommands(model)) {
      for (const r of remoteScriptRuns(site.command, site.script)) {
        report({
          messageId: r.how === 'pipe' ? 'pipe' : 'substitution',
          data: { downloader: r.downloader, url: r.url, shell: r.shell, how: HOW[r.how] },
          span: r.span,
        });
      }
    }
  },
});

const HOW = {
  pipe: 'a pipe',
  process: 'process substitution `<(…)`',
  command: 'command substitution `$(…)`',
  herestring: 'a here-string `<<<`',
};
