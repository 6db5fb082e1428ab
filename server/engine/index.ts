/**
 * The engine's public surface. The LSP adapter, the CLI and the tests import
 * from here only.
 */
export * from './types';
export { LineIndex, normaliseLoneCR, type LineCol } from './text/lineIndex';
export { lint, fixAll, initEngine, MAX_FILE_LENGTH, type LintInput, type LintOptions, type LintResult, type RuleFailure } from './engine';
export { ALL_RULES, SYSTEM_RULES, ruleByRef } from './rules/registry';
export type { AnyRule, Rule, Report, FixProposal } from './rules/rule';
export {
  parseConfig,
  defaultConfig,
  ruleSetting,
  CONFIG_FILE_NAMES,
  PRESETS,
  applyLayers,
  configForFile,
  matchForFile,
  configForMatch,
  presetRules,
  type BulkheadConfig,
  type ConfigLayer,
  type ConfigOverride,
  type LoadedConfig,
  type ConfigProblem,
  type RuleSetting,
} from './config/config';
export { findConfigFile, loadConfigFor, createConfigCache, resolveExtends, hadolintUserConfigFiles, type ConfigCache, type ConfigLookup, type LoadConfigOptions } from './config/discover';
export { parseHadolintConfig, HADOLINT_CONFIG_NAMES } from './config/hadolint';
export { applyEdits, sortEdits, pickCompatibleFixes, editsOverlap } from './fix/apply';
export { suppressionEdit } from './fix/suppressionEdit';
export { detectFileKind, matchesGlob, DEFAULT_PATTERNS, type FilePatterns } from './files';
export { nodeFileHost, memoryHost, type Host } from './host';
export { maskSecret, redact } from './mask';
export { parseDockerfile } from './parse/dockerfile';
export { parseCompose, parseDotEnv } from './parse/compose';
export { parseShell, clearShellCache } from './parse/shell';
export { parseImageReference } from './parse/imageRef';
export type { DockerfileModel, Instruction, Stage, ImageRef } from './model/dockerfile';
export type { ComposeModel, ComposeService, ComposeValue } from './model/compose';
export { RegistryClient, RegistryError, MANIFEST_MEDIA_TYPES, type HttpTransport, type HttpRequest, type HttpResponse, type CredentialSource, type Credentials, type DigestResult } from './registry/client';
export { MemoryDigestCache, PersistentDigestCache, type DigestCache, type CacheStore } from './registry/cache';
export { imageSites, pinEdit, pinSites, type ImageSite, type PinOutcome } from './registry/pin';
export { normaliseReference, type ImageName } from './registry/reference';
export { nodeHttpTransport, dockerConfigCredentials, fileCacheStore, defaultCacheFile } from './registry/node';
