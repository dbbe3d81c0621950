import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildHairdresser, buildRuecvetCourse, snapshotOf, type MapSnapshot } from '@qms/model';
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

export const CONTEXT = { generatedAt: new Date('2026-11-23T10:00:00.000Z'), mapId: 'test-map', baseUri: 'https://maps.example.org/maps/test-map' };
