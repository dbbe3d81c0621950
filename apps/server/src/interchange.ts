/**
 * The converters (Word, spreadsheets, PDF, CASE, XML) weigh some 45 MiB once loaded, and most
 * processes serve editing for hours without an export: they are loaded on the first export or
 * import, not at start.
 */
type Interchange = typeof import('@qms/interchange');

let loading: Promise<Interchange> | null = null;

export function interchange(): Promise<Interchange> {
  loading ??= import('@qms/interchange');
  return loading;
}
