import Papa from 'papaparse';
import { addNodes, connect, initMapDocument, snapshotOf, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canvasCsvFormat, moodleCsvFormat } from '../src/lms/index.js';
import { CONTEXT, SAMPLES, buildCourseWithoutUnits, sampleMap } from './fixtures.js';

function parse(text: string): Record<string, string>[] & { header: string[] } {
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  const [header, ...rows] = result.data as [string[], ...string[][]];
  const records = rows.map((row) => {
    expect(row).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h || `#${i}`, row[i]!]));
  }) as Record<string, string>[] & { header: string[] };
  records.header = header;
  return records;
}

/** Which unit each outcome of a sample is part of (node id → unit id), and the outcomes in none. */
function unitsOf(snapshot: MapSnapshot) {
  const unitOf = new Map(snapshot.edges.filter((e) => e.kind === 'partOf').map((e) => [e.source, e.target]));
  const outcomes = snapshot.nodes.filter((n) => n.kind === 'learningOutcome');
  return { unitOf, outcomes };
}

/** Texts that CSV must quote, in several scripts. */
function trickyMap(): MapSnapshot {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Ąžuolas, "Дуб"', language: 'lt' });
  const [q, u, lo, loFree] = addNodes(doc, [
    { kind: 'qualification', code: 'Q 1', title: 'Kirpėjas, "Парикмахер"', position: { x: 0, y: 0 }, fields: { keyPurpose: 'Line one\nline two' } },
    { kind: 'unit', code: 'U 1', title: 'Šukuosenos, kirpimas', position: { x: 0, y: 0 }, fields: { assessmentCriteria: ['Kriterijus <1>, "A" & B'] } },
    { kind: 'learningOutcome', code: 'LO 1', title: 'Apibūdinti "plaukų" tipus,\nir jų savybes – 髪', position: { x: 0, y: 0 } },
    { kind: 'learningOutcome', code: 'LO 2', title: 'x'.repeat(300), position: { x: 0, y: 0 } },
  ]) as [string, string, string, string];
  for (const [kind, source, target] of [['partOf', lo, u]] as const) connect(doc, { kind, source, target });
  void q;
  void loFree;
  return snapshotOf(doc);
}

describe('canvas-csv: Canvas outcomes import', () => {
  const HEADER = ['vendor_guid', 'object_type', 'title', 'description', 'display_name', 'calculation_method', 'calculation_int', 'workflow_state', 'parent_guids', 'mastery_points', 'ratings', '', '', ''];

  it('has exactly the documented header, ratings last, and no byte order mark', async () => {
    const text = (await canvasCsvFormat.run(sampleMap(SAMPLES[1].build).snapshot, CONTEXT)) as string;
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe(HEADER.join(','));
    expect(parse(text).header).toEqual(HEADER);
  });

  it('groups the hairdresser sample: 1 qualification group, 8 unit groups, 47 outcomes in their units', async () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    const rows = parse((await canvasCsvFormat.run(snapshot, CONTEXT)) as string);
    const groups = rows.filter((r) => r.object_type === 'group');
    const outcomes = rows.filter((r) => r.object_type === 'outcome');
    expect(groups).toHaveLength(9);
    expect(outcomes).toHaveLength(47);
    const [root, ...unitGroups] = groups as [Record<string, string>, ...Record<string, string>[]];
    expect(root).toMatchObject({ title: 'Q 1 Hairdresser', parent_guids: '', workflow_state: 'active', display_name: '', calculation_method: '', mastery_points: '', ratings: '' });
    expect(unitGroups.map((g) => g.title!.split(' ').slice(0, 2).join(' '))).toEqual(['U 1', 'U 2', 'U 3', 'U 4', 'U 5', 'U 6', 'U 7', 'U 8']);
    for (const group of unitGroups) expect(group.parent_guids).toBe(root.vendor_guid);

    const { unitOf } = unitsOf(snapshot);
    const guid = (id: string) => `qms_test-map_${id}`;
    const seen = new Set<string>();
    for (const row of rows) {
      // Every parent is a group on an earlier row; guids are unique and have no spaces or colons.
      expect(row.vendor_guid).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(seen.has(row.vendor_guid!)).toBe(false);
      if (row.parent_guids) expect(groups.some((g) => g.vendor_guid === row.parent_guids && seen.has(g.vendor_guid!))).toBe(true);
      seen.add(row.vendor_guid!);
    }
    for (const outcome of snapshot.nodes.filter((n) => n.kind === 'learningOutcome')) {
      const row = outcomes.find((r) => r.vendor_guid === guid(outcome.id))!;
      expect(row.parent_guids).toBe(guid(unitOf.get(outcome.id)!));
      expect(row).toMatchObject({ title: outcome.title, display_name: outcome.code, calculation_method: 'highest', calculation_int: '', mastery_points: '1', ratings: '1', '#11': 'Achieved', '#12': '0', '#13': 'Not yet achieved' });
      expect(row.description).toContain('Assessment criteria');
    }
  });

  it('puts outcomes in no unit straight into the qualification group', async () => {
    const { snapshot } = sampleMap(buildCourseWithoutUnits);
    const rows = parse((await canvasCsvFormat.run(snapshot, CONTEXT)) as string);
    expect(rows.filter((r) => r.object_type === 'group')).toHaveLength(1);
    const outcomes = rows.filter((r) => r.object_type === 'outcome');
    expect(outcomes.map((r) => r.display_name)).toEqual(['LO 1', 'LO 2', 'LO 3', 'LO 4']);
    for (const row of outcomes) expect(row.parent_guids).toBe(rows[0]!.vendor_guid);
    expect(outcomes[1]!.description).toContain('WA 4 Collect data');
  });

  it('quotes commas, quotes and line breaks and keeps every script intact', async () => {
    const text = (await canvasCsvFormat.run(trickyMap(), CONTEXT)) as string;
    expect(text).toContain('"Q 1 Kirpėjas, ""Парикмахер"""');
    const rows = parse(text);
    expect(rows[0]!.title).toBe('Q 1 Kirpėjas, "Парикмахер"');
    expect(rows[0]!.description).toContain('Line one<br>\nline two');
    expect(rows[1]!.title).toBe('U 1 Šukuosenos, kirpimas');
    expect(rows[1]!.description).toContain('<li>Kriterijus &lt;1&gt;, &quot;A&quot; &amp; B</li>');
    const lo = rows.find((r) => r.display_name === 'LO 1')!;
    expect(lo.title).toBe('Apibūdinti "plaukų" tipus, ir jų savybes – 髪');
    expect(lo.description).toContain('Apibūdinti &quot;plaukų&quot; tipus,<br>\nir jų savybes – 髪');
    expect(lo.description).toContain('Assessment criteria (unit U 1)');
    const long = rows.find((r) => r.display_name === 'LO 2')!;
    expect(long.title!.length).toBeLessThanOrEqual(255);
    expect(long.title!.endsWith('…')).toBe(true);
    expect(long.parent_guids).toBe(rows[0]!.vendor_guid);
  });
});

describe('moodle-csv: Moodle competency framework import (tool_lpimportcsv)', () => {
  const HEADER = [
    'Parent ID number',
    'ID number',
    'Short name',
    'Description',
    'Description format',
    'Scale values',
    'Scale configuration',
    'Rule type (optional)',
    'Rule outcome (optional)',
    'Rule config (optional)',
    'Cross-referenced competency ID numbers',
    'Exported ID (optional)',
    'Is framework',
    'Taxonomy',
  ];

  it('has exactly Moodle’s header and the framework on the first row', async () => {
    const text = (await moodleCsvFormat.run(sampleMap(SAMPLES[1].build).snapshot, CONTEXT)) as string;
    expect(text.split('\r\n')[0]).toBe(HEADER.join(','));
    const rows = parse(text);
    expect(rows.header).toEqual(HEADER);
    const framework = rows[0]!;
    expect(framework).toMatchObject({
      'Parent ID number': '',
      'ID number': 'qms-test-map',
      'Short name': 'Hairdresser',
      'Description format': '1',
      'Scale values': 'Not yet competent,Competent',
      'Is framework': '1',
      Taxonomy: 'competency,outcome',
    });
    const configuration = JSON.parse(framework['Scale configuration']!);
    expect(configuration[0]).toHaveProperty('scaleid');
    expect(configuration.slice(1).some((item: { scaledefault: number }) => item.scaledefault === 1)).toBe(true);
    expect(configuration.slice(1).some((item: { proficient: number }) => item.proficient === 1)).toBe(true);
    expect(rows.slice(1).every((r) => r['Is framework'] === '')).toBe(true);
  });

  it('puts the hairdresser’s 8 units under the framework and the 47 outcomes under their units', async () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    const rows = parse((await moodleCsvFormat.run(snapshot, CONTEXT)) as string).slice(1);
    const units = rows.filter((r) => r['Parent ID number'] === '');
    expect(units.map((r) => r['ID number'])).toEqual(['U 1', 'U 2', 'U 3', 'U 4', 'U 5', 'U 6', 'U 7', 'U 8']);
    const outcomes = rows.filter((r) => r['Parent ID number'] !== '');
    expect(outcomes).toHaveLength(47);
    const { unitOf, outcomes: nodes } = unitsOf(snapshot);
    const codeOf = new Map(snapshot.nodes.map((n) => [n.id, n.code]));
    for (const node of nodes) {
      const row = outcomes.find((r) => r['ID number'] === node.code)!;
      expect(row['Parent ID number']).toBe(codeOf.get(unitOf.get(node.id)!));
      expect(row).toMatchObject({ 'Description format': '1', 'Rule outcome (optional)': '0', 'Rule config (optional)': 'null', 'Scale values': '' });
      expect(row['Short name']!.length).toBeLessThanOrEqual(100);
    }
    // Every parent is a row of the file, and ID numbers are unique.
    const ids = rows.map((r) => r['ID number']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of outcomes) expect(ids).toContain(row['Parent ID number']);
  });

  it('puts outcomes in no unit at the top of the framework', async () => {
    const rows = parse((await moodleCsvFormat.run(sampleMap(buildCourseWithoutUnits).snapshot, CONTEXT)) as string);
    expect(rows.slice(1).map((r) => [r['Parent ID number'], r['ID number']])).toEqual([
      ['', 'LO 1'],
      ['', 'LO 2'],
      ['', 'LO 3'],
      ['', 'LO 4'],
    ]);
    expect(rows[0]!.Taxonomy).toBe('outcome');
  });

  it('quotes commas, quotes and line breaks and keeps every script intact', async () => {
    const text = (await moodleCsvFormat.run(trickyMap(), CONTEXT)) as string;
    const rows = parse(text);
    expect(rows[0]!['Short name']).toBe('Kirpėjas, "Парикмахер"');
    expect(rows[0]!.Description).toContain('<p><strong>Key purpose:</strong> Line one<br>\nline two</p>');
    expect(rows[1]).toMatchObject({ 'ID number': 'U 1', 'Short name': 'U 1 Šukuosenos, kirpimas' });
    expect(rows[2]).toMatchObject({ 'Parent ID number': 'U 1', 'ID number': 'LO 1', 'Short name': 'Apibūdinti "plaukų" tipus, ir jų savybes – 髪' });
    expect(rows[1]!.Description).toContain('Kriterijus &lt;1&gt;, &quot;A&quot; &amp; B');
    expect(rows[3]!['Short name']).toMatch(/^x{99}…$/);
    expect(text).toContain('"Kirpėjas, ""Парикмахер"""');
  });
});
