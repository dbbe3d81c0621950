import { describe, expect, it } from 'vitest';
import { BLOOM_LEVELS } from '../src/fields.js';
import { analyseVerb, DEFAULT_VERBS, parseVerbList, verbsFor } from '../src/rules/index.js';
import { tokenize, withMapVerbs, readOutcomeVerb } from '../src/rules/verbs.js';

describe('vocational verbs', () => {
  it.each(['Weld butt joints in the flat position', 'Read technical drawings', 'Cut sheet metal to size', 'Assemble the frame', 'Install a socket outlet', 'Solder the connections', 'Measure the gap', 'Mark out the holes', 'Grind the weld flush', 'Inspect the finished seam', 'Welds fillet joints'])('en: %s', (statement) => {
    const read = analyseVerb(statement, 'en');
    expect(read).toMatchObject({ known: true, vague: false });
    expect(read.bloomLevel).not.toBeNull();
  });

  it.each([
    ['Выполнять стрижку ножницами', 'выполнять'],
    ['Выполняет стрижку ножницами', 'выполнять'],
    ['Выполнить стрижку ножницами', 'выполнять'],
    ['Сваривать стыковые соединения', 'сваривать'],
    ['Сваривают стыковые соединения', 'сваривать'],
    ['Читать чертежи', 'читать'],
    ['Режет металл по разметке', 'резать'],
    ['Собирать узлы', 'собирать'],
    ['Устанавливает розетки', 'устанавливать'],
    ['Паять провода', 'паять'],
    ['Измеряет зазор', 'измерять'],
    ['Обучающийся должен уметь шлифовать швы', 'шлифовать'],
  ])('ru: %s → %s', (statement, verb) => {
    expect(analyseVerb(statement, 'ru')).toMatchObject({ verb, known: true, vague: false });
  });

  it('does not take a noun for a verb', () => {
    expect(analyseVerb('Стрижка волос', 'ru').known).toBe(false);
    expect(analyseVerb('Сварка швов', 'ru').known).toBe(false);
  });
});

describe('verb-final languages', () => {
  it.each([
    ['uz-Latn', "Qaychi bilan sochni kesadi", 'kesmoq', 'apply'],
    ['uz-Latn', "Sochni kesish", 'kesmoq', 'apply'],
    ['uz-Latn', "Payvand choklarini tekshira oladi", 'tekshirmoq', 'analyse'],
    ['uz-Latn', 'Texnik chizmalarni o‘qiydi', "o'qimoq", 'apply'],
    ['uz-Latn', "Ish joyini tashkil etadi", 'tashkil etmoq', 'create'],
    ['uz', 'Mijozning talablarini tahlil qiladi.', 'tahlil qilmoq', 'analyse'],
    ['uz-Cyrl', 'Сочни кесади', 'кесмоқ', 'apply'],
    ['uz-Cyrl', 'Техник чизмаларни ўқийди', 'ўқимоқ', 'apply'],
    ['kk', 'Шашты қайшымен қияды', 'қию', 'apply'],
    ['kk', 'Дәнекерлеу жіктерін тексереді', 'тексеру', 'analyse'],
    ['kk', 'Шаш қию әдістерін қолдана алады', 'қолдану', 'apply'],
    ['kk', 'Жұмысты жоспарлау керек', 'жоспарлау', 'create'],
  ] as const)('%s: %s → %s', (language, statement, verb, level) => {
    expect(analyseVerb(statement, language)).toEqual({ verb, bloomLevel: level, vague: false, known: true });
  });

  it('reads the last word, not the first, and flags a vague one', () => {
    expect(analyseVerb('Kesish texnikasini biladi', 'uz-Latn')).toMatchObject({ verb: 'bilmoq', vague: true, known: true });
    expect(analyseVerb('Бажариш техникасини билади', 'uz-Cyrl')).toMatchObject({ verb: 'билмоқ', vague: true });
    expect(analyseVerb('Шаш қию әдістерін біледі', 'kk')).toMatchObject({ verb: 'білу', vague: true });
    // The word read is the closing one.
    expect(analyseVerb('Kesadi sochni', 'uz-Latn')).toMatchObject({ known: false, verb: 'sochni' });
  });

  it('reads a map verb in its forms, at the end', () => {
    const list = withMapVerbs(verbsFor('uz-Latn')!, ['taramoq']);
    expect(readOutcomeVerb('Sochni taraydi', list).entry?.verb).toBe('taramoq');
    expect(readOutcomeVerb('Sochni taraydi', verbsFor('uz-Latn')!).entry).toBeNull();
  });
});

describe('lists per language', () => {
  it('picks the list by language and script', () => {
    expect(verbsFor('uz')?.language).toBe('uz-latn');
    expect(verbsFor('uz-Cyrl-UZ')?.language).toBe('uz-cyrl');
    expect(verbsFor('kk-KZ')?.language).toBe('kk');
    expect(verbsFor('de')?.language).toBe('en');
  });

  it('ships a list with every Bloom level and its position for each partner language', () => {
    const positions: Record<string, string> = {};
    for (const [tag, list] of DEFAULT_VERBS.languages) {
      positions[tag] = list.position;
      const levels = new Set([...list.phrases.values()].map((entry) => entry.bloomLevel).filter(Boolean));
      expect([...levels].sort(), tag).toEqual([...BLOOM_LEVELS].sort());
    }
    expect(positions).toEqual({ en: 'initial', ru: 'initial', 'uz-latn': 'final', 'uz-cyrl': 'final', kk: 'final', lt: 'initial', lv: 'initial', it: 'initial', nl: 'initial', fi: 'initial' });
  });

  it.each([
    ['lt', 'Suvirinti plieno lakštus', 'suvirinti'],
    ['lv', 'Metināt tērauda loksnes', 'metināt'],
    ['it', 'Saldare lamiere di acciaio', 'saldare'],
    ['nl', 'Lassen van stalen platen', 'lassen'],
    ['fi', 'Hitsata teräslevyjä', 'hitsata'],
  ])('%s has the structure: %s', (language, statement, verb) => {
    expect(analyseVerb(statement, language)).toMatchObject({ verb, known: true, bloomLevel: 'apply' });
  });

  it('refuses a bad position, inflection or stem setting, saying why', () => {
    const base = { language: 'xx', bloom: { apply: ['do'] } };
    expect(() => parseVerbList({ ...base, position: 'middle' })).toThrow(/position/);
    expect(() => parseVerbList({ ...base, inflection: 'stem' })).toThrow(/endings/);
    expect(() => parseVerbList({ ...base, inflection: 'agglutinative' })).toThrow(/inflection/);
    expect(() => parseVerbList({ ...base, inflection: 'stem', endings: ['s'], minStem: 0 })).toThrow(/minStem/);
  });

  it('reads the apostrophes Uzbek is written with as one', () => {
    expect(tokenize('o‘qiydi oʻqiydi o’qiydi o`qiydi')).toEqual(["o'qiydi", "o'qiydi", "o'qiydi", "o'qiydi"]);
  });
});

describe('messages where the verb ends the sentence', () => {
  it('an Uzbek finding asks for a verb at the end (i18next context "final"); an English one at the start', async () => {
    const { addNode, checkMap, initMapDocument, snapshotOf } = await import('../src/index.js');
    const Y = await import('yjs');
    const findings = (language: string, statement: string) => {
      const doc = new Y.Doc();
      initMapDocument(doc, { title: 'Map', language });
      addNode(doc, { kind: 'learningOutcome', title: statement, position: { x: 0, y: 0 } });
      return checkMap(snapshotOf(doc)).issues.filter((issue) => issue.rule === 'verb');
    };
    const [uz] = findings('uz-Latn', 'Sochni chiroyli');
    expect(uz).toMatchObject({ code: 'unknown', params: { context: 'final', language: 'uz-Latn' } });
    expect(uz!.message).toMatch(/end with an action verb/);
    const [en] = findings('en', 'Hair nicely');
    expect(en!.params.context).toBeUndefined();
    expect(en!.message).toMatch(/start with an action verb/);
  });
});
