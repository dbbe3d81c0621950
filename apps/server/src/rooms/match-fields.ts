import { MATCH_KEYS, matchFieldProblem } from '@qms/model';
import * as Y from 'yjs';
import { updateScope } from './update-scope.js';

const KEYS = new Set(MATCH_KEYS);

/**
 * What is wrong with the match fields a client's update writes on the map's edges (matches.ts in
 * @qms/model: `targetMap`, `matchType`, `note`, `targetSnapshot`), or null. Such a value must be a
 * plain value of its shape — a map id, one of the match types, a note of at most 2,000
 * characters, a snapshot { code, title, points?, eqfLevel?, outcomes, fingerprint, takenAt }; a
 * malformed one is refused with the reason, and the update is neither applied nor relayed. Only
 * updates that write one of these keys are looked at more closely (one decode otherwise).
 */
export function matchFieldsProblem(doc: Y.Doc, update: Uint8Array): string | null {
  const { structs } = Y.decodeUpdate(update);
  if (!structs.some((struct) => struct instanceof Y.Item && struct.parentSub !== null && KEYS.has(struct.parentSub))) return null;
  const scope = updateScope(doc, update);
  for (const touch of scope.inserted) {
    const [root, , key] = touch.path;
    if (root !== 'edges' || touch.path.length !== 3 || !KEYS.has(key!)) continue;
    const content = touch.item.content;
    // A value that is not a plain one (a Y.Map, a Y.Text) is not of the shape either.
    if (!(content instanceof Y.ContentAny) || content.getContent().length !== 1) return `${key}: not a plain value`;
    const problem = matchFieldProblem(key!, content.getContent()[0]);
    if (problem) return problem;
  }
  return null;
}
