import { graphOf, type MapGraph } from '../graph.js';
import { edgeAllowed } from '../kinds.js';
import { localizedGraph } from '../translations.js';
import type { MapSnapshot } from '../view.js';
import { tidy } from './shared.js';

// ---------------------------------------------------------------------------------------------
// Fingerprints: what partners agree to

/** Whitespace is not content: an extra space typed by accident does not withdraw an agreement. */
function canonicalText(value: string | undefined): string | null {
  const text = tidy(value);
  return text === '' ? null : text;
}

function canonicalList(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((v) => tidy(v)).filter((v) => v !== '');
}

/**
 * What a review round may hold: units (partners agree to them before a mobility) and the
 * functional map's key functions, main functions and work actions (employers validate them).
 */
export const REVIEWABLE_KINDS: readonly string[] = ['unit', 'keyFunction', 'mainFunction', 'workAction'];

/**
 * A reviewed node's fingerprint, read from the map's graph index: a unit with its outcomes (the
 * members drawn in it); a function or work action with what employers validate about it.
 */
export function fingerprintIn(graph: MapGraph, unitId: string): string | undefined {
  const unit = graph.node(unitId);
  if (!unit || !REVIEWABLE_KINDS.includes(unit.kind)) return undefined;
  if (unit.kind !== 'unit') {
    // A function as its statement, where it hangs and what it is broken into (their statements):
    // re-parenting or rewording a child changes what was validated; moving a card does not.
    const children = graph
      .childrenOf(unitId)
      .filter((child) => child.kind !== 'learningOutcome')
      .map((child) => JSON.stringify([canonicalText(child.code), canonicalText(child.title)]))
      .sort();
    return fnv1a64(
      JSON.stringify([
        'function/1',
        unit.kind,
        canonicalText(unit.code),
        canonicalText(unit.title),
        canonicalList(unit.performanceCriteria),
        canonicalText(graph.parentOf(unitId)?.title),
        children,
      ]),
    );
  }
  // Arrays, not objects: their order is fixed, so the JSON is canonical. Positions, ids and
  // link ids are left out: moving a node or re-linking the same outcome changes nothing agreed.
  const outcomes = graph
    .membersOf(unitId)
    .filter((o) => edgeAllowed('partOf', o.kind, unit.kind))
    .map((o) =>
      JSON.stringify([
        canonicalText(o.code),
        canonicalText(o.title),
        o.domain ?? null,
        o.bloomLevel ?? null,
        o.eqfLevel ?? null,
        canonicalList(o.assessmentCriteria),
      ]),
    )
    .sort();
  const canonical = JSON.stringify([
    'unit/1',
    canonicalText(unit.code),
    canonicalText(unit.title),
    unit.points ?? null,
    unit.eqfLevel ?? null,
    canonicalList(unit.assessmentCriteria),
    canonicalText(unit.validity),
    outcomes,
  ]);
  return fnv1a64(canonical);
}

/**
 * A stable hash of what partners agree to about a unit (or employers about a function or work
 * action: its kind, code, statement, performance criteria, parent's statement and its children's
 * codes and statements): its code, title, points, EQF level,
 * assessment criteria and validity, and its outcomes' code, statement, domain, Bloom level, EQF
 * level and criteria (in any order). Not positions. Undefined if there is no such unit. In a
 * target language, of the unit as read in it (translations, the source where there is none).
 */
export function unitFingerprint(snapshot: MapSnapshot, unitId: string, language = snapshot.meta.language): string | undefined {
  return fingerprintIn(language === snapshot.meta.language ? graphOf(snapshot) : localizedGraph(snapshot, language), unitId);
}

/**
 * 64-bit FNV-1a over the text's UTF-8 bytes, as 16 hex digits. The 64-bit state is kept in four
 * 16-bit limbs so that every product stays exact in a double (no BigInt in a hot path).
 */
export function fnv1a64(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const step = (byte: number) => {
    h0 ^= byte;
    // × 0x100000001b3 = × 0x1b3 + (× 1 << 40); 40 bits = two limbs and 8 bits.
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    let t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    t3 += t2 >>> 16;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) step(cp);
    else if (cp < 0x800) {
      step(0xc0 | (cp >> 6));
      step(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      step(0xe0 | (cp >> 12));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    } else {
      step(0xf0 | (cp >> 18));
      step(0x80 | ((cp >> 12) & 0x3f));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    }
  }
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
