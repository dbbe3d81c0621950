import { groupMinimum, type MapSnapshot } from '@qms/model';
import { LABELS, documentLanguage } from '../documents/labels.js';
import { unitSections } from '../documents/outline.js';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { describeMap, outcomesOf, type OutcomeDescription, type UnitDescription } from '../describe.js';
import { exportLanguage, mapLanguages, type ExportContext, type ExportFormat } from '../format.js';
import {
  CREDIT_FRAMEWORK,
  ENTITLEMENT_STATUS,
  ENTITLEMENT_TYPE,
  ISCED_F_BASE,
  ISCED_F_UNKNOWN,
  NS,
  SKILL_REUSE_LEVEL,
  SKILL_TYPE,
  TOPIC_ASSESSMENT,
  XSD_VERSION,
  eqfLevelUri,
  iscoUri,
  isEqfLevel,
  languageTag,
  languageUri,
  nqfLevelUri,
} from './vocabularies.js';

/**
 * The qualification as a Europass QDR upload: an ELM 3 "learning opportunities and
 * qualifications" (LOQ) XML document that validates against the official `loq.xsd` 3.1.0.
 *
 *   map                         LOQ XML
 *   qualification (or the map)  <qualification> — or <learningAchievementSpecification>, see below
 *     title, key purpose        title, description
 *     EQF level                 EQFLevel (qualification) / educationLevel (specification)
 *     NQF level (a QDR URI)     NQFLevel / educationLevel
 *     points                    creditPoint, framework ECVET
 *     ISCO / ESCO occupation    a learningEntitlementSpecification (type "occupation") with limitOccupation
 *   unit                        a part (hasPart / isPartOf): a partial qualification, or a specification
 *   unit group                  a part holding its units' parts: title, what it asks as description,
 *                               creditPoint the points a learner takes from it (an optional group's minimum)
 *     points, EQF level         creditPoint (ECVET), EQFLevel / educationLevel (the qualification's if unset)
 *     assessment criteria       a learningAssessmentSpecification (provenBy / proves), one note per criterion
 *   learning outcome            learningOutcome, referenced by its unit and by the qualification
 *     domain                    type: knowledge → knowledge; skills, responsibility and autonomy → skill
 *     transversal               reusabilityLevel "transversal"
 *     ESCO skills               relatedESCOSkill
 *     assessment criteria       additionalNote with subject "assessment"
 *   code                        identifier/skos:notation (the schema wants notations unique per document)
 *
 * ELM requires of a <qualification> exactly one EQF level and at least one NQF level from the QDR
 * list of qualification frameworks (cv/nqf.xsd: URIs, no plain "4"). When the map gives both (or
 * the options give the NQF URI), the qualification and its units are exported as qualifications,
 * the units as partial ones. Otherwise everything is exported as learning achievement
 * specifications — the same content, which the schema accepts without framework levels — and the
 * file's opening comment says why. `as: 'qualification'` turns that fallback into an error.
 *
 * The schema also requires of every specification an ISCED-F field of education (the map has
 * none: "Field unknown" is written unless the options give one), a language (the map's) and at
 * least one learning outcome (a unit without outcomes is left out and listed in the comment; a
 * map without any outcome cannot be exported).
 *
 * One file holds every language of the map: each text (title, description, assessment criterion)
 * is written once per language it exists in, tagged with that language (`language="ru"`, the
 * schema's LangString attribute), the export's language first; a missing translation is simply
 * absent (the source's text is there, tagged with the source language). Every specification
 * lists all the map's languages.
 */

/** An agent the partner names: written as an ELM agent with its name. */
export interface LoqAgent {
  /** An absolute URI identifying the organisation (its QDR or website URI, a URN…). */
  id: string;
  name: string;
}

/** What the map cannot say and the caller may: all optional. */
export interface LoqXmlOptions {
  /**
   * `auto` (the default) exports a qualification when the EQF level and an NQF level URI are
   * known, learning specifications otherwise; `qualification` throws instead of falling back;
   * `specification` always writes learning specifications.
   */
  as?: 'auto' | 'qualification' | 'specification';
  /** The NQF level as a QDR URI (http://data.europa.eu/snb/qdr/c_d1e9f55d) or code (c_d1e9f55d); overrides the map's. */
  nqfLevel?: string;
  /** ISCED-F 2013 fields of education: codes ("1012") or their URIs. Default: 9999, "Field unknown". */
  iscedF?: string | readonly string[];
  /** The publisher of the records (the partner uploading them). */
  publisher?: LoqAgent;
  /** The body that awards the qualification: written as an awarding opportunity. */
  awardingBody?: LoqAgent;
}

/** The export context with this format's own options. */
export interface LoqXmlContext extends ExportContext {
  loq?: LoqXmlOptions;
}

/** A map (or options) that LOQ XML cannot express; the message says what to fill in. */
export class LoqXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoqXmlError';
  }
}

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): dropped. */
// eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 forbids
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(text: string): string {
  return text.replace(INVALID_XML_CHARS, '');
}

const blank = (text: string | null | undefined): boolean => !text || clean(text).trim() === '';

/** A comment's text: no "--", no trailing "-". */
function commentText(lines: readonly string[]): string {
  return `\n${lines.map((line) => `  ${clean(line).replace(/-{2,}/g, '-')}`).join('\n')}\n`;
}

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const ISCED_F = /^(?:https?:\/\/data\.europa\.eu\/snb\/isced-f\/)?(\d{2,4})$/;

/** Identifiers of the records: stable for a map (node ids), under the map's base URI when known. */
function idMinter(context: ExportContext): (type: string, nodeId?: string) => string {
  const base = context.baseUri?.trim().replace(/\/+$/, '');
  if (base) return (type, nodeId) => `${base}/loq/${type}${nodeId ? `/${encodeURIComponent(nodeId)}` : ''}`;
  const scope = context.mapId ? `urn:qms:map:${encodeURIComponent(context.mapId)}` : 'urn:qms';
  return (type, nodeId) => `${scope}:${type}${nodeId ? `:${encodeURIComponent(nodeId)}` : ''}`;
}

function checkAgent(agent: LoqAgent | undefined, role: string): LoqAgent | undefined {
  if (!agent) return undefined;
  if (!ABSOLUTE_URI.test(agent.id.trim())) throw new LoqXmlError(`The ${role}'s id must be an absolute URI (e.g. https://school.example.org), not "${agent.id}".`);
  if (blank(agent.name)) throw new LoqXmlError(`Give the ${role} a name to export LOQ XML.`);
  return { id: agent.id.trim(), name: agent.name };
}

function iscedFUris(option: LoqXmlOptions['iscedF']): string[] | null {
  if (option === undefined) return null;
  const codes = (typeof option === 'string' ? [option] : [...option]).map((code) => code.trim()).filter((code) => code !== '');
  if (codes.length === 0) return null;
  return [
    ...new Set(
      codes.map((code) => {
        const match = ISCED_F.exec(code);
        if (!match) throw new LoqXmlError(`"${code}" is not an ISCED-F 2013 field of education: give two to four digits, e.g. 1012 (hair and beauty services).`);
        return `${ISCED_F_BASE}${match[1]}`;
      }),
    ),
  ];
}

const formatPoints = (points: number): string => String(points);

interface Part {
  unit: UnitDescription;
  id: string;
  title: string;
  outcomes: OutcomeDescription[];
  assessmentId: string | null;
  /** The unit's criteria with their index in the list (a translation's item is at the same index). */
  criteria: Array<{ text: string; index: number }>;
}

/** A unit's title in every language it exists in; its code (untranslated) when it has none. */
function unitTitleOf(part: Part, inLanguages: (id: string, field: string, source: string) => Array<[string, string]>, source: string): Array<[string, string]> {
  return blank(part.unit.title) ? [[source, part.title]] : inLanguages(part.unit.id, 'title', part.unit.title);
}

/** Per target language, each item's translated fields by id (only fields that are translated, not the source's fallback). */
function translations(snapshot: MapSnapshot, languages: readonly string[]): Map<string, Map<string, Record<string, unknown>>> {
  const result = new Map<string, Map<string, Record<string, unknown>>>();
  for (const tag of languages) {
    const described = describeMap(snapshot, tag);
    const byId = new Map<string, Record<string, unknown>>();
    const add = (item: { id: string; untranslated: readonly string[] }, fields: Record<string, unknown>) => {
      const own: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(fields)) {
        // describe.ts names an outcome's title `statement`; untranslated speaks of model fields.
        if (!item.untranslated.includes(name === 'statement' ? 'title' : name)) own[name] = value;
      }
      byId.set(item.id, own);
    };
    const q = described.qualification;
    if (q) add(q, { title: q.title, keyPurpose: q.keyPurpose });
    for (const unit of described.units) add(unit, { title: unit.title, assessmentCriteria: unit.assessmentCriteria });
    for (const group of described.groups) add(group, { title: group.title });
    for (const lo of [...described.units.flatMap(outcomesOf), ...described.ungroupedOutcomes]) add(lo, { statement: lo.statement, assessmentCriteria: lo.assessmentCriteria });
    result.set(tag, byId);
  }
  return result;
}

/** The LOQ XML document for a map, as a string. Throws LoqXmlError when the map cannot be expressed. */
export function loqXml(snapshot: MapSnapshot, context: LoqXmlContext): string {
  // The structure and the source texts from the source; the translations from each target language.
  const map = describeMap(snapshot);
  const first = exportLanguage(snapshot, context);
  const languages = [first, ...mapLanguages(snapshot).filter((tag) => tag !== first)];
  const translated = translations(snapshot, languages.filter((tag) => tag !== map.sourceLanguage));
  const options = context.loq ?? {};
  const q = map.qualification;
  const lang = languageTag(first);
  const languageRefs = [...new Set(languages.map(languageUri))];
  /** A text of an item in every language it exists in, the export's language first. */
  const inLanguages = (id: string | undefined, field: string, source: string): Array<[string, string]> =>
    languages.flatMap((tag): Array<[string, string]> => {
      if (tag === map.sourceLanguage) return [[tag, source]];
      const text = id === undefined ? undefined : translated.get(tag)?.get(id)?.[field];
      return typeof text === 'string' && !blank(text) ? [[tag, text]] : [];
    });
  /** Item `index` of a list field in every language it exists in. */
  const itemInLanguages = (id: string, field: string, index: number, source: string): Array<[string, string]> =>
    languages.flatMap((tag): Array<[string, string]> => {
      if (tag === map.sourceLanguage) return [[tag, source]];
      const list = translated.get(tag)?.get(id)?.[field];
      const text = Array.isArray(list) ? list[index] : undefined;
      return typeof text === 'string' && !blank(text) ? [[tag, text]] : [];
    });
  const idOf = idMinter(context);
  const modified = context.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const notes: string[] = [];
  const publisher = checkAgent(options.publisher, 'publisher');
  const awardingBody = checkAgent(options.awardingBody, 'awarding body');

  // The qualification: its title, levels and the form it can take.
  const title = !blank(q?.title) ? q!.title : !blank(map.title) ? map.title : null;
  if (title === null) throw new LoqXmlError("Give the qualification a title to export LOQ XML.");
  const eqf = isEqfLevel(q?.eqfLevel) ? q!.eqfLevel : null;
  if (options.nqfLevel !== undefined && nqfLevelUri(options.nqfLevel) === null) {
    throw new LoqXmlError(`The NQF level "${options.nqfLevel}" is not a level of the QDR list of qualification frameworks (a URI such as http://data.europa.eu/snb/qdr/c_d1e9f55d).`);
  }
  const nqf = nqfLevelUri(options.nqfLevel ?? q?.nqfLevel);
  const plainNqf = nqf === null && !blank(q?.nqfLevel) ? q!.nqfLevel!.trim() : null;
  const as = options.as ?? 'auto';
  if (as === 'qualification') {
    if (eqf === null) throw new LoqXmlError("Set the qualification's EQF level to export LOQ XML as a qualification.");
    if (nqf === null) {
      throw new LoqXmlError(
        `Set the qualification's NQF level to a level of the QDR list of qualification frameworks (a URI such as http://data.europa.eu/snb/qdr/c_d1e9f55d, "LTQF Level 4")${plainNqf ? `, not "${plainNqf}",` : ''} to export LOQ XML as a qualification.`,
      );
    }
  }
  const asQualification = as !== 'specification' && eqf !== null && nqf !== null;
  const specElement = asQualification ? 'qualification' : 'learningAchievementSpecification';

  // Learning outcomes: every outcome with a statement, unit by unit, then those in no unit.
  const exportable = (outcome: OutcomeDescription): boolean => {
    if (!blank(outcome.statement)) return true;
    notes.push(`Left out: learning outcome ${outcome.code || outcome.id} has no statement.`);
    return false;
  };
  const outcomeId = (outcome: OutcomeDescription) => idOf('learning-outcome', outcome.id);
  const parts: Part[] = [];
  const outcomes: OutcomeDescription[] = [];
  for (const unit of map.units) {
    const unitOutcomes = outcomesOf(unit).filter(exportable);
    outcomes.push(...unitOutcomes);
    const unitTitle = !blank(unit.title) ? unit.title : !blank(unit.code) ? unit.code : null;
    if (unitTitle === null || unitOutcomes.length === 0) {
      notes.push(
        `Left out: unit ${unit.code || unit.id}${unitTitle ? ` (${unitTitle})` : ''} ${unitTitle === null ? 'has no title' : 'has no learning outcome'}; ELM requires a title and a learning outcome of every part.`,
      );
      continue;
    }
    const criteria = unit.assessmentCriteria.map((text, index) => ({ text, index })).filter((c) => !blank(c.text));
    parts.push({ unit, id: idOf('unit', unit.id), title: unitTitle, outcomes: unitOutcomes, assessmentId: criteria.length ? idOf('assessment', unit.id) : null, criteria });
  }
  outcomes.push(...map.ungroupedOutcomes.filter(exportable));
  if (outcomes.length === 0) {
    throw new LoqXmlError('Add at least one learning outcome with its statement to export LOQ XML: ELM requires a qualification to list its learning outcomes.');
  }

  // Unit groups: a part of the qualification holding its units' parts (a group none of whose units
  // is exported is left out, its units then parts of the qualification itself).
  const sourceLabels = LABELS[documentLanguage(map.sourceLanguage)];
  const groupParts = unitSections(map)
    .filter((section) => section.group !== null)
    .map(({ group, units }) => {
      const members = parts.filter((part) => units.includes(part.unit));
      const minimum = group!.optional
        ? groupMinimum({ minPoints: group!.minPoints ?? undefined, minUnits: group!.minUnits ?? undefined }, members.map((part) => ({ points: part.unit.points ?? undefined })))
        : members.reduce((sum, part) => sum + (part.unit.points ?? 0), 0);
      return { group: group!, id: idOf('unit-group', group!.id), members, minimum };
    })
    .filter((entry) => entry.members.length > 0 && (!blank(entry.group.title) || !blank(entry.group.code)));
  const groupOfPart = new Map(groupParts.flatMap((entry) => entry.members.map((part) => [part, entry.id] as const)));
  const topId = idOf('qualification', q?.id);
  const iscoCode = q?.iscoCode && /^\d{1,4}$/.test(q.iscoCode) ? q.iscoCode : null;
  const escoOccupation = q?.escoOccupation && ABSOLUTE_URI.test(q.escoOccupation.trim()) ? q.escoOccupation.trim() : null;
  const entitlementId = iscoCode || escoOccupation ? idOf('occupation', q?.id) : null;
  if (q && !blank(q.escoOccupation) && !escoOccupation) notes.push(`Left out: the ESCO occupation "${q.escoOccupation}" is not a URI.`);
  for (const outcome of outcomes) {
    const odd = outcome.escoSkills.filter((skill) => !blank(skill) && !ABSOLUTE_URI.test(skill.trim()));
    if (odd.length > 0) notes.push(`Left out: ESCO skills of learning outcome ${outcome.code || outcome.id} that are not URIs (${odd.join(', ')}).`);
  }

  let isced = iscedFUris(options.iscedF);
  if (isced === null) {
    isced = [ISCED_F_UNKNOWN];
    notes.push('ISCED-F field of education: the map has none, so 9999 ("Field unknown") is written; replace it before uploading.');
  }

  if (!asQualification) {
    const missing = [
      eqf === null ? 'no EQF level' : null,
      nqf === null ? (plainNqf ? `the NQF level "${plainNqf}", which is not a URI of the QDR list of qualification frameworks` : 'no NQF level') : null,
    ].filter((reason): reason is string => reason !== null);
    notes.unshift(
      as === 'specification'
        ? 'Exported as learning achievement specifications, as asked.'
        : `Exported as learning achievement specifications, not as a qualification: the qualification has ${missing.join(' and ')}. ` +
            'ELM requires of a qualification one EQF level and an NQF level from the QDR list (e.g. http://data.europa.eu/snb/qdr/c_d1e9f55d, LTQF Level 4).',
    );
  }
  if (as === 'specification' && plainNqf) notes.push(`NQF level "${plainNqf}" left out: ELM takes NQF levels only as URIs of the QDR list of qualification frameworks.`);
  if (map.sample === 'illustrative') notes.push('This map is an illustrative sample: its statements are examples, not an official standard.');

  // The document.
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  doc.com(
    commentText([
      `Europass learning opportunities and qualifications (ELM 3 LOQ XML ${XSD_VERSION}) for the Qualifications Dataset Register,`,
      `exported by Qualification Map Studio on ${modified}.`,
      ...notes,
    ]),
  );
  const root = doc.ele(NS.loq, 'Courses', { 'xmlns:skos': NS.skos, 'xmlns:dc': NS.dc, xsdVersion: XSD_VERSION });

  const unitTitle = (part: Part) => unitTitleOf(part, inLanguages, map.sourceLanguage);
  const notations = new Set<string>();
  const identifier = (parent: XMLBuilder, code: string | null | undefined): void => {
    const notation = clean(code ?? '').trim();
    // The schema wants identifier notations unique in the document: a repeated code is written once.
    if (notation === '' || notations.has(notation)) return;
    notations.add(notation);
    const element = parent.ele('identifier');
    element.ele(NS.skos, 'skos:notation').txt(notation);
    element.ele('schemeName').txt('Qualification Map Studio code');
  };
  const langString = (parent: XMLBuilder, name: string, texts: ReadonlyArray<[string, string]>): void => {
    for (const [tag, text] of texts) parent.ele(name, { language: languageTag(tag) }).txt(clean(text));
  };
  const concept = (parent: XMLBuilder, name: string, uri: string): XMLBuilder => parent.ele(name, { uri });
  const ref = (parent: XMLBuilder, name: string, idref: string): void => {
    parent.ele(name, { idref });
  };
  /** One note per language (a note holds one literal). */
  const note = (parent: XMLBuilder, name: string, texts: ReadonlyArray<[string, string]>, subject?: string): void => {
    for (const [tag, text] of texts) {
      const element = parent.ele(name);
      if (subject) element.ele(NS.dc, 'dc:subject', { uri: subject });
      element.ele('noteLiteral', { language: languageTag(tag) }).txt(clean(text));
    }
  };
  /** The specification's tail that every kind of specification shares (RestrictedSpecificationType). */
  const common = (parent: XMLBuilder): void => {
    parent.ele('modified').txt(modified);
    if (publisher) ref(parent, 'publisher', publisher.id);
  };

  interface Spec {
    id: string;
    code: string;
    title: ReadonlyArray<[string, string]>;
    description: ReadonlyArray<[string, string]> | null;
    points: number | null;
    eqf: number | null;
    outcomes: readonly OutcomeDescription[];
    provenBy: string | null;
    entitlesTo: string | null;
    hasPart: readonly string[];
    isPartOf: string | null;
    awardingBody: LoqAgent | null;
    partial: boolean;
  }
  const specification = (parent: XMLBuilder, spec: Spec): void => {
    const element = parent.ele(specElement, { id: spec.id });
    identifier(element, spec.code);
    langString(element, 'title', spec.title);
    if (spec.description !== null) langString(element, 'description', spec.description);
    common(element);
    for (const uri of isced) concept(element, 'ISCEDFCode', uri);
    if (spec.points !== null) {
      const credit = element.ele('creditPoint');
      concept(credit, 'framework', CREDIT_FRAMEWORK.ecvet);
      credit.ele('point').txt(formatPoints(spec.points));
    }
    if (!asQualification) {
      // A specification has no EQFLevel / NQFLevel: its levels are education levels.
      if (spec.eqf !== null) concept(element, 'educationLevel', eqfLevelUri(spec.eqf));
      if (nqf !== null) concept(element, 'educationLevel', nqf);
    }
    for (const uri of languageRefs) concept(element, 'language', uri);
    for (const outcome of spec.outcomes) ref(element, 'learningOutcome', outcomeId(outcome));
    if (spec.provenBy) ref(element, 'provenBy', spec.provenBy);
    if (spec.entitlesTo) ref(element, 'entitlesTo', spec.entitlesTo);
    for (const part of spec.hasPart) ref(element, 'hasPart', part);
    if (spec.isPartOf) ref(element, 'isPartOf', spec.isPartOf);
    if (spec.awardingBody) {
      const awarding = element.ele('awardingOpportunity');
      ref(awarding, 'awardingBody', spec.awardingBody.id);
      ref(awarding, 'learningAchievementSpecification', spec.id);
    }
    if (asQualification) {
      element.ele('isPartialQualification').txt(spec.partial ? 'true' : 'false');
      concept(element, 'EQFLevel', eqfLevelUri(spec.eqf!));
      concept(element, 'NQFLevel', nqf!);
    }
  };

  // The map's title stands in for a qualification without one: it has no translations.
  const qualificationTitle = q && !blank(q.title) ? inLanguages(q.id, 'title', q.title) : [[map.sourceLanguage, title] as [string, string]];
  const specifications = root.ele('learningAchievementSpecificationReferences');
  specification(specifications, {
    id: topId,
    code: q?.code ?? '',
    title: qualificationTitle,
    description: q && !blank(q.keyPurpose) ? inLanguages(q.id, 'keyPurpose', q.keyPurpose!) : null,
    points: q?.points ?? null,
    eqf,
    outcomes,
    provenBy: null,
    entitlesTo: entitlementId,
    hasPart: [...parts.filter((part) => !groupOfPart.has(part)).map((part) => part.id), ...groupParts.map((entry) => entry.id)],
    isPartOf: null,
    awardingBody: awardingBody ?? null,
    partial: false,
  });
  for (const part of parts) {
    specification(specifications, {
      id: part.id,
      code: part.unit.code,
      title: unitTitle(part),
      description: null,
      points: part.unit.points,
      eqf: isEqfLevel(part.unit.eqfLevel) ? part.unit.eqfLevel : eqf,
      outcomes: part.outcomes,
      provenBy: part.assessmentId,
      entitlesTo: null,
      hasPart: [],
      isPartOf: groupOfPart.get(part) ?? topId,
      awardingBody: null,
      partial: true,
    });
  }
  // A group: its title, what it asks (the description), the points every learner takes from it,
  // the outcomes of its units.
  for (const entry of groupParts) {
    const { group } = entry;
    specification(specifications, {
      id: entry.id,
      code: group.code,
      title: blank(group.title) ? [[map.sourceLanguage, group.code]] : inLanguages(group.id, 'title', group.title),
      description: [[map.sourceLanguage, sourceLabels.groupRule(group.optional, group.minPoints, group.minUnits)]],
      points: Math.round(entry.minimum * 1000) / 1000,
      eqf,
      outcomes: entry.members.flatMap((part) => part.outcomes),
      provenBy: null,
      entitlesTo: null,
      hasPart: entry.members.map((part) => part.id),
      isPartOf: topId,
      awardingBody: null,
      partial: true,
    });
  }

  const outcomeReferences = root.ele('learningOutcomeReferences');
  for (const outcome of outcomes) {
    const element = outcomeReferences.ele('learningOutcome', { id: outcomeId(outcome) });
    identifier(element, outcome.code);
    langString(element, 'title', inLanguages(outcome.id, 'statement', outcome.statement));
    // ESCO's skill types: knowledge, and skill/competence (skills, responsibility and autonomy).
    if (outcome.domain) concept(element, 'type', outcome.domain === 'knowledge' ? SKILL_TYPE.knowledge : SKILL_TYPE.skill);
    outcome.assessmentCriteria.forEach((criterion, index) => {
      if (!blank(criterion)) note(element, 'additionalNote', itemInLanguages(outcome.id, 'assessmentCriteria', index, criterion), TOPIC_ASSESSMENT);
    });
    if (outcome.transversal) concept(element, 'reusabilityLevel', SKILL_REUSE_LEVEL.transversal);
    for (const skill of new Set(outcome.escoSkills.map((s) => s.trim()))) if (ABSOLUTE_URI.test(skill)) concept(element, 'relatedESCOSkill', skill);
  }

  const assessed = parts.filter((part) => part.assessmentId !== null);
  if (assessed.length > 0) {
    const assessments = root.ele('learningAssessmentSpecificationReferences');
    for (const part of assessed) {
      const element = assessments.ele('learningAssessmentSpecification', { id: part.assessmentId! });
      langString(element, 'title', unitTitle(part));
      for (const { text, index } of part.criteria) note(element, 'additionalNote', itemInLanguages(part.unit.id, 'assessmentCriteria', index, text), TOPIC_ASSESSMENT);
      common(element);
      for (const uri of languageRefs) concept(element, 'language', uri);
      ref(element, 'proves', part.id);
    }
  }

  if (entitlementId) {
    const element = root.ele('learningEntitlementSpecificationReferences').ele('learningEntitlementSpecification', { id: entitlementId });
    langString(element, 'title', qualificationTitle);
    common(element);
    concept(element, 'type', ENTITLEMENT_TYPE.occupation);
    // The occupation the qualification prepares for, not a legal right to practise it.
    concept(element, 'entitlementStatus', ENTITLEMENT_STATUS.prospective);
    if (iscoCode) concept(element, 'limitOccupation', iscoUri(iscoCode)).ele(NS.skos, 'skos:notation').txt(iscoCode);
    if (escoOccupation) concept(element, 'limitOccupation', escoOccupation);
    ref(element, 'entitledBy', topId);
  }

  const agents = new Map<string, LoqAgent>();
  for (const agent of [publisher, awardingBody]) if (agent && !agents.has(agent.id)) agents.set(agent.id, agent);
  if (agents.size > 0) {
    const agentReferences = root.ele('agentReferences');
    for (const agent of agents.values()) agentReferences.ele('agent', { id: agent.id }).ele(NS.skos, 'skos:prefLabel', { language: lang }).txt(clean(agent.name));
  }

  return `${doc.end({ prettyPrint: true })}\n`;
}

export const loqXmlFormat: ExportFormat = {
  id: 'loq-xml',
  extension: 'loq.xml',
  mediaType: 'application/xml',
  label: 'Europass qualification (ELM LOQ XML)',
  text: true,
  async run(snapshot, context) {
    return loqXml(snapshot, context as LoqXmlContext);
  },
};
