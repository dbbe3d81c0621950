import { correspondenceTable, type MapSnapshot, type MatchedUnit } from '@qms/model';
import { toCsv } from './csv.js';
import type { ExportContext, ExportFormat } from './format.js';

/**
 * The correspondence table (`correspondence-csv`): one row per match between a unit of this map
 * and a partner's unit (another map on the server, or a unit of this map), as partners attach it
 * to a Memorandum of Understanding — both units' code, title, ECVET points, EQF level and
 * outcomes by domain, the match type, what differs and the note. The partner unit is read as it
 * is now when the server knows its map (`context.matchTargets`), else from the snapshot kept on
 * the match; `Partner unit status` says which (`current`, `changed since matched`, `unit
 * removed`, `map removed`, `as matched`). In the map's source language.
 */
export const CORRESPONDENCE_HEADERS = [
  'Home unit code',
  'Home unit title',
  'Home ECVET points',
  'Home EQF level',
  'Home outcomes (knowledge / skills / autonomy)',
  'Match type',
  'Partner map',
  'Partner unit id',
  'Partner unit code',
  'Partner unit title',
  'Partner ECVET points',
  'Partner EQF level',
  'Partner outcomes (knowledge / skills / autonomy)',
  'Differences',
  'Partner unit status',
  'Note',
] as const;

const STATE_LABELS = {
  current: 'current',
  changed: 'changed since matched',
  missing: 'unit removed',
  'map-missing': 'map removed',
  unknown: 'as matched',
} as const;

const byDomain = (unit: MatchedUnit | null): string => {
  if (!unit) return '';
  const count = (domain: string | undefined) => unit.outcomes.filter((o) => o.domain === domain).length;
  return `${count('knowledge')} / ${count('skills')} / ${count('autonomy')}`;
};

const value = (n: number | undefined) => (n === undefined ? '' : n);

export function correspondenceCsv(snapshot: MapSnapshot, context: ExportContext): string {
  const rows = correspondenceTable(snapshot, context.matchTargets ? { targets: context.matchTargets } : {});
  return toCsv(
    CORRESPONDENCE_HEADERS,
    rows.map((row) => {
      const differences = [row.levelDiffers ? 'EQF level' : '', row.pointsDiffer ? 'ECVET points (more than 25 %)' : ''].filter(Boolean).join('; ');
      return [
        row.home.code,
        row.home.title,
        value(row.home.points),
        value(row.home.eqfLevel),
        byDomain(row.home),
        row.matchType ?? '',
        row.targetMap ?? '(this map)',
        row.partner?.id ?? '',
        row.partner?.code ?? '',
        row.partner?.title ?? '',
        value(row.partner?.points),
        value(row.partner?.eqfLevel),
        byDomain(row.partner),
        differences,
        STATE_LABELS[row.state],
        row.note,
      ];
    }),
  );
}

export const correspondenceCsvFormat: ExportFormat = {
  id: 'correspondence-csv',
  extension: 'correspondence.csv',
  mediaType: 'text/csv; charset=utf-8',
  label: 'Correspondence table of matched units (CSV)',
  text: true,
  needsMatchTargets: true,
  async run(snapshot, context) {
    return correspondenceCsv(snapshot, context);
  },
};
