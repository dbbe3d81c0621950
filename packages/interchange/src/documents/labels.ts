/**
 * The words of the unit-description documents, in the languages the documents are written in.
 * The document's language follows the map's content language (`meta.language`): Russian for
 * `ru…`, English otherwise. Add a language by adding a column here.
 */
export type DocumentLanguage = 'en' | 'ru';

export interface DocumentLabels {
  /** BCP 47 tag written into the files (Word proofing language, PDF /Lang). */
  readonly locale: string;
  readonly documentTitle: string;
  readonly subtitle: string;
  readonly code: string;
  readonly title: string;
  readonly keyPurpose: string;
  readonly eqfLevel: string;
  readonly nqfLevel: string;
  readonly totalPoints: string;
  readonly programmeYears: string;
  readonly iscoCode: string;
  readonly escoOccupation: string;
  readonly status: string;
  readonly statuses: Readonly<Record<string, string>>;
  readonly date: string;
  readonly illustrative: string;
  readonly pointsHeading: string;
  readonly unit: string;
  readonly points: string;
  readonly unitsTotal: string;
  readonly qualificationTotal: string;
  readonly pointsMismatch: (units: number, qualification: number) => string;
  readonly noUnits: string;
  readonly learningOutcomes: string;
  readonly knowledge: string;
  readonly skills: string;
  readonly autonomy: string;
  readonly unspecified: string;
  readonly assessmentCriteria: string;
  readonly validity: string;
  readonly bloom: Readonly<Record<string, string>>;
  readonly ungroupedHeading: string;
  readonly ungroupedNote: string;
  readonly transcriptHeading: string;
  readonly transcriptNote: string;
  readonly assessedBy: string;
  readonly result: string;
  readonly notInUnit: string;
  /** Footer: "Page 2 of 9" is `page` n `of` m. */
  readonly page: string;
  readonly of: string;
  readonly months: readonly string[];
  readonly formatDate: (day: number, month: string, year: number) => string;
}

export const LABELS: Readonly<Record<DocumentLanguage, DocumentLabels>> = {
  en: {
    locale: 'en-GB',
    documentTitle: 'Unit descriptions',
    subtitle: 'Units of learning outcomes (ECVET): annex to the Memorandum of Understanding and the Learning Agreement',
    code: 'Code',
    title: 'Title',
    keyPurpose: 'Key purpose',
    eqfLevel: 'EQF level',
    nqfLevel: 'NQF level',
    totalPoints: 'Total ECVET points',
    programmeYears: 'Reference programme (years, full time)',
    iscoCode: 'ISCO code',
    escoOccupation: 'ESCO occupation',
    status: 'Status',
    statuses: { draft: 'Draft', 'in-review': 'In review', approved: 'Approved' },
    date: 'Date',
    illustrative: 'Illustrative sample: the statements are examples, not an official standard.',
    pointsHeading: 'ECVET points by unit',
    unit: 'Unit of learning outcomes',
    points: 'ECVET points',
    unitsTotal: 'Total of the units',
    qualificationTotal: 'Total ECVET points of the qualification',
    pointsMismatch: (units, qualification) =>
      `The units' points (${units}) do not add up to the qualification's total (${qualification}).`,
    noUnits: 'The map has no units of learning outcomes yet.',
    learningOutcomes: 'Learning outcomes',
    knowledge: 'Knowledge',
    skills: 'Skills',
    autonomy: 'Responsibility and autonomy',
    unspecified: 'Not yet classified',
    assessmentCriteria: 'Assessment criteria',
    validity: 'Validity',
    bloom: { remember: 'remember', understand: 'understand', apply: 'apply', analyse: 'analyse', evaluate: 'evaluate', create: 'create' },
    ungroupedHeading: 'Learning outcomes not yet in a unit',
    ungroupedNote: 'The map is still being worked on: these learning outcomes do not belong to any unit yet.',
    transcriptHeading: 'Personal Transcript',
    transcriptNote:
      "A blank grid for the partners to record, unit by unit, who assessed the learner's outcomes, when, and with what result.",
    assessedBy: 'Assessed by',
    result: 'Result',
    notInUnit: 'Not yet in a unit',
    page: 'Page',
    of: 'of',
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    formatDate: (day, month, year) => `${day} ${month} ${year}`,
  },
  ru: {
    locale: 'ru-RU',
    documentTitle: 'Описание единиц результатов обучения',
    subtitle: 'Единицы результатов обучения (ECVET): приложение к Меморандуму о взаимопонимании и Соглашению об обучении',
    code: 'Код',
    title: 'Название',
    keyPurpose: 'Основная цель',
    eqfLevel: 'Уровень EQF (ЕРК)',
    nqfLevel: 'Уровень НРК',
    totalPoints: 'Всего кредитов ECVET',
    programmeYears: 'Базовая программа очного обучения (лет)',
    iscoCode: 'Код ISCO (МСКЗ)',
    escoOccupation: 'Профессия ESCO',
    status: 'Статус',
    statuses: { draft: 'Черновик', 'in-review': 'На рассмотрении', approved: 'Утверждена' },
    date: 'Дата',
    illustrative: 'Иллюстративный пример: формулировки приведены как образец и не являются официальным стандартом.',
    pointsHeading: 'Кредиты ECVET по единицам',
    unit: 'Единица результатов обучения',
    points: 'Кредиты ECVET',
    unitsTotal: 'Итого по единицам',
    qualificationTotal: 'Всего кредитов ECVET по квалификации',
    pointsMismatch: (units, qualification) =>
      `Сумма кредитов единиц (${units}) не совпадает с общим числом кредитов квалификации (${qualification}).`,
    noUnits: 'На карте пока нет единиц результатов обучения.',
    learningOutcomes: 'Результаты обучения',
    knowledge: 'Знания',
    skills: 'Умения',
    autonomy: 'Ответственность и самостоятельность',
    unspecified: 'Ещё не классифицированы',
    assessmentCriteria: 'Критерии оценки',
    validity: 'Срок действия',
    bloom: { remember: 'запоминание', understand: 'понимание', apply: 'применение', analyse: 'анализ', evaluate: 'оценка', create: 'создание' },
    ungroupedHeading: 'Результаты обучения, ещё не включённые в единицы',
    ungroupedNote: 'Карта ещё в работе: эти результаты обучения пока не входят ни в одну единицу.',
    transcriptHeading: 'Индивидуальная ведомость (Personal Transcript)',
    transcriptNote:
      'Пустая форма, в которой партнёры отмечают по каждой единице, кто и когда оценил результаты обучения учащегося и с каким результатом.',
    assessedBy: 'Кто оценил',
    result: 'Результат',
    notInUnit: 'Вне единиц',
    page: 'Стр.',
    of: 'из',
    months: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
    formatDate: (day, month, year) => `${day} ${month} ${year} г.`,
  },
};

/** The document language for a map's content language: `ru`, `ru-RU` → Russian; anything else → English. */
export function documentLanguage(mapLanguage: string | null | undefined): DocumentLanguage {
  return (mapLanguage ?? '').trim().toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** "23 November 2026" / "23 ноября 2026 г.", read in UTC so that the server's time zone does not matter. */
export function formatDate(date: Date, labels: DocumentLabels): string {
  return labels.formatDate(date.getUTCDate(), labels.months[date.getUTCMonth()]!, date.getUTCFullYear());
}
