import * as Y from 'yjs';
import { metaOf } from './document.js';
import { canonicalLanguage, sourceLanguage } from './languages.js';
import { RefusalReason, type Result } from './operations.js';
import type { RuleId } from './rules/types.js';
import type { MapMeta } from './schema.js';
import { tokenize } from './rules/verbs.js';

/**
 * A map's answers to its findings, shared with everyone who edits it: verbs its editors accept
 * as action verbs beyond the shipped lists (`meta.verbs`, language → Y.Array), and findings
 * answered "ignore here" (`meta.ignored`, per rule, node and language). The checks honour both.
 */

/** Longest verb or phrase accepted (a verb, not a sentence). */
export const MAX_MAP_VERB_LENGTH = 60;

function refuse(message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason: RefusalReason.InvalidValue, message };
}

/** The verbs this map accepts in a language (lower case). */
export function mapVerbs(meta: MapMeta, language: string): readonly string[] {
  return meta.verbs?.[language] ?? [];
}

function verbList(doc: Y.Doc, language: string): Y.Array<string> {
  const meta = metaOf(doc);
  let verbs = meta.get('verbs');
  if (!(verbs instanceof Y.Map)) {
    verbs = new Y.Map<Y.Array<string>>();
    meta.set('verbs', verbs);
  }
  let list = (verbs as Y.Map<unknown>).get(language);
  if (!(list instanceof Y.Array)) {
    list = new Y.Array<string>();
    (verbs as Y.Map<unknown>).set(language, list);
  }
  return list as Y.Array<string>;
}

function normaliseVerb(verb: unknown): Result<string> {
  if (typeof verb !== 'string') return refuse('A verb must be text.');
  const words = tokenize(verb);
  if (words.length === 0) return refuse('Give the verb to add.');
  const normal = words.join(' ');
  if (normal.length > MAX_MAP_VERB_LENGTH || words.length > 4) return refuse(`A verb or phrase has at most 4 words and ${MAX_MAP_VERB_LENGTH} characters.`);
  return { ok: true, value: normal };
}

/**
 * Adds a verb to the map's list for a language ("add this verb to the map's list" on a "not an
 * action verb" finding): every editor's checks then accept it. Returns the verb as stored.
 */
export function addMapVerb(doc: Y.Doc, language: string, verb: string, origin?: unknown): Result<string> {
  const tag = canonicalLanguage(language);
  if (!tag.ok) return tag;
  const checked = normaliseVerb(verb);
  if (!checked.ok) return checked;
  const verbs = metaOf(doc).get('verbs');
  const existing = verbs instanceof Y.Map ? verbs.get(tag.value) : undefined;
  // Read first, made only inside the transaction: one change, with this person's origin.
  if (!(existing instanceof Y.Array && existing.toArray().includes(checked.value))) {
    doc.transact(() => verbList(doc, tag.value).push([checked.value]), origin);
  }
  return checked;
}

/** Takes a verb off the map's list (every copy: two people may have added it at once). */
export function removeMapVerb(doc: Y.Doc, language: string, verb: string, origin?: unknown): Result<void> {
  const tag = canonicalLanguage(language);
  if (!tag.ok) return tag;
  const checked = normaliseVerb(verb);
  if (!checked.ok) return checked;
  const verbs = metaOf(doc).get('verbs');
  const list = verbs instanceof Y.Map ? verbs.get(tag.value) : undefined;
  if (!(list instanceof Y.Array) || !list.toArray().includes(checked.value)) return refuse(`"${checked.value}" is not in this map's list.`);
  doc.transact(() => {
    const items = list.toArray();
    for (let i = items.length - 1; i >= 0; i--) if (items[i] === checked.value) list.delete(i, 1);
  }, origin);
  return { ok: true, value: undefined };
}

/** What a finding is ignored under: its rule, its node, and the language of the text it is about. */
export interface IgnoredFinding {
  rule: RuleId;
  nodeId: string;
  /** The language of the text (a translation's); omit for the source language. */
  language?: string;
}

/**
 * The key of an ignored finding in `meta.ignored`: "rule|nodeId" about the source texts (so that it
 * survives a change of the source language's tag), "rule|nodeId|language" about a translation.
 */
export function ignoreKey(finding: IgnoredFinding, source: string): string {
  const base = `${finding.rule}|${finding.nodeId}`;
  return finding.language === undefined || finding.language === source ? base : `${base}|${finding.language}`;
}

/** The key of a finding of the checks (its first node, its `language` param), or null for a map-wide one. */
export function issueIgnoreKey(issue: { rule: RuleId; nodeIds: readonly string[]; params: Record<string, string | number> }, source: string): string | null {
  const nodeId = issue.nodeIds[0];
  if (nodeId === undefined) return null;
  const language = typeof issue.params.language === 'string' ? issue.params.language : undefined;
  return ignoreKey({ rule: issue.rule, nodeId, ...(language ? { language } : {}) }, source);
}

function ignoredMap(doc: Y.Doc): Y.Map<boolean> {
  const meta = metaOf(doc);
  const existing = meta.get('ignored');
  if (existing instanceof Y.Map) return existing as Y.Map<boolean>;
  const created = new Y.Map<boolean>();
  meta.set('ignored', created);
  return created;
}

/** "Ignore here": the checks stop reporting this rule for this node (in this language). */
export function ignoreFinding(doc: Y.Doc, finding: IgnoredFinding, origin?: unknown): Result<void> {
  if (typeof finding.nodeId !== 'string' || finding.nodeId === '') return refuse('Name the node the finding is about.');
  let language: string | undefined;
  if (finding.language !== undefined) {
    const tag = canonicalLanguage(finding.language);
    if (!tag.ok) return tag;
    language = tag.value;
  }
  const key = ignoreKey({ ...finding, ...(language ? { language } : {}) }, sourceLanguage(doc));
  doc.transact(() => ignoredMap(doc).set(key, true), origin);
  return { ok: true, value: undefined };
}

/** Reports the finding again. */
export function unignoreFinding(doc: Y.Doc, finding: IgnoredFinding, origin?: unknown): void {
  const ignored = metaOf(doc).get('ignored');
  if (!(ignored instanceof Y.Map)) return;
  const key = ignoreKey(finding, sourceLanguage(doc));
  if (ignored.has(key)) doc.transact(() => ignored.delete(key), origin);
}
