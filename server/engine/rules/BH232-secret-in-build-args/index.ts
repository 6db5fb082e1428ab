import { type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isSeq } from '../../yaml/nodes';
import { defineRule, type FixProposal } from '../rule';
import type { ComposeModel, ComposeService, ComposeValue } from '../../model/compose';
import type { FileEdit, TextEdit } from '../../types';
import { maskSecret } from '../../mask';
import { isSecretName, parseReference } from '../../secrets/detect';
import { parseDockerfile } from '../../parse/dockerfile';
import { secretIdFor } from '../../analysis/buildSecrets';
import { detectStyle, type YamlStyle } from '../../yaml/style';
import { appendSeqItem, insertPair, removePair, removeSeqItem, setEmptyValue } from '../../yaml/edit';
import type { YamlValue } from '../../yaml/render';
import { dirname, resolvePath } from '../../util/paths';
import type { Host } from '../../host';
import { envEntries, type EnvEntry } from '../../analysis/composeEnv';
import { secretVerdict, topLevelSecretEdits, type SecretVerdict } from '../../analysis/composeSecrets';
import { isNullValue, ownPair } from '../../analysis/composeService';
import { readBuildSource } from '../BH301-service-runs-as-root';
import { moveToSecretFix as dockerfileMoveToSecret } from '../BH102-secret-in-arg-env';
import { servicesPhrase, topLevelSecretNames } from '../BH231-secret-in-environment';

interface Hit {
  entry: EnvEntry;
  args: ComposeValue;
  verdict?: SecretVerdict;
  services: ComposeService[];
}

export const secretInBuildArgs = defineRule({
  meta: {
    id: 'BH232',
    name: 'secret-in-build-args',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'secrets',
    description: 'A service passes a secret to its image build as a build argument (`build.args`), where it is recorded in the image history.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.10 — Ensure secrets are not stored in Dockerfiles' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #12: Utilize Docker Secrets for Sensitive Data Management', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'Docker documentation — Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
      { title: 'Compose Build Specification — secrets', url: 'https://docs.docker.com/reference/compose-file/build/#secrets' },
    ],
    fixable: 'unsafe',
    messages: {
      arg: 'Build argument `{name}` of {services} looks like a secret: build arguments are recorded in the image history (`docker history`) and its metadata. Pass it as a build secret (`build.secrets`).',
      literal:
        'Build argument `{name}` of {services} is a plain-text secret ({masked}) written in this file, and build arguments are recorded in the image history. Pass it as a build secret (`build.secrets`).',
      credential:
        'Build argument `{name}` of {services} holds {kind} ({masked}) in plain text, and build arguments are recorded in the image history. Revoke it, and pass it as a build secret (`build.secrets`).',
    },
  },
  checkCompose({ model, file, host, report }) {
    const hits = new Map<unknown, Hit>();
    for (const service of model.services) {
      const args = service.get('build', 'args');
      for (const entry of envEntries(model, args)) {
        const verdict = secretVerdict(entry.name, entry.written);
        // A secret-named argument is a leak whatever its value: `${NPM_TOKEN}` or one taken from the environment too.
        if (!verdict && !isSecretName(entry.name)) continue;
        const seen = hits.get(entry.item);
        if (seen) seen.services.push(service);
        else hits.set(entry.item, { entry, args: args!, verdict, services: [service] });
      }
    }
    let style: YamlStyle | undefined;
    for (const { entry, args, verdict, services } of hits.values()) {
      const fixes =
        services.length === 1 && !entry.indirect && !args.indirect
          ? moveToBuildSecretFix(model, services[0]!, entry, verdict, (style ??= detectStyle(model)), file.path, host)
          : [];
      const data = { name: entry.name, services: servicesPhrase(services.map((s) => s.name)) };
      if (verdict?.kind === 'credential') {
        report({ messageId: 'credential', data: { ...data, kind: verdict.what, masked: maskSecret(verdict.credential) }, span: entry.nameSpan, severity: 'error', fixes });
      } else if (verdict) report({ messageId: 'literal', data: { ...data, masked: maskSecret(verdict.secret) }, span: entry.nameSpan, fixes });
      else report({ messageId: 'arg', data, span: entry.nameSpan, fixes });
    }
  },
});

/** Where a build secret's value comes from: the variable the argument was read from, or a file holding the literal. */
function secretSource(entry: EnvEntry, verdict: SecretVerdict | undefined): { env: string } | { file: string } | undefined {
  if (verdict) return { file: verdict.value };
  if (entry.written === null) return { env: entry.name };
  const ref = parseReference(entry.written);
  if (ref && ref.fallback === undefined) return { env: ref.name };
  if (ref && ref.fallback !== undefined && ref.fallback === '') return { env: ref.name };
  return undefined; // partly a variable, or a fallback that is not a secret: no single source
}

/**
 * Removes the argument, declares a build secret (top-level `secrets:` with
 * `environment:` or `file:`), lists it in `build.secrets`, and — when the
 * Dockerfile is in the workspace — rewrites its `ARG` into a secret mount on the
 * RUN instructions that use it (BH102's fix).
 */
function moveToBuildSecretFix(
  model: ComposeModel,
  service: ComposeService,
  entry: EnvEntry,
  verdict: SecretVerdict | undefined,
  style: YamlStyle,
  composePath: string,
  host: Host | undefined,
): FixProposal[] {
  const source = secretSource(entry, verdict);
  const build = service.get('build');
  if (!source || !build || build.indirect || !isMap(build.node)) return [];
  let id = secretIdFor(entry.name);
  if (topLevelSecretNames(model).has(id)) id = secretIdFor(`${service.name}_${entry.name}`);
  if (topLevelSecretNames(model).has(id)) return [];
  const otherFiles: FileEdit[] = [];
  if ('file' in source) {
    const secretPath = resolvePath(dirname(composePath), `secrets/${id}`);
    if (!host || host.fileExists(secretPath)) return [];
    otherFiles.push({ path: secretPath, create: { text: source.file } });
  }
  // The Dockerfile: its ARG becomes a secret mount where RUN uses it. Without a readable Dockerfile there is no fix:
  // removing the argument alone would change the build without telling it where the secret went.
  if (!host) return [];
  const src = readBuildSource(build.value, composePath, model, host);
  if (!src?.dockerfile) return [];
  const df = parseDockerfile(src.text, { buildArgs: src.args, target: src.target });
  const decl = df.instructions.flatMap((ins) => (ins.keyword === 'ARG' ? ins.properties.filter((p) => p.name === entry.name).map((p) => ({ ins, p })) : []));
  if (decl.length > 1) return [];
  if (decl.length === 1) {
    const fix = dockerfileMoveToSecret(df, decl[0]!.ins, decl[0]!.p)[0];
    if (!fix) return []; // used outside RUN: a build secret cannot feed it
    // BH102 names the secret after the variable; a service-prefixed id here would not match its mount.
    if (id !== secretIdFor(entry.name)) return [];
    otherFiles.push({ path: src.dockerfile, edits: fix.edits });
  }
  const removal = entry.form === 'map' ? removePair(model, entry.item as never) : removeSeqItem(model, entry.container as YAMLSeq, entry.index);
  const ref = buildSecretRefEdits(model, build.node as YAMLMap, id, style);
  const sourceValue: [string, YamlValue] = 'env' in source ? ['environment', source.env] : ['file', { raw: `./secrets/${id}` }];
  const top = topLevelSecretEdits(model, id, sourceValue, style);
  if (!removal || !ref || !top) return [];
  return [
    {
      id: 'move-to-build-secret',
      title: `Move ${entry.name} to a build secret "${id}"${'file' in source ? ` in ./secrets/${id} (keep secrets/ out of version control)` : ` read from $${source.env}`}`,
      safe: false,
      edits: [...removal, ...ref, ...top],
      otherFiles,
    },
  ];
}

/** Adds `id` to `build.secrets`, creating the list after `args`. */
function buildSecretRefEdits(model: ComposeModel, build: YAMLMap, id: string, style: YamlStyle): TextEdit[] | undefined {
  const own = ownPair(build, 'secrets');
  if (own) {
    if (isNullValue(model, own.value)) return setEmptyValue(model, own, { seq: [id] }, style);
    if (!isSeq(own.value)) return undefined;
    return appendSeqItem(model, own.value as YAMLSeq, id);
  }
  return insertPair(model, build, 'secrets', { seq: [id] }, { after: ownPair(build, 'args'), style });
}
