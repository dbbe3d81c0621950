import { nodeTranslationStatus, TranslationStatus, type MapSnapshot, type TranslatableField } from '@qms/model';
import { describeMap, outcomesOf, type MapDescription, type OutcomeDescription, type UnitDescription } from '../describe.js';
import { exportLanguage, type ExportContext } from '../format.js';
import { LABELS, documentLanguage, formatDate } from './labels.js';
import type { Block, Cell, DocumentOutline, Para, Row } from './outline.js';

/**
 * The bilingual annex for a Memorandum of Understanding: each unit, its learning outcomes and its
 * assessment criteria in two columns, the source language on the left, a target language (the
 * export's `language`) on the right, in that language's labels. A missing translation is an
 * italic "Not translated yet" in the right column; an outdated one is shown, marked as such.
 */

const DASH = '—';
const text = (value: string, style: { bold?: boolean; italic?: boolean } = {}): Para => ({ runs: [{ text: value, ...style }] });

/** What the right column shows for one text. */
type Target = { text: string; outdated: boolean } | null;

export function buildBilingualOutline(snapshot: MapSnapshot, context: ExportContext): DocumentOutline {
  const language = exportLanguage(snapshot, context);
  if (language === snapshot.meta.language) {
    throw new Error(`The bilingual annex prints the source beside a translation: choose one of the map's target languages (language=${(snapshot.meta.languages ?? []).join(', ') || '…, after adding one in the map settings'}).`);
  }
  const source = describeMap(snapshot);
  const target = describeMap(snapshot, language);
  const labels = LABELS[documentLanguage(language)];
  const nodes = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const outdated = (id: string, field: TranslatableField) => nodeTranslationStatus(nodes.get(id)!, language)[field] === TranslationStatus.Outdated;
  const index = indexOf(target);

  /** An item's text in the target language, or null where it is still the source's. */
  const translated = (id: string, field: 'title' | 'keyPurpose'): Target => {
    const item = index.get(id);
    if (!item || item.untranslated.includes(field)) return null;
    const value = field === 'title' ? item.title : item.keyPurpose;
    return value ? { text: value, outdated: outdated(id, field) } : null;
  };
  const translatedItem = (id: string, position: number): Target => {
    const item = index.get(id);
    if (!item || item.untranslated.includes('assessmentCriteria')) return null;
    const value = item.criteria[position];
    return value ? { text: value, outdated: outdated(id, 'assessmentCriteria') } : null;
  };
  const right = (value: Target, prefix = ''): Cell =>
    value === null
      ? [text(labels.notTranslated, { italic: true })]
      : [{ runs: [...(prefix ? [{ text: prefix, bold: true }] : []), { text: value.text }, ...(value.outdated ? [{ text: ` (${labels.outdated})`, italic: true }] : [])] }];
  const left = (value: string, prefix = ''): Cell => [{ runs: [...(prefix ? [{ text: prefix, bold: true }] : []), { text: value || DASH }] }];
  const group = (label: string): Row => ({ kind: 'group', cells: [[text(label)]] });
  const pair = (l: Cell, r: Cell): Row => ({ kind: 'body', cells: [l, r] });

  const header = [`${labels.original} (${source.sourceLanguage})`, `${labels.translation} (${language})`];
  const outcomeRows = (outcomes: readonly OutcomeDescription[]): Row[] =>
    outcomes.length === 0 ? [] : [group(labels.learningOutcomes), ...outcomes.map((lo) => pair(left(lo.statement, `${lo.code} ${DASH} `), right(translated(lo.id, 'title'), `${lo.code} ${DASH} `)))];
  const criteriaRows = (owner: { id: string; assessmentCriteria: readonly string[] }, outcomes: readonly OutcomeDescription[]): Row[] => {
    const rows = [
      ...owner.assessmentCriteria.map((c, i) => pair(left(c), right(translatedItem(owner.id, i)))),
      ...outcomes.flatMap((lo) => lo.assessmentCriteria.map((c, i) => pair(left(c, `${lo.code}: `), right(translatedItem(lo.id, i), `${lo.code}: `)))),
    ];
    return rows.length === 0 ? [] : [group(labels.assessmentCriteria), ...rows];
  };
  const table = (rows: Row[]): Block => ({ kind: 'table', widths: [50, 50], header, rows, labelColumn: false });

  const q = source.qualification;
  const name = q?.title || source.title;
  const titleInTarget = q ? translated(q.id, 'title') : null;
  const blocks: Block[] = [
    { kind: 'title', text: titleInTarget?.text || name, subtitle: `${labels.bilingualTitle}. ${labels.subtitle}` },
    { kind: 'paragraph', para: text(labels.bilingualNote), tone: 'note' },
  ];
  if (source.sample === 'illustrative') blocks.push({ kind: 'paragraph', para: text(labels.illustrative, { bold: true }), tone: 'warning' });
  const cover: Row[] = [];
  if (q) {
    cover.push(pair(left(q.title, `${labels.title}: `), right(translated(q.id, 'title'), `${labels.title}: `)));
    if (q.keyPurpose) cover.push(pair(left(q.keyPurpose, `${labels.keyPurpose}: `), right(translated(q.id, 'keyPurpose'), `${labels.keyPurpose}: `)));
  }
  cover.push({ kind: 'body', cells: [[text(`${labels.date}: ${formatDate(context.generatedAt, labels)}`)], []] });
  blocks.push(table(cover));
  for (const unit of source.units) {
    const unitTarget = translated(unit.id, 'title');
    blocks.push({ kind: 'heading', text: `${labels.unit} ${unit.code}: ${unitTarget?.text || unit.title}`, newPage: true });
    const outcomes = outcomesOf(unit);
    blocks.push(table([pair(left(unit.title, `${unit.code} ${DASH} `), right(unitTarget, `${unit.code} ${DASH} `)), ...outcomeRows(outcomes), ...criteriaRows(unit, outcomes)]));
  }
  if (source.ungroupedOutcomes.length > 0) {
    blocks.push({ kind: 'heading', text: labels.ungroupedHeading, newPage: true });
    blocks.push(table([...outcomeRows(source.ungroupedOutcomes), ...criteriaRows({ id: '', assessmentCriteria: [] }, source.ungroupedOutcomes)]));
  }
  return {
    language: documentLanguage(language),
    labels,
    title: `${name} ${DASH} ${labels.bilingualTitle}`,
    subject: labels.subtitle,
    footer: `${name.length <= 70 ? name : `${name.slice(0, 69).trimEnd()}…`} ${DASH} ${labels.bilingualTitle}`,
    generatedAt: context.generatedAt,
    blocks,
  };
}

interface Indexed {
  title: string;
  keyPurpose: string | null;
  criteria: readonly string[];
  untranslated: readonly string[];
}

function indexOf(map: MapDescription): Map<string, Indexed> {
  const index = new Map<string, Indexed>();
  const q = map.qualification;
  if (q) index.set(q.id, { title: q.title, keyPurpose: q.keyPurpose, criteria: [], untranslated: q.untranslated });
  const unit = (u: UnitDescription) => index.set(u.id, { title: u.title, keyPurpose: null, criteria: u.assessmentCriteria, untranslated: u.untranslated });
  map.units.forEach(unit);
  for (const lo of [...map.units.flatMap(outcomesOf), ...map.ungroupedOutcomes]) {
    index.set(lo.id, { title: lo.statement, keyPurpose: null, criteria: lo.assessmentCriteria, untranslated: lo.untranslated });
  }
  return index;
}

