import { describe, expect, it } from 'vitest';
import enData from '../data/verbs/en.json' with { type: 'json' };
import ruData from '../data/verbs/ru.json' with { type: 'json' };
import { BLOOM_LEVELS } from '../src/fields.js';
import { analyseVerb, buildVerbCatalogue, DEFAULT_VERBS, parseVerbList, verbsFor, type VerbListData } from '../src/rules/index.js';

const en = enData as unknown as VerbListData;
const ru = ruData as unknown as VerbListData;

describe('analyseVerb in English', () => {
  it.each([
    ['Identify hazards in the salon', 'identify', 'remember'],
    ['Explain how colour works', 'explain', 'understand'],
    ['Cut hair using clippers', 'cut', 'apply'],
    ['Analyse the condition of the scalp', 'analyse', 'analyse'],
    ['Analyze the condition of the scalp', 'analyze', 'analyse'],
    ['Recommend aftercare products', 'recommend', 'evaluate'],
    ['Design a colour correction plan', 'design', 'create'],
    ['Organise the working area', 'organise', 'create'],
    ['Organize the working area', 'organize', 'create'],
  ] as const)('%s → %s (%s)', (statement, verb, level) => {
    expect(analyseVerb(statement, 'en')).toEqual({ verb, bloomLevel: level, vague: false, known: true });
  });

  it('skips lead-ins, however they are chained', () => {
    for (const statement of [
      'Be able to select products',
      'The learner will be able to select products',
      'Learners can select products',
      'to select products',
      'Will select products',
      'On completion of this unit, the learner will be able to: select products',
      'By the end of the course the apprentice should be able to select products',
      'After two years of training, students are able to select products', // an opening not in the list, ended by "able to"
    ]) {
      expect(analyseVerb(statement, 'en'), statement).toMatchObject({ verb: 'select', bloomLevel: 'apply', known: true });
    }
  });

  it('reads multi-word verbs, preferring the longest', () => {
    expect(analyseVerb('Carry out a skin test', 'en')).toMatchObject({ verb: 'carry out', bloomLevel: 'apply', vague: false });
    expect(analyseVerb('Dispose of waste safely', 'en')).toMatchObject({ verb: 'dispose of', known: true });
    expect(analyseVerb('Identify the causes of hair damage', 'en')).toMatchObject({ verb: 'identify the causes of', bloomLevel: 'analyse' });
    expect(analyseVerb('Identify the client', 'en')).toMatchObject({ verb: 'identify', bloomLevel: 'remember' });
  });

  it('flags vague verbs, single and multi-word, with no Bloom level', () => {
    for (const [statement, verb] of [
      ['Know the salon rules', 'know'],
      ['Understand colour theory', 'understand'],
      ['Learn about hygiene', 'learn about'],
      ['Be aware of the risks of chemicals', 'be aware of'],
      ['Appreciate the needs of clients', 'appreciate'],
      ['Be familiar with salon software', 'be familiar with'],
      ['The learner will be aware of hazards', 'be aware of'],
      ['Demonstrate an understanding of hair growth', 'demonstrate an understanding of'],
    ] as const) {
      expect(analyseVerb(statement, 'en'), statement).toEqual({ verb, bloomLevel: null, vague: true, known: true });
    }
  });

  it('reports an unknown first word as the verb, not known', () => {
    expect(analyseVerb('Haircut techniques for men', 'en')).toEqual({ verb: 'haircut', bloomLevel: null, vague: false, known: false });
    expect(analyseVerb('The learner will be able to hairdress', 'en')).toEqual({ verb: 'hairdress', bloomLevel: null, vague: false, known: false });
  });

  it('ignores case, punctuation and spacing', () => {
    const expected = { verb: 'carry out', bloomLevel: 'apply', vague: false, known: true };
    for (const statement of ['CARRY OUT a test', '  carry   out: a test', '"Carry out" a test.', '(Carry out) a test', '…Carry\nout a test']) {
      expect(analyseVerb(statement, 'en'), JSON.stringify(statement)).toEqual(expected);
    }
  });

  it('reads third-person and -ing forms, and adverbs before the verb', () => {
    expect(analyseVerb('Identifies client needs', 'en')).toMatchObject({ verb: 'identify', known: true });
    expect(analyseVerb('Analyses results', 'en')).toMatchObject({ verb: 'analyse', known: true });
    expect(analyseVerb('Uses tools', 'en')).toMatchObject({ verb: 'use', known: true });
    expect(analyseVerb('Carries out a test', 'en')).toMatchObject({ verb: 'carry out', known: true });
    expect(analyseVerb('Cutting hair', 'en')).toMatchObject({ verb: 'cut', known: true });
    expect(analyseVerb('Styling hair', 'en')).toMatchObject({ verb: 'style', known: true });
    expect(analyseVerb('Safely use electrical equipment', 'en')).toMatchObject({ verb: 'use', known: true });
    expect(analyseVerb('Accurately and safely mix colours', 'en')).toMatchObject({ known: false });
  });

  it('gives nothing for an empty statement', () => {
    expect(analyseVerb('', 'en')).toEqual({ verb: null, bloomLevel: null, vague: false, known: false });
    expect(analyseVerb(' … ', 'en')).toEqual({ verb: null, bloomLevel: null, vague: false, known: false });
    expect(analyseVerb('The learner will be able to', 'en').verb).toBeNull();
  });

  it('falls back to English for a language without a list, and reads region tags', () => {
    expect(analyseVerb('Describe a haircut', 'de')).toMatchObject({ verb: 'describe', known: true });
    expect(analyseVerb('Describe a haircut', 'en-GB')).toMatchObject({ verb: 'describe', known: true });
    expect(verbsFor('ru-RU')?.language).toBe('ru');
    expect(verbsFor('xx')?.language).toBe('en');
  });
});

describe('analyseVerb in Russian', () => {
  it.each([
    ['Определять потребности клиента', 'определять', 'remember'],
    ['Определить потребности клиента', 'определять', 'remember'],
    ['Определяет потребности клиента', 'определять', 'remember'],
    ['Анализирует состояние волос', 'анализировать', 'analyse'],
    ['Проанализировать состояние волос', 'анализировать', 'analyse'],
    ['Выполнять стрижку', 'выполнять', 'apply'],
    ['Разработать план окрашивания', 'разрабатывать', 'create'],
    ['Оценивает качество работы', 'оценивать', 'evaluate'],
    ['Объяснять принципы колористики', 'объяснять', 'understand'],
    ['Приводит примеры стрижек', 'приводить примеры', 'understand'],
    ['Стрижёт волосы машинкой', 'стричь', 'apply'],
  ] as const)('%s → %s (%s)', (statement, verb, level) => {
    expect(analyseVerb(statement, 'ru')).toEqual({ verb, bloomLevel: level, vague: false, known: true });
  });

  it('skips lead-ins and adverbs', () => {
    for (const statement of [
      'Уметь выполнять стрижку',
      'Обучающийся должен уметь выполнять стрижку',
      'Студент будет уметь выполнять стрижку',
      'Способен выполнять стрижку',
      'Умение выполнять стрижку',
      'В результате обучения обучающийся сможет выполнять стрижку',
      'По завершении модуля слушатель будет способен выполнять стрижку',
      'После двух лет практики мастер способен выполнять стрижку', // an opening not in the list, ended by "способен"
      'Самостоятельно выполнять стрижку',
      'Обучающийся умеет качественно выполнять стрижку',
    ]) {
      expect(analyseVerb(statement, 'ru'), statement).toMatchObject({ verb: 'выполнять', bloomLevel: 'apply', known: true });
    }
  });

  it('flags vague verbs, single and multi-word', () => {
    for (const [statement, verb] of [
      ['Знать технику безопасности', 'знать'],
      ['Знает технику безопасности', 'знать'],
      ['Понимать теорию цвета', 'понимать'],
      ['Иметь представление о видах стрижек', 'иметь представление'],
      ['Быть знакомым с оборудованием', 'быть знакомым с'],
      ['Осознавать ответственность', 'осознавать'],
      ['Обучающийся должен знать правила', 'знать'],
    ] as const) {
      expect(analyseVerb(statement, 'ru'), statement).toEqual({ verb, bloomLevel: null, vague: true, known: true });
    }
  });

  it('ignores case and punctuation, reads ё as е, and reports unknown words', () => {
    expect(analyseVerb('«ВЫПОЛНЯТЬ» стрижку.', 'ru')).toMatchObject({ verb: 'выполнять', known: true });
    expect(analyseVerb('Стрижет волосы', 'ru')).toMatchObject({ verb: 'стричь', known: true });
    expect(analyseVerb('Технология стрижки', 'ru')).toEqual({ verb: 'технология', bloomLevel: null, vague: false, known: false });
  });
});

describe('the verb lists (data/verbs/*.json)', () => {
  const forms = (items: readonly (string | readonly string[])[] | undefined) => (items ?? []).flatMap((item) => (typeof item === 'string' ? [item] : [...item]));

  it('English: a broad list with the verbs the sample maps use, each at one level', () => {
    const all = BLOOM_LEVELS.flatMap((level) => forms(en.bloom[level]));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(150);
    const required =
      'identify describe explain apply select prepare perform demonstrate analyse evaluate recommend maintain use follow assess plan organise calculate communicate define conduct determine design develop collect update distribute compile facilitate consult cut colour style advise clean sterilise record greet check test mix shape finish manage sell promote keep'.split(' ');
    expect(required.filter((verb) => !all.includes(verb))).toEqual([]);
    for (const [british, american] of [['analyse', 'analyze'], ['organise', 'organize'], ['colour', 'color'], ['sterilise', 'sterilize'], ['recognise', 'recognize']]) {
      expect(all, british).toContain(british);
      expect(all, american).toContain(american);
    }
    const vague = forms(en.vague);
    expect(vague.filter((verb) => all.includes(verb))).toEqual([]);
    for (const verb of ['know', 'understand', 'learn', 'be aware of', 'appreciate', 'be familiar with']) expect(vague).toContain(verb);
  });

  it('Russian: infinitives and third-person forms, vague verbs and lead-ins', () => {
    const all = BLOOM_LEVELS.flatMap((level) => forms(ru.bloom[level]));
    expect(new Set(all).size).toBe(all.length);
    const verbs = BLOOM_LEVELS.flatMap((level) => ru.bloom[level] ?? []);
    expect(verbs.length).toBeGreaterThanOrEqual(100);
    for (const form of ['определять', 'определить', 'определяет', 'анализировать', 'анализирует']) expect(all).toContain(form);
    for (const verb of ['знать', 'понимать', 'иметь представление', 'быть знакомым', 'осознавать']) expect(forms(ru.vague)).toContain(verb);
    for (const leadIn of ['уметь', 'способен', 'будет']) expect(ru.leadIns).toContain(leadIn);
    expect(forms(ru.vague).filter((verb) => all.includes(verb))).toEqual([]);
  });

  it('every listed English verb is read back at its own level', () => {
    const list = verbsFor('en')!;
    for (const level of BLOOM_LEVELS) {
      for (const verb of forms(en.bloom[level])) {
        expect(analyseVerb(`${verb} the task`, 'en'), verb).toEqual({ verb: list.phrases.get(verb)!.verb, bloomLevel: level, vague: false, known: true });
      }
    }
  });

  it('each list says what it is based on', () => {
    for (const list of DEFAULT_VERBS.languages.values()) expect(list.source.length).toBeGreaterThan(40);
    expect([...DEFAULT_VERBS.languages.keys()].sort()).toEqual(['en', 'fi', 'it', 'kk', 'lt', 'lv', 'nl', 'ru', 'uz-cyrl', 'uz-latn']);
  });
});

describe('parseVerbList and buildVerbCatalogue', () => {
  it('refuses what is not a verb list, saying why', () => {
    expect(() => parseVerbList(null)).toThrow(/not an object/);
    expect(() => parseVerbList({ bloom: {} })).toThrow(/language is missing/);
    expect(() => parseVerbList({ language: 'fr' })).toThrow(/bloom must be an object/);
    expect(() => parseVerbList({ language: 'fr', bloom: { memorise: ['x'] } })).toThrow(/unknown Bloom level "memorise"/);
    expect(() => parseVerbList({ language: 'fr', bloom: { apply: [1] } })).toThrow(/bloom.apply/);
    expect(() => parseVerbList({ language: 'fr', bloom: {}, leadIns: 'pouvoir' })).toThrow(/leadIns/);
  });

  it('lets a methodologist supply a list for another language', () => {
    const fr = { language: 'FR', bloom: { apply: ['appliquer', ['couper', 'coupe']], understand: ['expliquer'] }, vague: ['savoir', 'être conscient de'], leadIns: ["être capable d'", 'être capable de'] };
    const verbs = buildVerbCatalogue([...DEFAULT_VERBS.languages.values(), fr]);
    expect(analyseVerb('Être capable de couper les cheveux', 'fr', verbs)).toEqual({ verb: 'couper', bloomLevel: 'apply', vague: false, known: true });
    expect(analyseVerb('Coupe les cheveux', 'fr-BE', verbs)).toMatchObject({ verb: 'couper', known: true });
    expect(analyseVerb('Être conscient des risques', 'fr', verbs)).toMatchObject({ known: false });
    expect(analyseVerb('Être conscient de risques', 'fr', verbs)).toMatchObject({ verb: 'être conscient de', vague: true });
    expect(analyseVerb('Describe', 'en', verbs)).toMatchObject({ known: true });
  });

  it('keeps the lowest level for a verb listed twice, and a vague mark whatever else lists it', () => {
    const list = parseVerbList({ language: 'xx', bloom: { evaluate: ['select'], apply: ['select', 'grasp'] }, vague: ['grasp'] });
    expect(list.phrases.get('select')).toMatchObject({ bloomLevel: 'apply' });
    const verbs = buildVerbCatalogue([list], 'xx');
    expect(analyseVerb('Grasp it', 'xx', verbs)).toEqual({ verb: 'grasp', bloomLevel: null, vague: true, known: true });
  });
});
