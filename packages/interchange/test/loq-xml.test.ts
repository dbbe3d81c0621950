import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNodes, hairdresser, initMapDocument, placeInUnit, snapshotOf, type MapSnapshot } from '@qms/model';
import { afterAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import * as Y from 'yjs';
import { LANGUAGE_CODES, LoqXmlError, loqXml, loqXmlFormat, type LoqXmlContext } from '../src/loq/index.js';
import { CONTEXT, FIXTURES, SAMPLES, buildCourseWithoutUnits, fixture, hasFixtures, sampleMap } from './fixtures.js';

// ---------------------------------------------------------------------------------------------
// Validation with xmllint against the official schema (fixtures/elm/loq-xsd/loq.xsd).

const XSD = `${FIXTURES}elm/loq-xsd/loq.xsd`;
const hasSchema = hasFixtures && existsSync(XSD);
const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
const hasXmllint = probe.error === undefined && probe.status === 0;
const inCI = Boolean(process.env.CI);
const skipReason = !hasSchema
  ? `${XSD} is absent`
  : !hasXmllint
    ? 'xmllint is not installed (Debian/Ubuntu: apt-get install libxml2-utils)'
    : null;
if (skipReason) console.warn(`\n⚠ LOQ XML schema validation is skipped: ${skipReason}.\n`);

const workDir = mkdtempSync(join(tmpdir(), 'qms-loq-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function xmllint(xml: string, name: string): { status: number | null; output: string; file: string } {
  const file = join(workDir, `${name.replace(/[^\w-]+/g, '-')}.loq.xml`);
  writeFileSync(file, xml, 'utf8');
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, file };
}

function expectValid(xml: string, name: string): void {
  const { status, output, file } = xmllint(xml, name);
  expect(output, output).toContain(`${file} validates`);
  expect(status, output).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Reading the XML back with xmlbuilder2's parser (its own small DOM, no browser), into plain
// objects: { '@attribute': value, '#': text, child: object | object[] }, a text-only element as its
// text. (xmlbuilder2's own object format keeps text entity-escaped, so it is not used here.)

type Obj = Record<string, unknown>;
interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}
const list = (value: unknown): Obj[] => (value === undefined ? [] : Array.isArray(value) ? (value as Obj[]) : [value as Obj]);
/** An element's text, with or without attributes. */
const text = (value: unknown): string => (typeof value === 'string' ? value : ((value as Obj)['#'] as string));
const attr = (value: unknown, name: string): string => (value as Obj)[`@${name}`] as string;

function toObject(element: DomNode): Obj | string {
  const object: Obj = {};
  for (const attribute of Array.from(element.attributes ?? [])) object[`@${attribute.name}`] = attribute.value;
  let content = '';
  let hasChildren = false;
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === 1) {
      hasChildren = true;
      const value = toObject(child);
      object[child.nodeName] = child.nodeName in object ? [...list(object[child.nodeName]), value] : value;
    } else if (child.nodeType === 3 || child.nodeType === 4) content += child.nodeValue ?? '';
  }
  if (hasChildren || content.trim() === '') return object;
  if (Object.keys(object).length === 0) return content;
  object['#'] = content;
  return object;
}

interface Parsed {
  root: Obj;
  comment: string;
  /** Qualifications and learning achievement specifications, in document order within each kind. */
  specs: Obj[];
  outcomes: Obj[];
  assessments: Obj[];
  entitlements: Obj[];
  agents: Obj[];
  byId: Map<string, Obj>;
}

function parse(xml: string): Parsed {
  const document = create(xml).node as unknown as DomNode;
  const children = Array.from(document.childNodes);
  const element = children.find((node) => node.nodeType === 1)!;
  expect(element.nodeName).toBe('Courses');
  const root = toObject(element) as Obj;
  const references = (root['learningAchievementSpecificationReferences'] ?? {}) as Obj;
  const specs = [...list(references['qualification']), ...list(references['learningAchievementSpecification'])];
  const outcomes = list((root['learningOutcomeReferences'] as Obj | undefined)?.['learningOutcome']);
  const assessments = list((root['learningAssessmentSpecificationReferences'] as Obj | undefined)?.['learningAssessmentSpecification']);
  const entitlements = list((root['learningEntitlementSpecificationReferences'] as Obj | undefined)?.['learningEntitlementSpecification']);
  const agents = list((root['agentReferences'] as Obj | undefined)?.['agent']);
  const byId = new Map([...specs, ...outcomes, ...assessments, ...entitlements, ...agents].map((o) => [attr(o, 'id'), o]));
  const comment = children
    .filter((node) => node.nodeType === 8)
    .map((node) => node.nodeValue ?? '')
    .join('\n');
  return { root, comment, specs, outcomes, assessments, entitlements, agents, byId };
}

/** The specification that is nobody's part. */
function top(parsed: Parsed): Obj {
  const tops = parsed.specs.filter((spec) => list(spec['isPartOf']).length === 0);
  expect(tops).toHaveLength(1);
  return tops[0]!;
}

const points = (spec: Obj): number => Number(text((spec['creditPoint'] as Obj)['point']));
const ECVET = 'http://data.europa.eu/snb/education-credit/60b314e826';
const LTQF_4 = 'http://data.europa.eu/snb/qdr/c_d1e9f55d';

async function exportText(snapshot: MapSnapshot, context: LoqXmlContext = CONTEXT): Promise<string> {
  return (await loqXmlFormat.run(snapshot, context)) as string;
}

// ---------------------------------------------------------------------------------------------
// Maps built for these tests.

const SPECIAL = {
  title: 'Kirpėjas & <Barber> "Élite" — 💇‍♀️ 𝒳',
  keyPurpose: "Provide hair services ]]> that meet 'clients' needs & wishes <always>\u0001.",
  unit: 'Cutting <b>hair</b> & "beards"',
  criteria: ['The cut is "balanced" & clean', "Tools < 5 years' old are used", '𝟙 emoji 😀 criteria'],
  outcomes: [
    'Cut hair <precisely> & safely',
    'Explain "colour theory" — 𝄞 notes & tones',
    "Stirkite plaukus 'šukuosenai' & kirpkite 👍",
  ],
} as const;

/** A map with every kind of awkward text, a repeated code, gaps (an empty unit, an outcome without a statement) and Lithuanian content. */
function specialMap(): MapSnapshot {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Special characters', language: 'lt' });
  const [, unit, emptyUnit, lo1, lo2, lo3, blankLo] = addNodes(doc, [
    {
      kind: 'qualification',
      code: 'Q 1',
      title: SPECIAL.title,
      position: { x: 0, y: 0 },
      fields: { keyPurpose: SPECIAL.keyPurpose, eqfLevel: 4, points: 60, iscoCode: '5141', escoOccupation: 'http://data.europa.eu/esco/occupation/c8c1f8d4-1fe5-4a7a-8d2e-0a2c4b5e7c3b' },
    },
    { kind: 'unit', code: 'U 1', title: SPECIAL.unit, position: { x: 0, y: 400 }, fields: { points: 60, assessmentCriteria: [...SPECIAL.criteria] } },
    { kind: 'unit', code: 'U 2', title: 'Nothing here yet', position: { x: 400, y: 400 }, fields: { points: 0 } },
    {
      kind: 'learningOutcome',
      code: 'LO 1',
      title: SPECIAL.outcomes[0],
      position: { x: 0, y: 0 },
      fields: { domain: 'skills', transversal: true, assessmentCriteria: ['Safety & <hygiene> rules are followed'], escoSkills: ['http://data.europa.eu/esco/skill/1a2b3c4d-0000-4000-8000-000000000001', 'not a uri'] },
    },
    { kind: 'learningOutcome', code: 'LO 1', title: SPECIAL.outcomes[1], position: { x: 0, y: 0 }, fields: { domain: 'knowledge' } },
    { kind: 'learningOutcome', code: 'LO 3', title: SPECIAL.outcomes[2], position: { x: 0, y: 0 }, fields: { domain: 'autonomy' } },
    { kind: 'learningOutcome', code: 'LO 4', title: '   ', position: { x: 0, y: 0 } },
  ]);
  void emptyUnit;
  for (const outcome of [lo1!, lo2!, lo3!, blankLo!]) placeInUnit(doc, outcome, unit!, { x: 0, y: 0 });
  return snapshotOf(doc);
}

function emptyMap(title = 'An empty map'): MapSnapshot {
  const doc = new Y.Doc();
  initMapDocument(doc, { title, language: 'en' });
  return snapshotOf(doc);
}

const HAIRDRESSER = SAMPLES[1];
const RUECVET = SAMPLES[0];
const QUALIFICATION_OPTIONS: LoqXmlContext = {
  ...CONTEXT,
  loq: {
    nqfLevel: 'c_d1e9f55d',
    iscedF: '1012',
    publisher: { id: 'https://school.example.org/', name: 'Vilnius School of Hairdressing & Beauty' },
    awardingBody: { id: 'urn:example:awarding-body', name: 'Ministry "of" Education' },
  },
};

// ---------------------------------------------------------------------------------------------

describe('loq-xml: the format', () => {
  it('is the Europass LOQ XML download', () => {
    expect(loqXmlFormat).toMatchObject({
      id: 'loq-xml',
      extension: 'loq.xml',
      mediaType: 'application/xml',
      text: true,
      label: 'Europass qualification (ELM LOQ XML)',
    });
  });

  it.runIf(inCI && !hasXmllint)('has xmllint in CI (apt-get install libxml2-utils)', () => {
    expect.fail('xmllint is not installed, and CI must validate LOQ XML against loq.xsd: apt-get install libxml2-utils');
  });
});

describe.skipIf(skipReason !== null)(`loq-xml validates against the official loq.xsd${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  for (const { name, build } of SAMPLES) {
    it(`validates for the ${name} sample`, async () => {
      expectValid(await exportText(sampleMap(build).snapshot), name);
    });
    it(`validates for the ${name} sample with an NQF level, field of education, publisher and awarding body`, async () => {
      expectValid(await exportText(sampleMap(build).snapshot, QUALIFICATION_OPTIONS), `${name} with options`);
    });
  }

  it('validates for the hairdresser written as learning specifications with its NQF level', async () => {
    expectValid(await exportText(sampleMap(HAIRDRESSER.build).snapshot, { ...CONTEXT, loq: { as: 'specification', nqfLevel: LTQF_4 } }), 'hairdresser as specification');
  });

  it('validates with special characters, repeated codes, gaps and identifiers without a base URI', async () => {
    expectValid(await exportText(specialMap()), 'special');
    expectValid(await exportText(specialMap(), { generatedAt: CONTEXT.generatedAt, mapId: 'a map/with?odd id' }), 'special with map id');
    expectValid(await exportText(specialMap(), { generatedAt: CONTEXT.generatedAt }), 'special without ids');
  });

  it('is a real check: xmllint refuses a document without the required language', async () => {
    const xml = (await exportText(sampleMap(RUECVET.build).snapshot)).replace(/\s*<language uri="[^"]*"\/>/g, '');
    const { status, output } = xmllint(xml, 'broken');
    expect(status).not.toBe(0);
    expect(output).toMatch(/language/);
  });
});

describe('loq-xml: the hairdresser sample', () => {
  it('is one qualification of EQF level 4 and 180 ECVET points: six mandatory units and the group of electives, adding up to 180', async () => {
    const parsed = parse(await exportText(sampleMap(HAIRDRESSER.build).snapshot, QUALIFICATION_OPTIONS));
    const qualifications = list((parsed.root['learningAchievementSpecificationReferences'] as Obj)['qualification']);
    expect(qualifications).toHaveLength(1 + 8 + 1);
    const qualification = top(parsed);
    expect(text(qualification['title'])).toBe('Hairdresser');
    expect(attr(qualification['title'], 'language')).toBe('en');
    expect(text(qualification['description'])).toBe(hairdresser.keyPurpose);
    expect(text(qualification['isPartialQualification'])).toBe('false');
    expect(attr(qualification['EQFLevel'], 'uri')).toBe('http://data.europa.eu/snb/eqf/4');
    expect(list(qualification['NQFLevel']).map((l) => attr(l, 'uri'))).toEqual([LTQF_4]);
    expect(attr((qualification['creditPoint'] as Obj)['framework'], 'uri')).toBe(ECVET);
    expect(points(qualification)).toBe(180);
    expect(attr(qualification['ISCEDFCode'], 'uri')).toBe('http://data.europa.eu/snb/isced-f/1012');
    expect(attr(qualification['language'], 'uri')).toBe('http://publications.europa.eu/resource/authority/language/ENG');

    const partsOf = (spec: Obj) => list(spec['hasPart']).map((ref) => parsed.byId.get(attr(ref, 'idref'))!);
    const notation = (spec: Obj) => text((spec['identifier'] as Obj)['skos:notation']);
    const topParts = partsOf(qualification);
    expect(topParts.map(notation)).toEqual(['U 1', 'U 2', 'U 3', 'U 5', 'U 6', 'U 7', 'G 1']);
    // Mandatory units and what the group asks at least: the qualification's 180.
    expect(topParts.reduce((sum, part) => sum + points(part), 0)).toBe(180);
    const group = topParts.at(-1)!;
    expect(text(group['title'])).toBe('Elective units');
    expect(text(group['description'])).toBe('Optional: choose at least 15 ECVET points');
    expect(points(group)).toBe(15);
    expect(text(group['isPartialQualification'])).toBe('true');
    expect(attr(group['isPartOf'], 'idref')).toBe(attr(qualification, 'id'));
    const electives = partsOf(group);
    expect(electives.map(notation)).toEqual(['U 4', 'U 8']);
    for (const elective of electives) expect(attr(elective['isPartOf'], 'idref')).toBe(attr(group, 'id'));
    // The group lists its units' outcomes.
    expect(list(group['learningOutcome']).map((r) => attr(r, 'idref')).sort()).toEqual(electives.flatMap((e) => list(e['learningOutcome']).map((r) => attr(r, 'idref'))).sort());
    const parts = [...topParts.slice(0, -1), ...electives];
    for (const part of parts) {
      expect(text(part['isPartialQualification'])).toBe('true');
      expect(attr(part['EQFLevel'], 'uri')).toBe('http://data.europa.eu/snb/eqf/4');
      expect(attr(part['isPartOf'], 'idref')).toBe(attr(electives.includes(part) ? group : qualification, 'id'));
      // Assessment criteria: a learning assessment specification that proves the unit.
      const assessment = parsed.byId.get(attr(part['provenBy'], 'idref'))!;
      expect(attr(assessment['proves'], 'idref')).toBe(attr(part, 'id'));
      expect(list(assessment['additionalNote']).length).toBeGreaterThan(0);
    }

    // The qualification lists every outcome; each unit its own, which are all among them.
    const all = list(qualification['learningOutcome']).map((ref) => attr(ref, 'idref'));
    const inParts = parts.flatMap((part) => list(part['learningOutcome']).map((ref) => attr(ref, 'idref')));
    expect([...inParts].sort()).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(parsed.outcomes.map((o) => attr(o, 'id')).sort()).toEqual([...all].sort());

    // ISCO 5141 as the occupation the qualification prepares for.
    expect(parsed.entitlements).toHaveLength(1);
    expect(attr(parsed.entitlements[0]!['limitOccupation'], 'uri')).toBe('http://data.europa.eu/esco/isco/C5141');
    expect(attr(qualification['entitlesTo'], 'idref')).toBe(attr(parsed.entitlements[0], 'id'));

    // Publisher and awarding body as agents.
    expect(parsed.agents.map((a) => text(a['skos:prefLabel']))).toEqual(['Vilnius School of Hairdressing & Beauty', 'Ministry "of" Education']);
    expect(attr(qualification['publisher'], 'idref')).toBe('https://school.example.org/');
    expect(attr((qualification['awardingOpportunity'] as Obj)['awardingBody'], 'idref')).toBe('urn:example:awarding-body');
  });

  it('carries every outcome statement with its type, and the illustrative-sample note', async () => {
    const { snapshot } = sampleMap(HAIRDRESSER.build);
    const xml = await exportText(snapshot);
    const parsed = parse(xml);
    const statements = snapshot.nodes.filter((n) => n.kind === 'learningOutcome');
    expect(parsed.outcomes).toHaveLength(statements.length);
    const byStatement = new Map(parsed.outcomes.map((o) => [text(o['title']), o]));
    for (const node of statements) {
      const outcome = byStatement.get(node.title);
      expect(outcome, node.title).toBeDefined();
      expect(text((outcome!['identifier'] as Obj)['skos:notation'])).toBe(node.code);
      expect(attr(outcome!['type'], 'uri')).toBe(`http://data.europa.eu/snb/skill-type/${node.domain === 'knowledge' ? 'knowledge' : 'skill'}`);
    }
    expect(parsed.comment).toContain('illustrative sample');
  });

  it('falls back to learning specifications while the NQF level is a plain "4", keeping EQF 4, the points and the parts', async () => {
    const parsed = parse(await exportText(sampleMap(HAIRDRESSER.build).snapshot));
    expect((parsed.root['learningAchievementSpecificationReferences'] as Obj)['qualification']).toBeUndefined();
    const specification = top(parsed);
    expect(list(specification['educationLevel']).map((l) => attr(l, 'uri'))).toEqual(['http://data.europa.eu/snb/eqf/4']);
    expect(points(specification)).toBe(180);
    const parts = list(specification['hasPart']).map((ref) => parsed.byId.get(attr(ref, 'idref'))!);
    expect(parts).toHaveLength(6 + 1); // six mandatory units and the group of electives
    expect(parts.reduce((sum, part) => sum + points(part), 0)).toBe(180);
    expect(parsed.comment).toContain('NQF level "4"');
    expect(parsed.comment).toContain('Field unknown');
    expect(attr(specification['ISCEDFCode'], 'uri')).toBe('http://data.europa.eu/snb/isced-f/9999');
  });

  it('writes the NQF level as an education level when asked for specifications', async () => {
    const parsed = parse(await exportText(sampleMap(HAIRDRESSER.build).snapshot, { ...CONTEXT, loq: { as: 'specification', nqfLevel: LTQF_4 } }));
    expect(list(top(parsed)['educationLevel']).map((l) => attr(l, 'uri'))).toEqual(['http://data.europa.eu/snb/eqf/4', LTQF_4]);
  });

  it('gives the same document for the same map and context, with identifiers from the base URI and node ids', async () => {
    const { snapshot } = sampleMap(HAIRDRESSER.build);
    const first = await exportText(snapshot);
    expect(await exportText(snapshot)).toBe(first);
    const qualificationNode = snapshot.nodes.find((n) => n.kind === 'qualification')!;
    expect(attr(top(parse(first)), 'id')).toBe(`${CONTEXT.baseUri}/loq/qualification/${qualificationNode.id}`);
    const withMapId = parse(await exportText(snapshot, { generatedAt: CONTEXT.generatedAt, mapId: 'test-map' }));
    expect(attr(top(withMapId), 'id')).toBe(`urn:qms:map:test-map:qualification:${qualificationNode.id}`);
    expect(text(top(withMapId)['modified'])).toBe('2026-11-23T10:00:00Z');
  });
});

describe('loq-xml: the RUECVET course with its units taken out (no units, no EQF level)', () => {
  it('is one learning specification with the course’s four outcomes and its points', async () => {
    const parsed = parse(await exportText(sampleMap(buildCourseWithoutUnits).snapshot));
    expect(parsed.specs).toHaveLength(1);
    const course = top(parsed);
    expect(text(course['title'])).toMatch(/^Application of the European system of credit units ECVET/);
    expect(course['educationLevel']).toBeUndefined();
    expect(course['hasPart']).toBeUndefined();
    expect(points(course)).toBe(5);
    expect(list(course['learningOutcome'])).toHaveLength(4);
    expect(parsed.outcomes.map((o) => text((o['identifier'] as Obj)['skos:notation']))).toEqual(['LO 1', 'LO 2', 'LO 3', 'LO 4']);
    expect(parsed.comment).toContain('no EQF level');
  });
});

describe('loq-xml: text', () => {
  it('keeps &, <, quotes and characters outside the BMP; drops characters XML cannot hold', async () => {
    const xml = await exportText(specialMap());
    expect(xml).not.toContain('\u0001');
    const parsed = parse(xml);
    const qualification = top(parsed);
    expect(text(qualification['title'])).toBe(SPECIAL.title);
    expect(attr(qualification['title'], 'language')).toBe('lt');
    expect(text(qualification['description'])).toBe(SPECIAL.keyPurpose.replace('\u0001', ''));
    expect(attr(qualification['language'], 'uri')).toBe('http://publications.europa.eu/resource/authority/language/LIT');
    expect(parsed.outcomes.map((o) => text(o['title']))).toEqual([SPECIAL.outcomes[1], SPECIAL.outcomes[0], SPECIAL.outcomes[2]]);
    const [unit] = list(qualification['hasPart']).map((ref) => parsed.byId.get(attr(ref, 'idref'))!);
    expect(text(unit!['title'])).toBe(SPECIAL.unit);
    const assessment = parsed.byId.get(attr(unit!['provenBy'], 'idref'))!;
    expect(list(assessment['additionalNote']).map((n) => text(n['noteLiteral']))).toEqual(SPECIAL.criteria);
  });

  it('writes a repeated code once, leaves out what ELM cannot hold and says so', async () => {
    const xml = await exportText(specialMap());
    const parsed = parse(xml);
    const notations = [...xml.matchAll(/<skos:notation>([^<]*)<\/skos:notation>/g)].map((m) => m[1]);
    expect(notations.filter((n) => n === 'LO 1')).toHaveLength(1);
    expect(list(top(parsed)['hasPart'])).toHaveLength(1);
    expect(parsed.comment).toContain('Left out: unit U 2 (Nothing here yet)');
    expect(parsed.comment).toContain('Left out: learning outcome LO 4 has no statement');
    expect(parsed.comment).toContain('Left out: ESCO skills of learning outcome LO 1 that are not URIs (not a uri).');
    const skills = parsed.outcomes.find((o) => text(o['title']) === SPECIAL.outcomes[0])!;
    expect(attr(skills['reusabilityLevel'], 'uri')).toBe('http://data.europa.eu/snb/skill-reuse-level/transversal');
    expect(list(skills['relatedESCOSkill']).map((s) => attr(s, 'uri'))).toEqual(['http://data.europa.eu/esco/skill/1a2b3c4d-0000-4000-8000-000000000001']);
    expect(text((skills['additionalNote'] as Obj)['noteLiteral'])).toBe('Safety & <hygiene> rules are followed');
    expect(list(parsed.entitlements[0]!['limitOccupation']).map((o) => attr(o, 'uri'))).toEqual([
      'http://data.europa.eu/esco/isco/C5141',
      'http://data.europa.eu/esco/occupation/c8c1f8d4-1fe5-4a7a-8d2e-0a2c4b5e7c3b',
    ]);
  });
});

describe('loq-xml: maps and options it cannot express', () => {
  it('refuses a map without learning outcomes (an empty map), saying what to add', async () => {
    await expect(exportText(emptyMap())).rejects.toThrow(LoqXmlError);
    await expect(exportText(emptyMap())).rejects.toThrow('Add at least one learning outcome with its statement to export LOQ XML');
  });

  it('refuses a map without any title', () => {
    expect(() => loqXml(emptyMap('  '), CONTEXT)).toThrow("Give the qualification a title to export LOQ XML.");
  });

  it('names the missing EQF level or NQF level when a qualification is required', () => {
    expect(() => loqXml(sampleMap(RUECVET.build).snapshot, { ...CONTEXT, loq: { as: 'qualification' } })).toThrow(
      "Set the qualification's EQF level to export LOQ XML as a qualification.",
    );
    expect(() => loqXml(sampleMap(HAIRDRESSER.build).snapshot, { ...CONTEXT, loq: { as: 'qualification' } })).toThrow(
      /^Set the qualification's NQF level to a level of the QDR list of qualification frameworks .*, not "4", to export LOQ XML as a qualification\.$/,
    );
  });

  it('refuses options outside the vocabularies', () => {
    const { snapshot } = sampleMap(HAIRDRESSER.build);
    expect(() => loqXml(snapshot, { ...CONTEXT, loq: { nqfLevel: 'LT 4' } })).toThrow(/NQF level "LT 4" is not a level of the QDR list/);
    expect(() => loqXml(snapshot, { ...CONTEXT, loq: { iscedF: ['1012', 'hair'] } })).toThrow(/"hair" is not an ISCED-F 2013 field/);
    expect(() => loqXml(snapshot, { ...CONTEXT, loq: { publisher: { id: 'Our school', name: 'Our school' } } })).toThrow(/publisher's id must be an absolute URI/);
  });
});

describe.skipIf(!hasSchema)('loq-xml: vocabularies', () => {
  it('maps every ISO 639-1 language to a code of the schema’s language table', () => {
    const table = new Set([...fixture('elm/loq-xsd/cv/language.xsd').matchAll(/value="http:\/\/publications\.europa\.eu\/resource\/authority\/language\/([A-Z_]+)"/g)].map((m) => m[1]));
    const missing = Object.entries(LANGUAGE_CODES).filter(([, code]) => !table.has(code));
    expect(missing).toEqual([]);
    expect(table.has('UND')).toBe(true);
  });

  it('uses credit framework, EQF, skill-type and NQF URIs of the schema', () => {
    expect(fixture('elm/loq-xsd/cv/credit-points.xsd')).toContain(`value="${ECVET}"`);
    expect(fixture('elm/loq-xsd/cv/nqf.xsd')).toMatch(new RegExp(`value="${LTQF_4}">\\s*<xs:annotation>\\s*<xs:documentation>LTQF Level 4<`));
    expect(fixture('elm/loq-xsd/cv/isced-f.xsd')).toContain('value="http://data.europa.eu/snb/isced-f/9999"');
  });
});
