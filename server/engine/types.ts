/**
 * Core types shared by every part of the engine. Everything is expressed in
 * offsets into the document text (UTF-16 code units); line/column conversion
 * happens at the edges (LSP adapter, CLI formatters) through a LineIndex.
 */

/** A half-open range of offsets `[start, end)` into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export type FileKind = 'dockerfile' | 'compose';

/** Replaces `[start, end)` of the document with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * An edit to another file than the one the finding is in (for example a
 * secrets file that a fix creates). Paths are absolute or relative to the
 * linted document's folder.
 */
export interface FileEdit {
  path: string;
  /** Create the file with this content; fails if it exists unless `overwrite`. */
  create?: { text: string; overwrite?: boolean };
  edits?: TextEdit[];
}

export interface Fix {
  /** Stable within one rule: identifies the fix in `Diagnostic.data`. */
  id: string;
  /** What a person reads in the quick-fix menu. */
  title: string;
  /**
   * A safe fix does not change what the image or service does beyond removing
   * the problem; it may run in fix-all and `--fix`. An unsafe fix changes
   * behaviour (adding a USER, dropping capabilities) and is only offered.
   */
  safe: boolean;
  edits: TextEdit[];
  otherFiles?: FileEdit[];
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  /** Set when the finding was written as a suppression diagnostic and must not itself be suppressed. */
  unsuppressible?: boolean;
  /** The hadolint code this finding answers to, when its rule maps to several (for `.hadolint.yaml` and pragmas). */
  hadolint?: string;
  /** Other places that explain the finding (the Dockerfile a Compose service builds, the anchor a value comes from). */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  /** Absolute path; omitted for the same document. */
  path?: string;
  span: Span;
  /** The text at `path` the span refers to, so adapters can compute line and column without reading the file again. */
  text?: string;
  message: string;
}

export interface Reference {
  title: string;
  url?: string;
}

export interface RuleMeta {
  /** Stable code: `BH1xx` Dockerfile, `BH2xx` Compose, `BH3xx` cross-file, `BH9xx` config and suppressions. */
  id: string;
  /** Stable kebab-case name. */
  name: string;
  appliesTo: FileKind[];
  defaultSeverity: Severity;
  category: RuleCategory;
  /** One sentence: what the rule finds. */
  description: string;
  references: Reference[];
  /** hadolint codes that check the same thing, for compatibility mapping. */
  hadolint?: string[];
  /** `none`, or whether the rule's fixes are safe for bulk application. */
  fixable: 'none' | 'safe' | 'unsafe' | 'mixed';
  /** Message templates keyed by id; `{name}` placeholders are filled from data. */
  messages: Record<string, string>;
  /** JSON-schema-like description of the rule's options (an object schema). */
  options?: OptionsSchema;
}

export type RuleCategory =
  | 'privilege'
  | 'capabilities'
  | 'isolation'
  | 'secrets'
  | 'supply-chain'
  | 'network'
  | 'resources'
  | 'filesystem'
  | 'hygiene'
  | 'config';

export interface OptionsSchema {
  type: 'object';
  properties: Record<string, OptionSchema>;
  additionalProperties?: false;
}

export type OptionSchema =
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'string'; default: string; description: string; enum?: string[] }
  | { type: 'number'; default: number; description: string }
  | { type: 'array'; items: { type: 'string' }; default: string[]; description: string };

/** Where the rule's docs live, relative to the docs root. */
export function ruleDocPath(meta: Pick<RuleMeta, 'id' | 'name'>): string {
  return `rules/${meta.id}-${meta.name}.md`;
}

export const DOCS_BASE_URL = 'https://github.com/bulkhead-dev/bulkhead/blob/main/docs/';

export function ruleDocUrl(meta: Pick<RuleMeta, 'id' | 'name'>): string {
  return DOCS_BASE_URL + ruleDocPath(meta);
}
