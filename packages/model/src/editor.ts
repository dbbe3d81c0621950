import type * as Y from 'yjs';
import type { FieldName } from './fields.js';
import { insertFragment, type Fragment } from './fragment.js';
import {
  addNode,
  addNodes,
  connect,
  insertListItem,
  moveListItem,
  moveNodes,
  placeInUnit,
  removeElements,
  removeListItem,
  setField,
  setFieldOnNodes,
  setListItem,
  setMapTitle,
  setTextField,
  type NewEdge,
  type NewNode,
  type Result,
} from './operations.js';
import type { Position } from './schema.js';
import { addChild, addLinked, addSibling, type NewNodeLink } from './structure.js';
import { createUndoManager } from './undo.js';
import { renumber, type RenumberOptions, type RenumberResult } from './renumber.js';
import { moveAmongSiblings, type SiblingMove } from './siblings.js';
import { addMapVerb, ignoreFinding, removeMapVerb, unignoreFinding, type IgnoredFinding } from './answers.js';
import { matchAcrossMaps, refreshMatchSnapshot, setMatchDetails, type MatchedUnit, type MatchType, type NewCrossMatch } from './matches.js';
import { addInstitution, removeInstitution, updateInstitution, type InstitutionSpec } from './institutions.js';
import { addTargetLanguage, removeTargetLanguage, setSourceLanguage } from './languages.js';
import { confirmTranslation, markTranslationReviewed, setTranslation, type TranslationValue } from './translations.js';

/**
 * The operations of one person on one map: every change made through it carries this editor's
 * origin, so their undo manager tracks exactly their own edits and their own echoes can be told
 * from other people's. Components call `editor.connect(...)`, never pass an origin around.
 */
export class MapEditor {
  constructor(
    readonly doc: Y.Doc,
    /** The origin of this person's transactions (the web app's local origin). */
    readonly origin: unknown,
  ) {}

  /** Whether a transaction was this editor's own. */
  isOwn(transaction: Y.Transaction): boolean {
    return transaction.origin === this.origin;
  }

  /** Several operations as one change (one update for peers, one undo step). */
  transact<T>(fn: (editor: MapEditor) => T): T {
    let result!: T;
    this.doc.transact(() => {
      result = fn(this);
    }, this.origin);
    return result;
  }

  /** Codes that follow the tree order, former codes kept on each node; one undo step. */
  renumber(options?: RenumberOptions): RenumberResult {
    return renumber(this.doc, options, this.origin);
  }

  /** One place earlier (-1) or later (+1) among its siblings, with its branch; one undo step. */
  moveAmongSiblings(nodeId: string, offset: -1 | 1): SiblingMove {
    return moveAmongSiblings(this.doc, nodeId, offset, this.origin);
  }

  /** An undo manager that undoes this editor's changes only. */
  createUndoManager(captureTimeout?: number): Y.UndoManager {
    return createUndoManager(this.doc, this.origin, captureTimeout);
  }

  addNode(spec: NewNode): string {
    return addNode(this.doc, spec, this.origin);
  }

  addNodes(specs: readonly NewNode[]): string[] {
    return addNodes(this.doc, specs, this.origin);
  }

  /** The natural child of a node, or another allowed `kind`, linked to it (see structure.ts). */
  addChild(parentId: string, position: Position, kind?: string): string | undefined {
    return addChild(this.doc, parentId, position, this.origin, kind);
  }

  /** A node linked as `linkForNew` said (one undo step). */
  addLinked(node: { kind: string; position: Position; title?: string }, link: NewNodeLink | undefined): string {
    return addLinked(this.doc, node, link, this.origin);
  }

  /** A node of the same kind beside this one, with the same parent or unit. */
  addSibling(nodeId: string, position: Position): string | undefined {
    return addSibling(this.doc, nodeId, position, this.origin);
  }

  moveNodes(moves: ReadonlyArray<{ id: string; position: Position }>): void {
    moveNodes(this.doc, moves, this.origin);
  }

  setText(nodeId: string, field: 'title' | 'keyPurpose', value: string, cursor?: number): Result<void> {
    return setTextField(this.doc, nodeId, field, value, this.origin, cursor);
  }

  setField(nodeId: string, field: FieldName, value: unknown): Result<void> {
    return setField(this.doc, nodeId, field, value, this.origin);
  }

  setFieldOnNodes(nodeIds: readonly string[], field: FieldName, value: unknown): Result<void> {
    return setFieldOnNodes(this.doc, nodeIds, field, value, this.origin);
  }

  setListItem(nodeId: string, field: FieldName, index: number, text: string): Result<void> {
    return setListItem(this.doc, nodeId, field, index, text, this.origin);
  }

  insertListItem(nodeId: string, field: FieldName, index: number, text: string): Result<void> {
    return insertListItem(this.doc, nodeId, field, index, text, this.origin);
  }

  removeListItem(nodeId: string, field: FieldName, index: number): Result<void> {
    return removeListItem(this.doc, nodeId, field, index, this.origin);
  }

  moveListItem(nodeId: string, field: FieldName, from: number, to: number): Result<void> {
    return moveListItem(this.doc, nodeId, field, from, to, this.origin);
  }

  connect(spec: NewEdge): Result<string> {
    return connect(this.doc, spec, this.origin);
  }

  /** Into a unit's block at a position relative to it, or out of every block (`null`, absolute). */
  placeInUnit(outcomeId: string, unitId: string | null, position: Position): Result<void> {
    return placeInUnit(this.doc, outcomeId, unitId, position, this.origin);
  }

  remove(targets: { nodeIds?: Iterable<string>; edgeIds?: Iterable<string> }): void {
    removeElements(this.doc, targets, this.origin);
  }

  setMapTitle(title: string): void {
    setMapTitle(this.doc, title, this.origin);
  }

  /** Writes a field's translation (typing: only what differs) and records the source it was made from. */
  setTranslation(nodeId: string, language: string, field: string, value: TranslationValue, cursor?: number): Result<void> {
    return setTranslation(this.doc, nodeId, language, field, value, this.origin, cursor);
  }

  /** An outdated translation that still holds becomes current. */
  confirmTranslation(nodeId: string, language: string, field: string): Result<void> {
    return confirmTranslation(this.doc, nodeId, language, field, this.origin);
  }

  markTranslationReviewed(nodeId: string, language: string, field: string, reviewed = true): Result<void> {
    return markTranslationReviewed(this.doc, nodeId, language, field, reviewed, this.origin);
  }

  /** A partner institution of the map (the owner's to manage: the server refuses others'). */
  addInstitution(spec: InstitutionSpec): Result<string> {
    return addInstitution(this.doc, spec, this.origin);
  }

  updateInstitution(id: string, spec: InstitutionSpec): Result<void> {
    return updateInstitution(this.doc, id, spec, this.origin);
  }

  removeInstitution(id: string): Result<void> {
    return removeInstitution(this.doc, id, this.origin);
  }

  addLanguage(language: string): Result<string> {
    return addTargetLanguage(this.doc, language, this.origin);
  }

  removeLanguage(language: string): Result<void> {
    return removeTargetLanguage(this.doc, language, this.origin);
  }

  setSourceLanguage(language: string): Result<string> {
    return setSourceLanguage(this.doc, language, this.origin);
  }

  /** "Add this verb to the map's list" on a "not an action verb" finding. */
  addMapVerb(language: string, verb: string): Result<string> {
    return addMapVerb(this.doc, language, verb, this.origin);
  }

  removeMapVerb(language: string, verb: string): Result<void> {
    return removeMapVerb(this.doc, language, verb, this.origin);
  }

  /** "Ignore here": the checks stop reporting this rule for this node (in this language). */
  ignoreFinding(finding: IgnoredFinding): Result<void> {
    return ignoreFinding(this.doc, finding, this.origin);
  }

  unignoreFinding(finding: IgnoredFinding): void {
    unignoreFinding(this.doc, finding, this.origin);
  }

  /** Matches a unit of this map with a partner's unit in another map (matches.ts). */
  matchAcrossMaps(spec: NewCrossMatch): Result<string> {
    return matchAcrossMaps(this.doc, spec, this.origin);
  }

  setMatchDetails(edgeId: string, details: { matchType?: MatchType | null; note?: string }): Result<void> {
    return setMatchDetails(this.doc, edgeId, details, this.origin);
  }

  /** "Still matches": the match's snapshot of the partner unit taken again, as it is now. */
  refreshMatchSnapshot(edgeId: string, target: MatchedUnit): Result<void> {
    return refreshMatchSnapshot(this.doc, edgeId, target, this.origin);
  }

  /** Pastes copied nodes (with their links among themselves) at an offset; returns the new ids. */
  insertFragment(fragment: Fragment, offset: Position): string[] {
    return insertFragment(this.doc, fragment, offset, this.origin);
  }
}
