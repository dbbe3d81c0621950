import { graphOf, type MapGraph } from '../graph.js';
import { kindSpec, knownKinds } from '../kinds.js';
import { checkIndex, finite, type Emit } from './context.js';
import { checkCoverage, checkEmptyFunctions, checkGrouping, checkTraceability } from './links.js';
import { checkLevels } from './levels.js';
import { checkMatches } from './matches.js';
import { checkPoints } from './points.js';
import { checkUnitGroups, checkUnitRequires } from './groups.js';
import { checkWorkload } from './workload.js';
import { checkReadable } from './readable.js';
import { checkWorkshopCoverage } from './workshop.js';
import { CODE_SEVERITY, RULE_CODES, RULE_IDS, RULE_SEVERITY, type CheckInput, type CheckIssue, type MapStats, type RuleId } from './types.js';
import { checkAssessability, checkBalance } from './units.js';
import { checkTranslations } from './translation.js';
import {
  checkBloomLevels,
  checkCompoundOutcomes,
  checkDuplicateCodes,
  checkOutcomeDomains,
  checkPointGranularity,
  checkQualificationLevels,
  checkStructure,
  checkUnitContent,
  checkWorkActions,
} from './quality.js';
import { DEFAULT_VERBS, verbsFor, withMapVerbs, type VerbCatalogue } from './verbs.js';
import { issueIgnoreKey } from '../answers.js';
import { checkTitles, checkVerbs } from './wording.js';

/**
 * The graph the checks read: the map's own index (shared with whoever else reads the snapshot),
 * unless the map holds nodes of kinds the table leaves out of the checks (`checked: false`): then
 * one of the other nodes only, so that their links count for nothing either. Nodes of kinds this
 * version does not know stay in (they have no valid links) and are only counted.
 */
function checkedGraph(input: CheckInput): { graph: MapGraph; unknownNodes: number; uncheckedNodes: number } {
  const full = graphOf(input);
  let unknownNodes = 0;
  let uncheckedNodes = 0;
  for (const kind of full.kinds()) {
    const spec = kindSpec(kind);
    if (!spec) unknownNodes += full.numbers(kind).length;
    else if (!spec.checked) uncheckedNodes += full.numbers(kind).length;
  }
  if (uncheckedNodes === 0) return { graph: full, unknownNodes, uncheckedNodes };
  const nodes = input.nodes.filter((node) => kindSpec(node.kind)?.checked !== false);
  return { graph: graphOf({ nodes, edges: input.edges }), unknownNodes, uncheckedNodes };
}

const RULE_ORDER = new Map<string, number>(RULE_IDS.map((rule, i) => [rule, i]));

/**
 * Runs every methodology check on a map (docs/domain.md, "What a methodologist checks") and counts
 * what a points bar and a checks panel show. Pure: the same input gives the same issues in the
 * same order (errors first, then by rule, then by the order of the nodes).
 */
export function checkMap(input: CheckInput, options: { verbs?: VerbCatalogue } = {}): { issues: CheckIssue[]; stats: MapStats } {
  const verbs = options.verbs ?? DEFAULT_VERBS;
  const language = typeof input.meta?.language === 'string' ? input.meta.language : 'en';
  const { graph, unknownNodes, uncheckedNodes } = checkedGraph(input);
  const index = checkIndex(graph);
  const issues: CheckIssue[] = [];
  const emit: Emit = (rule, code, nodeIds, params, message) => {
    issues.push({ rule, severity: CODE_SEVERITY[`${rule}.${code}`] ?? RULE_SEVERITY[rule], nodeIds, code, params, message });
  };

  const qualifications = checkPoints(index, emit);
  checkUnitGroups(index, emit);
  checkUnitRequires(index, emit);
  const covered = checkCoverage(index, emit, checkWorkshopCoverage(index, input.workshop, emit));
  const traced = checkTraceability(index, emit);
  const grouped = checkGrouping(index, emit);
  const withCriteria = checkAssessability(index, emit);
  checkBalance(index, emit);
  checkWorkload(index, emit);
  // Each text is read with the list of its language, and the verbs this map accepts in it.
  const listFor = (tag: string) => {
    const base = verbsFor(tag, verbs);
    return base ? withMapVerbs(base, input.meta?.verbs?.[tag]) : undefined;
  };
  const list = listFor(language);
  const wellWorded = checkVerbs(index, list, emit, { language });
  const targets = (input.meta?.languages ?? []).filter((tag) => tag !== language);
  for (const target of targets) checkVerbs(index, listFor(target), emit, { language: target, translation: true });
  checkLevels(index, emit);
  checkTitles(index, list, emit);
  checkEmptyFunctions(index, emit);
  checkQualificationLevels(index, emit);
  checkStructure(index, emit);
  checkUnitContent(index, emit);
  checkPointGranularity(index, emit);
  checkDuplicateCodes(index, emit);
  checkWorkActions(index, list, emit);
  checkBloomLevels(index, list, emit);
  checkCompoundOutcomes(index, list, emit);
  checkOutcomeDomains(index, emit);
  checkTranslations(index, targets, emit);
  checkReadable(input.skipped, input.nodes, emit);
  checkMatches(index, input, emit);

  // Findings about one node that the map's editors answered "ignore here" (answers.ts).
  let ignoredCount = 0;
  const ignored = input.meta?.ignored;
  if (ignored && ignored.length > 0) {
    const keys = new Set(ignored);
    const kept = issues.filter((issue) => {
      const key = issue.nodeIds.length === 1 ? issueIgnoreKey(issue, language) : null;
      return key === null || !keys.has(key);
    });
    ignoredCount = issues.length - kept.length;
    issues.splice(0, issues.length, ...kept);
  }

  const codeOrder = (issue: CheckIssue): number => (RULE_CODES[issue.rule] as readonly string[]).indexOf(issue.code);
  const nodeOrder = (issue: CheckIssue): number => {
    const first = issue.nodeIds[0];
    return first === undefined ? -1 : graph.numberOf(first);
  };
  issues.sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
      nodeOrder(a) - nodeOrder(b) ||
      codeOrder(a) - codeOrder(b),
  );

  const byRule = Object.fromEntries(RULE_IDS.map((rule) => [rule, 0])) as Record<RuleId, number>;
  let errors = 0;
  for (const issue of issues) {
    byRule[issue.rule]++;
    if (issue.severity === 'error') errors++;
  }
  let unitPoints = 0;
  let withPoints = 0;
  for (const n of index.byKind.unit) {
    const value = finite(index.nodes[n]!.points);
    if (value !== null) {
      unitPoints += value;
      withPoints++;
    }
  }
  const counts = Object.fromEntries(
    knownKinds()
      .filter((kind) => kindSpec(kind)!.checked)
      .map((kind) => [kind, graph.numbers(kind).length]),
  ) as MapStats['counts'];
  const stats: MapStats = {
    counts,
    unknownNodes,
    uncheckedNodes,
    qualification: qualifications[0] ?? null,
    qualifications,
    unitPoints: Math.round(unitPoints * 1000) / 1000,
    workActions: { total: counts.workAction, covered },
    outcomes: { total: counts.learningOutcome, grouped, traced, wellWorded },
    units: { total: counts.unit, withCriteria, withPoints },
    issues: { errors, warnings: issues.length - errors, byRule, ignored: ignoredCount },
  };
  return { issues, stats };
}
