import { compareCodes, type MapEdge, type MapNode, type MapSnapshot } from '@qms/model';

/**
 * The map read the way the exports need it: the qualification, its units of learning outcomes
 * with their outcomes grouped by domain, and what each outcome covers. Every document and data
 * format that speaks of units is built from this one reading.
 */
export interface WorkActionRef {
  id: string;
  code: string;
  title: string;
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
}

export interface UnitDescription {
  id: string;
  code: string;
  title: string;
  points: number | null;
  eqfLevel: number | null;
  validity: string | null;
  assessmentCriteria: string[];
  outcomes: {
    knowledge: OutcomeDescription[];
    skills: OutcomeDescription[];
    autonomy: OutcomeDescription[];
    /** Outcomes whose domain is not set yet. */
    unspecified: OutcomeDescription[];
  };
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
}

export interface MapDescription {
  title: string;
  language: string;
  sample: 'real' | 'illustrative' | null;
  qualification: QualificationDescription | null;
  units: UnitDescription[];
  /** Outcomes in no unit (a map still being worked on). */
  ungroupedOutcomes: OutcomeDescription[];
}

const byCode = <T extends { code: string }>(a: T, b: T) => compareCodes(a.code, b.code);

export function describeMap(snapshot: MapSnapshot): MapDescription {
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const edgesFrom = new Map<string, MapEdge[]>();
  for (const edge of snapshot.edges) edgesFrom.set(edge.source, [...(edgesFrom.get(edge.source) ?? []), edge]);

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
    covers: (edgesFrom.get(node.id) ?? [])
      .filter((e) => e.kind === 'covers' && byId.get(e.target)?.kind === 'workAction')
      .map((e) => byId.get(e.target)!)
      .map((wa) => ({ id: wa.id, code: wa.code, title: wa.title }))
      .sort(byCode),
  });

  // Each outcome in the unit it is drawn in: its first partOf link (by edge id) to a unit.
  const unitOf = new Map<string, string>();
  for (const edge of [...snapshot.edges].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (edge.kind === 'partOf' && byId.get(edge.target)?.kind === 'unit' && !unitOf.has(edge.source)) unitOf.set(edge.source, edge.target);
  }
  const outcomes = snapshot.nodes.filter((n) => n.kind === 'learningOutcome').sort(byCode);
  const units: UnitDescription[] = snapshot.nodes
    .filter((n) => n.kind === 'unit')
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
        outcomes: grouped,
      };
    });
  const q = snapshot.nodes.find((n) => n.kind === 'qualification');
  return {
    title: snapshot.meta.title,
    language: snapshot.meta.language,
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
        }
      : null,
    units,
    ungroupedOutcomes: outcomes.filter((lo) => !unitOf.has(lo.id)).map(outcome),
  };
}

/** Every outcome of a unit, in the order K, S, A, unspecified. */
export function outcomesOf(unit: UnitDescription): OutcomeDescription[] {
  return [...unit.outcomes.knowledge, ...unit.outcomes.skills, ...unit.outcomes.autonomy, ...unit.outcomes.unspecified];
}
