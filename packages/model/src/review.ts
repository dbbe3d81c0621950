/**
 * The review of a map: comment threads and unit sign-off rounds, in the map's second Yjs document
 * (the schema and its merge rules: review/schema.ts). One file per part:
 *   review/schema.ts       the document's shape, limits, refusals and plain readings
 *   review/shared.ts       the version guard, refusals, people and values typed by hand
 *   review/threads.ts      comment threads
 *   review/rounds.ts       sign-off rounds and where they stand
 *   review/fingerprint.ts  what partners agree to about a unit
 *   review/people.ts       known people, mentions, unread counts
 */
export {
  REVIEW_SCHEMA_VERSION,
  ReviewRoot,
  REVIEW_LIMITS,
  DECISIONS,
  type Decision,
  type UnitReviewState,
  type ReviewPerson,
  type ThreadAnchor,
  ReviewRefusal,
  type ReviewResult,
  type ReviewWriteOptions,
  type ReviewComment,
  type ReviewThread,
  type ReviewRound,
  type SignOff,
  type DecisionStatus,
  type UnitStatus,
  type RoundStatus,
} from './review/schema.js';
export {
  reviewSchemaVersion,
  reviewWritable,
  institutionKey,
  partnerKey,
  partnerOfKey,
  decisionKey,
  columnKey,
  signoffKey,
} from './review/shared.js';
export { knownPeople, findMentions, unreadIn, unreadCount } from './review/people.js';
export {
  createThread,
  reply,
  editComment,
  resolveThread,
  reopenThread,
  readThread,
  readThreads,
} from './review/threads.js';
export {
  type NewRound,
  openRound,
  closeRound,
  reopenRound,
  signOff,
  attachSignOffs,
  readRound,
  readRounds,
  readSignOffs,
  roundStatus,
} from './review/rounds.js';
export { unitFingerprint, fnv1a64, REVIEWABLE_KINDS } from './review/fingerprint.js';
