import { groupMinimum, type MapSnapshot } from '@qms/model';
import { describeMap, outcomesOf, type MapDescription, type OutcomeDescription, type UnitDescription, type UnitGroupDescription } from '../describe.js';
import { exportLanguage, type ExportContext } from '../format.js';
import { LABELS, documentLanguage, formatDate, type DocumentLabels, type DocumentLanguage } from './labels.js';

/**
 * The unit descriptions as a neutral outline: what the Word and the PDF renderers both draw.
 * Everything a partner reads is decided here (order, wording, which rows appear); the renderers
 * only decide how it looks.
 */

/** A piece of text with one style. */
export interface Run {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

/** A paragraph: runs on one line of flowing text, optionally as a bulleted list item. */
export interface Para {
  readonly runs: readonly Run[];
  readonly bullet?: boolean;
}

/** A table cell: its paragraphs (none: an empty cell, e.g. a field to fill in by hand). */
export type Cell = readonly Para[];

export interface Row {
  readonly cells: readonly Cell[];
  /**
   * body: an ordinary row; group: one shaded cell across the whole table (a sub-heading);
   * total: a summing row, in bold; blank: a row left empty for handwriting, kept tall.
   */
  readonly kind: 'body' | 'group' | 'total' | 'blank';
}

export type Block =
  | { readonly kind: 'title'; readonly text: string; readonly subtitle: string }
  | { readonly kind: 'heading'; readonly text: string; readonly newPage: boolean }
  | { readonly kind: 'paragraph'; readonly para: Para; readonly tone: 'normal' | 'note' | 'warning' }
  | {
      readonly kind: 'table';
      /** Relative column widths (any unit: the renderer scales them to the text width). */
      readonly widths: readonly number[];
      /** Column headings, repeated on every page the table runs onto; null: no header row. */
      readonly header: readonly string[] | null;
      readonly rows: readonly Row[];
      /** The first column names the row (a field table): shaded and bold. */
      readonly labelColumn: boolean;
    };

export interface DocumentOutline {
  readonly language: DocumentLanguage;
  readonly labels: DocumentLabels;
  /** For the file's properties: "Hairdresser — Unit descriptions". */
  readonly title: string;
  readonly subject: string;
  /** The running footer's text (the page number follows it): the title, shortened if long. */
  readonly footer: string;
  readonly generatedAt: Date;
  readonly blocks: readonly Block[];
}

const DASH = '—';
/** Codes such as "LO 12" never break across lines. */
const NBSP = '\u00a0';
const unbreakable = (code: string) => code.replace(/ /g, NBSP);
const shorten = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`);

const text = (value: string, style: Omit<Run, 'text'> = {}): Para => ({ runs: [{ text: value, ...style }] });
const cell = (value: string | number | null | undefined): Cell => [text(value === null || value === undefined || value === '' ? DASH : String(value))];
const bullets = (items: readonly string[]): Cell => (items.length === 0 ? [text(DASH)] : items.map((item) => ({ runs: [{ text: item }], bullet: true })));

/** "LO 3 — Cut hair… (apply)": the code in bold. */
export function outcomeLine(lo: OutcomeDescription, labels: DocumentLabels): Para {
  const bloom = lo.bloomLevel ? ` (${labels.bloom[lo.bloomLevel] ?? lo.bloomLevel})` : '';
  return { runs: [{ text: lo.code, bold: true }, { text: ` ${DASH} ${lo.statement}${bloom}` }] };
}

const outcomeCell = (outcomes: readonly OutcomeDescription[], labels: DocumentLabels): Cell =>
  outcomes.length === 0 ? [text(DASH)] : outcomes.map((lo) => outcomeLine(lo, labels));

/** A unit's own criteria, then those written on its outcomes ("LO 3: …"). */
function criteriaOf(unitCriteria: readonly string[], outcomes: readonly OutcomeDescription[]): string[] {
  return [...unitCriteria, ...outcomes.flatMap((lo) => lo.assessmentCriteria.map((c) => `${lo.code}: ${c}`))];
}

const field = (label: string, value: Cell): Row => ({ kind: 'body', cells: [[text(label)], value] });
const group = (label: string): Row => ({ kind: 'group', cells: [[text(label)]] });

/** The learning-outcome rows of a unit (or of the outcomes in no unit): one per domain. */
function outcomeRows(grouped: UnitDescription['outcomes'], labels: DocumentLabels, keepEmpty: boolean): Row[] {
  const rows: Row[] = [group(labels.learningOutcomes)];
  const domains = [
    [labels.knowledge, grouped.knowledge],
    [labels.skills, grouped.skills],
    [labels.autonomy, grouped.autonomy],
  ] as const;
  for (const [label, outcomes] of domains) if (keepEmpty || outcomes.length > 0) rows.push(field(label, outcomeCell(outcomes, labels)));
  if (grouped.unspecified.length > 0) rows.push(field(labels.unspecified, outcomeCell(grouped.unspecified, labels)));
  return rows;
}

function coverBlocks(map: MapDescription, labels: DocumentLabels, generatedAt: Date): Block[] {
  const q = map.qualification;
  const blocks: Block[] = [{ kind: 'title', text: q?.title || map.title, subtitle: `${labels.documentTitle}. ${labels.subtitle}` }];
  if (map.sample === 'illustrative') blocks.push({ kind: 'paragraph', para: text(labels.illustrative, { bold: true }), tone: 'warning' });
  if (hasUntranslated(map)) blocks.push({ kind: 'paragraph', para: text(labels.untranslatedNote(map.sourceLanguage), { italic: true }), tone: 'note' });
  const rows: Row[] = [
    field(labels.code, cell(q?.code)),
    field(labels.keyPurpose, cell(q?.keyPurpose)),
    field(labels.eqfLevel, cell(q?.eqfLevel)),
    field(labels.nqfLevel, cell(q?.nqfLevel)),
    field(labels.totalPoints, cell(q?.points)),
    field(labels.programmeYears, cell(q?.programmeYears)),
    field(labels.iscoCode, cell(q?.iscoCode)),
  ];
  if (q?.escoOccupation) rows.push(field(labels.escoOccupation, cell(q.escoOccupation)));
  rows.push(field(labels.status, cell(q?.status ? (labels.statuses[q.status] ?? q.status) : null)));
  rows.push(field(labels.date, cell(formatDate(generatedAt, labels))));
  blocks.push({ kind: 'table', widths: [32, 68], header: null, rows, labelColumn: true });

  blocks.push({ kind: 'heading', text: labels.pointsHeading, newPage: false });
  if (map.units.length === 0) {
    blocks.push({ kind: 'paragraph', para: text(labels.noUnits), tone: 'note' });
    return blocks;
  }
  const sum = map.units.reduce((total, unit) => total + (unit.points ?? 0), 0);
  const pointsRows: Row[] = [];
  const sections = unitSections(map);
  for (const { group, units } of sections) {
    if (group) pointsRows.push({ kind: 'group', cells: [[text(`${`${group.code} ${group.title}`.trim()} ${DASH} ${labels.groupRule(group.optional, group.minPoints, group.minUnits)}`)]] });
    for (const unit of units) pointsRows.push({ kind: 'body', cells: [cell(unit.code), cell(unit.title), cell(unit.eqfLevel), cell(unit.points)] });
  }
  // With optional groups, what every learner takes: the mandatory units and each group's minimum.
  const optional = sections.filter((section) => section.group?.optional);
  const required = optional.length === 0 ? null : Math.round(
    (sections.filter((section) => !section.group?.optional).flatMap((section) => section.units).reduce((total, unit) => total + (unit.points ?? 0), 0) +
      optional.reduce((total, { group, units }) => total + groupMinimum({ minPoints: group!.minPoints ?? undefined, minUnits: group!.minUnits ?? undefined }, units.map((unit) => ({ points: unit.points ?? undefined }))), 0)) * 1000,
  ) / 1000;
  pointsRows.push({ kind: 'total', cells: [[], [text(labels.unitsTotal)], [], cell(sum)] });
  if (required !== null) pointsRows.push({ kind: 'total', cells: [[], [text(labels.requiredTotal)], [], cell(required)] });
  pointsRows.push({ kind: 'body', cells: [[], [text(labels.qualificationTotal)], cell(q?.eqfLevel), cell(q?.points)] });
  blocks.push({
    kind: 'table',
    widths: [12, 58, 14, 16],
    header: [labels.code, labels.unit, labels.eqfLevel, labels.points],
    rows: pointsRows,
    labelColumn: false,
  });
  if (required === null && q?.points != null && q.points !== sum) blocks.push({ kind: 'paragraph', para: text(labels.pointsMismatch(sum, q.points)), tone: 'warning' });
  if (required !== null && q?.points != null && q.points !== required) blocks.push({ kind: 'paragraph', para: text(labels.requiredMismatch(required, q.points)), tone: 'warning' });
  return blocks;
}

interface UnitSection {
  /** Null for the units in no group. */
  readonly group: UnitGroupDescription | null;
  readonly units: readonly UnitDescription[];
}

/** The units in no group first, then each unit group (in code order) with its units. */
export function unitSections(map: MapDescription): UnitSection[] {
  const groupIds = new Set(map.groups.map((group) => group.id));
  const sections: UnitSection[] = [{ group: null, units: map.units.filter((unit) => unit.group === null || !groupIds.has(unit.group)) }];
  for (const group of map.groups) sections.push({ group, units: map.units.filter((unit) => unit.group === group.id) });
  return sections.filter((section) => section.group !== null || section.units.length > 0);
}

/** A unit group's section: its heading and what it asks, then its units (the first on the group's page). */
function groupBlocks({ group, units }: UnitSection, labels: DocumentLabels): Block[] {
  const unitPages = units.flatMap((unit, i) => unitBlocks(unit, labels).map((block) => (i === 0 && block.kind === 'heading' && group ? { ...block, newPage: false } : block)));
  if (!group) return unitPages;
  return [
    { kind: 'heading', text: `${labels.unitGroup} ${group.code}: ${group.title}`, newPage: true },
    { kind: 'paragraph', para: text(labels.groupRule(group.optional, group.minPoints, group.minUnits), { bold: true }), tone: 'normal' },
    ...unitPages,
  ];
}

export function unitBlocks(unit: UnitDescription, labels: DocumentLabels): Block[] {
  const rows: Row[] = [
    field(labels.code, cell(unit.code)),
    field(labels.title, cell(unit.title)),
    field(labels.eqfLevel, cell(unit.eqfLevel)),
    field(labels.points, cell(unit.points)),
    ...(unit.requires.length > 0 ? [field(labels.requires, cell(unit.requires.join(', ')))] : []),
    ...outcomeRows(unit.outcomes, labels, true),
    field(labels.assessmentCriteria, bullets(criteriaOf(unit.assessmentCriteria, outcomesOf(unit)))),
  ];
  if (unit.validity) rows.push(field(labels.validity, cell(unit.validity)));
  return [
    { kind: 'heading', text: `${labels.unit} ${unit.code}: ${unit.title}`, newPage: true },
    { kind: 'table', widths: [28, 72], header: null, rows, labelColumn: true },
  ];
}

function ungroupedBlocks(outcomes: readonly OutcomeDescription[], labels: DocumentLabels): Block[] {
  if (outcomes.length === 0) return [];
  const grouped: UnitDescription['outcomes'] = { knowledge: [], skills: [], autonomy: [], unspecified: [] };
  for (const lo of outcomes) grouped[lo.domain ?? 'unspecified'].push(lo);
  const rows = outcomeRows(grouped, labels, false);
  const criteria = criteriaOf([], outcomes);
  if (criteria.length > 0) rows.push(field(labels.assessmentCriteria, bullets(criteria)));
  return [
    { kind: 'heading', text: labels.ungroupedHeading, newPage: true },
    { kind: 'paragraph', para: text(labels.ungroupedNote), tone: 'note' },
    { kind: 'table', widths: [28, 72], header: null, rows, labelColumn: true },
  ];
}

function transcriptBlocks(map: MapDescription, labels: DocumentLabels): Block[] {
  const codes = (outcomes: readonly OutcomeDescription[]) => cell(outcomes.map((lo) => unbreakable(lo.code)).join(', '));
  const rows: Row[] = unitSections(map).flatMap((section) => section.units).map((unit) => ({
    kind: 'blank',
    cells: [[{ runs: [{ text: unbreakable(unit.code), bold: true }, { text: ` ${DASH} ${unit.title}` }] }], codes(outcomesOf(unit)), [], [], []],
  }));
  if (map.ungroupedOutcomes.length > 0) rows.push({ kind: 'blank', cells: [[text(labels.notInUnit, { italic: true })], codes(map.ungroupedOutcomes), [], [], []] });
  return [
    { kind: 'heading', text: labels.transcriptHeading, newPage: true },
    { kind: 'paragraph', para: text(labels.transcriptNote), tone: 'note' },
    {
      kind: 'table',
      widths: [30, 22, 20, 12, 16],
      header: [labels.unit, labels.learningOutcomes, labels.assessedBy, labels.date, labels.result],
      rows,
      labelColumn: false,
    },
  ];
}

export function hasUntranslated(map: MapDescription): boolean {
  const items = [map.qualification, ...map.groups, ...map.units, ...map.units.flatMap(outcomesOf), ...map.ungroupedOutcomes];
  return items.some((item) => item && item.untranslated.length > 0);
}

/**
 * The description with every text shown from the source (its translation is missing) followed by
 * "[en]", the source's tag: a partner sees which texts are still in the source language (the
 * cover says what the mark means).
 */
export function markUntranslated(map: MapDescription): MapDescription {
  const mark = ` [${map.sourceLanguage}]`;
  const one = (value: string, item: { untranslated: readonly string[] }, field: string) => (value && item.untranslated.includes(field) ? `${value}${mark}` : value);
  const list = (values: readonly string[], item: { untranslated: readonly string[] }) =>
    item.untranslated.includes('assessmentCriteria') ? values.map((value) => `${value}${mark}`) : [...values];
  const outcome = (lo: OutcomeDescription): OutcomeDescription => ({ ...lo, statement: one(lo.statement, lo, 'title'), assessmentCriteria: list(lo.assessmentCriteria, lo) });
  const q = map.qualification;
  return {
    ...map,
    qualification: q && { ...q, title: one(q.title, q, 'title'), keyPurpose: q.keyPurpose && one(q.keyPurpose, q, 'keyPurpose') },
    groups: map.groups.map((group) => ({ ...group, title: one(group.title, group, 'title') })),
    units: map.units.map((unit) => ({
      ...unit,
      title: one(unit.title, unit, 'title'),
      assessmentCriteria: list(unit.assessmentCriteria, unit),
      outcomes: {
        knowledge: unit.outcomes.knowledge.map(outcome),
        skills: unit.outcomes.skills.map(outcome),
        autonomy: unit.outcomes.autonomy.map(outcome),
        unspecified: unit.outcomes.unspecified.map(outcome),
      },
    })),
    ungroupedOutcomes: map.ungroupedOutcomes.map(outcome),
  };
}

/**
 * The whole document, in the export's language: cover, one section per unit, outcomes in no
 * unit, the Personal Transcript grid.
 */
export function buildOutline(snapshot: MapSnapshot, context: ExportContext): DocumentOutline {
  const described = describeMap(snapshot, exportLanguage(snapshot, context));
  const map = hasUntranslated(described) ? markUntranslated(described) : described;
  const language = documentLanguage(map.language);
  const labels = LABELS[language];
  const name = map.qualification?.title || map.title;
  return {
    language,
    labels,
    title: `${name} ${DASH} ${labels.documentTitle}`,
    subject: labels.subtitle,
    footer: `${shorten(name, 70)} ${DASH} ${labels.documentTitle}`,
    generatedAt: context.generatedAt,
    blocks: [
      ...coverBlocks(map, labels, context.generatedAt),
      ...unitSections(map).flatMap((section) => groupBlocks(section, labels)),
      ...ungroupedBlocks(map.ungroupedOutcomes, labels),
      ...transcriptBlocks(map, labels),
    ],
  };
}

/** Every text of the outline, in reading order: handy for tests and previews. */
export function outlineText(outline: DocumentOutline): string {
  const para = (p: Para) => p.runs.map((r) => r.text).join('');
  return outline.blocks
    .flatMap((block) => {
      switch (block.kind) {
        case 'title':
          return [block.text, block.subtitle];
        case 'heading':
          return [block.text];
        case 'paragraph':
          return [para(block.para)];
        case 'table':
          return [...(block.header ?? []), ...block.rows.flatMap((row) => row.cells.flatMap((c) => c.map(para)))];
      }
    })
    .join('\n');
}
