
/**
 * Every field a node can carry, described once: the document reader, the operations that validate
 * writes, the side panel that edits them and the spreadsheet exporters all read this table.
 *
 * Value types in the document: `text` is a Y.Text (two people typing merge), `list` a Y.Array of
 * strings, everything else a plain string, number or boolean.
 */
export const BLOOM_LEVELS = ['remember', 'understand', 'apply', 'analyse', 'evaluate', 'create'] as const;
export type BloomLevel = (typeof BLOOM_LEVELS)[number];

export const DOMAINS = ['knowledge', 'skills', 'autonomy'] as const;
export type Domain = (typeof DOMAINS)[number];

/** What a qualification's points count: ECVET points, ECTS credits or a country's own credit units. */
export const CREDIT_SYSTEMS = ['ecvet', 'ects', 'national'] as const;
export type CreditSystem = (typeof CREDIT_SYSTEMS)[number];

export const QUALIFICATION_STATUSES = ['draft', 'in-review', 'approved'] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

interface Common {
  /** Every kind has it (code, title, where it was imported from); other fields are listed per kind in kinds.ts. */
  common?: true;
  /** Kept for other tools (where an imported node came from): shown read-only, not edited. */
  source?: true;
}

export type FieldSpec =
  | (Common & { type: 'text'; maxLength: number })
  | (Common & { type: 'string'; maxLength: number; pattern?: RegExp })
  | (Common & { type: 'number'; min: number; max: number; integer: boolean })
  | (Common & { type: 'enum'; options: readonly string[] })
  | (Common & { type: 'boolean' })
  | (Common & { type: 'list'; maxItems: number; maxLength: number });

export const FIELDS = {
  /** "WA 3", "LO 1", "U 2": proposed automatically, editable. */
  code: { type: 'string', common: true, maxLength: 40 },
  /** The statement: a qualification's name, a verb-led function or outcome statement. */
  title: { type: 'text', common: true, maxLength: 2000 },
  /** One statement of the occupation's outcome. */
  keyPurpose: { type: 'text', maxLength: 2000 },
  /** EQF level, 1–8 (a qualification has exactly one). */
  eqfLevel: { type: 'number', min: 1, max: 8, integer: true },
  /** National framework level(s), as the country writes them ("4", "LT 4"). */
  nqfLevel: { type: 'string', maxLength: 40 },
  /** ECVET points: the qualification's total, or a unit's share of it. */
  points: { type: 'number', min: 0, max: 1000, integer: false },
  /** Years of the reference full-time programme: 60 ECVET points per year. */
  programmeYears: { type: 'number', min: 0, max: 10, integer: false },
  /** What `points` count (credit.ts); unset reads as ECVET points. */
  creditSystem: { type: 'enum', options: CREDIT_SYSTEMS },
  /** National credit units: learning hours one credit stands for ("180 hours — 5 credit units": 36). */
  hoursPerCredit: { type: 'number', min: 0, max: 1000, integer: false },
  /** Learning hours of one year of the reference programme (contact, self-study and work-based). */
  hoursPerYear: { type: 'number', min: 0, max: 5000, integer: false },
  /** A unit's learning hours, by kind: the points assistant shares the total by their sum. */
  contactHours: { type: 'number', min: 0, max: 10000, integer: false },
  selfStudyHours: { type: 'number', min: 0, max: 10000, integer: false },
  workBasedHours: { type: 'number', min: 0, max: 10000, integer: false },
  /** Why the unit carries its points (ECVET: its relative weight in the qualification). */
  pointsRationale: { type: 'string', maxLength: 2000 },
  /** ISCO-08 occupation code, e.g. 5141 (hairdressers). */
  iscoCode: { type: 'string', maxLength: 4, pattern: /^\d{0,4}$/ },
  /** ESCO occupation URI. */
  escoOccupation: { type: 'string', maxLength: 300 },
  status: { type: 'enum', options: QUALIFICATION_STATUSES },
  performanceCriteria: { type: 'list', maxItems: 100, maxLength: 1000 },
  /** Knowledge, skills, or responsibility and autonomy. */
  domain: { type: 'enum', options: DOMAINS },
  bloomLevel: { type: 'enum', options: BLOOM_LEVELS },
  /** An outcome that serves the whole qualification rather than one work action. */
  transversal: { type: 'boolean' },
  assessmentCriteria: { type: 'list', maxItems: 100, maxLength: 1000 },
  /** ESCO skill URIs. */
  escoSkills: { type: 'list', maxItems: 50, maxLength: 300 },
  /** A unit group a learner may choose from (electives), rather than one whose units all count. */
  optional: { type: 'boolean' },
  /** The fewest points a learner takes from an optional unit group. */
  minPoints: { type: 'number', min: 0, max: 1000, integer: false },
  /** The fewest units a learner takes from an optional unit group. */
  minUnits: { type: 'number', min: 0, max: 1000, integer: true },
  /** How long an achieved unit stays valid ("5 years"). */
  validity: { type: 'string', maxLength: 200 },
  /** The identifier the node had where it was imported from (a CASE CFItem identifier…). */
  sourceId: { type: 'string', common: true, maxLength: 300, source: true },
  /** The type it had there (a CFItemType such as "Standard"), kept even when this app has no such kind. */
  sourceType: { type: 'string', common: true, maxLength: 200, source: true },
  /** Its place among its siblings there (CASE sequenceNumber), so that exports keep the order. */
  sequence: { type: 'number', common: true, min: -1e9, max: 1e9, integer: false, source: true },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export type FieldValue = string | number | boolean | readonly string[] | undefined;

export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; message: string };

/**
 * Checks (and normalises) a value for a field. `undefined` clears the field. Strings are trimmed
 * only at their ends for plain string fields; text fields keep what people typed.
 */
export function checkFieldValue(field: FieldName, value: unknown): FieldCheck {
  const spec: FieldSpec = FIELDS[field];
  if (value === undefined || value === null || value === '') {
    return spec.type === 'list' ? { ok: true, value: [] } : { ok: true, value: undefined };
  }
  switch (spec.type) {
    case 'text':
    case 'string': {
      if (typeof value !== 'string') return { ok: false, message: `${field} must be text.` };
      const text = spec.type === 'string' ? value.trim() : value;
      if (text.length > spec.maxLength) return { ok: false, message: `${field} is longer than ${spec.maxLength} characters.` };
      if (spec.type === 'string' && spec.pattern && !spec.pattern.test(text)) return { ok: false, message: `${field} has an unexpected form.` };
      return { ok: true, value: text === '' ? undefined : text };
    }
    case 'number': {
      const number = typeof value === 'string' ? Number(value.replace(',', '.')) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return { ok: false, message: `${field} must be a number.` };
      if (spec.integer && !Number.isInteger(number)) return { ok: false, message: `${field} must be a whole number.` };
      if (number < spec.min || number > spec.max) return { ok: false, message: `${field} must be between ${spec.min} and ${spec.max}.` };
      return { ok: true, value: number };
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        return { ok: false, message: `${field} must be one of ${spec.options.join(', ')}.` };
      }
      return { ok: true, value };
    case 'boolean':
      if (typeof value !== 'boolean') return { ok: false, message: `${field} must be true or false.` };
      return { ok: true, value };
    case 'list': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        return { ok: false, message: `${field} must be a list of texts.` };
      }
      if (value.length > spec.maxItems) return { ok: false, message: `${field} has more than ${spec.maxItems} items.` };
      if (value.some((item: string) => item.length > spec.maxLength)) {
        return { ok: false, message: `An item of ${field} is longer than ${spec.maxLength} characters.` };
      }
      return { ok: true, value: value as string[] };
    }
  }
}
