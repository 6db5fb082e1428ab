import { defineRule } from '../rule';
import type { DArgument, DockerfileModel, Stage } from '../../model/dockerfile';
import { stageChain, varsInScope } from '../../analysis/dockerfile';
import { finalImageStages } from '../../analysis/commands';
import { substituteVariables } from '../../parse/variables';

/** Sources that name the whole root of the `--from` stage (paths there are relative to its root). */
const ROOT_SOURCES = new Set(['/', '/.', '/./', '/*', '.', './', './*', '*']);

/** The stage a `--from` value names: a stage name (any case) or an index. */
function namedStage(model: DockerfileModel, value: string): Stage | undefined {
  const v = value.trim().toLowerCase();
  if (/^\d+$/.test(v)) return model.stages[Number(v)];
  return model.stages.find((s) => s.name === v);
}

/**
 * Whether a stage's filesystem holds the results of build work: some stage of
 * its chain RUNs something, or COPYs/ADDs onto a base image. A stage that is
 * only an alias of an image (`FROM tonistiigi/xx AS xx`), or a scratch stage
 * that only collects COPYed files (a build's output), does not.
 */
function didBuildWork(model: DockerfileModel, stage: Stage): boolean {
  const chain = stageChain(model, stage);
  const scratchBased = chain[chain.length - 1]!.image.isScratch;
  return chain.some((s) => s.instructions.some((i) => i.keyword === 'RUN' || (!scratchBased && (i.keyword === 'COPY' || i.keyword === 'ADD'))));
}

export const copyWholeStageFilesystem = defineRule({
  meta: {
    id: 'BH145',
    name: 'copy-whole-stage-filesystem',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A stage of the final image copies the whole filesystem of a build stage (`COPY --from=<stage> / …`), with whatever secrets, credentials and tools that stage left behind.',
    references: [
      { title: 'Docker docs — Multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
    ],
    fixable: 'none',
    messages: {
      wholeStage:
        '`COPY --from={stage} {source}` copies the whole filesystem of build stage `{stage}` into the image: its toolchain, caches and any token, key or config file its build steps left behind. Copy only the paths the image needs.',
    },
  },
  checkDockerfile({ model, report }) {
    const final = finalImageStages(model);
    for (const stage of model.stages) {
      if (!final.has(stage.index)) continue;
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'COPY') continue;
        const from = ins.flags.find((f) => f.name.toLowerCase() === 'from');
        if (!from || from.value === null || from.value.trim() === '') continue;
        const vars = varsInScope(model, stage, ins);
        const fromValue = substituteVariables(from.value, vars, { escapeChar: model.escapeChar }).value;
        const source = namedStage(model, fromValue);
        if (!source || source === stage || !didBuildWork(model, source)) continue;
        const args: DArgument[] = ins.form === 'exec' ? ins.execArgs ?? [] : ins.args;
        if (args.length < 2) continue;
        for (const a of args.slice(0, -1)) {
          const value = substituteVariables(a.value, vars, { escapeChar: model.escapeChar }).value.trim();
          if (!ROOT_SOURCES.has(value)) continue;
          report({ messageId: 'wholeStage', data: { stage: source.name ?? String(source.index), source: value }, span: { start: from.span.start, end: a.span.end } });
          break;
        }
      }
    }
  },
});
