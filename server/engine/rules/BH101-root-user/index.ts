import { defineRule } from '../rule';

// SKELETON: being implemented in this session (see the rule's README).
export const rootUser = defineRule({
  meta: {
    id: 'BH101',
    name: 'root-user',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'TODO',
    references: [],
    fixable: 'none',
    messages: {},
  },
});
