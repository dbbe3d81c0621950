import { addNodes, connect, initMapDocument, matchAcrossMaps, matchedUnits, setField, snapshotOf, unitsById } from '@qms/model';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CORRESPONDENCE_HEADERS, correspondenceCsvFormat } from '../src/correspondence.js';
import { exportFormatById } from '../src/registry.js';
import { CONTEXT, sampleMap } from './fixtures.js';

const at = (x: number) => ({ x, y: 0 });

function maps() {
  const partner = sampleMap((doc) => {
    initMapDocument(doc, { title: 'Partner', language: 'en' });
    addNodes(doc, [
      { id: 'pu1', kind: 'unit', code: 'UC 1', title: 'Taglio', position: at(0) },
      { id: 'pk1', kind: 'learningOutcome', code: 'K 1', title: 'Explain cuts', position: at(0) },
    ]);
    setField(doc, 'pu1', 'points', 6);
    setField(doc, 'pu1', 'eqfLevel', 3);
    setField(doc, 'pk1', 'domain', 'knowledge');
    connect(doc, { kind: 'partOf', source: 'pk1', target: 'pu1' });
  });
  const home = sampleMap((doc) => {
    initMapDocument(doc, { title: 'Home', language: 'en' });
    addNodes(doc, [{ id: 'u1', kind: 'unit', code: 'U 1', title: 'Cut hair', position: at(0) }]);
    setField(doc, 'u1', 'points', 10);
    setField(doc, 'u1', 'eqfLevel', 4);
    const made = matchAcrossMaps(doc, { source: 'u1', targetMap: 'partner-map', target: matchedUnits(partner.snapshot)[0]!, matchType: 'partial', note: 'No hygiene outcome', takenAt: 0 });
    if (!made.ok) throw new Error(made.message);
  });
  return { home, partner };
}

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });

describe('the correspondence table export (correspondence-csv)', () => {
  it('is offered, and writes one row per match with both units and what differs', async () => {
    expect(exportFormatById('correspondence-csv')).toBe(correspondenceCsvFormat);
    const { home } = maps();
    const csv = await correspondenceCsvFormat.run(home.snapshot, CONTEXT);
    const { data, meta } = parse(csv as string);
    expect(meta.fields).toEqual([...CORRESPONDENCE_HEADERS]);
    expect(data).toEqual([
      {
        'Home unit code': 'U 1',
        'Home unit title': 'Cut hair',
        'Home ECVET points': '10',
        'Home EQF level': '4',
        'Home outcomes (knowledge / skills / autonomy)': '0 / 0 / 0',
        'Match type': 'partial',
        'Partner map': 'partner-map',
        'Partner unit id': 'pu1',
        'Partner unit code': 'UC 1',
        'Partner unit title': 'Taglio',
        'Partner ECVET points': '6',
        'Partner EQF level': '3',
        'Partner outcomes (knowledge / skills / autonomy)': '1 / 0 / 0',
        Differences: 'EQF level; ECVET points (more than 25 %)',
        'Partner unit status': 'as matched',
        Note: 'No hygiene outcome',
      },
    ]);
  });

  it('reads the partner unit as it is now when the server knows its map', async () => {
    const { home, partner } = maps();
    setField(partner.doc, 'pu1', 'points', 10);
    setField(partner.doc, 'pu1', 'eqfLevel', 4);
    const matchTargets = new Map([['partner-map', unitsById(matchedUnits(snapshotOf(partner.doc)))]]);
    const [row] = parse((await correspondenceCsvFormat.run(home.snapshot, { ...CONTEXT, matchTargets })) as string).data;
    expect(row).toMatchObject({ 'Partner ECVET points': '10', 'Partner EQF level': '4', Differences: '', 'Partner unit status': 'changed since matched' });
    const [gone] = parse((await correspondenceCsvFormat.run(home.snapshot, { ...CONTEXT, matchTargets: new Map([['partner-map', null]]) })) as string).data;
    expect(gone).toMatchObject({ 'Partner unit code': 'UC 1', 'Partner unit status': 'map removed' });
  });
});
