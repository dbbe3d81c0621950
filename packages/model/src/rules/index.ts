/**
 * The live methodology checks (docs/domain.md, "What a methodologist checks"): pure functions of a
 * map's nodes and edges, cheap enough to run on every change. The action-verb lists are data, per
 * language, in data/verbs/<lang>.json.
 */
export {
  RULE_IDS,
  RULE_SEVERITY,
  CODE_SEVERITY,
  RULE_CODES,
  RULE_SOURCES,
  type RuleId,
  type RuleCode,
  type Severity,
  type CheckIssue,
  type CheckInput,
  type MapStats,
  type QualificationStats,
} from './types.js';
export { checkMap } from './checks.js';
export { POINTS_PER_YEAR, groupMinimum } from './points.js';
export { KEY_PURPOSE_MIN_WORDS } from './wording.js';
export {
  analyseVerb,
  DEFAULT_VERBS,
  parseVerbList,
  buildVerbCatalogue,
  verbsFor,
  withMapVerbs,
  type VerbCatalogue,
  type LanguageVerbs,
  type VerbEntry,
  type VerbListData,
  type VerbListItem,
  type VerbAnalysis,
} from './verbs.js';
