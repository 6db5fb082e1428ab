import { defineRule } from '../rule';
import { effectiveCommand, findOptions, instructionSites, removeOptionEdits, runCommands } from '../../analysis/commands';
import { varsInScope } from '../../analysis/dockerfile';
import { removePropertyEdit, runAssignments } from '../../analysis/envSettings';
import { substituteVariables } from '../../parse/variables';
import { own } from '../../util/own';

/**
 * The docker CLI turns content trust on when `DOCKER_CONTENT_TRUST` is set to
 * anything but a value Go's `strconv.ParseBool` reads as false: these values,
 * and the empty string, turn it off.
 */
const OFF = new Set(['', '0', 'f', 'F', 'false', 'FALSE', 'False']);

export const contentTrustDisabled = defineRule({
  meta: {
    id: 'BH142',
    name: 'content-trust-disabled',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'The Dockerfile turns Docker Content Trust off (`DOCKER_CONTENT_TRUST=0` in ENV, an ARG default or a RUN, or `docker … --disable-content-trust`), so docker commands accept unsigned images.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.5 — Ensure Content trust for Docker is Enabled' },
      { title: 'Docker documentation — Content trust in Docker', url: 'https://docs.docker.com/engine/security/trust/' },
      { title: 'Docker CLI reference — environment variables (DOCKER_CONTENT_TRUST)', url: 'https://docs.docker.com/reference/cli/docker/#environment-variables' },
    ],
    fixable: 'unsafe',
    messages: {
      env: '{where} sets `DOCKER_CONTENT_TRUST={value}`, which turns Docker Content Trust off: docker commands that use it pull and run unsigned images. Remove it (or set it to 1).',
      flag: '`docker {flag}` skips Docker Content Trust: the image is used without checking its signature. Remove the flag.',
    },
  },
  checkDockerfile({ model, report }) {
    for (const site of instructionSites(model)) {
      const ins = site.instruction;
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      const stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
      for (const p of ins.properties) {
        if (p.name !== 'DOCKER_CONTENT_TRUST' || p.value === null) continue;
        const vars = stage && !site.onbuild ? varsInScope(model, stage, ins) : {};
        const sub = substituteVariables(p.value, vars, { escapeChar: model.escapeChar });
        // An ARG default is overridden by `--build-arg`; a configured build arg is already in `vars`.
        const value = ins.keyword === 'ARG' && own(model.buildArgs, p.name) !== undefined ? own(model.buildArgs, p.name)! : sub.value;
        if (sub.unresolved || !OFF.has(value.trim())) continue;
        report({
          messageId: 'env',
          data: { where: `${site.onbuild ? 'ONBUILD ' : ''}${ins.keyword}`, value: value.trim() },
          span: p.span,
          fixes: [{ id: 'remove-setting', title: 'Remove DOCKER_CONTENT_TRUST (content trust back to the caller\'s setting)', safe: false, edits: [removePropertyEdit(model, ins, p)] }],
        });
      }
    }
    for (const site of runCommands(model)) {
      for (const a of runAssignments(model.text, site.command, (name) => name === 'DOCKER_CONTENT_TRUST')) {
        if (a.name !== 'DOCKER_CONTENT_TRUST' || a.value.includes('$') || !OFF.has(a.value.trim())) continue;
        report({
          messageId: 'env',
          data: { where: a.removal ? 'RUN' : 'An `export` in RUN', value: a.value.trim() },
          span: a.span,
          fixes: a.removal ? [{ id: 'remove-setting', title: 'Remove DOCKER_CONTENT_TRUST (content trust back to the caller\'s setting)', safe: false, edits: [a.removal] }] : [],
        });
      }
      const eff = effectiveCommand(site.command);
      if (!eff || (eff.baseName !== 'docker' && eff.baseName !== 'podman')) continue;
      for (const m of findOptions(eff.args, { long: ['disable-content-trust'] }, ['H', 'host', 'c', 'context', 'config', 'l', 'log-level'])) {
        const v = m.word.value.includes('=') ? m.word.value.slice(m.word.value.indexOf('=') + 1) : 'true';
        if (!/^(true|1|t)$/i.test(v)) continue;
        report({
          messageId: 'flag',
          data: { flag: m.word.value },
          span: m.word.span,
          fixes: [{ id: 'remove-flag', title: 'Remove --disable-content-trust', safe: false, edits: removeOptionEdits(model.text, m) }],
        });
      }
    }
  },
});
