export {
  SCHEMA_VERSION,
  Root,
  NODE_KINDS,
  EDGE_KINDS,
  isNodeKind,
  isEdgeKind,
  type NodeKind,
  type EdgeKind,
  type Position,
  type MapNode,
  type MapEdge,
  type MapMeta,
} from './schema.js';
export { newId } from './ids.js';
export { nodesOf, edgesOf, metaOf, initMapDocument, readMeta, type YNode, type YEdge } from './document.js';
export { readNode, readEdge } from './read.js';
export {
  addNode,
  addNodes,
  moveNodes,
  editText,
  titleText,
  setNodeTitle,
  connect,
  removeElements,
  setMapTitle,
  RefusalReason,
  type Result,
  type NewNode,
  type NewEdge,
} from './operations.js';
export { MapView, type MapSnapshot } from './view.js';
export { migrate, IncompatibilityReason, type MigrationResult } from './migrations.js';
export { buildRuecvetCourse, ruecvetCourse } from './samples/ruecvet-course.js';
export { relationBetween, type Relation, type Endpoint } from './relations.js';
