/** What a spreadsheet import may be told besides the file (both layouts: ours and OpenSALT's). */
export interface SpreadsheetImportOptions {
  /** The new map's title; otherwise the About sheet's, the qualification's, the file name's. */
  title?: string;
  /** The file's name, for a title when nothing better is known (OpenSALT files have none). */
  fileName?: string;
  /** The map's content language when the file does not say (default `en`). */
  language?: string;
}
