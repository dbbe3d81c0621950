import type { MapNode } from '../schema.js';
import { describe, describeLower, nodeParams, shorten } from './text.js';
import type { CheckIndex, Emit } from './context.js';
import { readFunctionVerb, readOutcomeVerb, tokenize, type LanguageVerbs } from './verbs.js';

/**
 * The rules about wording (docs/domain.md): verbs (an outcome starts with an observable action verb)
 * and titles (the key purpose names an outcome; function titles start with a verb and are unique).
 * The verb lists are data, per language (verbs.ts).
 */

/** A key purpose shorter than this many words does not state an outcome. */
export const KEY_PURPOSE_MIN_WORDS = 3;

/** Which texts checkVerbs reads: the source statements, or one target language's translations. */
export interface VerbTexts {
  /** The language of the texts (a tag of the map): issues carry it as `language`. */
  readonly language: string;
  /** Absent: the source statements; present: the translation into `language` (missing ones are skipped). */
  readonly translation?: boolean;
}

function statementOf(outcome: MapNode, texts: VerbTexts): string | null {
  if (!texts.translation) return outcome.title;
  const value = outcome.translations?.[texts.language]?.title?.value;
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function checkVerbs(index: CheckIndex, list: LanguageVerbs | undefined, emit: Emit, texts: VerbTexts = { language: 'en' }): number {
  let wellWorded = 0;
  const language = texts.language;
  const where = texts.translation ? ` (${language} translation)` : '';
  // Where the verb ends the sentence (uz, kk), the messages say "end with": i18next's context picks that wording.
  const position: Record<string, string> = list?.position === 'final' ? { context: 'final' } : {};
  for (const n of index.byKind.learningOutcome) {
    const outcome = index.nodes[n]!;
    const statement = statementOf(outcome, texts);
    // A missing translation is the translation rule's finding, not this one's.
    if (statement === null) continue;
    const read = list ? readOutcomeVerb(statement, list) : null;
    const empty = statement.trim() === '' || (read !== null && read.firstWord === null);
    if (empty) {
      emit(
        'verb',
        'empty',
        [outcome.id],
        { ...nodeParams(outcome), language, ...position },
        `${describe(outcome)} has no statement. Write what the learner is able to do, starting with an action verb (for example "identify", "perform", "evaluate").`,
      );
      continue;
    }
    if (!read) continue;
    const { entry, firstWord } = read;
    if (entry && !entry.vague) {
      wellWorded++;
    } else if (entry) {
      emit(
        'verb',
        'vague',
        [outcome.id],
        { ...nodeParams(outcome), verb: entry.verb, language, ...position },
        `${describe(outcome)}${where} uses "${entry.verb}", which cannot be observed or assessed. ` +
          `Say what the learner does to show it, with an action verb such as "explain", "describe" or "identify".`,
      );
    } else {
      emit(
        'verb',
        'unknown',
        [outcome.id],
        { ...nodeParams(outcome), word: firstWord ?? '', language, ...position },
        `${describe(outcome)}${where} may not ${list?.position === 'final' ? 'end' : 'start'} with an action verb: "${firstWord ?? ''}" is not in the list of action verbs. ` +
          `Check that the statement says what the learner does (for example "identify", "perform", "evaluate"); if the word is right, add it to this map's list of verbs, or ignore the finding here.`,
      );
    }
  }
  return wellWorded;
}

export function checkTitles(index: CheckIndex, list: LanguageVerbs | undefined, emit: Emit): void {
  for (const qn of index.byKind.qualification) {
    const q = index.nodes[qn]!;
    const purpose = typeof q.keyPurpose === 'string' ? q.keyPurpose.trim() : '';
    if (purpose === '') {
      emit(
        'titles',
        'key-purpose-missing',
        [q.id],
        nodeParams(q),
        `${describe(q)} has no key purpose. Write one sentence that says what people in this occupation achieve, for example "To provide hairdressing services that meet clients' needs and salon standards".`,
      );
    } else if (tokenize(purpose, KEY_PURPOSE_MIN_WORDS).length < KEY_PURPOSE_MIN_WORDS) {
      emit(
        'titles',
        'key-purpose-short',
        [q.id],
        { ...nodeParams(q), keyPurpose: shorten(purpose) },
        `The key purpose of ${describeLower(q)}, "${shorten(purpose)}", is too short to say what the occupation achieves. Write it as one full sentence about the outcome of the work.`,
      );
    }
  }

  const functions = [...index.byKind.keyFunction, ...index.byKind.mainFunction].sort((a, b) => a - b);
  const byTitle = new Map<string, number[]>();
  for (const n of functions) {
    const fn = index.nodes[n]!;
    const title = fn.title.trim();
    if (title === '') {
      emit(
        'titles',
        'function-untitled',
        [fn.id],
        nodeParams(fn),
        `${describe(fn)} has no title. Name it with a verb that says what must be done, for example "Provide…", "Maintain…" or "Manage…".`,
      );
      continue;
    }
    const key = (/\s\s|[\t\n\r]/.test(title) ? title.replace(/\s+/g, ' ') : title).toLowerCase();
    const same = byTitle.get(key);
    if (same) same.push(n);
    else byTitle.set(key, [n]);
    const reading = list ? readFunctionVerb(title, list) : null;
    if (reading && reading.entry === null) {
      const firstWord = reading.firstWord;
      emit(
        'titles',
        'function-no-verb',
        [fn.id],
        { ...nodeParams(fn), word: firstWord ?? '' },
        `${describe(fn)} does not start with a verb ("${firstWord ?? ''}" is not in the verb list). Start the title with what must be done, for example "Provide…", "Maintain…", or "Colour hair" rather than "Hair colouring".`,
      );
    }
  }
  for (const group of byTitle.values()) {
    if (group.length < 2) continue;
    const members = group.map((n) => index.nodes[n]!);
    const codes = members.map((fn) => fn.code.trim() || `"${shorten(fn.title)}"`).join(', ');
    const title = shorten(members[0]!.title);
    emit(
      'titles',
      'function-duplicate',
      members.map((fn) => fn.id),
      { title, count: members.length, codes },
      `${members.length} functions have the same title "${title}" (${codes}). Give each function its own title, or merge them into one.`,
    );
  }
}
