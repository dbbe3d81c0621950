import { addNode, buildHairdresser, connect, graphOf, matchAcrossMaps, snapshotOf, type MapNode, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import { describeMap, outcomesOf } from '../src/describe.js';
import { MOBILITY_LABELS, buildMobilityOutline, mobilityDocument, outlineText, type MobilityDocumentInput } from '../src/index.js';
import { LABELS } from '../src/documents/labels.js';
import { sampleMap, translatedMap, TRANSLATED } from './fixtures.js';
import { docxText, pdfText, squash } from './read-documents.js';

/** The three mobility documents, from the hairdresser sample and a mobility on two of its units. */

const GENERATED = new Date('2027-02-01T09:00:00.000Z');

function units(snapshot: MapSnapshot): MapNode[] {
  return snapshot.nodes.filter((node) => node.kind === 'unit').sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
}

function input(snapshot: MapSnapshot, overrides: Partial<MobilityDocumentInput> = {}): MobilityDocumentInput {
  const [first, second] = units(snapshot);
  return {
    snapshot,
    language: snapshot.meta.language,
    generatedAt: GENERATED,
    mobility: { title: 'Spring exchange Vilnius–Bologna', start: '2027-03-15', end: '2027-04-12', units: [first!.id, second!.id], draft: false },
    home: { name: 'Vilnius VET Centre', country: 'LT', city: 'Vilnius', role: 'home', competences: ['validating', 'recognising', 'awarding'], contact: { name: 'Ona Kazlauskienė', email: 'ona@vvc.lt', phone: '+370 5 123' } },
    host: { name: 'CFP Bologna', country: 'IT', city: 'Bologna', role: 'host', competences: ['assessing'], contact: { name: 'Marco Rossi', email: 'marco@cfp.it' } },
    agreements: [
      { unitId: first!.id, role: 'home', partner: 'Vilnius VET Centre', by: 'Ona Kazlauskienė', at: Date.UTC(2027, 1, 10), language: 'en', roundTitle: 'Units for spring' },
      { unitId: first!.id, role: 'host', partner: 'CFP Bologna', by: 'Marco Rossi', at: Date.UTC(2027, 1, 11), language: 'en', roundTitle: 'Units for spring' },
    ],
    ...overrides,
  };
}

function learner(snapshot: MapSnapshot) {
  const [first, second] = units(snapshot);
  const outcome = outcomesOf(describeMap(snapshot).units.find((u) => u.id === first!.id)!)[0]!;
  return {
    name: 'Aigerim Nurlanovna',
    dateOfBirth: '2006-05-04',
    email: 'aigerim@example.org',
    results: [
      { unit: first!.id, outcome: outcome.id, result: 'achieved', assessor: 'Giulia Bianchi', date: '2027-04-01', evidence: 'Observed consultation, salon log 12' },
      { unit: first!.id, result: 'achieved', assessor: 'Giulia Bianchi', date: '2027-04-02' },
      { unit: second!.id, result: 'not-achieved', assessor: 'Paolo Verdi', date: '2027-04-03', evidence: 'Practical test' },
    ],
    recognition: { decision: 'recognised', by: 'Ona Kazlauskienė', date: '2027-04-20', points: 12 },
  };
}

describe('the Memorandum of Understanding', () => {
  it('names the partners with their roles and competences, the units with points and levels, the procedures, the period, the signatures and who agreed each unit', async () => {
    const { snapshot } = sampleMap(buildHairdresser);
    const [first, second] = units(snapshot);
    const text = await docxText(await mobilityDocument('mou', input(snapshot), 'docx'));
    for (const expected of [
      'Memorandum of Understanding',
      'Spring exchange Vilnius–Bologna',
      'Vilnius VET Centre',
      'CFP Bologna',
      'Home (sending) institution',
      'Host (receiving) institution',
      'validating\nrecognising\nawarding',
      'assessing',
      'Ona Kazlauskienė',
      'Marco Rossi',
      first!.code,
      first!.title,
      second!.title,
      String(first!.points),
      'EQF level',
      'Correspondence of units',
      'None recorded: no unit of this mobility is matched',
      'Assessment',
      'Validation and recognition',
      'Quality assurance',
      'To be completed by the partners:',
      '15 March 2027 — 12 April 2027',
      'Signatures',
      'Name and position',
      'Annex: the units of the mobility',
      'CFP Bologna: Marco Rossi, 11 February 2027, en version (review round “Units for spring”)',
      'Vilnius VET Centre: not agreed yet',
    ]) {
      expect(text).toContain(expected);
    }
    // The annex holds the mobility's units only.
    const others = units(snapshot).slice(2);
    expect(others.length).toBeGreaterThan(0);
    for (const unit of others) expect(text).not.toContain(`${LABELS.en.unit} ${unit.code}: ${unit.title}`);
    expect(text).toContain(`${LABELS.en.unit} ${first!.code}: ${first!.title}`);
    expect(text).toContain(`${LABELS.en.unit} ${second!.code}: ${second!.title}`);
    // The units' total.
    expect(text).toMatch(new RegExp(`Total of the units\\n${(first!.points ?? 0) + (second!.points ?? 0)}\\n`));
  });

  it('lists matched units with what differs between them', () => {
    const { doc } = sampleMap(buildHairdresser);
    const [first] = units(snapshotOf(doc));
    const partner = addNode(doc, { kind: 'unit', title: 'Consulenza al cliente', code: 'IT-3', position: { x: 0, y: 0 }, fields: { points: 7, eqfLevel: 3 } });
    const linked = connect(doc, { kind: 'matches', source: first!.id, target: partner });
    expect(linked.ok).toBe(true);
    const snapshot = snapshotOf(doc);
    const text = outlineText(buildMobilityOutline('mou', input(snapshot)));
    expect(text).not.toContain('None recorded');
    expect(text).toContain(`${first!.code} — ${first!.title}`);
    expect(text).toContain('IT-3 — Consulenza al cliente');
    expect(text).toContain(`ECVET points: ${first!.points} / 7`);
  });

  it('lists a unit matched with a partner’s map as the match holds it, with its type and note', () => {
    const { doc } = sampleMap(buildHairdresser);
    const [first] = units(snapshotOf(doc));
    const matched = matchAcrossMaps(doc, {
      source: first!.id,
      targetMap: 'partnerMap01',
      target: { id: 'partnerUnit1', code: 'LT-4', title: 'Konsultavimas', points: 10, eqfLevel: 4, outcomes: [] },
      matchType: 'partial',
      note: 'No retail sales',
    });
    expect(matched.ok).toBe(true);
    const text = outlineText(buildMobilityOutline('mou', input(snapshotOf(doc))));
    expect(text).not.toContain('None recorded');
    expect(text).toContain('LT-4 — Konsultavimas');
    expect(text).toContain('partial');
    expect(text).toContain('No retail sales');
    expect(text).toContain(`ECVET points: ${first!.points} / 10`);
  });

  it('is written in Russian with the map’s Russian texts', async () => {
    const { snapshot, unit, qualification } = translatedMap();
    const base = input(snapshot);
    const text = await docxText(await mobilityDocument('mou', { ...base, language: 'ru', mobility: { ...base.mobility, units: [unit.id] } }, 'docx'));
    expect(text).toContain(MOBILITY_LABELS.ru.mouTitle);
    expect(text).toContain(MOBILITY_LABELS.ru.noneRecorded);
    expect(text).toContain(TRANSLATED.unitRu);
    expect(text).toContain(TRANSLATED.qualificationRu);
    expect(text).not.toContain(qualification.title);
    expect(text).toContain('15 марта 2027');
  });
});

describe('the Learning Agreement', () => {
  it('names the learner, both institutions with contact persons, the period, units and outcomes with points, assessment, recognition and three signatures', async () => {
    const { snapshot } = sampleMap(buildHairdresser);
    const [first, second] = units(snapshot);
    const described = describeMap(snapshot);
    const firstOutcomes = outcomesOf(described.units.find((u) => u.id === first!.id)!);
    const bytes = await mobilityDocument('learning-agreement', input(snapshot, { learner: learner(snapshot) }), 'pdf', { compress: false });
    const { pages, notdef } = pdfText(bytes);
    expect(notdef).toBe(0);
    const all = squash(pages.join(' '));
    for (const expected of [
      'Learning Agreement',
      'Aigerim Nurlanovna',
      '4 May 2006',
      'aigerim@example.org',
      'Vilnius VET Centre',
      'CFP Bologna',
      'Ona Kazlauskienė',
      'Marco Rossi',
      'marco@cfp.it',
      '15 March 2027 — 12 April 2027',
      first!.title,
      second!.title,
      `${firstOutcomes[0]!.code} — ${firstOutcomes[0]!.statement}`,
      'Assessment and documentation',
      `Vilnius VET Centre validates the results in the Personal Transcript and recognises the units achieved: up to ${(first!.points ?? 0) + (second!.points ?? 0)} ECVET points`,
      'The learner',
      'Signature',
    ]) {
      expect(all).toContain(squash(expected));
    }
  });

  it('needs a learner', () => {
    const { snapshot } = sampleMap(buildHairdresser);
    expect(() => buildMobilityOutline('learning-agreement', input(snapshot))).toThrow(/one learner/);
  });
});

describe('the Personal Transcript', () => {
  it('records each result with its assessor, date and evidence, the points credited per unit, and the recognition', async () => {
    const { snapshot } = sampleMap(buildHairdresser);
    const [first, second] = units(snapshot);
    const outcome = outcomesOf(describeMap(snapshot).units.find((u) => u.id === first!.id)!)[0]!;
    const text = await docxText(await mobilityDocument('transcript', input(snapshot, { learner: learner(snapshot) }), 'docx'));
    for (const expected of [
      'Personal Transcript',
      'Europass Mobility',
      'Aigerim Nurlanovna',
      `${outcome.code} — ${outcome.statement}`,
      'The unit as a whole',
      'Achieved',
      'Not achieved',
      'Giulia Bianchi',
      'Paolo Verdi',
      '1 April 2027',
      'Observed consultation, salon log 12',
      'Practical test',
      `Points credited: ${first!.code}\n${first!.points}\n`,
      `Points credited: ${second!.code}\n0\n`,
      `Total points credited\n${first!.points}\n`,
      'Recognition by the home institution',
      'Recognised',
      '20 April 2027',
      'ECVET points recognised\n12',
    ]) {
      expect(text).toContain(expected);
    }
    // The e-mail is not needed on a transcript.
    expect(text).not.toContain('aigerim@example.org');
  });

  it('says when nothing is assessed or decided yet, in every language the documents speak', async () => {
    const { snapshot } = sampleMap(buildHairdresser);
    for (const tag of ['en', 'ru', 'uz-Latn', 'kk'] as const) {
      const outline = buildMobilityOutline('transcript', { ...input(snapshot, { learner: { name: 'Ali Valiyev', results: [] } }), language: tag === 'en' ? 'en' : tag });
      const text = outlineText(outline);
      expect(text).toContain(MOBILITY_LABELS[tag].transcriptTitle);
      expect(text).toContain(MOBILITY_LABELS[tag].notAssessed);
      expect(text).toContain(MOBILITY_LABELS[tag].noRecognition);
      expect(outline.labels).toBe(LABELS[tag]);
    }
    // Every language has every label, none left empty.
    const keys = Object.keys(MOBILITY_LABELS.en).sort();
    for (const labels of Object.values(MOBILITY_LABELS)) {
      expect(Object.keys(labels).sort()).toEqual(keys);
      for (const value of Object.values(labels)) if (typeof value === 'string') expect(value.trim()).not.toBe('');
    }
    expect(graphOf(snapshot).ofKind('unit').length).toBeGreaterThan(2);
  });
});
