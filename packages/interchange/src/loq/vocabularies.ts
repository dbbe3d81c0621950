/**
 * Namespaces and controlled-vocabulary URIs of the ELM 3 "learning opportunities and
 * qualifications" (LOQ) XML schema, version 3.1.0 (`loq.xsd` and its `cv/*.xsd`, vocabulary
 * release 25831c2). Every URI written into an export comes from here, so that a schema upgrade
 * has one place to look.
 */

/** The XML namespaces the export uses. */
export const NS = {
  loq: 'http://data.europa.eu/snb/model/ap/loq-constraints/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dc: 'http://purl.org/dc/terms/',
} as const;

/** The schema version written in the root's `xsdVersion` attribute. */
export const XSD_VERSION = '3.1.0';

/** cv/eqf.xsd: http://data.europa.eu/snb/eqf/1 … /8. */
export function eqfLevelUri(level: number): string {
  return `http://data.europa.eu/snb/eqf/${level}`;
}

export function isEqfLevel(level: unknown): level is number {
  return typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 8;
}

/** cv/credit-points.xsd: the European credit systems. */
export const CREDIT_FRAMEWORK = {
  /** "European credit system for vocational education and training" (ECVET). */
  ecvet: 'http://data.europa.eu/snb/education-credit/60b314e826',
  /** "European Credit Transfer System" (ECTS), for reference. */
  ects: 'http://data.europa.eu/snb/education-credit/6fcec5c5af',
} as const;

/** cv/skill-types.xsd: the ESCO skill types (knowledge; skill/competence). */
export const SKILL_TYPE = {
  knowledge: 'http://data.europa.eu/snb/skill-type/knowledge',
  skill: 'http://data.europa.eu/snb/skill-type/skill',
} as const;

/** cv/skill-reuse-levels.xsd. */
export const SKILL_REUSE_LEVEL = {
  transversal: 'http://data.europa.eu/snb/skill-reuse-level/transversal',
  crossSector: 'http://data.europa.eu/snb/skill-reuse-level/cross-sector',
  sectorSpecific: 'http://data.europa.eu/snb/skill-reuse-level/sector-specific',
  occupationSpecific: 'http://data.europa.eu/snb/skill-reuse-level/occupation-specific',
} as const;

/** cv/isced-f.xsd: ISCED-F 2013 fields of education, two to four digits. */
export const ISCED_F_BASE = 'http://data.europa.eu/snb/isced-f/';
/** "Field unknown": what the export says when nobody told it the field of education. */
export const ISCED_F_UNKNOWN = `${ISCED_F_BASE}9999`;

/** cv/nqf.xsd: the QDR list of qualification frameworks and their levels (`c_` + 8 hex digits). */
export const NQF_BASE = 'http://data.europa.eu/snb/qdr/';
const NQF_URI = /^https?:\/\/data\.europa\.eu\/snb\/qdr\/(c_[0-9a-f]{8})$/i;
const NQF_CODE = /^c_[0-9a-f]{8}$/i;

/**
 * The QDR URI of an NQF level written as that URI or as its code (`c_d1e9f55d` is "LTQF Level 4"),
 * or null for anything else — a plain level such as "4" or "LT 4", which ELM cannot take.
 */
export function nqfLevelUri(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  const uri = NQF_URI.exec(text);
  if (uri) return `${NQF_BASE}${uri[1]!.toLowerCase()}`;
  if (NQF_CODE.test(text)) return `${NQF_BASE}${text.toLowerCase()}`;
  return null;
}

/** cv/europass-learning-entitlement-types.xsd and -statuses.xsd. */
export const ENTITLEMENT_TYPE = {
  occupation: 'http://data.europa.eu/snb/entitlement/52f62180c2',
} as const;
export const ENTITLEMENT_STATUS = {
  prospective: 'http://data.europa.eu/snb/entitlement-status/5b8d6b34fb',
  actual: 'http://data.europa.eu/snb/entitlement-status/b7015a8a8c',
} as const;

/** cv/loq_individuals.xsd: the subject of a note about assessment. */
export const TOPIC_ASSESSMENT = 'http://data.europa.eu/snb/qualification-topics#assessment';

/** ISCO-08 occupation groups as ESCO publishes them: http://data.europa.eu/esco/isco/C5141. */
export function iscoUri(code: string): string {
  return `http://data.europa.eu/esco/isco/C${code}`;
}

/** The EU Publications Office language authority table (cv/language.xsd). */
export const LANGUAGE_BASE = 'http://publications.europa.eu/resource/authority/language/';
/** "Undetermined": for a map whose language the table does not know. */
export const LANGUAGE_UNDETERMINED = 'UND';

/**
 * ISO 639-1 → the authority table's code (ISO 639-3 / 639-2/T, upper case). Every value is an
 * enumeration of cv/language.xsd (checked by test/loq-xml.test.ts).
 */
export const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  aa: 'AAR', ab: 'ABK', ae: 'AVE', af: 'AFR', ak: 'AKA', am: 'AMH', an: 'ARG', ar: 'ARA', as: 'ASM', av: 'AVA',
  ay: 'AYM', az: 'AZE', ba: 'BAK', be: 'BEL', bg: 'BUL', bi: 'BIS', bm: 'BAM', bn: 'BEN', bo: 'BOD', br: 'BRE',
  bs: 'BOS', ca: 'CAT', ce: 'CHE', ch: 'CHA', co: 'COS', cr: 'CRE', cs: 'CES', cu: 'CHU', cv: 'CHV', cy: 'CYM',
  da: 'DAN', de: 'DEU', dv: 'DIV', dz: 'DZO', ee: 'EWE', el: 'ELL', en: 'ENG', eo: 'EPO', es: 'SPA', et: 'EST',
  eu: 'EUS', fa: 'FAS', ff: 'FUL', fi: 'FIN', fj: 'FIJ', fo: 'FAO', fr: 'FRA', fy: 'FRY', ga: 'GLE', gd: 'GLA',
  gl: 'GLG', gn: 'GRN', gu: 'GUJ', gv: 'GLV', ha: 'HAU', he: 'HEB', hi: 'HIN', ho: 'HMO', hr: 'HRV', ht: 'HAT',
  hu: 'HUN', hy: 'HYE', hz: 'HER', ia: 'INA', id: 'IND', ie: 'ILE', ig: 'IBO', ii: 'III', ik: 'IPK', io: 'IDO',
  is: 'ISL', it: 'ITA', iu: 'IKU', ja: 'JPN', jv: 'JAV', ka: 'KAT', kg: 'KON', ki: 'KIK', kj: 'KUA', kk: 'KAZ',
  kl: 'KAL', km: 'KHM', kn: 'KAN', ko: 'KOR', kr: 'KAU', ks: 'KAS', ku: 'KUR', kv: 'KOM', kw: 'COR', ky: 'KIR',
  la: 'LAT', lb: 'LTZ', lg: 'LUG', li: 'LIM', ln: 'LIN', lo: 'LAO', lt: 'LIT', lu: 'LUB', lv: 'LAV', mg: 'MLG',
  mh: 'MAH', mi: 'MRI', mk: 'MKD', ml: 'MAL', mn: 'MON', mr: 'MAR', ms: 'MSA', mt: 'MLT', my: 'MYA', na: 'NAU',
  nb: 'NOB', nd: 'NDE', ne: 'NEP', ng: 'NDO', nl: 'NLD', nn: 'NNO', no: 'NOR', nr: 'NBL', nv: 'NAV', ny: 'NYA',
  oc: 'OCI', oj: 'OJI', om: 'ORM', or: 'ORI', os: 'OSS', pa: 'PAN', pi: 'PLI', pl: 'POL', ps: 'PUS', pt: 'POR',
  qu: 'QUE', rm: 'ROH', rn: 'RUN', ro: 'RON', ru: 'RUS', rw: 'KIN', sa: 'SAN', sc: 'SRD', sd: 'SND', se: 'SME',
  sg: 'SAG', si: 'SIN', sk: 'SLK', sl: 'SLV', sm: 'SMO', sn: 'SNA', so: 'SOM', sq: 'SQI', sr: 'SRP', ss: 'SSW',
  st: 'SOT', su: 'SUN', sv: 'SWE', sw: 'SWA', ta: 'TAM', te: 'TEL', tg: 'TGK', th: 'THA', ti: 'TIR', tk: 'TUK',
  tl: 'TGL', tn: 'TSN', to: 'TON', tr: 'TUR', ts: 'TSO', tt: 'TAT', tw: 'TWI', ty: 'TAH', ug: 'UIG', uk: 'UKR',
  ur: 'URD', uz: 'UZB', ve: 'VEN', vi: 'VIE', vo: 'VOL', wa: 'WLN', wo: 'WOL', xh: 'XHO', yi: 'YID', yo: 'YOR',
  za: 'ZHA', zh: 'ZHO', zu: 'ZUL',
};

const KNOWN_CODES = new Set(Object.values(LANGUAGE_CODES));

/**
 * The language of a BCP 47 tag ("en", "pt-BR", "lit") as the authority table's URI; UND
 * ("undetermined") when the table (as far as this export knows it) has no such language.
 */
export function languageUri(tag: string): string {
  const primary = tag.trim().split(/[-_]/)[0]!.toLowerCase();
  const code = LANGUAGE_CODES[primary] ?? (KNOWN_CODES.has(primary.toUpperCase()) ? primary.toUpperCase() : LANGUAGE_UNDETERMINED);
  return `${LANGUAGE_BASE}${code}`;
}

/** The language tag written on language-tagged strings: the tag's primary subtag ("en"), or "und". */
export function languageTag(tag: string): string {
  const primary = tag.trim().split(/[-_]/)[0]!.toLowerCase();
  return /^[a-z]{2,3}$/.test(primary) ? primary : 'und';
}
