import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addTargetLanguage, buildHairdresser, buildRuecvetCourse, graphOf, nodesOf, removeElements, setTranslation, snapshotOf, type MapNode, type MapSnapshot } from '@qms/model';
import * as Y from 'yjs';

/** ../shared/fixtures beside the project: always there in CI, maybe not in a user's clone. */
export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
export const hasFixtures = existsSync(FIXTURES);
if (!hasFixtures) console.warn(`\n⚠ ${FIXTURES} is absent: tests on the shared real-world fixtures are skipped.\n`);

export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

export function sampleMap(build: (doc: Y.Doc) => void): { doc: Y.Doc; snapshot: MapSnapshot } {
  const doc = new Y.Doc();
  build(doc);
  return { doc, snapshot: snapshotOf(doc) };
}

/** Both sample maps, as every export is tested on them. */
export const SAMPLES = [
  { name: 'RUECVET course', build: buildRuecvetCourse },
  { name: 'hairdresser', build: buildHairdresser },
] as const;

/** The RUECVET course with its units taken out: a map whose outcomes are in no unit yet. */
export function buildCourseWithoutUnits(doc: Y.Doc): void {
  buildRuecvetCourse(doc);
  const units = [...nodesOf(doc).entries()].filter(([, node]) => (node as Y.Map<unknown>).get('kind') === 'unit').map(([id]) => id);
  removeElements(doc, { nodeIds: units });
}

export const CONTEXT = { generatedAt: new Date('2026-11-23T10:00:00.000Z'), mapId: 'test-map', baseUri: 'https://maps.example.org/maps/test-map' };

/** The texts of the translated hairdresser map: what its exports must show in each language. */
export const TRANSLATED = {
  qualificationRu: 'Парикмахер',
  unitRu: 'Консультирование клиента',
  unitCriteriaRu: ['Выясняет пожелания клиента', 'Предлагает подходящую услугу'],
  outcomeRu: 'Определять тип волос и состояние кожи головы',
  outcomeKk: 'Шаш түрін және бас терісінің күйін анықтау',
} as const;

/**
 * The hairdresser sample (English) translated in part into Russian and Kazakh: the qualification's
 * title, the first unit's title and criteria and its first outcome's statement in Russian, that
 * outcome's statement in Kazakh; everything else is missing.
 */
export function translatedMap(): { doc: Y.Doc; snapshot: MapSnapshot; unit: MapNode; outcome: MapNode; qualification: MapNode } {
  const { doc } = sampleMap(buildHairdresser);
  for (const tag of ['ru', 'kk']) if (!addTargetLanguage(doc, tag).ok) throw new Error(`cannot add ${tag}`);
  const before = snapshotOf(doc);
  const byCode = (code: string) => before.nodes.find((node) => node.code === code)!;
  const qualification = before.nodes.find((node) => node.kind === 'qualification')!;
  const unit = byCode('U 1');
  const outcome = before.nodes
    .filter((node) => node.kind === 'learningOutcome')
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .find((node) => graphOf(before).unitMembership().get(node.id) === unit.id)!;
  const write = (id: string, tag: string, field: string, value: string | readonly string[]) => {
    const result = setTranslation(doc, id, tag, field, value);
    if (!result.ok) throw new Error(result.message);
  };
  write(qualification.id, 'ru', 'title', TRANSLATED.qualificationRu);
  write(unit.id, 'ru', 'title', TRANSLATED.unitRu);
  write(unit.id, 'ru', 'assessmentCriteria', TRANSLATED.unitCriteriaRu);
  write(outcome.id, 'ru', 'title', TRANSLATED.outcomeRu);
  write(outcome.id, 'kk', 'title', TRANSLATED.outcomeKk);
  return { doc, snapshot: snapshotOf(doc), unit, outcome, qualification };
}
