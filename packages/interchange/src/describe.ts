import { compareCodes, graphOf, kindSpec, type MapNode, type MapSnapshot } from '@qms/model';
import { snapshotIn } from './format.js';

/**
 * The map read the way the exports need it: the qualification, its units of learning outcomes
 * with their outcomes grouped by domain, and what each outcome covers. Every document and data
 * format that speaks of units is built from this one reading.
 *
 * It reads only the kinds a unit description has a place for (qualification, unit, learning
 * outcome, and the work actions an outcome covers), each only if the kind table marks it
 * `exported`; every other kind is left out of these formats on purpose. Links are the graph
 * index's valid ones (graph.ts in the model).
 *
 * It reads the map in one language: the source language, or a target language where each text is
 * its translation, or the source's text where the translation is missing (`untranslated` names
 * those fields, for the formats that mark them).
 */
export interface WorkActionRef {
  id: string;
  code: string;
  title: string;
  untranslated: string[];
}

export interface OutcomeDescription {
  id: string;
  code: string;
  statement: string;
  domain: 'knowledge' | 'skills' | 'autonomy' | null;
  bloomLevel: string | null;
  eqfLevel: number | null;
  transversal: boolean;
  assessmentCriteria: string[];
  escoSkills: string[];
  covers: WorkActionRef[];
  /** Fields shown in the source language because their translation is missing (empty in the source language). */
  untranslated: string[];
}

export interface UnitDescription {
  id: string;
  code: string;
  title: string;
  points: number | null;
  eqfLevel: number | null;
  validity: string | null;
  assessmentCriteria: string[];
  untranslated: string[];
  /** The unit group it is in (an id of `MapDescription.groups`), or null. */
  group: string | null;
  /** Codes of the units it requires first (prerequisites), in code order. */
  requires: string[];
  outcomes: {
    knowledge: OutcomeDescription[];
    skills: OutcomeDescription[];
    autonomy: OutcomeDescription[];
    /** Outcomes whose domain is not set yet. */
    unspecified: OutcomeDescription[];
  };
}

export interface UnitGroupDescription {
  id: string;
  code: string;
  title: string;
  /** A learner chooses among its units (at least `minPoints` / `minUnits`); otherwise they are all mandatory. */
  optional: boolean;
  minPoints: number | null;
  minUnits: number | null;
  untranslated: string[];
}

export interface QualificationDescription {
  id: string;
  code: string;
  title: string;
  keyPurpose: string | null;
  eqfLevel: number | null;
  nqfLevel: string | null;
  points: number | null;
  programmeYears: number | null;
  iscoCode: string | null;
  escoOccupation: string | null;
  status: string | null;
  untranslated: string[];
}

export interface MapDescription {
  title: string;
  /** The language the description is in (the export's). */
  language: string;
  /** The map's source language: the language of every `untranslated` field. */
  sourceLanguage: string;
  sample: 'real' | 'illustrative' | null;
  qualification: QualificationDescription | null;
  units: UnitDescription[];
  /** The unit groups, in code order (their units say which they are in). */
  groups: UnitGroupDescription[];
  /** Outcomes in no unit (a map still being worked on). */
  ungroupedOutcomes: OutcomeDescription[];
}

const byCode = <T extends { code: string }>(a: T, b: T) => compareCodes(a.code, b.code);

/** The nodes of a kind, if exports carry that kind. */
function exported(nodes: readonly MapNode[], kind: string): readonly MapNode[] {
  return kindSpec(kind)?.exported ? nodes : [];
}

export function describeMap(source: MapSnapshot, language: string = source.meta.language): MapDescription {
  const { snapshot, fallback } = snapshotIn(source, language);
  const untranslated = (id: string) => [...(fallback.get(id) ?? [])];
  const graph = graphOf(snapshot);
  const ofKind = (kind: string) => exported(graph.ofKind(kind), kind);

  const outcome = (node: MapNode): OutcomeDescription => ({
    id: node.id,
    code: node.code,
    statement: node.title,
    domain: node.domain === 'knowledge' || node.domain === 'skills' || node.domain === 'autonomy' ? node.domain : null,
    bloomLevel: node.bloomLevel ?? null,
    eqfLevel: node.eqfLevel ?? null,
    transversal: node.transversal === true,
    assessmentCriteria: [...(node.assessmentCriteria ?? [])],
    escoSkills: [...(node.escoSkills ?? [])],
    untranslated: untranslated(node.id),
    covers: graph
      .covers(node.id)
      .filter((wa) => wa.kind === 'workAction' && kindSpec(wa.kind)?.exported)
      .map((wa) => ({ id: wa.id, code: wa.code, title: wa.title, untranslated: untranslated(wa.id) }))
      .sort(byCode),
  });

  // Each outcome in the unit it is drawn in (the graph's unit membership).
  const unitOf = graph.unitMembership();
  const outcomes = [...ofKind('learningOutcome')].sort(byCode);
  const groups: UnitGroupDescription[] = [...ofKind('unitGroup')].sort(byCode).map((group) => ({
    id: group.id,
    code: group.code,
    title: group.title,
    optional: group.optional === true,
    minPoints: group.minPoints ?? null,
    minUnits: group.minUnits ?? null,
    untranslated: untranslated(group.id),
  }));
  const groupIds = new Set(groups.map((group) => group.id));
  const units: UnitDescription[] = [...ofKind('unit')]
    .sort(byCode)
    .map((unit) => {
      const grouped: UnitDescription['outcomes'] = { knowledge: [], skills: [], autonomy: [], unspecified: [] };
      for (const lo of outcomes) {
        if (unitOf.get(lo.id) !== unit.id) continue;
        const described = outcome(lo);
        grouped[described.domain ?? 'unspecified'].push(described);
      }
      return {
        id: unit.id,
        code: unit.code,
        title: unit.title,
        points: unit.points ?? null,
        eqfLevel: unit.eqfLevel ?? null,
        validity: unit.validity ?? null,
        assessmentCriteria: [...(unit.assessmentCriteria ?? [])],
        untranslated: untranslated(unit.id),
        group: graph.targets('partOf', unit.id).find((target) => groupIds.has(target.id))?.id ?? null,
        requires: graph
          .targets('requires', unit.id)
          .filter((required) => kindSpec(required.kind)?.exported)
          .sort(byCode)
          .map((required) => required.code || required.title),
        outcomes: grouped,
      };
    });
  const q = ofKind('qualification')[0];
  return {
    title: snapshot.meta.title,
    language,
    sourceLanguage: snapshot.meta.language,
    sample: snapshot.meta.sample ?? null,
    qualification: q
      ? {
          id: q.id,
          code: q.code,
          title: q.title,
          keyPurpose: q.keyPurpose || null,
          eqfLevel: q.eqfLevel ?? null,
          nqfLevel: q.nqfLevel ?? null,
          points: q.points ?? null,
          programmeYears: q.programmeYears ?? null,
          iscoCode: q.iscoCode || null,
          escoOccupation: q.escoOccupation || null,
          status: q.status ?? null,
          untranslated: untranslated(q.id),
        }
      : null,
    units,
    groups,
    ungroupedOutcomes: outcomes.filter((lo) => !unitOf.has(lo.id)).map(outcome),
  };
}

/** Every outcome of a unit, in the order K, S, A, unspecified. */
export function outcomesOf(unit: UnitDescription): OutcomeDescription[] {
  return [...unit.outcomes.knowledge, ...unit.outcomes.skills, ...unit.outcomes.autonomy, ...unit.outcomes.unspecified];
}
