import { analyseVerb, type MapEdge, type MapMeta, type MapNode } from '@qms/model';

/**
 * A realistic, reproducible qualification map of about `nodes` nodes, as plain MapNode/MapEdge
 * arrays (what MapView's snapshot gives a renderer or the checks):
 *
 *   qualification → `keyFunctions` key functions → main functions (some nested one level)
 *   → work actions (5–9 per main function); learning outcomes covering 1–3 work actions of one
 *   main function; units of 3–7 outcomes with points that add up to the qualification's total.
 *
 * Proportions of a hairdresser-like map: ~6 % main functions, ~44 % work actions, ~42 % learning
 * outcomes, ~8 % units. Positions are a top-down tree layout (outcomes relative to their unit, as
 * in the document), so the same map can feed a canvas benchmark.
 *
 * With `problems` (the default) about 2 % of the nodes break a rule on purpose: uncovered work
 * actions, outcomes in no unit or in two, vague or unknown verbs, units without criteria or points,
 * a unit above the qualification's EQF level, an empty and a duplicate function, a points total
 * that does not match the programme.
 */
export interface GenerateOptions {
  /** Roughly how many nodes (±1 %). */
  nodes: number;
  /** Seed of the pseudo-random generator: the same seed gives the same map. */
  seed?: number;
  keyFunctions?: number;
  problems?: boolean;
}

export interface GeneratedMap {
  meta: MapMeta;
  nodes: MapNode[];
  edges: MapEdge[];
  /** How many deliberate problems of each kind were planted. */
  planted: Record<string, number>;
}

/** mulberry32: a small, fast, seedable generator. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_AREAS = [
  'Provide hairdressing services to clients',
  'Maintain health and safety in the salon',
  'Cut and style hair',
  'Colour and lighten hair',
  'Perm and straighten hair',
  'Provide beard and moustache care',
  'Manage client consultations and relationships',
  'Manage salon business and promotion',
  'Develop professional practice',
  'Support salon administration',
];
const FUNCTION_VERBS = ['Provide', 'Maintain', 'Carry out', 'Manage', 'Ensure', 'Prepare', 'Perform', 'Organise', 'Promote', 'Support'];
const ACTION_VERBS = ['Cut', 'Colour', 'Style', 'Clean', 'Sterilise', 'Record', 'Greet', 'Check', 'Test', 'Mix', 'Shape', 'Finish', 'Sell', 'Promote', 'Keep', 'Advise', 'Consult', 'Prepare', 'Use', 'Follow'];
const OUTCOME_VERBS = ['Identify', 'Describe', 'Explain', 'Apply', 'Select', 'Prepare', 'Perform', 'Demonstrate', 'Analyse', 'Evaluate', 'Recommend', 'Maintain', 'Use', 'Follow', 'Assess', 'Plan', 'Organise', 'Calculate', 'Communicate', 'Design'];
const OBJECTS = [
  "the client's hair and scalp condition", 'a one-length haircut', 'graduated layers with clippers', 'colour products to the manufacturer\'s instructions',
  'tools and equipment after each client', 'client records in the salon system', 'a skin test before colouring', 'a blow-dry finish',
  'retail products to clients', 'the working area clean and safe', 'a beard shape that suits the face', 'perm lotion and neutraliser',
  'the appointment schedule', 'hazards and risks in the salon', 'aftercare advice', 'the cost of a service', 'a colour correction plan',
  'hygiene and infection control procedures', 'salon promotions', 'feedback from clients',
];
const DOMAINS = ['knowledge', 'skills', 'autonomy'] as const;
const BLOOM = ['remember', 'understand', 'apply', 'analyse', 'evaluate', 'create'] as const;

type Draft = { -readonly [K in keyof MapNode]: MapNode[K] };

export function generateMap(options: GenerateOptions): GeneratedMap {
  const target = Math.max(50, Math.floor(options.nodes));
  const rand = random(options.seed ?? 20240601);
  const problems = options.problems ?? true;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const between = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

  const nodes: Draft[] = [];
  const edges: MapEdge[] = [];
  const planted: Record<string, number> = {};
  const plant = (what: string): void => {
    planted[what] = (planted[what] ?? 0) + 1;
  };
  /** 12 characters, like the ids the editor makes (ids.ts), but reproducible. */
  const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const newId = (): string => {
    let id = '';
    for (let i = 0; i < 12; i++) id += ID_ALPHABET[Math.floor(rand() * ID_ALPHABET.length)];
    return id;
  };
  const edge = (kind: string, source: string, target: string): void => {
    edges.push({ id: newId(), kind, source, target });
  };
  const counters: Record<string, number> = {};
  const code = (prefix: string): string => `${prefix} ${(counters[prefix] = (counters[prefix] ?? 0) + 1)}`;

  const keyFunctionCount = options.keyFunctions ?? 8;
  const rest = target - 1 - keyFunctionCount;
  const mainFunctionCount = Math.max(keyFunctionCount, Math.round(rest * 0.06));
  const workActionCount = Math.round(rest * 0.44);
  const outcomeCount = Math.round(rest * 0.42);
  const unitCount = Math.max(1, rest - mainFunctionCount - workActionCount - outcomeCount);
  const years = 3;
  const total = 60 * years;

  const COLUMN = 240;
  const qualification: Draft = {
    id: newId(),
    kind: 'qualification',
    code: 'Q 1',
    title: 'Hairdresser (illustrative)',
    position: { x: (workActionCount * COLUMN) / 2, y: 0 },
    keyPurpose: "To provide hairdressing services that meet clients' needs, salon standards and health and safety requirements",
    eqfLevel: 4,
    nqfLevel: '4',
    points: problems ? total + 10 : total,
    programmeYears: years,
    iscoCode: '5141',
    status: 'draft',
  };
  if (problems) plant('points total ≠ 60 × years');
  nodes.push(qualification);

  // Key functions, then main functions spread over them (every 10th nested under the previous one).
  const keyFunctions: Draft[] = [];
  for (let k = 0; k < keyFunctionCount; k++) {
    const node: Draft = {
      id: newId(),
      kind: 'keyFunction',
      code: code('KF'),
      title: `${KEY_AREAS[k % KEY_AREAS.length]}${k >= KEY_AREAS.length ? ` (${Math.floor(k / KEY_AREAS.length) + 1})` : ''}`,
      position: { x: 0, y: 200 },
    };
    keyFunctions.push(node);
    nodes.push(node);
    edge('childOf', node.id, qualification.id);
  }
  const mainFunctions: Draft[] = [];
  for (let m = 0; m < mainFunctionCount; m++) {
    const parent = m % 10 === 9 && mainFunctions.length > 0 ? mainFunctions[mainFunctions.length - 1]! : keyFunctions[m % keyFunctionCount]!;
    const node: Draft = {
      id: newId(),
      kind: 'mainFunction',
      code: code('MF'),
      title: `${pick(FUNCTION_VERBS)} ${pick(OBJECTS)} (${m + 1})`,
      position: { x: 0, y: parent.kind === 'keyFunction' ? 400 : 500 },
    };
    mainFunctions.push(node);
    nodes.push(node);
    edge('childOf', node.id, parent.id);
  }
  if (problems && mainFunctions.length > 2) {
    // Same title as the first main function; and the last main function gets no work action.
    mainFunctions[1]!.title = mainFunctions[0]!.title;
    plant('duplicate function title');
  }
  const fed = problems ? mainFunctions.slice(0, -1) : mainFunctions;
  if (problems) plant('empty main function');

  // Work actions, in runs of 5–9 under one main function.
  const workActions: Draft[] = [];
  const actionFunction: number[] = [];
  let fn = 0;
  while (workActions.length < workActionCount) {
    const run = Math.min(between(5, 9), workActionCount - workActions.length);
    const parent = fed[fn % fed.length]!;
    for (let i = 0; i < run; i++) {
      const x = workActions.length * COLUMN;
      const node: Draft = {
        id: newId(),
        kind: 'workAction',
        code: code('WA'),
        title: `${pick(ACTION_VERBS)} ${pick(OBJECTS)}`,
        position: { x, y: 700 },
        performanceCriteria: ['Carried out to salon standards', 'Within the commercially acceptable time'],
      };
      workActions.push(node);
      actionFunction.push(fn);
      nodes.push(node);
      edge('childOf', node.id, parent.id);
    }
    fn++;
  }
  // Learning outcomes: each covers 1–3 neighbouring work actions (same run), walking along them.
  const outcomes: Draft[] = [];
  const uncoveredEvery = problems ? 97 : 0;
  let cursor = 0;
  for (let o = 0; o < outcomeCount; o++) {
    const verb = problems && o % 151 === 7 ? 'Understand' : problems && o % 211 === 11 ? 'Hair' : pick(OUTCOME_VERBS);
    if (verb === 'Understand') plant('vague verb');
    if (verb === 'Hair') plant('unknown first word');
    // The level its verb has in the list, as a teacher would set it (the draw keeps the rest of the map as it was).
    const drawn = pick(BLOOM);
    const node: Draft = {
      id: newId(),
      kind: 'learningOutcome',
      code: code('LO'),
      title: `${verb} ${pick(OBJECTS)}`,
      position: { x: 12, y: 40 },
      domain: DOMAINS[o % 3],
      bloomLevel: analyseVerb(verb, 'en').bloomLevel ?? drawn,
      eqfLevel: 4,
      transversal: false,
      assessmentCriteria: ['Observed in a realistic salon environment'],
    };
    outcomes.push(node);
    nodes.push(node);
    if (problems && o % 173 === 5) {
      plant('outcome covering no work action');
      continue;
    }
    const covers = between(1, 3);
    for (let c = 0; c < covers; c++) {
      if (cursor >= workActions.length) cursor = 0;
      if (uncoveredEvery && cursor % uncoveredEvery === 3) cursor++; // left uncovered
      const action = workActions[cursor % workActions.length]!;
      edge('covers', node.id, action.id);
      if (c < covers - 1 && actionFunction[cursor + 1] === actionFunction[cursor]) cursor++;
    }
    cursor++;
  }

  // Units of consecutive outcomes; points shared out so that they add up to the total.
  const units: Draft[] = [];
  const alsoInNextUnit: number[] = [];
  const perUnit = outcomeCount / unitCount;
  const share = Math.floor((total / unitCount) * 2) / 2;
  for (let u = 0; u < unitCount; u++) {
    const last = u === unitCount - 1;
    const points = last ? total - share * (unitCount - 1) : share;
    const node: Draft = {
      id: newId(),
      kind: 'unit',
      code: code('U'),
      title: `Unit ${u + 1}: ${pick(KEY_AREAS).replace(/^\w+ /, '')}`,
      position: { x: u * 300, y: 1100 },
      points: Math.round(points * 100) / 100,
      eqfLevel: problems && u === 3 ? 5 : 4,
      assessmentCriteria: problems && u % 67 === 2 ? [] : ['Practical observation in the salon', 'Oral questioning'],
      validity: '5 years',
    };
    if (problems && u === 3) plant('unit above the EQF level');
    if (problems && u % 67 === 2) plant('unit without assessment criteria');
    units.push(node);
    nodes.push(node);
    const from = Math.round(u * perUnit);
    const to = last ? outcomeCount : Math.round((u + 1) * perUnit);
    for (let o = from; o < to; o++) {
      if (problems && o % 131 === 9) {
        plant('outcome in no unit');
        continue;
      }
      edge('partOf', outcomes[o]!.id, node.id);
      // Inside the unit's block: two columns of outcome cards.
      outcomes[o]!.position = { x: 12 + ((o - from) % 2) * 140, y: 48 + Math.floor((o - from) / 2) * 90 };
      if (problems && o % 199 === 13 && u + 1 < unitCount) {
        alsoInNextUnit.push(o);
        plant('outcome in two units');
      }
    }
  }
  for (const o of alsoInNextUnit) {
    const unit = units.findIndex((_, u) => Math.round(u * perUnit) <= o && o < Math.round((u + 1) * perUnit));
    edge('partOf', outcomes[o]!.id, units[unit + 1]!.id);
  }
  if (problems && units.length > 5) {
    delete units[5]!.points;
    plant('unit without points');
  }

  if (problems) {
    const covered = new Set(edges.filter((e) => e.kind === 'covers').map((e) => e.target));
    planted['uncovered work action'] = workActions.filter((action) => !covered.has(action.id)).length;
  }

  // Functions above the middle of what hangs below them; the qualification above everything.
  const children = new Map<string, string[]>();
  for (const e of edges) if (e.kind === 'childOf') (children.get(e.target) ?? children.set(e.target, []).get(e.target)!).push(e.source);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const place = (node: Draft): number => {
    const below = (children.get(node.id) ?? []).map((id) => place(byId.get(id)!));
    if (below.length > 0) node.position = { x: below.reduce((a, b) => a + b, 0) / below.length, y: node.position.y };
    return node.position.x;
  };
  place(qualification);
  return {
    meta: { schemaVersion: 2, title: `Generated map, ${nodes.length} nodes`, createdAt: 0, language: 'en', sample: 'illustrative' },
    nodes,
    edges,
    planted,
  };
}
