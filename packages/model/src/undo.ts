import * as Y from 'yjs';
import { edgesOf, metaOf, nodesOf } from './document.js';

/**
 * Undo that respects other people: only changes made with this person's `origin` are tracked,
 * so undoing never removes someone else's work. Changes within `captureTimeout` merge into one
 * step (the keystrokes of a word); call `stopCapturing()` at the end of a gesture (a drop, a
 * paste) so that the next change starts a new step.
 */
export function createUndoManager(doc: Y.Doc, origin: unknown, captureTimeout = 600): Y.UndoManager {
  return new Y.UndoManager([nodesOf(doc), edgesOf(doc), metaOf(doc)], {
    trackedOrigins: new Set([origin]),
    captureTimeout,
  });
}
