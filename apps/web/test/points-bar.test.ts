import { buildHairdresser, checkMap, connect, addNode, setField, snapshotOf } from '@qms/model';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import i18n from '../src/i18n';
import { PointsBar } from '../src/editor/PointsBar';

/** The points bar says what it counts, and is not green while a unit holds no outcome. */

beforeAll(async () => {
  await i18n.changeLanguage('en');
});

const render = (doc: Y.Doc) => renderToStaticMarkup(createElement(PointsBar, { stats: checkMap(snapshotOf(doc)).stats }));

describe('the points bar', () => {
  it('names ECVET points in units, and stays amber while a unit is empty though the points balance', async () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const balanced = render(doc);
    // The sample's electives: the mandatory units and the group's minimum make the total.
    expect(balanced).toContain('Mandatory 165 + optional at least 15 = 180 of 180 ECVET points');
    expect(balanced).toContain('data-state="ok"');
    expect(balanced).toContain('data-mandatory="165"');
    expect(balanced).toContain('data-optional="15"');

    // A unit of 0 points without outcomes: the sum still balances, the work is not done.
    const unit = addNode(doc, { kind: 'unit', title: 'Salon management', position: { x: 0, y: 0 }, fields: { points: 0 } });
    const empty = render(doc);
    expect(empty).toContain('data-state="under"');
    expect(empty).toContain('1 unit without outcomes');
    const outcome = addNode(doc, { kind: 'learningOutcome', title: 'Plans the week of the salon', position: { x: 0, y: 0 } });
    expect(connect(doc, { kind: 'partOf', source: outcome, target: unit }).ok).toBe(true);
    expect(render(doc)).toContain('data-state="ok"');

    await i18n.changeLanguage('ru');
    expect(render(doc)).toContain('Обязательные 165 + по выбору не менее 15 = 180 из 180 кредитов ECVET');
    await i18n.changeLanguage('en');
  });

  it('without optional groups, counts every unit; the minimum moves the bar', () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const group = snapshotOf(doc).nodes.find((n) => n.kind === 'unitGroup')!;
    // Not optional: every unit is mandatory, 195 of 180.
    expect(setField(doc, group.id, 'optional', false).ok).toBe(true);
    const mandatory = render(doc);
    expect(mandatory).toContain('ECVET points in units: 195 of 180');
    expect(mandatory).toContain('data-state="over"');
    // Optional again, at least 30 points: 165 + 30 = 195.
    setField(doc, group.id, 'optional', true);
    setField(doc, group.id, 'minPoints', 30);
    expect(render(doc)).toContain('Mandatory 165 + optional at least 30 = 195 of 180 ECVET points');
  });
});
