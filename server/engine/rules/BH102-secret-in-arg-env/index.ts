import { defineRule } from '../rule';

// SKELETON: being implemented in this session (see the rule's README).
export const secretInArgEnv = defineRule({
  meta: {
    id: 'BH102',
    name: 'secret-in-arg-env',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'TODO',
    references: [],
    fixable: 'none',
    messages: {},
  },
});
