import { defineRule } from '../rule';
import type { DockerfileModel, Instruction, Stage } from '../../model/dockerfile';
import { stageChain } from '../../analysis/dockerfile';
import { commandSpan, isInstall, packageCommands, type PackageCommand } from '../../analysis/packages';

const FALSE = /^(false|0|no|off)$/i;

export const aptInstallRecommends = defineRule({
  meta: {
    id: 'BH111',
    name: 'apt-install-recommends',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'hygiene',
    description: '`apt-get install` in a stage of the built image runs without `--no-install-recommends`, so packages nobody asked for end up in the image.',
    references: [
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Dockerfile best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
      { title: 'apt.conf(5) — APT::Install-Recommends', url: 'https://manpages.debian.org/apt.conf.5' },
      { title: 'hadolint DL3015 — Avoid additional packages by specifying --no-install-recommends' },
    ],
    hadolint: ['DL3015'],
    fixable: 'unsafe',
    messages: {
      recommends:
        '`{command}` also installs the packages these recommend, which grows the image and its attack surface with software nobody asked for: add `--no-install-recommends`.',
    },
  },
  checkDockerfile({ model, report }) {
    const configured = new Map<number, boolean>();
    for (const pc of packageCommands(model, { triggers: false })) {
      if (pc.manager !== 'apt' || pc.action !== 'install' || !isInstall(pc) || !pc.site.inFinalImage || pc.packages.length === 0) continue;
      if (pc.options.some((o) => o.name === '--no-install-recommends' || isRecommendsOff(o))) continue;
      const stage = pc.site.stage!;
      if (recommendsOffBefore(model, stage, pc.site.instruction, configured)) continue;
      const span = commandSpan(pc);
      report({
        messageId: 'recommends',
        data: { command: model.text.slice(span.start, span.end) },
        span,
        fixes: [
          {
            id: 'add-no-install-recommends',
            title: 'Add --no-install-recommends (recommended packages are no longer installed)',
            safe: false,
            edits: [{ start: pc.subcommandWord!.span.end, end: pc.subcommandWord!.span.end, text: ' --no-install-recommends' }],
          },
        ],
      });
    }
  },
});

function isRecommendsOff(o: PackageCommand['options'][number]): boolean {
  if ((o.name !== '-o' && o.name !== '--option') || !o.value) return false;
  const m = /^APT::Install-Recommends\s*=\s*"?([^"]*)"?$/i.exec(o.value.trim());
  return !!m && FALSE.test(m[1]!.trim());
}

/** `APT::Install-Recommends "false";` written to apt's configuration earlier in the stage or in the stages it is built FROM. */
function recommendsOffBefore(model: DockerfileModel, stage: Stage, at: Instruction, cache: Map<number, boolean>): boolean {
  for (const s of stageChain(model, stage)) {
    for (const ins of s.instructions) {
      if (s === stage && ins.span.start >= at.span.start) break;
      const key = ins.span.start;
      let v = cache.get(key);
      if (v === undefined) {
        v = writesRecommendsOff(model, ins);
        cache.set(key, v);
      }
      if (v) return true;
    }
  }
  return false;
}

const SETTING = /APT::Install-Recommends\s*(?:\\?"|'|=|\s)\s*\\?"?\s*(false|0|no|off)\b/i;

function writesRecommendsOff(model: DockerfileModel, ins: Instruction): boolean {
  const text = model.text.slice(ins.span.start, ins.span.end);
  if (ins.keyword === 'RUN') return SETTING.test(text) && /\/etc\/apt\/apt\.conf/.test(text);
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    // The destination is the last argument before the heredoc bodies (which the parser also splits into words).
    const bodyStart = Math.min(...ins.heredocs.map((h) => h.body?.span.start ?? ins.span.end), ins.span.end);
    const args = ins.execArgs ?? ins.args.filter((a) => a.span.end <= bodyStart && !a.value.startsWith('<<'));
    const dest = args[args.length - 1]?.value ?? '';
    if (!/^\/etc\/apt\/apt\.conf(\.d|$)/.test(dest)) return false;
    // A heredoc's content is known; a file from the context is not, and may well be this setting.
    if (ins.heredocs.length > 0) return ins.heredocs.some((h) => SETTING.test(h.body?.text ?? ''));
    return true;
  }
  return false;
}
