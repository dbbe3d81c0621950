import { correspondenceTable, type MapSnapshot } from '@qms/model';
import { describeMap, outcomesOf, type MapDescription, type OutcomeDescription, type UnitDescription } from '../describe.js';
import { renderDocx } from './docx.js';
import { LABELS, documentLanguage, formatDate, type DocumentLabels } from './labels.js';
import { MOBILITY_LABELS, type MobilityLabels } from './mobility-labels.js';
import { hasUntranslated, markUntranslated, outcomeLine, unitBlocks, type Block, type Cell, type DocumentOutline, type Para, type Row } from './outline.js';
import { renderPdf } from './pdf.js';

/**
 * The three documents of an ECVET mobility, from the map (its units, in the document's language)
 * and the mobility workspace (partners, period, learner, results, recognition):
 *
 *   mou                 Memorandum of Understanding: partners, roles and competences; the
 *                       qualification and the mobility's units; the correspondence of matched
 *                       units; assessment, validation and recognition, quality assurance (the
 *                       data known, and room for what the partners add); duration; a signature
 *                       block per institution; an annex of the units with who agreed them.
 *   learning-agreement  per learner: learner, home and host with contact persons, period, units
 *                       and outcomes with points, assessment and documentation, validation and
 *                       recognition by the home institution, three signature blocks.
 *   transcript          per learner: each unit's and outcome's result, assessor, date, evidence,
 *                       the points credited; the recognition decision (Europass Mobility-like).
 *
 * Pure: plain data in, an outline out (drawn by the Word and PDF renderers of the unit descriptions).
 */

export type MobilityDocumentKind = 'mou' | 'learning-agreement' | 'transcript';

export interface MobilityPartnerInfo {
  name: string;
  country: string;
  city: string;
  role: 'home' | 'host';
  competences: readonly string[];
  contact: { name?: string; email?: string; phone?: string };
}

export interface MobilityAgreementInfo {
  unitId: string;
  /** Which partner of the mobility agreed (its name may be written differently in the document's language). */
  role: 'home' | 'host';
  partner: string;
  by: string;
  at: number;
  language: string;
  roundTitle: string;
}

export interface MobilityLearnerInfo {
  name: string;
  dateOfBirth?: string | undefined;
  email?: string | undefined;
  results: readonly { unit: string; outcome?: string; result: string; assessor: string; date: string; evidence?: string }[];
  recognition?: { decision: string; by: string; date: string; points: number } | undefined;
}

export interface MobilityDocumentInput {
  snapshot: MapSnapshot;
  /** The document's language: the map's source language or one of its target languages. */
  language: string;
  generatedAt: Date;
  mobility: { title: string; start: string; end: string; units: readonly string[]; draft: boolean };
  home: MobilityPartnerInfo;
  host: MobilityPartnerInfo;
  agreements: readonly MobilityAgreementInfo[];
  /** The learner (Learning Agreement, Personal Transcript). */
  learner?: MobilityLearnerInfo;
}

export const MOBILITY_DOCUMENT_MEDIA_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

const DASH = '—';
const text = (value: string, style: { bold?: boolean; italic?: boolean } = {}): Para => ({ runs: [{ text: value, ...style }] });
const cell = (value: string | number | null | undefined): Cell => [text(value === null || value === undefined || value === '' ? DASH : String(value))];
const lines = (values: readonly string[]): Cell => (values.length === 0 ? cell(null) : values.map((value) => text(value)));
const bullets = (items: readonly string[]): Cell => (items.length === 0 ? cell(null) : items.map((item) => ({ runs: [{ text: item }], bullet: true })));
const field = (label: string, value: Cell): Row => ({ kind: 'body', cells: [[text(label)], value] });
const group = (label: string): Row => ({ kind: 'group', cells: [[text(label)]] });
const heading = (value: string, newPage = false): Block => ({ kind: 'heading', text: value, newPage });
const paragraph = (value: string, tone: 'normal' | 'note' | 'warning' = 'normal'): Block => ({ kind: 'paragraph', para: text(value), tone });
const fieldTable = (rows: Row[]): Block => ({ kind: 'table', widths: [32, 68], header: null, rows, labelColumn: true });
/** A tall empty row under a label: what the partners write in by hand (or in their own template). */
const toFill = (m: MobilityLabels): Block => ({ kind: 'table', widths: [100], header: null, rows: [group(m.toFill), { kind: 'blank', cells: [[]] }], labelColumn: false });

interface Reading {
  labels: DocumentLabels;
  m: MobilityLabels;
  map: MapDescription;
  units: UnitDescription[];
  date: (iso: string) => string;
  period: string;
}

function read(input: MobilityDocumentInput): Reading {
  const described = describeMap(input.snapshot, input.language);
  const map = hasUntranslated(described) ? markUntranslated(described) : described;
  const language = documentLanguage(input.language);
  const labels = LABELS[language];
  const m = MOBILITY_LABELS[language];
  const byId = new Map(map.units.map((unit) => [unit.id, unit]));
  // In the mobility's order; a unit deleted from the map since is left out.
  const units = input.mobility.units.map((id) => byId.get(id)).filter((unit): unit is UnitDescription => unit !== undefined);
  const date = (iso: string) => {
    const parsed = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(parsed.getTime()) ? iso : formatDate(parsed, labels);
  };
  return { labels, m, map, units, date, period: `${date(input.mobility.start)} ${DASH} ${date(input.mobility.end)}` };
}

function outline(input: MobilityDocumentInput, r: Reading, title: string, subtitle: string, blocks: Block[]): DocumentOutline {
  const name = r.map.qualification?.title || r.map.title;
  const head: Block[] = [{ kind: 'title', text: title, subtitle: `${subtitle}. ${input.mobility.title}` }];
  if (input.mobility.draft) head.push(paragraph(r.m.draft, 'warning'));
  if (r.map.sample === 'illustrative') head.push({ kind: 'paragraph', para: text(r.labels.illustrative, { bold: true }), tone: 'warning' });
  if (hasUntranslated(r.map)) head.push({ kind: 'paragraph', para: text(r.labels.untranslatedNote(r.map.sourceLanguage), { italic: true }), tone: 'note' });
  const footer = `${input.mobility.title.length <= 60 ? input.mobility.title : `${input.mobility.title.slice(0, 59).trimEnd()}…`} ${DASH} ${title}`;
  return {
    language: documentLanguage(input.language),
    labels: r.labels,
    title: `${title} ${DASH} ${input.mobility.title}`,
    subject: `${name} ${DASH} ${subtitle}`,
    footer,
    generatedAt: input.generatedAt,
    blocks: [...head, ...blocks],
  };
}

const sumPoints = (units: readonly UnitDescription[]) => units.reduce((total, unit) => total + (unit.points ?? 0), 0);

function partnerRows(r: Reading, home: MobilityPartnerInfo, host: MobilityPartnerInfo, withCompetences: boolean): Block {
  const row = (label: string, value: (p: MobilityPartnerInfo) => Cell): Row => ({ kind: 'body', cells: [[text(label)], value(home), value(host)] });
  const rows: Row[] = [
    row(r.m.institution, (p) => [text(p.name, { bold: true })]),
    row(r.m.country, (p) => cell(p.country)),
    row(r.m.city, (p) => cell(p.city)),
  ];
  if (withCompetences) rows.push(row(r.m.competences, (p) => lines(p.competences.map((c) => r.m.competenceNames[c] ?? c))));
  rows.push(row(r.m.contactPerson, (p) => cell(p.contact.name)), row(r.m.email, (p) => cell(p.contact.email)), row(r.m.phone, (p) => cell(p.contact.phone)));
  return { kind: 'table', widths: [24, 38, 38], header: ['', r.m.home, r.m.host], rows, labelColumn: true };
}

function qualificationRows(r: Reading): Row[] {
  const q = r.map.qualification;
  return [
    field(r.m.qualification, cell(q?.title || r.map.title)),
    field(r.labels.code, cell(q?.code)),
    field(r.labels.eqfLevel, cell(q?.eqfLevel)),
    field(r.labels.totalPoints, cell(q?.points)),
  ];
}

function pointsTable(r: Reading, withOutcomes: boolean): Block {
  const rows: Row[] = r.units.map((unit) => ({
    kind: 'body',
    cells: [
      cell(unit.code),
      withOutcomes ? [text(unit.title, { bold: true }), ...outcomesOf(unit).map((lo): Para => ({ ...outcomeLine(lo, r.labels), bullet: true }))] : cell(unit.title),
      cell(unit.eqfLevel),
      cell(unit.points),
    ],
  }));
  rows.push({ kind: 'total', cells: [[], [text(r.labels.unitsTotal)], [], cell(sumPoints(r.units))] });
  return { kind: 'table', widths: [12, 60, 12, 16], header: [r.labels.code, withOutcomes ? `${r.labels.unit} / ${r.labels.learningOutcomes}` : r.labels.unit, r.labels.eqfLevel, r.labels.points], rows, labelColumn: false };
}

/**
 * The matched units that involve a unit of the mobility, inside the map or with a partner's map
 * (`correspondenceTable`: the partner unit as the match's snapshot holds it), with what differs.
 */
function correspondence(input: MobilityDocumentInput, r: Reading): Block[] {
  const inMobility = new Set(input.mobility.units);
  const all = new Map(r.map.units.map((unit) => [unit.id, unit]));
  const rows: Row[] = [];
  for (const row of correspondenceTable(input.snapshot)) {
    if (!inMobility.has(row.home.id) && !(row.targetMap === null && row.partner && inMobility.has(row.partner.id))) continue;
    // The mobility's unit first; units of this map in the document's language, another map's as matched.
    const [ours, theirs] = inMobility.has(row.home.id) ? [row.home, row.partner] : [row.partner!, row.home];
    const home = all.get(ours.id) ?? ours;
    const partner = theirs ? (row.targetMap === null ? (all.get(theirs.id) ?? theirs) : theirs) : null;
    const describe = (u: { code: string; title: string } | null) => (u ? `${u.code} ${DASH} ${u.title}` : DASH);
    const differences: string[] = [];
    if (partner && home.eqfLevel !== partner.eqfLevel) differences.push(`${r.labels.eqfLevel}: ${home.eqfLevel ?? DASH} / ${partner.eqfLevel ?? DASH}`);
    if (partner && home.points !== partner.points) differences.push(`${r.labels.points}: ${home.points ?? DASH} / ${partner.points ?? DASH}`);
    if (row.note) differences.push(row.note);
    rows.push({ kind: 'body', cells: [cell(describe(home)), cell(describe(partner)), cell(row.matchType), lines(differences)] });
  }
  const blocks: Block[] = [heading(r.m.correspondenceHeading)];
  if (rows.length === 0) return [...blocks, paragraph(r.m.noneRecorded, 'note')];
  return [
    ...blocks,
    paragraph(r.m.correspondenceNote, 'note'),
    { kind: 'table', widths: [34, 34, 12, 20], header: [r.m.homeUnit, r.m.partnerUnit, r.m.match, r.m.difference], rows, labelColumn: false },
  ];
}

function signatureTable(r: Reading, columns: readonly { title: string; name: string }[]): Block {
  const row = (label: string, values: Cell[], kind: Row['kind'] = 'body'): Row => ({ kind, cells: [[text(label)], ...values] });
  const width = Math.floor(76 / columns.length);
  return {
    kind: 'table',
    widths: [24, ...columns.map(() => width)],
    header: ['', ...columns.map((c) => c.title)],
    rows: [row(r.m.nameAndPosition, columns.map((c) => (c.name ? cell(c.name) : []))), row(r.m.signature, columns.map(() => []), 'blank'), row(r.m.placeAndDate, columns.map(() => []), 'blank')],
    labelColumn: true,
  };
}

export function buildMouOutline(input: MobilityDocumentInput): DocumentOutline {
  const r = read(input);
  const { m } = r;
  const { home, host } = input;
  const blocks: Block[] = [
    fieldTable([field(m.mobility, cell(input.mobility.title)), field(m.period, cell(r.period)), field(r.labels.date, cell(formatDate(input.generatedAt, r.labels)))]),
    heading(m.partnersHeading),
    partnerRows(r, home, host, true),
    heading(m.qualificationHeading),
    fieldTable(qualificationRows(r)),
    pointsTable(r, false),
    ...correspondence(input, r),
    heading(m.assessmentHeading),
    paragraph(m.assessmentText(host.name)),
    toFill(m),
    heading(m.validationHeading),
    paragraph(m.validationText(home.name)),
    toFill(m),
    heading(m.qualityHeading),
    paragraph(m.qualityText),
    toFill(m),
    heading(m.durationHeading),
    paragraph(m.durationText(r.period)),
    heading(m.signaturesHeading),
    signatureTable(r, [
      { title: `${m.home}: ${home.name}`, name: home.contact.name ?? '' },
      { title: `${m.host}: ${host.name}`, name: host.contact.name ?? '' },
    ]),
    heading(m.annexHeading, true),
  ];
  for (const unit of r.units) {
    const [unitHead, table] = unitBlocks(unit, r.labels);
    const agreed = input.agreements.filter((a) => a.unitId === unit.id);
    const signoffs = [home, host].map((partner) => {
      const found = agreed.find((a) => a.role === partner.role);
      return found ? r.m.agreement(partner.name, found.by, formatDate(new Date(found.at), r.labels), found.language, found.roundTitle) : r.m.notAgreed(partner.name);
    });
    // Each unit's page says who agreed to it, when, and in which language version.
    const rows = table?.kind === 'table' ? [...table.rows, field(m.agreedBy, bullets(signoffs))] : [];
    if (unitHead?.kind === 'heading') blocks.push({ ...unitHead, newPage: unit !== r.units[0] });
    blocks.push({ kind: 'table', widths: [28, 72], header: null, rows, labelColumn: true });
  }
  return outline(input, r, m.mouTitle, m.mouSubtitle, blocks);
}

function learnerRows(r: Reading, learner: MobilityLearnerInfo, withEmail: boolean): Row[] {
  const rows = [field(r.m.learnerName, [text(learner.name, { bold: true })]), field(r.m.dateOfBirth, cell(learner.dateOfBirth ? r.date(learner.dateOfBirth) : null))];
  if (withEmail) rows.push(field(r.m.email, cell(learner.email)));
  return rows;
}

function needLearner(input: MobilityDocumentInput): MobilityLearnerInfo {
  if (!input.learner) throw new Error('This document is made for one learner of the mobility.');
  return input.learner;
}

export function buildLearningAgreementOutline(input: MobilityDocumentInput): DocumentOutline {
  const learner = needLearner(input);
  const r = read(input);
  const { m } = r;
  const { home, host } = input;
  const criteria = (unit: UnitDescription) => [...unit.assessmentCriteria, ...outcomesOf(unit).flatMap((lo) => lo.assessmentCriteria.map((c) => `${lo.code}: ${c}`))];
  const blocks: Block[] = [
    heading(m.learner),
    fieldTable([...learnerRows(r, learner, true), ...qualificationRows(r), field(m.mobility, cell(input.mobility.title)), field(m.period, cell(r.period))]),
    heading(m.partnersHeading),
    partnerRows(r, home, host, false),
    heading(m.unitsToAchieve),
    pointsTable(r, true),
    heading(m.laAssessmentHeading),
    paragraph(m.laAssessmentText(host.name)),
    {
      kind: 'table',
      widths: [30, 70],
      header: [r.labels.unit, r.labels.assessmentCriteria],
      rows: r.units.map((unit) => ({ kind: 'body', cells: [[text(`${unit.code} ${DASH} ${unit.title}`)], bullets(criteria(unit))] })),
      labelColumn: false,
    },
    toFill(m),
    heading(m.laValidationHeading),
    paragraph(m.laValidationText(home.name, sumPoints(r.units))),
    toFill(m),
    heading(m.signaturesHeading),
    signatureTable(r, [
      { title: m.theLearner, name: learner.name },
      { title: `${m.home}: ${home.name}`, name: home.contact.name ?? '' },
      { title: `${m.host}: ${host.name}`, name: host.contact.name ?? '' },
    ]),
  ];
  return outline(input, r, m.laTitle, m.laSubtitle, blocks);
}

/** A unit is credited when it was assessed and nothing of it was not achieved. */
function credited(unit: UnitDescription, results: MobilityLearnerInfo['results']): number {
  const own = results.filter((result) => result.unit === unit.id);
  return own.length > 0 && own.every((result) => result.result === 'achieved') ? (unit.points ?? 0) : 0;
}

export function buildTranscriptOutline(input: MobilityDocumentInput): DocumentOutline {
  const learner = needLearner(input);
  const r = read(input);
  const { m } = r;
  const outcomeById = new Map<string, OutcomeDescription>(r.units.flatMap((unit) => outcomesOf(unit).map((lo) => [lo.id, lo] as const)));
  const rows: Row[] = [];
  let total = 0;
  for (const unit of r.units) {
    const points = credited(unit, learner.results);
    total += points;
    rows.push(group(`${unit.code} ${DASH} ${unit.title} (${r.labels.points}: ${unit.points ?? DASH})`));
    const own = learner.results.filter((result) => result.unit === unit.id);
    if (own.length === 0) rows.push({ kind: 'body', cells: [[text(m.notAssessed, { italic: true })], [], [], [], []] });
    for (const result of own) {
      const lo = result.outcome ? outcomeById.get(result.outcome) : undefined;
      rows.push({
        kind: 'body',
        cells: [
          lo ? [outcomeLine(lo, r.labels)] : [text(result.outcome ? result.outcome : m.wholeUnit, { italic: !result.outcome })],
          cell(m.results[result.result] ?? result.result),
          cell(result.assessor),
          cell(r.date(result.date)),
          cell(result.evidence),
        ],
      });
    }
    rows.push({ kind: 'total', cells: [[text(`${m.pointsCredited}: ${unit.code}`)], [], [], [], cell(points)] });
  }
  rows.push({ kind: 'total', cells: [[text(m.totalCredited)], [], [], [], cell(total)] });
  const recognition = learner.recognition;
  const blocks: Block[] = [
    paragraph(m.europassNote, 'note'),
    heading(m.learner),
    fieldTable([...learnerRows(r, learner, false), ...qualificationRows(r), field(m.mobility, cell(input.mobility.title)), field(m.period, cell(r.period)), field(m.home, cell(input.home.name)), field(m.host, cell(input.host.name))]),
    heading(m.resultsHeading),
    { kind: 'table', widths: [36, 14, 18, 14, 18], header: [`${r.labels.unit} / ${m.outcome}`, r.labels.result, r.labels.assessedBy, r.labels.date, m.evidence], rows, labelColumn: false },
    heading(m.recognitionHeading),
    recognition
      ? fieldTable([
          field(m.decision, [text(m.decisions[recognition.decision] ?? recognition.decision, { bold: true })]),
          field(m.decidedBy, cell(recognition.by)),
          field(r.labels.date, cell(r.date(recognition.date))),
          field(m.pointsRecognised, cell(recognition.points)),
          field(m.institution, cell(input.home.name)),
        ])
      : paragraph(m.noRecognition, 'note'),
    heading(m.signaturesHeading),
    signatureTable(r, [
      { title: `${m.host}: ${input.host.name}`, name: input.host.contact.name ?? '' },
      { title: `${m.home}: ${input.home.name}`, name: recognition?.by ?? input.home.contact.name ?? '' },
    ]),
  ];
  return outline(input, r, m.transcriptTitle, m.transcriptSubtitle, blocks);
}

export function buildMobilityOutline(kind: MobilityDocumentKind, input: MobilityDocumentInput): DocumentOutline {
  switch (kind) {
    case 'mou':
      return buildMouOutline(input);
    case 'learning-agreement':
      return buildLearningAgreementOutline(input);
    case 'transcript':
      return buildTranscriptOutline(input);
  }
}

/** One of the documents as a Word file or a PDF. `compress: false` leaves a PDF's text readable (tests). */
export function mobilityDocument(kind: MobilityDocumentKind, input: MobilityDocumentInput, format: 'docx' | 'pdf', options: { compress?: boolean } = {}): Promise<Uint8Array> {
  const built = buildMobilityOutline(kind, input);
  return format === 'docx' ? renderDocx(built) : renderPdf(built, options);
}
