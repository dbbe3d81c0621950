import type { Lens } from '../kinds.js';
import type { RuleId } from './types.js';

/**
 * The lenses whose checks list shows each rule. Employers see what concerns the work itself
 * (is every action covered, named, and every function filled); outcomes, units and points are
 * the teachers'.
 */
export const RULE_LENSES: Readonly<Record<RuleId, readonly Lens[]>> = {
  'qualification-level': ['teacher'],
  structure: ['employer', 'teacher'],
  'unit-content': ['teacher'],
  'unit-group': ['teacher'],
  'unit-requires': ['teacher'],
  'outcome-domain': ['teacher'],
  'bloom-verb': ['teacher'],
  'compound-outcome': ['teacher'],
  'work-actions': ['employer', 'teacher'],
  'duplicate-code': ['employer', 'teacher'],
  'points-granularity': ['teacher'],
  workload: ['teacher'],
  'points-sum': ['teacher'],
  coverage: ['employer', 'teacher'],
  'workshop-coverage': ['employer', 'teacher'],
  traceability: ['teacher'],
  grouping: ['teacher'],
  assessability: ['teacher'],
  'ksc-balance': ['teacher'],
  verb: ['teacher'],
  'eqf-level': ['teacher'],
  titles: ['employer', 'teacher'],
  'empty-function': ['employer', 'teacher'],
  translation: ['employer', 'teacher'],
  unreadable: ['employer', 'teacher'],
  'unit-match-target': ['teacher'],
  'unit-match': ['teacher'],
};
