import type { MapSnapshot } from '@qms/model';
import { describeMap, type OutcomeDescription } from './describe.js';
import { exportLanguage, type ExportContext, type ExportFormat } from './format.js';

/** Identifies the document shape; bump `version` on any breaking change (schemas/units.schema.json). */
export const UNITS_JSON_FORMAT = { format: 'qms-units', version: 1 } as const;

/** `untranslated` only where some field is shown in the source language: a source-language export has none. */
const untranslated = (fields: readonly string[]) => (fields.length > 0 ? { untranslated: [...fields] } : {});

function outcome(lo: OutcomeDescription) {
  return {
    id: lo.id,
    code: lo.code,
    statement: lo.statement,
    bloomLevel: lo.bloomLevel,
    eqfLevel: lo.eqfLevel,
    transversal: lo.transversal,
    assessmentCriteria: lo.assessmentCriteria,
    escoSkills: lo.escoSkills,
    covers: lo.covers.map(({ id, code, title, untranslated: fields }) => ({ id, code, title, ...untranslated(fields) })),
    ...untranslated(lo.untranslated),
  };
}

/**
 * The units of learning outcomes as plain JSON: the stable machine format, documented by
 * schemas/units.schema.json. In the export's language (`language`); a field whose translation is
 * missing holds the source's text and is named in its item's `untranslated`.
 */
export function unitsJson(snapshot: MapSnapshot, context: ExportContext) {
  const map = describeMap(snapshot, exportLanguage(snapshot, context));
  const q = map.qualification;
  return {
    ...UNITS_JSON_FORMAT,
    generatedAt: context.generatedAt.toISOString(),
    language: map.language,
    map: { id: context.mapId ?? null, title: map.title, language: map.language, sourceLanguage: map.sourceLanguage, sample: map.sample },
    qualification: q && (({ untranslated: fields, ...rest }) => ({ ...rest, ...untranslated(fields) }))(q),
    units: map.units.map((unit) => ({
      id: unit.id,
      code: unit.code,
      title: unit.title,
      eqfLevel: unit.eqfLevel,
      points: unit.points,
      validity: unit.validity,
      assessmentCriteria: unit.assessmentCriteria,
      ...untranslated(unit.untranslated),
      learningOutcomes: {
        knowledge: unit.outcomes.knowledge.map(outcome),
        skills: unit.outcomes.skills.map(outcome),
        autonomy: unit.outcomes.autonomy.map(outcome),
        unspecified: unit.outcomes.unspecified.map(outcome),
      },
    })),
    ungroupedOutcomes: map.ungroupedOutcomes.map(outcome),
  };
}

export const unitsJsonFormat: ExportFormat = {
  id: 'units-json',
  extension: 'units.json',
  mediaType: 'application/json',
  label: 'Units (JSON)',
  text: true,
  async run(snapshot, context) {
    return `${JSON.stringify(unitsJson(snapshot, context), null, 2)}\n`;
  },
};
