export {
  SCHEMA_VERSION,
  Root,
  type Position,
  type MapNode,
  type MapEdge,
  type MapMeta,
} from './schema.js';
export {
  KINDS,
  NODE_KINDS,
  EDGE_KINDS,
  EDGE_SPECS,
  LENSES,
  kindSpec,
  knownKinds,
  registerKind,
  kindsInLens,
  isNodeKind,
  isEdgeKind,
  fieldsOf,
  hasField,
  kindsWithField,
  inTree,
  holdsMembers,
  type KindSpec,
  type EdgeKindSpec,
  type NodeKind,
  type EdgeKind,
  type Lens,
} from './kinds.js';
export { newId } from './ids.js';
export { nodesOf, edgesOf, metaOf, entryAt, mapEntries, initMapDocument, readMeta, type YNode, type YEdge } from './document.js';
export {
  readNode,
  readEdge,
  readField,
  readNodeEntry,
  readEdgeEntry,
  isMalformed,
  SkipReason,
  type SkippedItem,
} from './read.js';
export {
  FIELDS,
  FIELD_NAMES,
  BLOOM_LEVELS,
  DOMAINS,
  QUALIFICATION_STATUSES,
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
export { connectMany } from './bulk.js';
export { MapView, snapshotOf, type MapSnapshot } from './view.js';
export { migrate, schemaProblem, IncompatibilityReason, type MigrationResult } from './migrations.js';
export { buildRuecvetCourse, ruecvetCourse } from './samples/ruecvet-course.js';
export { buildHairdresser, hairdresser } from './samples/hairdresser.js';
export { TEMPLATES, templateById, type MapTemplate } from './samples/index.js';
export { relationBetween, edgeAllowed, type Relation, type Endpoint } from './relations.js';
export { addChild, addLinked, addSibling, childKindOf, childRulesOf, linkForNew, unitOf, type ChildRule, type NewNodeLink } from './structure.js';
export { graphOf, unitMembership, MapGraph, Adjacency, type GraphInput } from './graph.js';
export { branchBelow, branchTops, hiddenByCollapse } from './branches.js';
export { extractFragment, insertFragment, isFragment, type Fragment } from './fragment.js';
export { layoutMap, compareCodes, type LayoutInput, type LayoutSize } from './layout.js';
export { layoutGraph, DAGRE_MAX_NODES, DAGRE_MAX_RANKS } from './layout-large.js';
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
export { nextSlotInUnit } from './geometry.js';
export { RULE_LENSES } from './rules/lenses.js';
export { MapEditor } from './editor.js';
export {
  REVIEW_SCHEMA_VERSION,
  ReviewRoot,
  REVIEW_LIMITS,
  DECISIONS,
  ReviewRefusal,
  reviewSchemaVersion,
  reviewWritable,
  institutionKey,
  signoffKey,
  createThread,
  reply,
  editComment,
  resolveThread,
  reopenThread,
  openRound,
  closeRound,
  reopenRound,
  signOff,
  readThread,
  readThreads,
  readRound,
  readRounds,
  readSignOffs,
  roundStatus,
  knownPeople,
  unitFingerprint,
  fnv1a64,
  findMentions,
  unreadIn,
  unreadCount,
  type Decision,
  type UnitReviewState,
  type ReviewPerson,
  type ThreadAnchor,
  type ReviewResult,
  type ReviewWriteOptions,
  type ReviewComment,
  type ReviewThread,
  type ReviewRound,
  type SignOff,
  type DecisionStatus,
  type UnitStatus,
  type RoundStatus,
  type NewRound,
} from './review.js';
export { diffSnapshots, isEmptyDiff, restoreContent, type SnapshotDiff, type NodeChange, type NodeMove } from './history.js';
