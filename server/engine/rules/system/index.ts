/**
 * Rules the engine itself reports: unreadable files, config errors and
 * suppression bookkeeping. They have metadata and docs like any rule, can be
 * re-graded in config, but no check of their own.
 */
import { defineRule } from '../rule';

export const parseError = defineRule({
  meta: {
    id: 'BH900',
    name: 'parse-error',
    appliesTo: ['dockerfile', 'compose'],
    defaultSeverity: 'error',
    category: 'config',
    description: 'The file cannot be read or parsed, so it was not (fully) checked.',
    references: [],
    fixable: 'none',
    messages: {},
  },
});

export const invalidConfig = defineRule({
  meta: {
    id: 'BH901',
    name: 'invalid-config',
    appliesTo: [],
    defaultSeverity: 'error',
    category: 'config',
    description: 'The `.bulkhead.yaml` file has an error: an unknown key or rule, or a wrong value.',
    references: [],
    fixable: 'none',
    messages: {},
  },
});

export const unusedSuppression = defineRule({
  meta: {
    id: 'BH902',
    name: 'unused-suppression',
    appliesTo: ['dockerfile', 'compose'],
    defaultSeverity: 'info',
    category: 'config',
    description: 'A `# bulkhead-ignore` comment suppresses nothing.',
    references: [],
    fixable: 'safe',
    messages: {},
  },
});

export const unknownSuppression = defineRule({
  meta: {
    id: 'BH903',
    name: 'invalid-suppression',
    appliesTo: ['dockerfile', 'compose'],
    defaultSeverity: 'warning',
    category: 'config',
    description: 'A `# bulkhead-ignore` comment names a rule that does not exist, or no rule at all.',
    references: [],
    fixable: 'none',
    messages: {},
  },
});

export const suppressionPolicy = defineRule({
  meta: {
    id: 'BH904',
    name: 'suppression-policy',
    appliesTo: ['dockerfile', 'compose'],
    defaultSeverity: 'warning',
    category: 'config',
    description: 'An inline suppression breaks the team\'s policy: it gives no reason when `suppressions.requireReason` is on, or suppressions are not allowed at all.',
    references: [],
    fixable: 'none',
    messages: {},
  },
});
