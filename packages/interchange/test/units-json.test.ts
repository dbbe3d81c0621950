import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { unitsJsonFormat } from '../src/index.js';
import { CONTEXT, SAMPLES, buildCourseWithoutUnits, sampleMap } from './fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/units.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

describe('units-json', () => {
  for (const { name, build } of SAMPLES) {
    it(`validates against its JSON Schema for the ${name} sample`, async () => {
      const text = (await unitsJsonFormat.run(sampleMap(build).snapshot, CONTEXT)) as string;
      const json = JSON.parse(text);
      expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
    });
  }

  it('groups each unit’s outcomes by domain with their work actions', async () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    const json = JSON.parse((await unitsJsonFormat.run(snapshot, CONTEXT)) as string);
    expect(json.units.map((u: { code: string }) => u.code)).toEqual(['U 1', 'U 2', 'U 3', 'U 4', 'U 5', 'U 6', 'U 7', 'U 8']);
    expect(json.units.reduce((sum: number, u: { points: number }) => sum + u.points, 0)).toBe(195);
    for (const unit of json.units) {
      for (const domain of ['knowledge', 'skills', 'autonomy']) expect(unit.learningOutcomes[domain].length).toBeGreaterThan(0);
      expect(unit.assessmentCriteria.length).toBeGreaterThan(0);
    }
    const anyOutcome = json.units[0].learningOutcomes.skills[0];
    expect(anyOutcome.covers[0]).toEqual({ id: expect.any(String), code: expect.stringMatching(/^WA \d+$/), title: expect.any(String) });
    expect(json.ungroupedOutcomes).toEqual([]);
  });

  it('lists the RUECVET course’s four units, each with its one outcome', async () => {
    const json = JSON.parse((await unitsJsonFormat.run(sampleMap(SAMPLES[0].build).snapshot, CONTEXT)) as string);
    expect(json.units.map((u: { code: string }) => u.code)).toEqual(['U 1', 'U 2', 'U 3', 'U 4']);
    expect(json.ungroupedOutcomes).toEqual([]);
  });

  it('lists outcomes in no unit as ungrouped: the RUECVET course with its units taken out', async () => {
    const json = JSON.parse((await unitsJsonFormat.run(sampleMap(buildCourseWithoutUnits).snapshot, CONTEXT)) as string);
    expect(json.units).toEqual([]);
    expect(json.ungroupedOutcomes.map((o: { code: string }) => o.code)).toEqual(['LO 1', 'LO 2', 'LO 3', 'LO 4']);
    expect(json.ungroupedOutcomes[1].covers.map((c: { code: string }) => c.code)).toEqual(['WA 4', 'WA 5', 'WA 6']);
  });
});
