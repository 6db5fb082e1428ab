import { defineRule } from '../rule';

// SKELETON: being implemented in this session (see the rule's README).
export const capabilitiesNotDropped = defineRule({
  meta: {
    id: 'BH203',
    name: 'capabilities-not-dropped',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'TODO',
    references: [],
    fixable: 'none',
    messages: {},
  },
});
