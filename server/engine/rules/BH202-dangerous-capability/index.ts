import { defineRule } from '../rule';

// SKELETON: being implemented in this session (see the rule's README).
export const dangerousCapability = defineRule({
  meta: {
    id: 'BH202',
    name: 'dangerous-capability',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'TODO',
    references: [],
    fixable: 'none',
    messages: {},
  },
});
