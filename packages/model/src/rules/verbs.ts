import { BLOOM_LEVELS, type BloomLevel } from '../fields.js';
import en from '../../data/verbs/en.json' with { type: 'json' };
import fi from '../../data/verbs/fi.json' with { type: 'json' };
import it from '../../data/verbs/it.json' with { type: 'json' };
import kk from '../../data/verbs/kk.json' with { type: 'json' };
import lt from '../../data/verbs/lt.json' with { type: 'json' };
import lv from '../../data/verbs/lv.json' with { type: 'json' };
import nl from '../../data/verbs/nl.json' with { type: 'json' };
import ru from '../../data/verbs/ru.json' with { type: 'json' };
import uzCyrl from '../../data/verbs/uz-Cyrl.json' with { type: 'json' };
import uzLatn from '../../data/verbs/uz-Latn.json' with { type: 'json' };

/**
 * Action-verb lists, per language, as a methodologist edits them (data/verbs/<lang>.json), and the
 * reading of a statement's opening verb.
 *
 * A list entry is a verb or phrase ("carry out", "be aware of"), or a list of forms of one verb
 * whose first form is the one shown ("определять", "определить", "определяет").
 */
export type VerbListItem = string | readonly string[];

/** The JSON shape of data/verbs/<lang>.json. */
export interface VerbListData {
  /** BCP 47 tag of the list: 'en', 'ru', 'uz-Latn' (a script subtag where the language has two). */
  language: string;
  /**
   * Where the verb stands: 'initial' (en, ru, lt, lv, it, nl, fi: "Cut hair…") or 'final' (uz, kk:
   * the verb ends the sentence, "…sochni kesadi"). For 'final', `leadIns` are the words skipped at
   * the end ("oladi", "kerak"), read backwards.
   */
  position?: 'initial' | 'final';
  /** What the list is based on (shown to methodologists). */
  source?: string;
  /**
   * 'english': also read -s/-es/-ies and -ing forms ("identifies", "providing"). 'stem': a word is
   * a form of a listed verb when, less one of `endings`, it is the stem of one of the verb's forms
   * (the form less its longest ending): "выполняет", "выполнить" → "выполн".
   */
  inflection?: 'english' | 'stem' | 'none';
  /** For 'stem': the endings stripped, e.g. "ть", "ет", "ит" (ru), "moq", "adi", "ish" (uz). */
  endings?: readonly string[];
  /** For 'stem': the shortest stem left after stripping an ending (3 unless given). */
  minStem?: number;
  /** Openings skipped, one after another, before the verb: "the learner", "will", "be able to". */
  leadIns?: readonly string[];
  /** When the verb is not found after the lead-ins: skip everything up to one of these (first 15 words). */
  leadInEnds?: readonly string[];
  /** Adverbs allowed before the verb: "safely", "самостоятельно". */
  modifiers?: readonly string[];
  /** A word with one of these endings before a known verb is read as an adverb ("ly"). */
  modifierSuffixes?: readonly string[];
  bloom: Partial<Record<BloomLevel, readonly VerbListItem[]>>;
  /** Verbs that do not describe something observable: know, understand, be aware of… */
  vague?: readonly VerbListItem[];
  /** Extra verbs (or, in Russian, verbal nouns) accepted at the start of a function's title. */
  functionVerbs?: readonly VerbListItem[];
}

export interface VerbEntry {
  /** The form shown: the first form of the entry, lower case. */
  readonly verb: string;
  readonly bloomLevel: BloomLevel | null;
  /** In the vague list. */
  readonly vague: boolean;
  /** In a Bloom list or the vague list: a verb for learning outcomes. */
  readonly outcome: boolean;
  /** In the function list only (or also). */
  readonly functionVerb: boolean;
}

/** One language's list, parsed for matching. */
export interface LanguageVerbs {
  /** The list's tag, lower case: 'en', 'uz-latn'. */
  readonly language: string;
  readonly source: string;
  readonly position: 'initial' | 'final';
  readonly inflection: 'english' | 'stem' | 'none';
  /** For 'stem': endings, longest first, and the shortest stem. */
  readonly endings: readonly string[];
  readonly minStem: number;
  /** Tokenised lead-ins, longest first. */
  readonly leadIns: readonly (readonly string[])[];
  readonly leadInEnds: readonly (readonly string[])[];
  readonly modifiers: ReadonlySet<string>;
  readonly modifierSuffixes: readonly string[];
  /** Phrase (tokens joined by one space) → entry. */
  readonly phrases: ReadonlyMap<string, VerbEntry>;
  /** Every phrase and every beginning of one ("be", "be aware", "be aware of"): where to stop reading. */
  readonly prefixes: ReadonlySet<string>;
}

/** Parsed verb lists per language; `fallback` is used for a language without a list. */
export interface VerbCatalogue {
  readonly languages: ReadonlyMap<string, LanguageVerbs>;
  readonly fallback: string;
}

export interface VerbAnalysis {
  /** The verb or phrase read (its shown form), the first word when unknown, null when empty. */
  verb: string | null;
  bloomLevel: BloomLevel | null;
  vague: boolean;
  /** Whether the verb is in the language's outcome lists (Bloom or vague). */
  known: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‘ʻʼ`-][\p{L}\p{M}\p{N}]+)*/gu;
/** Uzbek Latin writes o‘, g‘ with any of these: all read as "'". */
const APOSTROPHES = /[’‘ʻʼ`]/g;

/** Lower-case words of a text, punctuation dropped, "ё" read as "е", "’" (and ‘ ʻ ʼ `) as "'". */
export function tokenize(text: string, limit = Infinity): string[] {
  const words: string[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null && words.length < limit; match = WORD.exec(text)) {
    let word = match[0].toLowerCase();
    if (word.includes('ё')) word = word.replace(/ё/g, 'е');
    APOSTROPHES.lastIndex = 0;
    if (APOSTROPHES.test(word)) word = word.replace(APOSTROPHES, "'");
    words.push(word);
  }
  return words;
}

function fail(language: string, message: string): never {
  throw new TypeError(`Verb list${language ? ` "${language}"` : ''}: ${message}`);
}

function stringList(value: unknown, name: string, language: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) fail(language, `${name} must be a list of texts.`);
  return value as string[];
}

function itemForms(item: unknown, name: string, language: string): string[] {
  if (typeof item === 'string') return [item];
  if (Array.isArray(item) && item.length > 0 && item.every((form) => typeof form === 'string')) return item as string[];
  return fail(language, `every entry of ${name} must be a text or a non-empty list of texts.`);
}

function itemList(value: unknown, name: string, language: string): string[][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(language, `${name} must be a list.`);
  return value.map((item) => itemForms(item, name, language));
}

function phraseList(values: readonly string[]): string[][] {
  return values.map((value) => tokenize(value)).filter((tokens) => tokens.length > 0);
}

type Stemming = Pick<LanguageVerbs, 'inflection' | 'endings' | 'minStem'>;

/** A listed form's stem: the word less its longest ending that leaves `minStem` letters. */
function stemOf(word: string, list: Stemming): string {
  if (list.inflection !== 'stem') return word;
  for (const ending of list.endings) {
    if (word.length - ending.length >= list.minStem && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

/** The key a listed verb or phrase is found under: its words, stemmed for a 'stem' list. */
function phraseKey(form: string, list: Stemming): string {
  return tokenize(form)
    .map((word) => stemOf(word, list))
    .join(' ');
}

/** What a word of a text may be the key of: itself, and its bases (English) or itself less each ending (stem). */
function candidatesOf(word: string, list: LanguageVerbs): string[] {
  if (list.inflection === 'english') return [word, ...englishBases(word)];
  if (list.inflection === 'none') return [word];
  const candidates = [word];
  for (const ending of list.endings) {
    if (word.length - ending.length >= list.minStem && word.endsWith(ending)) candidates.push(word.slice(0, -ending.length));
  }
  return candidates;
}

/**
 * Parses one language's list (the JSON of data/verbs/<lang>.json). Throws a TypeError naming what
 * is wrong when the shape is not a verb list. A verb listed at several Bloom levels keeps the
 * lowest; a verb in the vague list is vague whatever else lists it.
 */
export function parseVerbList(data: unknown): LanguageVerbs {
  if (typeof data !== 'object' || data === null) fail('', 'not an object.');
  const raw = data as Record<string, unknown>;
  if (typeof raw.language !== 'string' || raw.language.trim() === '') fail('', 'language is missing.');
  const language = raw.language.trim().toLowerCase();
  if (raw.inflection !== undefined && raw.inflection !== 'english' && raw.inflection !== 'stem' && raw.inflection !== 'none') {
    fail(language, 'inflection must be "english", "stem" or "none".');
  }
  const inflection = (raw.inflection ?? 'none') as LanguageVerbs['inflection'];
  if (raw.position !== undefined && raw.position !== 'initial' && raw.position !== 'final') fail(language, 'position must be "initial" or "final".');
  const position = raw.position === 'final' ? 'final' : 'initial';
  if (raw.minStem !== undefined && !(Number.isInteger(raw.minStem) && (raw.minStem as number) >= 1)) fail(language, 'minStem must be a whole number ≥ 1.');
  const minStem = (raw.minStem as number | undefined) ?? 3;
  const endings = stringList(raw.endings, 'endings', language)
    .map((ending) => tokenize(ending).join(''))
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  if (inflection === 'stem' && endings.length === 0) fail(language, 'inflection "stem" needs endings.');
  const stemming = { inflection, endings, minStem };
  if (typeof raw.bloom !== 'object' || raw.bloom === null || Array.isArray(raw.bloom)) fail(language, 'bloom must be an object of levels.');
  const bloom = raw.bloom as Record<string, unknown>;
  for (const level of Object.keys(bloom)) {
    if (!(BLOOM_LEVELS as readonly string[]).includes(level)) fail(language, `unknown Bloom level "${level}".`);
  }

  interface Draft { verb: string; bloomLevel: BloomLevel | null; vague: boolean; outcome: boolean; functionVerb: boolean }
  const phrases = new Map<string, Draft>();
  const add = (forms: string[], apply: (draft: Draft) => void): void => {
    const shown = tokenize(forms[0] ?? '').join(' ');
    for (const form of forms) {
      // A stem list also keeps each form as written: a form two verbs share a stem with
      // ("узнает" of узнавать, "узн-" of узнать) is read as the verb that lists it (read first).
      const exact = tokenize(form).join(' ');
      for (const key of new Set([exact, phraseKey(form, stemming)])) {
        if (key === '') continue;
        let draft = phrases.get(key);
        if (!draft) {
          draft = { verb: shown || key, bloomLevel: null, vague: false, outcome: false, functionVerb: false };
          phrases.set(key, draft);
        }
        apply(draft);
      }
    }
  };
  for (const level of BLOOM_LEVELS) {
    for (const forms of itemList(bloom[level], `bloom.${level}`, language)) {
      add(forms, (draft) => {
        draft.outcome = true;
        if (draft.bloomLevel === null) draft.bloomLevel = level;
      });
    }
  }
  for (const forms of itemList(raw.vague, 'vague', language)) {
    add(forms, (draft) => {
      draft.outcome = true;
      draft.vague = true;
    });
  }
  for (const forms of itemList(raw.functionVerbs, 'functionVerbs', language)) {
    add(forms, (draft) => {
      draft.functionVerb = true;
    });
  }

  const leadIns = phraseList(stringList(raw.leadIns, 'leadIns', language)).sort((a, b) => b.length - a.length);
  const leadInEnds = phraseList(stringList(raw.leadInEnds, 'leadInEnds', language));
  const modifiers = new Set(phraseList(stringList(raw.modifiers, 'modifiers', language)).map((tokens) => tokens.join(' ')));
  const modifierSuffixes = stringList(raw.modifierSuffixes, 'modifierSuffixes', language).map((s) => s.toLowerCase()).filter(Boolean);
  const prefixes = new Set<string>();
  for (const key of phrases.keys()) {
    const words = key.split(' ');
    for (let n = 1; n <= words.length; n++) prefixes.add(words.slice(0, n).join(' '));
  }
  return {
    language,
    source: typeof raw.source === 'string' ? raw.source : '',
    position,
    inflection,
    endings,
    minStem,
    leadIns,
    leadInEnds,
    modifiers,
    modifierSuffixes,
    phrases,
    prefixes,
  };
}

/** Builds a catalogue from lists (parsed or JSON). A later list for the same language replaces an earlier one. */
export function buildVerbCatalogue(lists: readonly unknown[], fallback = 'en'): VerbCatalogue {
  const languages = new Map<string, LanguageVerbs>();
  for (const list of lists) {
    const parsed = isParsed(list) ? list : parseVerbList(list);
    languages.set(parsed.language, parsed);
  }
  return { languages, fallback };
}

function isParsed(value: unknown): value is LanguageVerbs {
  return typeof value === 'object' && value !== null && (value as { phrases?: unknown }).phrases instanceof Map;
}

/** The lists built from data/verbs/*.json. */
export const DEFAULT_VERBS: VerbCatalogue = buildVerbCatalogue([en, ru, uzLatn, uzCyrl, kk, lt, lv, it, nl, fi]);

/** The script a language is written in when its tag does not say (Uzbek: Latin, the official one). */
const DEFAULT_SCRIPT: Readonly<Record<string, string>> = { uz: 'latn' };

/**
 * The list for a language tag: language and script ('uz-Cyrl-UZ' → 'uz-cyrl'), else the language
 * ('en-GB' → 'en'; 'uz' → 'uz-latn'), else the fallback's, or undefined.
 */
export function verbsFor(language: string, verbs: VerbCatalogue = DEFAULT_VERBS): LanguageVerbs | undefined {
  const subtags = language.trim().toLowerCase().split(/[-_]/);
  const primary = subtags[0] ?? '';
  const script = subtags.slice(1).find((subtag) => /^[a-z]{4}$/.test(subtag)) ?? DEFAULT_SCRIPT[primary];
  return (
    (script ? verbs.languages.get(`${primary}-${script}`) : undefined) ??
    verbs.languages.get(primary) ??
    verbs.languages.get(verbs.fallback)
  );
}

/**
 * A language's list with a map's own verbs added ("weld", accepted in this map by its editors):
 * outcome verbs without a Bloom level. Memoised per list and set of verbs, as the checks run on
 * every change.
 */
export function withMapVerbs(list: LanguageVerbs, added: readonly string[] | undefined): LanguageVerbs {
  if (!added || added.length === 0) return list;
  const key = added.join('\n');
  let byVerbs = extended.get(list);
  if (!byVerbs) extended.set(list, (byVerbs = new Map()));
  const cached = byVerbs.get(key);
  if (cached) return cached;
  const phrases = new Map(list.phrases);
  const prefixes = new Set(list.prefixes);
  for (const verb of added) {
    const phrase = phraseKey(verb, list);
    if (phrase === '' || phrases.get(phrase)?.outcome) continue;
    phrases.set(phrase, { verb: tokenize(verb).join(' '), bloomLevel: null, vague: false, outcome: true, functionVerb: true });
    const words = phrase.split(' ');
    for (let n = 1; n <= words.length; n++) prefixes.add(words.slice(0, n).join(' '));
  }
  const result: LanguageVerbs = { ...list, phrases, prefixes };
  if (byVerbs.size >= 100) byVerbs.clear();
  byVerbs.set(key, result);
  return result;
}

const extended = new WeakMap<LanguageVerbs, Map<string, LanguageVerbs>>();

/** English forms a word may be a form of: identifies → identify, analyses → analyse, providing → provide. */
function englishBases(word: string): string[] {
  const bases: string[] = [];
  if (word.length > 3 && word.endsWith('ies')) bases.push(word.slice(0, -3) + 'y');
  if (word.length > 3 && word.endsWith('es')) bases.push(word.slice(0, -2));
  if (word.length > 2 && word.endsWith('s') && !word.endsWith('ss')) bases.push(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    bases.push(stem, stem + 'e');
    if (stem.length > 2 && stem.at(-1) === stem.at(-2)) bases.push(stem.slice(0, -1));
    if (stem.endsWith('y')) bases.push(stem.slice(0, -1) + 'ie');
  }
  return bases;
}

type Accept = (entry: VerbEntry) => boolean;

/**
 * The known phrases starting at `at` that `accept` takes, as [entry, words] pairs: each word of
 * the text is tried as each of its candidates (its forms' keys), word after word, as long as the
 * words read so far begin a known phrase.
 */
function phrasesAt(tokens: readonly string[], at: number, list: LanguageVerbs, accept: Accept, found: Array<[VerbEntry, number]> = []): Array<[VerbEntry, number]> {
  const walk = (key: string, words: number): void => {
    if (!list.prefixes.has(key)) return;
    const entry = list.phrases.get(key);
    if (entry && accept(entry)) found.push([entry, words]);
    const next = tokens[at + words];
    if (next === undefined) return;
    for (const candidate of candidatesOf(next, list)) walk(key + ' ' + candidate, words + 1);
  };
  const first = tokens[at];
  if (first !== undefined) for (const candidate of candidatesOf(first, list)) walk(candidate, 1);
  return found;
}

/** The longest known phrase starting at `at` that `accept` takes. */
function phraseAt(tokens: readonly string[], at: number, list: LanguageVerbs, accept: Accept): VerbEntry | null {
  let best: VerbEntry | null = null;
  let bestWords = 0;
  for (const [entry, words] of phrasesAt(tokens, at, list, accept)) {
    if (words > bestWords) {
      best = entry;
      bestWords = words;
    }
  }
  return best;
}

/** The longest known phrase that ends the words before `end` (verb-final languages). */
function phraseEndingAt(tokens: readonly string[], end: number, list: LanguageVerbs, accept: Accept): { entry: VerbEntry; at: number } | null {
  for (let at = Math.max(0, end - MAX_PHRASE_WORDS); at < end; at++) {
    const match = phrasesAt(tokens, at, list, accept).find(([, words]) => at + words === end);
    if (match) return { entry: match[0], at };
  }
  return null;
}

const MAX_PHRASE_WORDS = 5;

function startsWith(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > tokens.length) return false;
  for (let i = 0; i < phrase.length; i++) if (tokens[at + i] !== phrase[i]) return false;
  return true;
}

function skipLeadIns(tokens: readonly string[], at: number, list: LanguageVerbs): number {
  let position = at;
  for (let guard = 0; guard < 20; guard++) {
    const leadIn = list.leadIns.find((phrase) => startsWith(tokens, position, phrase));
    if (!leadIn) break;
    position += leadIn.length;
  }
  return position;
}

function isModifier(word: string, list: LanguageVerbs): boolean {
  return list.modifiers.has(word) || list.modifierSuffixes.some((suffix) => word.length > suffix.length + 2 && word.endsWith(suffix));
}

/** The verb at `at`, allowing up to two adverbs before it. */
function verbAt(tokens: readonly string[], at: number, list: LanguageVerbs, accept: Accept): { entry: VerbEntry; at: number } | null {
  for (let skipped = 0; skipped <= 2; skipped++) {
    const entry = phraseAt(tokens, at + skipped, list, accept);
    if (entry) return { entry, at: at + skipped };
    const word = tokens[at + skipped];
    if (word === undefined || !isModifier(word, list)) return null;
  }
  return null;
}

export interface StatementVerb {
  readonly entry: VerbEntry | null;
  /** The word the verb starts at (or the first word after the lead-ins), null when nothing follows them. */
  readonly firstWord: string | null;
}

const MAX_WORDS_READ = 20;

/** Reads the opening verb of a statement with one language's list. */
export function readStatementVerb(statement: string, list: LanguageVerbs, accept: Accept): StatementVerb {
  if (list.position === 'final') return readFinalVerb(statement, list, accept);
  const tokens = tokenize(statement, MAX_WORDS_READ);
  const start = skipLeadIns(tokens, 0, list);
  const found = verbAt(tokens, start, list, accept);
  if (found) return { entry: found.entry, firstWord: tokens[found.at] ?? null };
  for (const end of list.leadInEnds) {
    for (let i = start; i < Math.min(tokens.length, 15); i++) {
      if (!startsWith(tokens, i, end)) continue;
      const after = verbAt(tokens, skipLeadIns(tokens, i + end.length, list), list, accept);
      if (after) return { entry: after.entry, firstWord: tokens[after.at] ?? null };
      break;
    }
  }
  return { entry: null, firstWord: tokens[start] ?? null };
}

/** Words skipped at the end of a verb-final statement ("… bajara oladi", "… орындау керек"). */
function skipTrailing(tokens: readonly string[], end: number, list: LanguageVerbs): number {
  let position = end;
  for (let guard = 0; guard < 20; guard++) {
    const trailing = list.leadIns.find((phrase) => phrase.length <= position && startsWith(tokens, position - phrase.length, phrase));
    if (!trailing) break;
    position -= trailing.length;
  }
  return position;
}

/** Reads the closing verb of a statement in a verb-final language (uz, kk). */
function readFinalVerb(statement: string, list: LanguageVerbs, accept: Accept): StatementVerb {
  const tokens = tokenize(statement);
  const end = skipTrailing(tokens, tokens.length, list);
  const found = phraseEndingAt(tokens, end, list, accept);
  if (found) return { entry: found.entry, firstWord: tokens[found.at] ?? null };
  return { entry: null, firstWord: tokens[end - 1] ?? null };
}

const forOutcomes: Accept = (entry) => entry.outcome;
const forFunctions: Accept = () => true;

/**
 * Readings of statements already seen, per list: the checks run after every change, and all but
 * the edited statement are the same as last time. Bounded; a list is immutable once parsed.
 */
const CACHE_LIMIT = 50_000;
const outcomeReadings = new WeakMap<LanguageVerbs, Map<string, StatementVerb>>();
const functionReadings = new WeakMap<LanguageVerbs, Map<string, StatementVerb>>();

function cachedReading(cache: WeakMap<LanguageVerbs, Map<string, StatementVerb>>, text: string, list: LanguageVerbs, accept: Accept): StatementVerb {
  let readings = cache.get(list);
  if (!readings) {
    readings = new Map();
    cache.set(list, readings);
  }
  let reading = readings.get(text);
  if (!reading) {
    reading = readStatementVerb(text, list, accept);
    if (readings.size >= CACHE_LIMIT) readings.clear();
    readings.set(text, reading);
  }
  return reading;
}

/** The opening verb of a learning outcome's statement (Bloom and vague lists only). */
export function readOutcomeVerb(statement: string, list: LanguageVerbs): StatementVerb {
  return cachedReading(outcomeReadings, statement, list, forOutcomes);
}

/**
 * The opening verb of a learning outcome's statement and its Bloom level, read with the list of
 * `language` (or the catalogue's fallback, English). Lead-ins ("the learner will be able to") are
 * skipped; case and punctuation do not matter.
 */
export function analyseVerb(statement: string, language: string, verbs: VerbCatalogue = DEFAULT_VERBS): VerbAnalysis {
  const list = verbsFor(language, verbs);
  if (!list) {
    const first = tokenize(statement, 1)[0] ?? null;
    return { verb: first, bloomLevel: null, vague: false, known: false };
  }
  const { entry, firstWord } = readOutcomeVerb(statement, list);
  if (!entry) return { verb: firstWord, bloomLevel: null, vague: false, known: false };
  return { verb: entry.verb, bloomLevel: entry.vague ? null : entry.bloomLevel, vague: entry.vague, known: true };
}

/** The opening verb of a function's title: any verb of the list counts (outcome, vague or function verbs). */
export function readFunctionVerb(title: string, list: LanguageVerbs): StatementVerb {
  return cachedReading(functionReadings, title, list, forFunctions);
}
