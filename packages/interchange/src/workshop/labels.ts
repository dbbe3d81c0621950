import type { DocumentLanguage } from '../documents/labels.js';

/**
 * The words of the workshop documents (the DACUM chart and the minutes), in the languages of the
 * unit descriptions (documents/labels.ts). The Uzbek and Kazakh labels are machine-made and
 * await a native speaker's review.
 */
export interface WorkshopLabels {
  readonly chartTitle: string;
  readonly chartSubtitle: string;
  readonly minutesTitle: string;
  readonly minutesSubtitle: string;
  readonly keyFunction: string;
  readonly workAction: string;
  readonly otherWorkActions: string;
  readonly noWorkActions: string;
  readonly noKeyFunctions: string;
  readonly ratings: string;
  /** "3 ratings" */
  readonly ratingCount: (count: number) => string;
  readonly notRated: string;
  readonly criticality: string;
  readonly frequency: string;
  readonly difficulty: string;
  readonly mean: string;
  readonly spread: string;
  readonly trainingNeed: string;
  readonly needs: Readonly<Record<string, string>>;
  readonly decision: string;
  readonly decisions: Readonly<Record<string, string>>;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
  readonly none: string;
  readonly legend: string;
  readonly sessionHeading: string;
  readonly facilitator: string;
  readonly participants: string;
  readonly started: string;
  readonly ended: string;
  readonly currentStage: string;
  readonly stagesHeading: string;
  readonly stage: string;
  readonly plannedMinutes: string;
  readonly stageKinds: Readonly<Record<string, string>>;
  readonly timer: string;
  readonly timerStatuses: Readonly<Record<string, string>>;
  readonly minutes: (value: number) => string;
  readonly ideasHeading: string;
  readonly idea: string;
  readonly ideaCounts: (total: number, promoted: number, merged: number, open: number) => string;
  readonly promotedTo: string;
  readonly mergedInto: string;
  readonly ratingsHeading: string;
  readonly decisionsHeading: string;
  readonly rulesHeading: string;
  readonly rule: string;
  readonly condition: string;
  readonly appliesTo: string;
  readonly anyNeedButNone: string;
  readonly logHeading: string;
  readonly time: string;
  readonly event: string;
  readonly details: string;
  readonly sheetChart: string;
  readonly sheetRatings: string;
  readonly yes: string;
  readonly no: string;
  readonly structureLocked: string;
  readonly hideRatings: string;
  readonly privateIdeas: string;
  readonly dotsPerPerson: string;
  readonly dots: string;
  readonly reveals: string;
  /** Names of the session log's event types; a type not named here is shown as it is. */
  readonly events: Readonly<Record<string, string>>;
}

export const WORKSHOP_LABELS: Readonly<Record<DocumentLanguage, WorkshopLabels>> = {
  en: {
    chartTitle: 'DACUM chart',
    chartSubtitle: 'Key functions and their work actions, as the workshop rated them',
    minutesTitle: 'Workshop minutes',
    minutesSubtitle: 'Functional analysis workshop with employers (DACUM)',
    keyFunction: 'Key function',
    workAction: 'Work action',
    otherWorkActions: 'Work actions outside a key function',
    noWorkActions: 'No work action yet.',
    noKeyFunctions: 'The map has no key function yet.',
    ratings: 'Ratings',
    ratingCount: (count) => `${count} ${count === 1 ? 'rating' : 'ratings'}`,
    notRated: 'Not rated',
    criticality: 'Criticality',
    frequency: 'Frequency',
    difficulty: 'Difficulty',
    mean: 'mean',
    spread: 'spread',
    trainingNeed: 'Training need',
    needs: { school: 'at school', workplace: 'at the workplace', both: 'at school and at the workplace', none: 'no training' },
    decision: 'Decision',
    decisions: { train: 'train', 'not-trained': 'not trained' },
    reason: 'Reason',
    by: 'By',
    at: 'When',
    none: 'None recorded.',
    legend: 'Ratings on scales of 1 to 5: the mean, ± the spread (standard deviation); the training need most participants chose.',
    sessionHeading: 'Session',
    facilitator: 'Facilitator',
    participants: 'Participants',
    started: 'Started',
    ended: 'Ended',
    currentStage: 'Current stage',
    stagesHeading: 'Stages',
    stage: 'Stage',
    plannedMinutes: 'Planned',
    stageKinds: {
      'key-purpose': 'Key purpose',
      functions: 'Key functions',
      'work-actions': 'Work actions',
      rating: 'Rating',
      outcomes: 'Learning outcomes',
      units: 'Units',
      brainstorm: 'Brainstorm',
      validation: 'Validation',
    },
    timer: 'Timer',
    timerStatuses: { idle: 'not started', running: 'running', paused: 'paused', ended: 'ended' },
    minutes: (value) => `${value} min`,
    ideasHeading: 'Idea cards',
    idea: 'Idea',
    ideaCounts: (total, promoted, merged, open) => `${total} idea cards: ${promoted} promoted onto the map, ${merged} merged, ${open} still open.`,
    promotedTo: 'Became',
    mergedInto: 'Merged into',
    ratingsHeading: 'Ratings',
    decisionsHeading: 'Decisions',
    rulesHeading: 'Decision rules',
    rule: 'Rule',
    condition: 'Must be trained when',
    appliesTo: 'Work actions it applies to',
    anyNeedButNone: 'training need other than none',
    logHeading: 'Session log',
    time: 'Time (UTC)',
    event: 'Event',
    details: 'Details',
    sheetChart: 'DACUM chart',
    sheetRatings: 'Ratings',
    yes: 'yes',
    no: 'no',
    structureLocked: 'Map structure locked',
    hideRatings: 'Ratings hidden until revealed',
    privateIdeas: 'Private brainstorm',
    dotsPerPerson: 'Dots per person',
    dots: 'Dots',
    reveals: 'Revealed',
    events: {
      start: 'Workshop started',
      end: 'Workshop ended',
      stage: 'Stage changed',
      'timer-start': 'Timer started',
      'timer-pause': 'Timer paused',
      'timer-resume': 'Timer resumed',
      'timer-extend': 'Timer extended',
      'timer-end': 'Timer ended',
      lock: 'Structure locked',
      unlock: 'Structure unlocked',
      'reveal-ratings': 'Ratings revealed',
      'reveal-ideas': 'Idea cards revealed',
      promote: 'Idea promoted onto the map',
      merge: 'Ideas merged',
      decision: 'Decision recorded',
      rule: 'Decision rule agreed',
      join: 'Participant joined',
    },
  },
  ru: {
    chartTitle: 'Карта DACUM',
    chartSubtitle: 'Ключевые функции и их трудовые действия с оценками семинара',
    minutesTitle: 'Протокол семинара',
    minutesSubtitle: 'Семинар по функциональному анализу с работодателями (DACUM)',
    keyFunction: 'Ключевая функция',
    workAction: 'Трудовое действие',
    otherWorkActions: 'Трудовые действия вне ключевых функций',
    noWorkActions: 'Трудовых действий пока нет.',
    noKeyFunctions: 'В карте пока нет ключевых функций.',
    ratings: 'Оценки',
    ratingCount: (count) => {
      const mod10 = count % 10;
      const mod100 = count % 100;
      const word = mod10 === 1 && mod100 !== 11 ? 'оценка' : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? 'оценки' : 'оценок';
      return `${count} ${word}`;
    },
    notRated: 'Не оценено',
    criticality: 'Важность',
    frequency: 'Частота',
    difficulty: 'Сложность',
    mean: 'среднее',
    spread: 'разброс',
    trainingNeed: 'Где обучать',
    needs: { school: 'в колледже', workplace: 'на рабочем месте', both: 'в колледже и на рабочем месте', none: 'не обучать' },
    decision: 'Решение',
    decisions: { train: 'обучать', 'not-trained': 'не обучать' },
    reason: 'Обоснование',
    by: 'Кто',
    at: 'Когда',
    none: 'Не записано.',
    legend: 'Оценки по шкале от 1 до 5: среднее ± разброс (стандартное отклонение); где обучать — по выбору большинства участников.',
    sessionHeading: 'Сессия',
    facilitator: 'Модератор',
    participants: 'Участники',
    started: 'Начало',
    ended: 'Окончание',
    currentStage: 'Текущий этап',
    stagesHeading: 'Этапы',
    stage: 'Этап',
    plannedMinutes: 'План',
    stageKinds: {
      'key-purpose': 'Основная цель',
      functions: 'Ключевые функции',
      'work-actions': 'Трудовые действия',
      rating: 'Оценка',
      outcomes: 'Результаты обучения',
      units: 'Единицы',
      brainstorm: 'Мозговой штурм',
      validation: 'Валидация',
    },
    timer: 'Таймер',
    timerStatuses: { idle: 'не запущен', running: 'идёт', paused: 'на паузе', ended: 'закончился' },
    minutes: (value) => `${value} мин`,
    ideasHeading: 'Карточки идей',
    idea: 'Идея',
    ideaCounts: (total, promoted, merged, open) => `Карточек идей: ${total}; перенесено в карту: ${promoted}, объединено: ${merged}, открыто: ${open}.`,
    promotedTo: 'Стала',
    mergedInto: 'Объединена с',
    ratingsHeading: 'Оценки',
    decisionsHeading: 'Решения',
    rulesHeading: 'Правила принятия решений',
    rule: 'Правило',
    condition: 'Обучать, если',
    appliesTo: 'Трудовые действия, к которым применяется',
    anyNeedButNone: 'потребность в обучении есть',
    logHeading: 'Журнал сессии',
    time: 'Время (UTC)',
    event: 'Событие',
    details: 'Подробности',
    sheetChart: 'Карта DACUM',
    sheetRatings: 'Оценки',
    yes: 'да',
    no: 'нет',
    structureLocked: 'Структура карты заблокирована',
    hideRatings: 'Оценки скрыты до раскрытия',
    privateIdeas: 'Закрытый мозговой штурм',
    dotsPerPerson: 'Голосов на участника',
    dots: 'Голоса',
    reveals: 'Раскрыто',
    events: {
      start: 'Семинар начат',
      end: 'Семинар завершён',
      stage: 'Смена этапа',
      'timer-start': 'Таймер запущен',
      'timer-pause': 'Таймер на паузе',
      'timer-resume': 'Таймер продолжен',
      'timer-extend': 'Таймер продлён',
      'timer-end': 'Таймер закончился',
      lock: 'Структура заблокирована',
      unlock: 'Структура разблокирована',
      'reveal-ratings': 'Оценки раскрыты',
      'reveal-ideas': 'Карточки идей раскрыты',
      promote: 'Идея перенесена в карту',
      merge: 'Идеи объединены',
      decision: 'Решение записано',
      rule: 'Правило принято',
      join: 'Участник присоединился',
    },
  },
  'uz-Latn': {
    chartTitle: 'DACUM xaritasi',
    chartSubtitle: 'Asosiy funksiyalar va ularning mehnat harakatlari, seminar baholari bilan',
    minutesTitle: 'Seminar bayonnomasi',
    minutesSubtitle: 'Ish beruvchilar bilan funksional tahlil seminari (DACUM)',
    keyFunction: 'Asosiy funksiya',
    workAction: 'Mehnat harakati',
    otherWorkActions: 'Asosiy funksiyadan tashqaridagi mehnat harakatlari',
    noWorkActions: 'Hozircha mehnat harakati yoʻq.',
    noKeyFunctions: 'Xaritada hozircha asosiy funksiya yoʻq.',
    ratings: 'Baholar',
    ratingCount: (count) => `${count} ta baho`,
    notRated: 'Baholanmagan',
    criticality: 'Muhimlik',
    frequency: 'Chastota',
    difficulty: 'Murakkablik',
    mean: 'oʻrtacha',
    spread: 'tarqoqlik',
    trainingNeed: 'Qayerda oʻqitish',
    needs: { school: 'kollejda', workplace: 'ish joyida', both: 'kollejda va ish joyida', none: 'oʻqitilmaydi' },
    decision: 'Qaror',
    decisions: { train: 'oʻqitish', 'not-trained': 'oʻqitilmaydi' },
    reason: 'Asos',
    by: 'Kim',
    at: 'Qachon',
    none: 'Yozilmagan.',
    legend: 'Baholar 1 dan 5 gacha shkalada: oʻrtacha ± tarqoqlik (standart ogʻish); qayerda oʻqitish — koʻpchilik ishtirokchilar tanlovi.',
    sessionHeading: 'Sessiya',
    facilitator: 'Moderator',
    participants: 'Ishtirokchilar',
    started: 'Boshlandi',
    ended: 'Tugadi',
    currentStage: 'Joriy bosqich',
    stagesHeading: 'Bosqichlar',
    stage: 'Bosqich',
    plannedMinutes: 'Reja',
    stageKinds: {
      'key-purpose': 'Asosiy maqsad',
      functions: 'Asosiy funksiyalar',
      'work-actions': 'Mehnat harakatlari',
      rating: 'Baholash',
      outcomes: 'Taʼlim natijalari',
      units: 'Birliklar',
      brainstorm: 'Aqliy hujum',
      validation: 'Tasdiqlash',
    },
    timer: 'Taymer',
    timerStatuses: { idle: 'boshlanmagan', running: 'ishlamoqda', paused: 'toʻxtatilgan', ended: 'tugagan' },
    minutes: (value) => `${value} daq.`,
    ideasHeading: 'Gʻoya kartochkalari',
    idea: 'Gʻoya',
    ideaCounts: (total, promoted, merged, open) => `Gʻoya kartochkalari: ${total}; xaritaga oʻtkazilgan: ${promoted}, birlashtirilgan: ${merged}, ochiq: ${open}.`,
    promotedTo: 'Aylandi',
    mergedInto: 'Birlashtirildi',
    ratingsHeading: 'Baholar',
    decisionsHeading: 'Qarorlar',
    rulesHeading: 'Qaror qoidalari',
    rule: 'Qoida',
    condition: 'Oʻqitiladi, agar',
    appliesTo: 'Qoʻllaniladigan mehnat harakatlari',
    anyNeedButNone: 'oʻqitish ehtiyoji bor',
    logHeading: 'Sessiya jurnali',
    time: 'Vaqt (UTC)',
    event: 'Hodisa',
    details: 'Tafsilotlar',
    sheetChart: 'DACUM xaritasi',
    sheetRatings: 'Baholar',
    yes: 'ha',
    no: 'yoʻq',
    structureLocked: 'Xarita tuzilmasi qulflangan',
    hideRatings: 'Baholar ochilgunga qadar yashirin',
    privateIdeas: 'Yopiq aqliy hujum',
    dotsPerPerson: 'Har bir kishiga ovozlar',
    dots: 'Ovozlar',
    reveals: 'Ochildi',
    events: {
      start: 'Seminar boshlandi',
      end: 'Seminar tugadi',
      stage: 'Bosqich almashdi',
      'timer-start': 'Taymer ishga tushdi',
      'timer-pause': 'Taymer toʻxtatildi',
      'timer-resume': 'Taymer davom etdi',
      'timer-extend': 'Taymer uzaytirildi',
      'timer-end': 'Taymer tugadi',
      lock: 'Tuzilma qulflandi',
      unlock: 'Tuzilma ochildi',
      'reveal-ratings': 'Baholar ochildi',
      'reveal-ideas': 'Gʻoya kartochkalari ochildi',
      promote: 'Gʻoya xaritaga oʻtkazildi',
      merge: 'Gʻoyalar birlashtirildi',
      decision: 'Qaror yozildi',
      rule: 'Qaror qoidasi qabul qilindi',
      join: 'Ishtirokchi qoʻshildi',
    },
  },
  kk: {
    chartTitle: 'DACUM картасы',
    chartSubtitle: 'Негізгі функциялар және олардың еңбек әрекеттері, семинар бағаларымен',
    minutesTitle: 'Семинар хаттамасы',
    minutesSubtitle: 'Жұмыс берушілермен функционалдық талдау семинары (DACUM)',
    keyFunction: 'Негізгі функция',
    workAction: 'Еңбек әрекеті',
    otherWorkActions: 'Негізгі функциядан тыс еңбек әрекеттері',
    noWorkActions: 'Әзірге еңбек әрекеті жоқ.',
    noKeyFunctions: 'Картада әзірге негізгі функция жоқ.',
    ratings: 'Бағалар',
    ratingCount: (count) => `${count} баға`,
    notRated: 'Бағаланбаған',
    criticality: 'Маңыздылық',
    frequency: 'Жиілік',
    difficulty: 'Күрделілік',
    mean: 'орташа',
    spread: 'шашырау',
    trainingNeed: 'Қайда оқыту',
    needs: { school: 'колледжде', workplace: 'жұмыс орнында', both: 'колледжде және жұмыс орнында', none: 'оқытылмайды' },
    decision: 'Шешім',
    decisions: { train: 'оқыту', 'not-trained': 'оқытылмайды' },
    reason: 'Негіздеме',
    by: 'Кім',
    at: 'Қашан',
    none: 'Жазылмаған.',
    legend: 'Бағалар 1-ден 5-ке дейінгі шкала бойынша: орташа ± шашырау (стандартты ауытқу); қайда оқыту — қатысушылардың көпшілігінің таңдауы.',
    sessionHeading: 'Сессия',
    facilitator: 'Модератор',
    participants: 'Қатысушылар',
    started: 'Басталды',
    ended: 'Аяқталды',
    currentStage: 'Ағымдағы кезең',
    stagesHeading: 'Кезеңдер',
    stage: 'Кезең',
    plannedMinutes: 'Жоспар',
    stageKinds: {
      'key-purpose': 'Негізгі мақсат',
      functions: 'Негізгі функциялар',
      'work-actions': 'Еңбек әрекеттері',
      rating: 'Бағалау',
      outcomes: 'Оқыту нәтижелері',
      units: 'Бірліктер',
      brainstorm: 'Ми шабуылы',
      validation: 'Валидация',
    },
    timer: 'Таймер',
    timerStatuses: { idle: 'басталмаған', running: 'жүріп жатыр', paused: 'кідіртілген', ended: 'аяқталған' },
    minutes: (value) => `${value} мин`,
    ideasHeading: 'Идея карточкалары',
    idea: 'Идея',
    ideaCounts: (total, promoted, merged, open) => `Идея карточкалары: ${total}; картаға көшірілген: ${promoted}, біріктірілген: ${merged}, ашық: ${open}.`,
    promotedTo: 'Айналды',
    mergedInto: 'Біріктірілді',
    ratingsHeading: 'Бағалар',
    decisionsHeading: 'Шешімдер',
    rulesHeading: 'Шешім ережелері',
    rule: 'Ереже',
    condition: 'Оқытылады, егер',
    appliesTo: 'Қолданылатын еңбек әрекеттері',
    anyNeedButNone: 'оқыту қажеттілігі бар',
    logHeading: 'Сессия журналы',
    time: 'Уақыт (UTC)',
    event: 'Оқиға',
    details: 'Толығырақ',
    sheetChart: 'DACUM картасы',
    sheetRatings: 'Бағалар',
    yes: 'иә',
    no: 'жоқ',
    structureLocked: 'Карта құрылымы құлыпталған',
    hideRatings: 'Бағалар ашылғанға дейін жасырын',
    privateIdeas: 'Жабық ми шабуылы',
    dotsPerPerson: 'Әр адамға дауыс',
    dots: 'Дауыстар',
    reveals: 'Ашылды',
    events: {
      start: 'Семинар басталды',
      end: 'Семинар аяқталды',
      stage: 'Кезең ауысты',
      'timer-start': 'Таймер іске қосылды',
      'timer-pause': 'Таймер кідіртілді',
      'timer-resume': 'Таймер жалғасты',
      'timer-extend': 'Таймер ұзартылды',
      'timer-end': 'Таймер аяқталды',
      lock: 'Құрылым құлыпталды',
      unlock: 'Құрылым ашылды',
      'reveal-ratings': 'Бағалар ашылды',
      'reveal-ideas': 'Идея карточкалары ашылды',
      promote: 'Идея картаға көшірілді',
      merge: 'Идеялар біріктірілді',
      decision: 'Шешім жазылды',
      rule: 'Шешім ережесі қабылданды',
      join: 'Қатысушы қосылды',
    },
  },
};
