import { defineRule } from '../rule';
import { instructionSites } from '../../analysis/commands';
import { addSources, sourceLabel, isGitSource, isHttpUrl } from '../../analysis/downloads';

export const addUrlWithoutChecksum = defineRule({
  meta: {
    id: 'BH132',
    name: 'add-url-without-checksum',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'An `ADD` downloads a file from an http(s) URL without `--checksum`, so the build takes whatever the server sends.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.9 — Ensure that COPY is used instead of ADD in Dockerfiles' },
      { title: 'CIS Docker Benchmark v1.6.0 4.11 — Ensure only verified packages are installed' },
      { title: 'Dockerfile reference — ADD --checksum', url: 'https://docs.docker.com/reference/dockerfile/#add---checksum' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'none',
    messages: {
      noChecksum: '`ADD` downloads `{url}` without `--checksum`: the build trusts whatever the server returns. Add `--checksum=sha256:<digest>` (BuildKit), or download and verify with `sha256sum -c`.',
      plainHttp: '`ADD` downloads `{url}` over plain HTTP and without `--checksum`: anyone on the network path can replace it. Use https and add `--checksum=sha256:<digest>`.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if (ins.keyword !== 'ADD') continue;
      if (ins.flags.some((f) => f.name.toLowerCase() === 'checksum' && (f.value ?? '') !== '')) continue;
      const srcs = addSources(model, ins);
      if (!srcs) continue;
      for (const s of srcs.sources) {
        if (!isHttpUrl(s.value) || isGitSource(s.value)) continue;
        const plain = /^http:/i.test(s.value);
        report({ messageId: plain ? 'plainHttp' : 'noChecksum', data: { url: sourceLabel(s) }, span: s.span });
      }
    }
  },
});
