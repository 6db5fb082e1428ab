import { defineRule } from '../rule';

// SKELETON: being implemented in this session (see the rule's README).
export const privilegedService = defineRule({
  meta: {
    id: 'BH201',
    name: 'privileged-service',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'TODO',
    references: [],
    fixable: 'none',
    messages: {},
  },
});
