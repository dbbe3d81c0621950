export {
  SCHEMA_VERSION,
  Root,
  NODE_KINDS,
  EDGE_KINDS,
  isNodeKind,
  isEdgeKind,
  CODE_PREFIX,
  type NodeKind,
  type EdgeKind,
  type Position,
  type MapNode,
  type MapEdge,
  type MapMeta,
} from './schema.js';
export { newId } from './ids.js';
export { nodesOf, edgesOf, metaOf, initMapDocument, readMeta, type YNode, type YEdge } from './document.js';
export { readNode, readEdge, readField } from './read.js';
export {
  FIELDS,
  FIELD_NAMES,
  BLOOM_LEVELS,
  DOMAINS,
  QUALIFICATION_STATUSES,
  fieldsOf,
  hasField,
  checkFieldValue,
  type FieldName,
  type FieldSpec,
  type FieldValue,
  type FieldCheck,
  type BloomLevel,
  type Domain,
  type QualificationStatus,
} from './fields.js';
export {
  addNode,
  addNodes,
  moveNodes,
  editText,
  titleText,
  setNodeTitle,
  setTextField,
  connect,
  removeElements,
  setMapTitle,
  setField,
  setFieldOnNodes,
  setListItem,
  insertListItem,
  removeListItem,
  moveListItem,
  proposeCode,
  placeInUnit,
  UNIT_SLOT,
  RefusalReason,
  type Result,
  type NewNode,
  type NewEdge,
} from './operations.js';
export { MapView, snapshotOf, type MapSnapshot } from './view.js';
export { migrate, IncompatibilityReason, type MigrationResult } from './migrations.js';
export { buildRuecvetCourse, ruecvetCourse } from './samples/ruecvet-course.js';
export { buildHairdresser, hairdresser } from './samples/hairdresser.js';
export { TEMPLATES, templateById, type MapTemplate } from './samples/index.js';
export { relationBetween, edgeAllowed, type Relation, type Endpoint } from './relations.js';
export { addChild, addSibling, childKindOf, unitOf } from './structure.js';
export { extractFragment, insertFragment, isFragment, type Fragment } from './fragment.js';
export { layoutMap, compareCodes, DEFAULT_SIZES, type LayoutInput, type LayoutSize } from './layout.js';
export {
  RULE_IDS,
  RULE_SEVERITY,
  RULE_CODES,
  POINTS_PER_YEAR,
  KEY_PURPOSE_MIN_WORDS,
  checkMap,
  analyseVerb,
  DEFAULT_VERBS,
  parseVerbList,
  buildVerbCatalogue,
  verbsFor,
  type RuleId,
  type RuleCode,
  type Severity,
  type CheckIssue,
  type CheckInput,
  type MapStats,
  type QualificationStats,
  type VerbCatalogue,
  type LanguageVerbs,
  type VerbEntry,
  type VerbListData,
  type VerbListItem,
  type VerbAnalysis,
} from './rules/index.js';
export { createUndoManager } from './undo.js';
