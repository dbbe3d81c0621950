import type { MapSnapshot } from '@qms/model';
import { exportLanguage } from '../format.js';
import { describeMap, type OutcomeDescription } from '../describe.js';
import { toCsv } from '../csv.js';
import type { ExportContext, ExportFormat } from '../format.js';
import { codeAndTitle, oneLine, outcomeHtml, qualificationHtml, safeId, truncate, unitHtml, unitOutcomes } from './common.js';

/**
 * Moodle's competency framework CSV, read by Site administration → Competencies → "Import
 * competency framework" (admin tool tool_lpimportcsv). Checked against moodle/moodle:
 * admin/tool/lpimportcsv/classes/framework_importer.php (list_required_headers(), the constructor
 * that reads the columns *by position*, add_children(), create_competency()),
 * classes/framework_exporter.php (what Moodle itself writes), lang/en/tool_lpimportcsv.php (the
 * header texts) and tests/fixtures/example.csv:
 *
 * - 14 columns, in this order, header texts as Moodle's English strings;
 * - the framework is the row whose "Is framework" is true: its ID number must be unique on the
 *   site, its "Scale values" are the scale's items separated by commas (a global scale with the
 *   same items is reused, otherwise one is created) and its "Scale configuration" is JSON: first
 *   {"scaleid": …} (the importer replaces the id), then the items flagged as default and proficient;
 * - every other row is a competency: "Parent ID number" empty puts it at the top of the framework,
 *   otherwise it names the ID number of its parent; ID numbers are unique within the framework;
 *   short names and ID numbers are cut to 100 characters (so we cut them first, at a word), and a
 *   competency missing either is skipped with everything under it (so an untitled one gets a name);
 * - description format 1 = HTML; competencies without a rule are written as Moodle writes them:
 *   rule type empty, rule outcome 0, rule config "null"; "Is framework" empty.
 *
 * Moodle has the stock scale "Not yet competent,Competent" (the default competence scale): using
 * its items makes the import reuse it. Units become competencies at the top of the framework, their
 * outcomes competencies under them; outcomes in no unit sit at the top. Left out: the functional
 * map (outcomes name their work actions in their descriptions), completion rules, cross-references,
 * unit matches.
 */
export const MOODLE_HEADER = [
  'Parent ID number',
  'ID number',
  'Short name',
  'Description',
  'Description format',
  'Scale values',
  'Scale configuration',
  'Rule type (optional)',
  'Rule outcome (optional)',
  'Rule config (optional)',
  'Cross-referenced competency ID numbers',
  'Exported ID (optional)',
  'Is framework',
  'Taxonomy',
] as const;

export const MOODLE_SCALE = 'Not yet competent,Competent';
/** Item 2 ("Competent") is the default rating and the proficient one, as in Moodle's own exports. */
export const MOODLE_SCALE_CONFIGURATION = JSON.stringify([{ scaleid: '0' }, { id: 2, scaledefault: 1, proficient: 1 }]);
/** FORMAT_HTML. */
const HTML_FORMAT = '1';
const NAME_MAX = 100;

export function moodleFrameworkCsv(snapshot: MapSnapshot, context: ExportContext): string {
  const map = describeMap(snapshot, exportLanguage(snapshot, context));
  const q = map.qualification;

  // ID numbers: the code when it is set and unique among the exported rows, else one made from the id.
  const all: Array<{ id: string; code: string }> = [...map.units, ...map.units.flatMap(unitOutcomes), ...map.ungroupedOutcomes];
  const count = new Map<string, number>();
  for (const { code } of all) if (code) count.set(oneLine(code), (count.get(oneLine(code)) ?? 0) + 1);
  const idNumber = (item: { id: string; code: string }) => {
    const code = oneLine(item.code);
    return code && count.get(code) === 1 ? truncate(code, NAME_MAX) : `qms-${safeId(item.id)}`;
  };
  const frameworkId = truncate(`qms-${safeId(context.mapId ?? q?.id ?? 'map')}`, NAME_MAX);

  const rows: string[][] = [];
  rows.push([
    '',
    frameworkId,
    truncate(oneLine(q?.title || map.title), NAME_MAX),
    qualificationHtml(map),
    HTML_FORMAT,
    MOODLE_SCALE,
    MOODLE_SCALE_CONFIGURATION,
    '',
    '',
    '',
    '',
    '',
    '1',
    map.units.length > 0 ? 'competency,outcome' : 'outcome',
  ]);
  const competency = (parent: string, item: { id: string; code: string }, name: string, description: string) =>
    rows.push([parent, idNumber(item), truncate(oneLine(name) || oneLine(item.code) || 'Untitled', NAME_MAX), description, HTML_FORMAT, '', '', '', '0', 'null', '', '', '', '']);
  const outcome = (parent: string, lo: OutcomeDescription, html: string) => competency(parent, lo, lo.statement, html);

  for (const unit of map.units) {
    competency('', unit, codeAndTitle(unit.code, unit.title), unitHtml(unit));
    for (const lo of unitOutcomes(unit)) outcome(idNumber(unit), lo, outcomeHtml(lo, unit));
  }
  for (const lo of map.ungroupedOutcomes) outcome('', lo, outcomeHtml(lo, null));

  // Formulas escaped as in our own CSV: a title such as "=HYPERLINK(…)" must not run in Excel.
  const csv = toCsv(MOODLE_HEADER, rows);
  return `${csv}\r\n`;
}

export const moodleCsvFormat: ExportFormat = {
  id: 'moodle-csv',
  extension: 'moodle.csv',
  mediaType: 'text/csv; charset=utf-8',
  label: 'Moodle competency framework (CSV)',
  text: true,
  async run(snapshot, context) {
    return moodleFrameworkCsv(snapshot, context);
  },
};
