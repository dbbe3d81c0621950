/**
 * A DACUM-style workshop on a map, in the map's review document. One file per part:
 *   workshop/schema.ts   the document's shape, limits and plain readings (ratings: a public contract)
 *   workshop/summary.ts  what a room's ratings say per work action, and the agreed decision rules
 *   workshop/snapshot.ts a plain, JSON-safe reading of the whole workshop (checks, exports)
 */
export * from './workshop/schema.js';
export * from './workshop/summary.js';
export * from './workshop/snapshot.js';
