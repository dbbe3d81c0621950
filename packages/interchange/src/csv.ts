import Papa from 'papaparse';

/**
 * A cell that starts like a formula (= + - @, tab or carriage return) is written with a leading
 * apostrophe in CSV, so that Excel shows it as text instead of running it ("CSV injection"). The
 * importer removes that apostrophe again. Text that already starts with apostrophes before such a
 * character gets one more, so that removing one always gives the original back.
 */
export const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Every CSV this package writes (our spreadsheet, Canvas, Moodle): RFC 4180 quoting, comma
 * separated, CRLF line ends, a header row, and formulas escaped (FORMULA_START). Text cells only:
 * numbers and booleans are written as they are.
 */
export function toCsv(fields: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean>>): string {
  return Papa.unparse(
    { fields: [...fields], data: rows.map((row) => [...row]) },
    { delimiter: ',', newline: '\r\n', quoteChar: '"', escapeChar: '"', header: true, escapeFormulae: FORMULA_START },
  );
}
