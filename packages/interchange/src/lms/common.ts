import { compareCodes } from '@qms/model';
import type { MapDescription, OutcomeDescription, QualificationDescription, UnitDescription } from '../describe.js';
import { outcomesOf } from '../describe.js';

/** What the learning platforms' imports get from a map: groups of outcomes, by unit. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text as one HTML paragraph's content: escaped, its line breaks kept. */
function htmlText(text: string): string {
  return escapeHtml(text.trim()).replace(/\r\n|\r|\n/g, '<br>\n');
}

/** One line: the platforms show titles and short names on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** At most `max` characters, cut at a word when there is one near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "U 1 Client consultation", or just the title when there is no code. */
export function codeAndTitle(code: string, title: string): string {
  return oneLine(code ? `${code} ${title}` : title);
}

/** An identifier with nothing a platform could choke on: letters, digits, "-", "_" and ".". */
export function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-');
}

const DOMAIN_NAMES = { knowledge: 'Knowledge', skills: 'Skills', autonomy: 'Responsibility and autonomy' } as const;

function list(items: readonly string[]): string {
  return `<ul>\n${items.map((item) => `<li>${htmlText(item)}</li>`).join('\n')}\n</ul>`;
}

function facts(pairs: Array<[string, string | number | null | undefined]>): string | null {
  const shown = pairs.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length === 0) return null;
  return `<p>${shown.map(([label, value]) => `<strong>${escapeHtml(label)}:</strong> ${escapeHtml(String(value))}`).join('<br>\n')}</p>`;
}

/**
 * An outcome's description in HTML (both platforms store rich text): the full statement, its
 * domain and levels, the work actions it is derived from, the assessment criteria — its own, or
 * else its unit's — and its ESCO skills.
 */
export function outcomeHtml(outcome: OutcomeDescription, unit: UnitDescription | null): string {
  const parts: string[] = [`<p>${htmlText(outcome.statement)}</p>`];
  const about = facts([
    ['Code', outcome.code],
    ['Domain', outcome.domain ? DOMAIN_NAMES[outcome.domain] : null],
    ['Bloom level', outcome.bloomLevel],
    ['EQF level', outcome.eqfLevel],
    ['Unit', unit ? codeAndTitle(unit.code, unit.title) : null],
  ]);
  if (about) parts.push(about);
  if (outcome.transversal) parts.push('<p>Transversal: serves the whole qualification.</p>');
  if (outcome.covers.length > 0) {
    parts.push('<p><strong>Derived from the work actions:</strong></p>', list(outcome.covers.map((wa) => codeAndTitle(wa.code, wa.title))));
  }
  if (outcome.assessmentCriteria.length > 0) {
    parts.push('<p><strong>Assessment criteria:</strong></p>', list(outcome.assessmentCriteria));
  } else if (unit && unit.assessmentCriteria.length > 0) {
    parts.push(`<p><strong>Assessment criteria (unit ${escapeHtml(oneLine(unit.code || unit.title))}):</strong></p>`, list(unit.assessmentCriteria));
  }
  if (outcome.escoSkills.length > 0) parts.push('<p><strong>ESCO skills:</strong></p>', list(outcome.escoSkills));
  return parts.join('\n');
}

export function unitHtml(unit: UnitDescription): string {
  const parts: string[] = [`<p>${htmlText(unit.title)}</p>`];
  const about = facts([
    ['Code', unit.code],
    ['ECVET points', unit.points],
    ['EQF level', unit.eqfLevel],
    ['Validity', unit.validity],
  ]);
  if (about) parts.push(about);
  if (unit.assessmentCriteria.length > 0) parts.push('<p><strong>Assessment criteria:</strong></p>', list(unit.assessmentCriteria));
  return parts.join('\n');
}

export function qualificationHtml(map: MapDescription): string {
  const q: QualificationDescription | null = map.qualification;
  const parts: string[] = [`<p>${htmlText(q?.title || map.title)}</p>`];
  if (q?.keyPurpose) parts.push(`<p><strong>Key purpose:</strong> ${htmlText(q.keyPurpose)}</p>`);
  const about = facts([
    ['Code', q?.code],
    ['EQF level', q?.eqfLevel],
    ['NQF level', q?.nqfLevel],
    ['ECVET points', q?.points],
    ['ISCO-08', q?.iscoCode],
    ['ESCO occupation', q?.escoOccupation],
  ]);
  if (about) parts.push(about);
  if (map.sample === 'illustrative') parts.push('<p><em>Illustrative sample: the statements were written for a demonstration, not taken from an official standard.</em></p>');
  return parts.join('\n');
}

/** A unit's outcomes in reading order (by code), which is how teachers number them. */
export function unitOutcomes(unit: UnitDescription): OutcomeDescription[] {
  return outcomesOf(unit).sort((a, b) => compareCodes(a.code, b.code));
}
