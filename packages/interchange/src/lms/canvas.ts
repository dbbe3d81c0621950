import type { MapSnapshot } from '@qms/model';
import { exportLanguage } from '../format.js';
import { describeMap } from '../describe.js';
import { toCsv } from '../csv.js';
import type { ExportContext, ExportFormat } from '../format.js';
import { codeAndTitle, oneLine, outcomeHtml, qualificationHtml, safeId, truncate, unitHtml, unitOutcomes } from './common.js';

/**
 * Canvas LMS "Outcomes Import Format" (account or course Outcomes → Import, or the Outcome Imports
 * API with import_type=instructure_csv), as documented in Canvas's doc/api/outcomes_csv.md
 * ("Outcomes CSV Format", developerdocs.instructure.com/services/canvas/outcomes/file.outcomes_csv)
 * and read by lib/outcomes/csv_importer.rb of instructure/canvas-lms:
 *
 * - header row mandatory, naming the columns; RFC 4180 quoting; UTF-8;
 * - vendor_guid (required, no spaces; the prefixes "canvas_outcome:"/"canvas_outcome_group:" are
 *   reserved, and new outcomes may not contain a colon), object_type "group" | "outcome" (required),
 *   title (required), description, display_name (outcomes only), calculation_method
 *   ("decaying_average" | "n_mastery" | "highest" | "latest" | "average", blank for groups),
 *   calculation_int (blank for "highest"), workflow_state ("active" | "deleted"), parent_guids
 *   (space-separated vendor_guids of groups on *earlier* rows; blank = the root group),
 *   mastery_points (outcomes only), then "ratings": the last columns, alternating points and
 *   description in decreasing points, the header cell "ratings" followed by empty header cells;
 * - no byte order mark: older versions of csv_importer.rb read "\uFEFFvendor_guid" as an unknown
 *   column (the current one skips a BOM); the documentation only asks for UTF-8.
 *
 * The groups: one for the qualification (at the root), inside it one per unit with its outcomes;
 * outcomes in no unit go straight into the qualification's group. vendor_guids are made from the
 * map and node ids, so a second import of the same map updates the outcomes instead of doubling
 * them. Left out: the functional map itself (the outcomes name their work actions in their
 * descriptions), unit matches, positions.
 */
export const CANVAS_COLUMNS = [
  'vendor_guid',
  'object_type',
  'title',
  'description',
  'display_name',
  'calculation_method',
  'calculation_int',
  'workflow_state',
  'parent_guids',
  'mastery_points',
] as const;

/** The scale every outcome gets: achieved or not, as ECVET assesses learning outcomes. */
export const CANVAS_RATINGS = [
  { points: 1, description: 'Achieved' },
  { points: 0, description: 'Not yet achieved' },
] as const;
/** Achieved once is achieved: the best result counts. */
export const CANVAS_CALCULATION_METHOD = 'highest';
export const CANVAS_MASTERY_POINTS = 1;

/** Canvas keeps an outcome's title (its short_description) to 255 characters. */
const TITLE_MAX = 255;

/** The header row: the named columns, then "ratings" and an empty cell for each further rating column. */
export function canvasHeader(): string[] {
  return [...CANVAS_COLUMNS, 'ratings', ...Array<string>(CANVAS_RATINGS.length * 2 - 1).fill('')];
}

export function canvasOutcomesCsv(snapshot: MapSnapshot, context: ExportContext): string {
  const map = describeMap(snapshot, exportLanguage(snapshot, context));
  const prefix = `qms_${context.mapId ? `${safeId(context.mapId)}_` : ''}`;
  const guid = (id: string) => `${prefix}${safeId(id)}`;
  const ratingCells = CANVAS_RATINGS.flatMap((r) => [String(r.points), r.description]);
  const noRatings = ratingCells.map(() => '');

  type Row = Record<(typeof CANVAS_COLUMNS)[number], string>;
  const rows: string[][] = [];
  const add = (row: Row, ratings: string[]) => rows.push([...CANVAS_COLUMNS.map((c) => row[c]), ...ratings]);
  const group = (vendorGuid: string, title: string, description: string, parent: string) =>
    add(
      { vendor_guid: vendorGuid, object_type: 'group', title: truncate(oneLine(title) || 'Untitled group', TITLE_MAX), description, display_name: '', calculation_method: '', calculation_int: '', workflow_state: 'active', parent_guids: parent, mastery_points: '' },
      noRatings,
    );
  const outcome = (vendorGuid: string, statement: string, code: string, description: string, parent: string) =>
    add(
      {
        vendor_guid: vendorGuid,
        object_type: 'outcome',
        // Canvas requires a title.
        title: truncate(oneLine(statement) || oneLine(code) || 'Untitled outcome', TITLE_MAX),
        description,
        display_name: oneLine(code),
        calculation_method: CANVAS_CALCULATION_METHOD,
        calculation_int: '',
        workflow_state: 'active',
        parent_guids: parent,
        mastery_points: String(CANVAS_MASTERY_POINTS),
      },
      ratingCells,
    );

  const q = map.qualification;
  const root = guid(q ? q.id : 'map');
  group(root, q ? codeAndTitle(q.code, q.title || map.title) : map.title, qualificationHtml(map), '');
  for (const unit of map.units) {
    const unitGuid = guid(unit.id);
    group(unitGuid, codeAndTitle(unit.code, unit.title), unitHtml(unit), root);
    for (const lo of unitOutcomes(unit)) outcome(guid(lo.id), lo.statement, lo.code, outcomeHtml(lo, unit), unitGuid);
  }
  for (const lo of map.ungroupedOutcomes) outcome(guid(lo.id), lo.statement, lo.code, outcomeHtml(lo, null), root);

  // Formulas escaped as in our own CSV: a title such as "=HYPERLINK(…)" must not run in Excel.
  const csv = toCsv(canvasHeader(), rows);
  return `${csv}\r\n`;
}

export const canvasCsvFormat: ExportFormat = {
  id: 'canvas-csv',
  extension: 'canvas.csv',
  mediaType: 'text/csv; charset=utf-8',
  label: 'Canvas outcomes (CSV)',
  text: true,
  async run(snapshot, context) {
    return canvasOutcomesCsv(snapshot, context);
  },
};
