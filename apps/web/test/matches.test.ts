import { addNode, compareUnits, connect, correspondenceTable, initMapDocument, matchAcrossMaps, matchedUnits, setField, snapshotOf, unitsById, type MatchedUnit } from '@qms/model';
import type { MapUnit } from '@qms/protocol';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import i18n from '../src/i18n';
import { CorrespondenceTableView } from '../src/matches/CorrespondenceTable';
import { partnerMapIds, unitFromApi } from '../src/matches/partner-maps';
import { UnitComparisonView } from '../src/matches/UnitComparison';

/** The comparison view and the correspondence table rendered to HTML (no browser). */

beforeAll(async () => {
  await i18n.changeLanguage('en');
});

const home: MatchedUnit = {
  id: 'u1',
  code: 'U 1',
  title: 'Cut hair',
  points: 10,
  eqfLevel: 4,
  outcomes: [
    { code: 'LO 1', title: 'Describe haircut types', domain: 'knowledge' },
    { code: 'LO 2', title: 'Cut hair with scissors', domain: 'skills' },
    { code: 'LO 3', title: 'Keep the workplace hygienic', domain: 'autonomy' },
  ],
};
const partner: MatchedUnit = {
  id: 'p7',
  code: 'UC 7',
  title: 'Taglio',
  points: 6,
  eqfLevel: 3,
  outcomes: [
    { code: 'K 1', title: 'Spiegare le tecniche di taglio', domain: 'knowledge' },
    { code: 'K 2', title: 'Elencare gli attrezzi', domain: 'knowledge' },
    { code: 'S 1', title: 'Eseguire un taglio', domain: 'skills' },
  ],
};

/**
 * A tiny reader of the static markup (no DOM here): the elements whose start tag has `attribute`
 * (e.g. `data-testid="x"`), each with its start tag's attributes, its inner HTML and its text.
 */
interface Element {
  attributes: string;
  inner: string;
  text: string;
}
const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
function elements(html: string, attribute: string): Element[] {
  const found: Element[] = [];
  const start = /<([a-z]+)([^>]*)>/g;
  for (let match = start.exec(html); match; match = start.exec(html)) {
    const [tag, name, attributes] = [match[0], match[1]!, match[2]!];
    if (!attributes.includes(attribute)) continue;
    let depth = 1;
    let at = match.index + tag.length;
    const inside = at;
    const open = new RegExp(`<${name}[\\s>]|</${name}>`, 'g');
    open.lastIndex = at;
    for (let next = open.exec(html); next && depth > 0; next = open.exec(html)) {
      depth += next[0].startsWith('</') ? -1 : 1;
      at = next.index;
    }
    const inner = html.slice(inside, at);
    found.push({ attributes, inner, text: textOf(inner) });
  }
  return found;
}
const byTestId = (html: string, testId: string) => elements(html, `data-testid="${testId}"`).map((e) => e.text);
const cells = (row: string) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => textOf(m[1]!));
const cellAttributes = (row: string) => [...row.matchAll(/<td([^>]*)>/g)].map((m) => m[1]!);

describe('the comparison of two matched units', () => {
  it('puts the units side by side, outcomes aligned by domain, differences in level and points highlighted, with type and note', () => {
    const html = renderToStaticMarkup(
      createElement(UnitComparisonView, { comparison: compareUnits(home, partner), matchType: 'partial', note: 'Hygiene is not assessed in Bologna', state: 'changed', partnerMap: 'CFP Bologna' }),
    );
    expect(byTestId(html, 'comparison-type')).toEqual(['Partial']);
    expect(byTestId(html, 'comparison-state')).toEqual(['Changed since matched']);
    expect(byTestId(html, 'comparison-note')).toEqual(['What differs: Hygiene is not assessed in Bologna']);
    const [points] = elements(html, 'data-testid="comparison-points"');
    expect(points!.attributes).toContain('data-differs="true"');
    expect(points!.attributes).toContain('class="is-different"');
    expect(points!.text).toContain('40 % apart');
    expect(elements(html, 'data-testid="comparison-level"')[0]!.attributes).toContain('data-differs="true"');
    const domains = elements(html, 'data-domain=').map((group) => [
      /data-domain="([a-z]+)"/.exec(group.attributes)![1],
      group.attributes.includes('is-different'),
      elements(group.inner, 'data-testid="comparison-outcome"').map((row) => cells(row.inner).slice(1)),
    ]);
    expect(domains).toEqual([
      ['knowledge', false, [['LO 1 Describe haircut types', 'K 1 Spiegare le tecniche di taglio'], ['—', 'K 2 Elencare gli attrezzi']]],
      ['skills', false, [['LO 2 Cut hair with scissors', 'S 1 Eseguire un taglio']]],
      ['autonomy', true, [['LO 3 Keep the workplace hygienic', '—']]],
    ]);
    expect(textOf(/<thead>(.*)<\/thead>/.exec(html)![1]!)).toContain('CFP Bologna');
  });

  it('highlights nothing when the units are at one level and their points within 25 %', () => {
    const html = renderToStaticMarkup(createElement(UnitComparisonView, { comparison: compareUnits(home, { ...partner, points: 8, eqfLevel: 4 }), matchType: null, state: 'current', partnerMap: null }));
    expect(html).not.toMatch(/<(tr|td)[^>]*is-different/);
    expect(html).not.toContain('data-differs="true"');
    expect(byTestId(html, 'comparison-type')).toEqual(['Type not set']);
    expect(byTestId(html, 'comparison-note')).toEqual([]);
  });
});

describe('the correspondence table', () => {
  function maps() {
    const partnerDoc = new Y.Doc();
    initMapDocument(partnerDoc, { title: 'Partner' });
    const pu = addNode(partnerDoc, { kind: 'unit', code: 'UC 7', title: 'Taglio', position: { x: 0, y: 0 } });
    setField(partnerDoc, pu, 'points', 10);
    setField(partnerDoc, pu, 'eqfLevel', 4);
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'Home' });
    const u1 = addNode(doc, { kind: 'unit', code: 'U 1', title: 'Cut hair', position: { x: 0, y: 0 } });
    const u2 = addNode(doc, { kind: 'unit', code: 'U 2', title: 'Style hair', position: { x: 0, y: 0 } });
    setField(doc, u1, 'points', 10);
    setField(doc, u1, 'eqfLevel', 4);
    setField(doc, u2, 'points', 30);
    matchAcrossMaps(doc, { source: u1, targetMap: 'bologna', target: matchedUnits(snapshotOf(partnerDoc))[0]!, matchType: 'exact', note: 'Same content' });
    connect(doc, { kind: 'matches', source: u2, target: u1 });
    return { doc, partnerDoc, pu };
  }

  it('lists each match with both units, the type, the state and the note; differences highlighted', () => {
    const { doc, partnerDoc, pu } = maps();
    setField(partnerDoc, pu, 'points', 4);
    const targets = new Map([['bologna', unitsById(matchedUnits(snapshotOf(partnerDoc)))]]);
    const html = renderToStaticMarkup(createElement(CorrespondenceTableView, { rows: correspondenceTable(snapshotOf(doc), { targets }), titles: new Map([['bologna', 'CFP Bologna']]) }));
    const rows = elements(html, 'data-testid="correspondence-row"').map((row) => [/data-state="([a-z-]+)"/.exec(row.attributes)![1], ...cells(row.inner)]);
    expect(rows).toEqual([
      ['changed', 'U 1 Cut hair', '10', '4', 'Exact', 'UC 7 Taglio · CFP Bologna', '4', '4', 'Changed since matched', 'Same content'],
      ['current', 'U 2 Style hair', '30', '—', '—', 'U 1 Cut hair · this map', '10', '4', 'Up to date', '—'],
    ]);
    const differing = elements(html, 'data-testid="correspondence-row"').map((row) => cellAttributes(row.inner).filter((a) => a.includes('data-differs="true"')).length);
    expect(differing).toEqual([1, 1]); // points 10 against 4, and 30 against 10
  });

  it('says so when nothing is matched', () => {
    const html = renderToStaticMarkup(createElement(CorrespondenceTableView, { rows: [], titles: new Map() }));
    expect(byTestId(html, 'correspondence-empty')).toEqual(['No unit of this map is matched with a unit of that map.']);
  });

  it('reads the partner maps a map is matched with, and their units from the API', () => {
    const { doc } = maps();
    expect(partnerMapIds(snapshotOf(doc), 'home')).toEqual(['bologna']);
    expect(partnerMapIds(snapshotOf(doc), 'bologna')).toEqual([]);
    const api: MapUnit = { id: 'p', code: 'P', title: 'T', points: 5, outcomes: [{ code: 'a', title: 'b', domain: 'skills' }], fingerprint: '0123456789abcdef' };
    expect(unitFromApi(api)).toEqual({ id: 'p', code: 'P', title: 'T', points: 5, outcomes: [{ code: 'a', title: 'b', domain: 'skills' }] });
  });
});
