/**
 * The collection query parameters of the CASE service's `getAllCFDocuments` (1EdTech's REST
 * binding, shared with OneRoster): `sort` (a field name), `orderBy` (`asc` | `desc`), `filter`
 * (`<field><op>'<value>'`, ops `=` `!=` `>` `>=` `<` `<=` `~` (contains), joined by ` AND ` or by
 * ` OR `, not both) and `fields` (a comma-separated list of the fields to answer with). Applied
 * before `limit`/`offset`, so paging walks the sorted, filtered list.
 */

export interface CaseSelectionQuery {
  sort?: unknown;
  orderBy?: unknown;
  filter?: unknown;
  fields?: unknown;
}

export type CaseSelectionError = { code: 'invalid_sort_field' | 'invalid_selection_field'; message: string };

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';
interface Predicate {
  field: string;
  op: Op;
  value: string;
}

/** A filter longer than this is refused: its work is bounded by its length and the documents' count. */
const MAX_FILTER = 1000;
const MAX_PREDICATES = 20;
const PREDICATE = /^\s*([A-Za-z][A-Za-z0-9_.]*)\s*(!=|>=|<=|=|>|<|~)\s*'((?:[^']|'')*)'\s*$/;

/** The value of a (dotted) field as text, or undefined when the document has no such field. */
function fieldText(record: Record<string, unknown>, field: string): string | undefined {
  let value: unknown = record;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function parseFilter(filter: string): { join: 'AND' | 'OR'; predicates: Predicate[] } | CaseSelectionError {
  const bad = (message: string): CaseSelectionError => ({ code: 'invalid_selection_field', message });
  if (filter.length > MAX_FILTER) return bad(`filter may be at most ${MAX_FILTER} characters.`);
  // Split on AND/OR outside quoted values.
  const parts: string[] = [];
  const joins = new Set<'AND' | 'OR'>();
  let current = '';
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]!;
    if (ch === "'") quoted = !quoted;
    const rest = filter.slice(i);
    const join = !quoted && /^\s(AND|OR)\s/.exec(rest);
    if (join) {
      joins.add(join[1] as 'AND' | 'OR');
      parts.push(current);
      current = '';
      i += join[0].length - 1;
      continue;
    }
    current += ch;
  }
  parts.push(current);
  if (joins.size > 1) return bad('filter may join its conditions with AND or with OR, not both.');
  if (parts.length > MAX_PREDICATES) return bad(`filter may have at most ${MAX_PREDICATES} conditions.`);
  const predicates: Predicate[] = [];
  for (const part of parts) {
    const match = PREDICATE.exec(part);
    if (!match) return bad(`filter condition "${part.trim().slice(0, 80)}" is not <field><operator>'<value>' (operators = != > >= < <= ~).`);
    predicates.push({ field: match[1]!, op: match[2] as Op, value: match[3]!.replaceAll("''", "'") });
  }
  return { join: joins.has('OR') ? 'OR' : 'AND', predicates };
}

function compare(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b, 'en', { sensitivity: 'base' });
}

function holds(record: Record<string, unknown>, predicate: Predicate): boolean {
  const text = fieldText(record, predicate.field);
  if (text === undefined) return predicate.op === '!=';
  switch (predicate.op) {
    case '=':
      return compare(text, predicate.value) === 0;
    case '!=':
      return compare(text, predicate.value) !== 0;
    case '>':
      return compare(text, predicate.value) > 0;
    case '>=':
      return compare(text, predicate.value) >= 0;
    case '<':
      return compare(text, predicate.value) < 0;
    case '<=':
      return compare(text, predicate.value) <= 0;
    case '~':
      return text.toLowerCase().includes(predicate.value.toLowerCase());
  }
}

/**
 * The records filtered, sorted and cut to the asked fields; or why the query is refused. `known`
 * are the field names a sort, filter or field selection may name (the document's properties).
 */
export function selectRecords<T extends Record<string, unknown>>(
  records: readonly T[],
  query: CaseSelectionQuery,
  known: readonly string[],
): { ok: true; records: Record<string, unknown>[] } | ({ ok: false } & CaseSelectionError) {
  const isKnown = (field: string) => known.includes(field.split('.')[0]!);
  let list: Record<string, unknown>[] = [...records];

  if (query.filter !== undefined) {
    if (typeof query.filter !== 'string' || query.filter.trim() === '') return { ok: false, code: 'invalid_selection_field', message: 'filter must not be empty.' };
    const parsed = parseFilter(query.filter);
    if ('code' in parsed) return { ok: false, ...parsed };
    const unknown = parsed.predicates.find((p) => !isKnown(p.field));
    if (unknown) return { ok: false, code: 'invalid_selection_field', message: `filter names "${unknown.field}", which a CFDocument does not have.` };
    list = list.filter((record) => (parsed.join === 'AND' ? parsed.predicates.every((p) => holds(record, p)) : parsed.predicates.some((p) => holds(record, p))));
  }

  if (query.orderBy !== undefined && query.orderBy !== 'asc' && query.orderBy !== 'desc') {
    return { ok: false, code: 'invalid_sort_field', message: 'orderBy must be asc or desc.' };
  }
  if (query.sort !== undefined) {
    if (typeof query.sort !== 'string' || !isKnown(query.sort)) {
      return { ok: false, code: 'invalid_sort_field', message: `sort names "${String(query.sort).slice(0, 80)}", which a CFDocument does not have.` };
    }
    const field = query.sort;
    const direction = query.orderBy === 'desc' ? -1 : 1;
    // Records without the field sort last either way, as SQL's NULLS LAST would.
    list = list
      .map((record, index) => ({ record, index, text: fieldText(record, field) }))
      .sort((a, b) => {
        if (a.text === undefined || b.text === undefined) return a.text === b.text ? a.index - b.index : a.text === undefined ? 1 : -1;
        return direction * compare(a.text, b.text) || a.index - b.index;
      })
      .map((entry) => entry.record);
  }

  if (query.fields !== undefined) {
    const fields = typeof query.fields === 'string' ? query.fields.split(',').map((f) => f.trim()).filter(Boolean) : [];
    const unknown = fields.find((f) => !known.includes(f));
    if (fields.length === 0 || unknown !== undefined) {
      return { ok: false, code: 'invalid_selection_field', message: `fields names "${unknown ?? ''}", which a CFDocument does not have.` };
    }
    list = list.map((record) => Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]])));
  }
  return { ok: true, records: list };
}
