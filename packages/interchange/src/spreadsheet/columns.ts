import { FIELDS, FIELD_NAMES, TRANSLATABLE_FIELDS, canonicalLanguage, kindSpec, kindsWithField, knownKinds, type FieldName, type FieldSpec, type TranslatableField } from '@qms/model';

/**
 * The columns of the map spreadsheet (xlsx and csv): one row per node.
 *
 *   id, kind, code, title, parent, unit, covers, …every other field of FIELDS in its order…, matches
 *
 * The field columns are generated from the model's FIELDS table, so a field added there gets a
 * column (with a label made from its name until someone writes a better one below).
 *
 * Header cells are "Friendly name (key)", or just the name when it is the key in another case
 * ("Parent"): a program finds the key in the brackets, or else in the whole cell, lower-cased. The
 * importer accepts the friendly name, the key, or both, in any case and spacing.
 */
export type ColumnKey = 'id' | 'kind' | 'code' | 'title' | 'parent' | 'unit' | 'covers' | 'matches' | 'requires' | Exclude<FieldName, 'code' | 'title'>;

export interface Column {
  key: ColumnKey;
  /** What a teacher reads in the header. */
  label: string;
  /** The header cell: "EQF level (eqfLevel)", or "Parent". */
  header: string;
  /** The model field behind the column, if any (code and title are fields too). */
  field?: FieldName;
  /** Excel column width, in characters. */
  width: number;
  /** Long text: wrapped in Excel. */
  wrap: boolean;
  /** One plain sentence for the About sheet. */
  about: string;
}

/** The kinds the spreadsheet carries: those the kind table marks `exported`, in its order. */
export function spreadsheetKinds(): string[] {
  return knownKinds().filter((kind) => kindSpec(kind)!.exported);
}

/** A kind's friendly name (the kind table's label), for the About sheet and for the importer (which accepts it). */
export function kindLabel(kind: string): string {
  return kindSpec(kind)?.label ?? kind;
}

/** Short spreadsheet labels; a field missing here gets one made from its name. */
const FIELD_LABELS: Partial<Record<FieldName, string>> = {
  keyPurpose: 'Key purpose',
  eqfLevel: 'EQF level',
  nqfLevel: 'NQF level',
  points: 'ECVET points',
  programmeYears: 'Programme years',
  iscoCode: 'ISCO code',
  escoOccupation: 'ESCO occupation',
  performanceCriteria: 'Performance criteria',
  bloomLevel: 'Bloom level',
  assessmentCriteria: 'Assessment criteria',
  escoSkills: 'ESCO skills',
  sourceId: 'Source id',
  sourceType: 'Source type',
};

/** What each field means, in plain words (the allowed values are added from FIELDS). */
const FIELD_ABOUT: Partial<Record<FieldName, string>> = {
  keyPurpose: 'One statement of what the occupation achieves.',
  eqfLevel: 'Level of the European Qualifications Framework.',
  nqfLevel: 'Level in the national qualifications framework, as the country writes it ("4", "LT 4").',
  points: "ECVET points: the qualification's total, or the unit's share of it.",
  programmeYears: 'Years of the reference full-time programme (60 ECVET points per year).',
  iscoCode: 'ISCO-08 occupation code, e.g. 5141 for hairdressers.',
  escoOccupation: 'ESCO occupation URI.',
  status: 'Where the qualification stands.',
  performanceCriteria: 'How to tell that the work action is done well.',
  domain: 'Knowledge, skills, or responsibility and autonomy.',
  bloomLevel: "The outcome's level in Bloom's revised taxonomy.",
  transversal: 'An outcome that serves the whole qualification rather than one work action.',
  assessmentCriteria: 'How the outcome or unit is assessed.',
  escoSkills: 'ESCO skill URIs.',
  validity: 'How long an achieved unit stays valid ("5 years").',
  sourceId: 'The identifier the row had in the file or system it was imported from. Kept as it is.',
  sourceType: 'The type it had there. Kept as it is.',
  sequence: 'Its place among its siblings there. Kept as it is.',
};

/** "programmeYears" → "Programme years". */
function humanise(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** For comparing header cells and choices: case, spaces, dashes and underscores do not count. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** "EQF level (eqfLevel)"; just "Parent" when the label is the key in another case. */
function headerOf(key: string, label: string): string {
  return label.toLowerCase() === key.toLowerCase() ? label : `${label} (${key})`;
}

function kindsText(kinds: readonly string[]): string {
  if (kinds.length === knownKinds().length) return 'every row';
  return kinds.map((kind) => kindLabel(kind).toLowerCase()).join(', ');
}

/** The allowed values of a field, in plain words, from its FIELDS entry. */
function valuesText(spec: FieldSpec): string {
  switch (spec.type) {
    case 'number':
      return `${spec.integer ? 'A whole number' : 'A number'} from ${spec.min} to ${spec.max}.`;
    case 'enum':
      return `One of: ${spec.options.join(', ')}.`;
    case 'boolean':
      return 'true or false (yes / no also work); empty when not set.';
    case 'list':
      return 'One item per line inside the cell (Alt+Enter in Excel starts a new line).';
    case 'string':
      return `Up to ${spec.maxLength} characters.`;
    case 'text':
      return '';
  }
}

function widthOf(spec: FieldSpec): number {
  switch (spec.type) {
    case 'text':
    case 'list':
      return 50;
    case 'string':
      return spec.maxLength <= 40 ? 12 : 24;
    case 'enum':
      return 14;
    default:
      return 10;
  }
}

function fieldColumn(field: Exclude<FieldName, 'code' | 'title'>): Column {
  const spec: FieldSpec = FIELDS[field];
  const label = FIELD_LABELS[field] ?? humanise(field);
  const about = [FIELD_ABOUT[field] ?? '', valuesText(spec), `Used on: ${kindsText(kindsWithField(field))}.`].filter(Boolean).join(' ');
  return { key: field, label, header: headerOf(field, label), field, width: widthOf(spec), wrap: spec.type === 'text' || spec.type === 'list', about };
}

function column(key: ColumnKey, label: string, width: number, wrap: boolean, about: string, field?: FieldName): Column {
  return { key, label, header: headerOf(key, label), width, wrap, about, ...(field ? { field } : {}) };
}

const REFERENCE = 'Write the code of that row, or its id when codes repeat or are empty.';

export const COLUMNS: readonly Column[] = [
  column('id', 'Id', 14, false, 'The identifier of the row in the map. Leave it as it is; leave it empty on rows you add.'),
  column('kind', 'Kind', 16, false, `What the row is: ${spreadsheetKinds().join(', ')} (or their names: ${spreadsheetKinds().map(kindLabel).join(', ')}). When empty, it is guessed from the code (WA 3 is a work action).`),
  column('code', 'Code', 10, false, 'A short code such as KF 1, WA 3, LO 2, U 1. Up to 40 characters.', 'code'),
  column('title', 'Title', 60, true, "The statement: the qualification's name, a verb-led function, work action or outcome, a unit's title. A row needs a title or a code.", 'title'),
  column('parent', 'Parent', 12, false, `In the functional map, the row this one sits under: a key function under the qualification, a main function under a key function (or another main function), a work action under a main function. ${REFERENCE}`),
  column('unit', 'Unit', 10, false, `For a learning outcome: the unit of learning outcomes it belongs to; for a unit: its unit group, if any. ${REFERENCE}`),
  column('covers', 'Covers', 18, true, 'For a learning outcome: the work actions it is derived from, separated by "; " (WA 1; WA 2). Ids work too.'),
  ...FIELD_NAMES.filter((name): name is Exclude<FieldName, 'code' | 'title'> => name !== 'code' && name !== 'title').map(fieldColumn),
  column('matches', 'Matches', 18, true, "For a unit: a partner institution's units it matches (the basis of credit transfer), separated by \"; \"."),
  column('requires', 'Requires', 14, true, 'For a unit: the units of the qualification a learner takes first (prerequisites), separated by "; ".'),
];

/** Other names people write in a header, by column. */
const ALIASES: Partial<Record<ColumnKey, string[]>> = {
  title: ['statement', 'name'],
  kind: ['type', 'node kind'],
  parent: ['child of', 'parent code'],
  unit: ['part of', 'unit code'],
};

/** The column a header cell names, or undefined: "EQF level (eqfLevel)", "EQF level", "eqflevel". */
export function columnForHeader(cell: string): Column | undefined {
  const text = cell.trim();
  const inParentheses = /\(([^()]*)\)\s*$/.exec(text);
  if (inParentheses) {
    const key = normalise(inParentheses[1]!);
    const byKey = COLUMNS.find((c) => normalise(c.key) === key);
    if (byKey) return byKey;
  }
  const whole = normalise(text);
  if (!whole) return undefined;
  return COLUMNS.find(
    (c) => normalise(c.key) === whole || normalise(c.label) === whole || normalise(c.header) === whole || (ALIASES[c.key] ?? []).some((a) => normalise(a) === whole),
  );
}

/**
 * A column of a field's translation into one of the map's target languages, after the map's own
 * columns: "Title [ru] (title@ru)", one per translatable field and target language. The importer
 * reads them back into the node's translations (the language from the brackets' "field@tag").
 */
export interface TranslationColumn {
  /** The row's key for it: "title@ru". */
  key: string;
  field: TranslatableField;
  language: string;
  header: string;
  width: number;
  wrap: boolean;
}

export function translationColumns(languages: readonly string[]): TranslationColumn[] {
  return languages.flatMap((language) =>
    TRANSLATABLE_FIELDS.map((field) => {
      const own = COLUMNS.find((column) => column.field === field)!;
      const key = `${field}@${language}`;
      return { key, field, language, header: `${own.label} [${language}] (${key})`, width: own.width, wrap: own.wrap };
    }),
  );
}

/**
 * A column per target language saying which of a row's translations are not simply current:
 * "Translation status [ru] (status@ru)", its cells "title: outdated; assessmentCriteria: reviewed".
 * Without it a spreadsheet's round trip would present an outdated translation as current.
 */
export interface TranslationStatusColumn {
  /** The row's key for it: "status@ru". */
  key: string;
  language: string;
  header: string;
  width: number;
  wrap: boolean;
}

/** The statuses a status cell may name: missing and current need no word (an empty or a filled cell says it). */
export const WRITTEN_STATUSES = ['outdated', 'reviewed'] as const;
export type WrittenStatus = (typeof WRITTEN_STATUSES)[number];

export function translationStatusColumns(languages: readonly string[]): TranslationStatusColumn[] {
  return languages.map((language) => ({ key: `status@${language}`, language, header: `Translation status [${language}] (status@${language})`, width: 24, wrap: true }));
}

/** The language a status column's header names ("Translation status [ru] (status@ru)", or "status@ru"), a refusal for a bad tag. */
export function translationStatusForHeader(cell: string): { language: string } | { error: string } | undefined {
  const text = cell.trim();
  const key = (/\(([^()]*)\)\s*$/.exec(text)?.[1] ?? text).trim();
  const match = /^status@(\S+)$/i.exec(key);
  if (!match) return undefined;
  const language = canonicalLanguage(match[1]);
  return language.ok ? { language: language.value } : { error: language.message };
}

/** Reads a status cell: field → status; a refusal naming what is wrong. */
export function parseStatusCell(cell: string): { statuses: Partial<Record<TranslatableField, WrittenStatus>> } | { error: string } {
  const statuses: Partial<Record<TranslatableField, WrittenStatus>> = {};
  for (const part of cell.split(';')) {
    if (part.trim() === '') continue;
    const match = /^\s*([A-Za-z]+)\s*:\s*([A-Za-z]+)\s*$/.exec(part);
    if (!match) return { error: `"${part.trim().slice(0, 60)}" is not "field: status" (e.g. "title: outdated").` };
    const field = (TRANSLATABLE_FIELDS as readonly string[]).find((name) => normalise(name) === normalise(match[1]!));
    if (!field) return { error: `"${match[1]}" has no translations (translated fields: ${TRANSLATABLE_FIELDS.join(', ')}).` };
    const status = WRITTEN_STATUSES.find((name) => name === match[2]!.toLowerCase());
    if (!status) return { error: `"${match[2]}" is not a status a cell may give (${WRITTEN_STATUSES.join(', ')}).` };
    statuses[field as TranslatableField] = status;
  }
  return { statuses };
}

/**
 * The translation a header cell names ("Title [ru] (title@ru)", or just "title@ru"), undefined
 * when it names none, or a refusal when it names a field that is not translatable or a tag that
 * is not a language.
 */
export function translationForHeader(cell: string): { field: TranslatableField; language: string } | { error: string } | undefined {
  const text = cell.trim();
  const key = (/\(([^()]*)\)\s*$/.exec(text)?.[1] ?? text).trim();
  const match = /^([A-Za-z]+)@(\S+)$/.exec(key);
  if (!match) return undefined;
  const field = (TRANSLATABLE_FIELDS as readonly string[]).find((name) => normalise(name) === normalise(match[1]!));
  if (!field) return { error: `"${match[1]}" has no translations (translated fields: ${TRANSLATABLE_FIELDS.join(', ')}).` };
  const language = canonicalLanguage(match[2]);
  if (!language.ok) return { error: language.message };
  return { field: field as TranslatableField, language: language.value };
}
