import * as Y from 'yjs';
import { metaOf } from './document.js';
import { newId } from './ids.js';
import { canonicalLanguage } from './languages.js';
import { RefusalReason, type Result } from './operations.js';

/**
 * The partner institutions of a map (`meta.institutions`): the schools, colleges and companies
 * that design, assess, validate, recognise or award the units, with which of those they are
 * competent for (ECVET's "competent institutions"), whether they send learners (home) or receive
 * them (host), and a contact person. Review links are issued to one of them, and sign-offs made
 * through such a link carry it, not a name typed by hand. The map's owner manages them: the
 * server refuses anyone else's change to `meta.institutions`.
 *
 * Stored as `meta.institutions`: Y.Map id → Y.Map {
 *   name: Y.Map language → string (in any of the map's languages),
 *   country: string (ISO 3166-1 alpha-2, upper case), city: string,
 *   role: 'home' | 'host', competences: Y.Array of COMPETENCES,
 *   contact: Y.Map { name, email, phone } (each optional)
 * }
 */

export const INSTITUTION_ROLES = ['home', 'host'] as const;
export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];

/** What a competent institution may do for a unit, by national rules (ECVET). */
export const COMPETENCES = ['designing', 'assessing', 'validating', 'recognising', 'awarding'] as const;
export type Competence = (typeof COMPETENCES)[number];

export const INSTITUTION_LIMITS = { name: 200, city: 100, contactName: 120, email: 200, phone: 40, institutions: 200 } as const;

export interface InstitutionContact {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface Institution {
  readonly id: string;
  /** language → name; at least one. */
  readonly name: Readonly<Record<string, string>>;
  readonly country: string;
  readonly city: string;
  readonly role: InstitutionRole;
  readonly competences: readonly Competence[];
  readonly contact: InstitutionContact;
}

export interface InstitutionSpec {
  name: Record<string, string>;
  country: string;
  city?: string;
  role: InstitutionRole;
  competences?: readonly string[];
  contact?: InstitutionContact;
}

const INSTITUTIONS = 'institutions';

function refuse(message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason: RefusalReason.InvalidValue, message };
}

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.trim().length <= max ? value.trim() : null);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The spec, checked and tidied; a refusal says what is wrong with it. */
export function validInstitution(spec: InstitutionSpec): Result<Omit<Institution, 'id'>> {
  if (typeof spec !== 'object' || spec === null) return refuse('An institution is described by its name, country and role.');
  const name: Record<string, string> = {};
  for (const [language, value] of Object.entries(spec.name ?? {})) {
    const tag = canonicalLanguage(language);
    if (!tag.ok) return refuse(`“${language}” is not a language tag.`);
    const written = text(value, INSTITUTION_LIMITS.name);
    if (written === null) return refuse(`A name may be at most ${INSTITUTION_LIMITS.name} characters.`);
    if (written) name[tag.value] = written;
  }
  if (Object.keys(name).length === 0) return refuse('Give the institution’s name in at least one language.');
  const country = typeof spec.country === 'string' ? spec.country.trim().toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(country)) return refuse('Give the country as its two-letter code (LT, IT, UZ…).');
  const city = text(spec.city ?? '', INSTITUTION_LIMITS.city);
  if (city === null) return refuse(`A city may be at most ${INSTITUTION_LIMITS.city} characters.`);
  if (!(INSTITUTION_ROLES as readonly string[]).includes(spec.role)) return refuse('An institution is the home (sending) or the host (receiving) one.');
  const competences = [...new Set(spec.competences ?? [])];
  const unknown = competences.find((c) => !(COMPETENCES as readonly string[]).includes(c));
  if (unknown !== undefined) return refuse(`“${unknown}” is not a competence (${COMPETENCES.join(', ')}).`);
  const contact: { name?: string; email?: string; phone?: string } = {};
  const contactName = text(spec.contact?.name ?? '', INSTITUTION_LIMITS.contactName);
  const email = text(spec.contact?.email ?? '', INSTITUTION_LIMITS.email);
  const phone = text(spec.contact?.phone ?? '', INSTITUTION_LIMITS.phone);
  if (contactName === null || email === null || phone === null) return refuse('The contact person’s details are too long.');
  if (email && !EMAIL.test(email)) return refuse(`“${email}” is not an e-mail address.`);
  if (contactName) contact.name = contactName;
  if (email) contact.email = email;
  if (phone) contact.phone = phone;
  // In the order of COMPETENCES, whatever order they were given in.
  const ordered = COMPETENCES.filter((c) => competences.includes(c));
  return { ok: true, value: { name, country, city, role: spec.role, competences: ordered, contact } };
}

/**
 * Makes the (empty) institutions map when missing: at creation and in the migration to schema 3,
 * so that two partners adding the first institutions at once both add to one map.
 */
export function prepareInstitutions(doc: Y.Doc): void {
  const meta = metaOf(doc);
  if (!(meta.get(INSTITUTIONS) instanceof Y.Map)) meta.set(INSTITUTIONS, new Y.Map());
}

function institutionsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> | undefined {
  const raw = metaOf(doc).get(INSTITUTIONS);
  return raw instanceof Y.Map ? (raw as Y.Map<Y.Map<unknown>>) : undefined;
}

function write(entry: Y.Map<unknown>, value: Omit<Institution, 'id'>): void {
  const name = new Y.Map<string>();
  for (const [language, written] of Object.entries(value.name)) name.set(language, written);
  entry.set('name', name);
  entry.set('country', value.country);
  entry.set('city', value.city);
  entry.set('role', value.role);
  entry.set('competences', Y.Array.from([...value.competences]));
  const contact = new Y.Map<string>();
  for (const [key, written] of Object.entries(value.contact)) if (written) contact.set(key, written);
  entry.set('contact', contact);
}

/** Adds a partner institution; returns its id. */
export function addInstitution(doc: Y.Doc, spec: InstitutionSpec, origin?: unknown, id: string = newId()): Result<string> {
  const checked = validInstitution(spec);
  if (!checked.ok) return checked;
  if ((institutionsOf(doc)?.size ?? 0) >= INSTITUTION_LIMITS.institutions) return refuse(`A map has at most ${INSTITUTION_LIMITS.institutions} partner institutions.`);
  doc.transact(() => {
    const meta = metaOf(doc);
    let all = institutionsOf(doc);
    if (!all) {
      all = new Y.Map();
      meta.set(INSTITUTIONS, all);
    }
    const entry = new Y.Map<unknown>();
    all.set(id, entry);
    write(entry, checked.value);
  }, origin);
  return { ok: true, value: id };
}

/** Replaces what is known of an institution (its id, and so the sign-offs bound to it, stay). */
export function updateInstitution(doc: Y.Doc, id: string, spec: InstitutionSpec, origin?: unknown): Result<void> {
  const entry = institutionsOf(doc)?.get(id);
  if (!(entry instanceof Y.Map)) return { ok: false, reason: RefusalReason.NodeNotFound, message: 'This institution is no longer a partner of the map.' };
  const checked = validInstitution(spec);
  if (!checked.ok) return checked;
  doc.transact(() => write(entry, checked.value), origin);
  return { ok: true, value: undefined };
}

export function removeInstitution(doc: Y.Doc, id: string, origin?: unknown): Result<void> {
  const all = institutionsOf(doc);
  if (!all?.has(id)) return { ok: false, reason: RefusalReason.NodeNotFound, message: 'This institution is no longer a partner of the map.' };
  doc.transact(() => all.delete(id), origin);
  return { ok: true, value: undefined };
}

/** Every readable institution, by its name in the source language (or any), then id. Malformed entries are left out. */
export function readInstitutions(doc: Y.Doc): Institution[] {
  const out: Institution[] = [];
  for (const [id, entry] of institutionsOf(doc)?.entries() ?? []) {
    if (!(entry instanceof Y.Map)) continue;
    const rawName = entry.get('name');
    const name: Record<string, string> = {};
    if (rawName instanceof Y.Map) for (const [language, value] of (rawName as Y.Map<unknown>).entries()) if (typeof value === 'string' && value) name[language] = value;
    const role = entry.get('role');
    if (Object.keys(name).length === 0 || !(INSTITUTION_ROLES as readonly unknown[]).includes(role)) continue;
    const competences = entry.get('competences');
    const contact = entry.get('contact');
    const contactOf = (key: string) => (contact instanceof Y.Map && typeof contact.get(key) === 'string' ? { [key]: contact.get(key) as string } : {});
    out.push({
      id,
      name,
      country: typeof entry.get('country') === 'string' ? (entry.get('country') as string) : '',
      city: typeof entry.get('city') === 'string' ? (entry.get('city') as string) : '',
      role: role as InstitutionRole,
      competences: competences instanceof Y.Array ? COMPETENCES.filter((c) => (competences as Y.Array<unknown>).toArray().includes(c)) : [],
      contact: { ...contactOf('name'), ...contactOf('email'), ...contactOf('phone') },
    });
  }
  return out.sort((a, b) => displayName(a, '').localeCompare(displayName(b, '')) || (a.id < b.id ? -1 : 1));
}

/** An institution's name in a language: that language's, else the source language's, else any. */
export function displayName(institution: Pick<Institution, 'name'>, language: string, source?: string): string {
  return institution.name[language] ?? (source ? institution.name[source] : undefined) ?? Object.values(institution.name)[0] ?? '';
}
