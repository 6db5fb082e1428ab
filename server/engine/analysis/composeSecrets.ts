/**
 * Plain-text secrets in Compose files (`environment:`, `build.args:`) and the
 * pieces of the fix that moves one into a Compose secret: the secret's file,
 * its top-level `secrets:` entry and the service's reference to it.
 */
import { type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isSeq } from '../yaml/nodes';
import type { ComposeModel, ComposeService } from '../model/compose';
import type { TextEdit } from '../types';
import { classifyValue, findCredentials, isSecretName, parseReference } from '../secrets/detect';
import type { YamlStyle } from '../yaml/style';
import { appendSeqItem, insertPair, setEmptyValue } from '../yaml/edit';
import type { YamlValue } from '../yaml/render';
import { isNullValue, ownPair } from './composeService';

export type SecretVerdict =
  /** A credential-shaped literal (a token, a password in a URL) under any name. */
  | { kind: 'credential'; credential: string; what: string; value: string }
  /** A secret-like name with a literal value. */
  | { kind: 'literal'; secret: string; value: string }
  /** A secret-like name whose `${VAR:-default}` has a literal default. */
  | { kind: 'default'; secret: string; value: string };

/** `$VAR` or `${…}` somewhere in a value (`$$` is a literal dollar in Compose). */
function hasVariable(value: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(value.replace(/\$\$/g, ''));
}

/** Booleans and small numbers say a feature is on or a length, not a secret (`REDIS_PASSWORD: "false"`, `TOKEN_TTL`…). */
function isFlagOrNumber(v: string): boolean {
  return /^(true|false|yes|no|on|off|y|n|0|1)$/i.test(v.trim());
}

/**
 * Whether `NAME=written` (as written in the Compose file) holds a plain-text secret.
 * `value` in the verdict is what a secret file would hold (the whole value, or the default).
 */
export function secretVerdict(name: string, written: string | null): SecretVerdict | undefined {
  if (written === null || written.trim() === '') return undefined;
  const creds = findCredentials(written);
  if (creds.length) return { kind: 'credential', credential: creds[0]!.secret, what: creds[0]!.kind, value: written };
  if (!isSecretName(name)) return undefined;
  const ref = parseReference(written);
  if (ref) {
    if (ref.fallback !== undefined && classifyValue(ref.fallback) === 'literal' && !hasVariable(ref.fallback) && !isFlagOrNumber(ref.fallback)) {
      return { kind: 'default', secret: ref.fallback, value: ref.fallback };
    }
    return undefined;
  }
  if (hasVariable(written)) return undefined;
  if (classifyValue(written) !== 'literal' || isFlagOrNumber(written)) return undefined;
  return { kind: 'literal', secret: written, value: written };
}

/** A Compose secret name for a variable: `POSTGRES_PASSWORD` → `postgres_password`. */
export function secretId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^[_.-]+/, '') || 'secret';
}

/** Adds `id: {<source>}` to the top-level `secrets:` (creating it at the end of the file when there is none). */
export function topLevelSecretEdits(model: ComposeModel, id: string, source: [string, YamlValue], style: YamlStyle): TextEdit[] | undefined {
  const entry: YamlValue = { map: [source] };
  const top = model.top('secrets');
  if (top) {
    if (top.indirect || !top.pair) return undefined;
    if (isNullValue(model, top.pair.value)) return setEmptyValue(model, top.pair, { map: [[id, entry]] }, style);
    if (!isMap(top.node)) return undefined;
    if (ownPair(top.node as YAMLMap, id)) return undefined; // a secret of that name exists: the fix would clash
    return insertPair(model, top.node as YAMLMap, id, entry, { style });
  }
  if (!model.root) return undefined;
  return insertPair(model, model.root, 'secrets', { map: [[id, entry]] }, { style });
}

/** Adds `id` to the service's own `secrets:` list (creating it after `afterKey`); undefined when the list comes from a merge key. */
export function serviceSecretRefEdits(model: ComposeModel, service: ComposeService, id: string, style: YamlStyle, afterKey: string): TextEdit[] | undefined {
  if (!service.map) return undefined;
  const own = ownPair(service.map, 'secrets');
  if (own) {
    if (isNullValue(model, own.value)) return setEmptyValue(model, own, { seq: [id] }, style);
    if (!isSeq(own.value)) return undefined;
    return appendSeqItem(model, own.value as YAMLSeq, id);
  }
  // Secrets merged in from an anchor would be replaced by an own list: leave that to the author.
  if (service.get('secrets')) return undefined;
  return insertPair(model, service.map, 'secrets', { seq: [id] }, { after: ownPair(service.map, afterKey), style });
}
