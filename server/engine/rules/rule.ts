import type { DockerfileModel } from '../model/dockerfile';
import type { ComposeModel } from '../model/compose';
import type { FileEdit, FileKind, RelatedLocation, RuleMeta, Severity, Span, TextEdit } from '../types';
import type { Host } from '../host';

/** A fix as a rule proposes it; the engine checks it against the rule's `fixable`. */
export interface FixProposal {
  /** Stable within the rule, for example `add-user`. */
  id: string;
  title: string;
  safe: boolean;
  edits: TextEdit[];
  otherFiles?: FileEdit[];
}

export interface Report {
  messageId: string;
  /** Values for the `{name}` placeholders of the message. Secret values must be masked before they get here. */
  data?: Record<string, string | number>;
  span: Span;
  fixes?: FixProposal[];
  /**
   * Rates this one finding above or below the rule's default severity (a
   * writable socket mount, a comment rather than a command). The engine keeps
   * that distance from the severity the config gives the rule, so turning a
   * rule down turns its escalations down too.
   */
  severity?: Severity;
  /** For rules that map to several hadolint codes: the one this finding answers to (`DL3008` for apt, `DL3018` for apk). */
  hadolint?: string;
  /** Other places that explain the finding. */
  related?: RelatedLocation[];
}

export interface FileInfo {
  /** Absolute path (or a URI-like name for unsaved buffers). */
  path: string;
  kind: FileKind;
}

export interface RuleContextBase<O> {
  file: FileInfo;
  options: O;
  /** Read access for rules that look at neighbouring files (`.dockerignore`, a built Dockerfile). May be absent. */
  host?: Host;
  report(report: Report): void;
}

export interface DockerfileRuleContext<O> extends RuleContextBase<O> {
  model: DockerfileModel;
}

export interface ComposeRuleContext<O> extends RuleContextBase<O> {
  model: ComposeModel;
}

/** A rule: metadata plus a check per file kind it applies to. */
export interface Rule<O extends object = Record<string, never>> {
  meta: RuleMeta;
  /** Options after defaults; the engine fills them from `meta.options`. */
  checkDockerfile?(ctx: DockerfileRuleContext<O>): void;
  checkCompose?(ctx: ComposeRuleContext<O>): void;
}

// Rules are declared with their own option types and stored together.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;

export function defineRule<O extends object = Record<string, never>>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** Fills `{name}` placeholders. Unknown placeholders are left visible so tests catch them. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  // Every finding's message: each template is split once into its text and its `{key}`s.
  let parts = TEMPLATE_PARTS.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    if (TEMPLATE_PARTS.size < 4096) TEMPLATE_PARTS.set(template, parts);
  }
  // Even indexes hold text, odd ones the keys between them.
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (k in data ? String(data[k]) : `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

const TEMPLATE_PARTS = new Map<string, string[]>();
