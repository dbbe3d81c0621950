/**
 * The words of the unit-description documents, in the languages the documents are written in.
 * The document's language follows the export's language (the map's source language, or the
 * target language asked for with `&language=`): Russian for `ru…`, Uzbek (Latin script) for
 * `uz…`, Kazakh for `kk…`, English otherwise. Add a language by adding a column here.
 *
 * The Uzbek and Kazakh labels are machine-made and await a native speaker's review.
 */
export type DocumentLanguage = 'en' | 'ru' | 'uz-Latn' | 'kk';

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
  /** A unit group's heading word ("Unit group G 1: Elective units"). */
  readonly unitGroup: string;
  /** What a group asks: "Optional: choose at least 15 points", "Mandatory". */
  readonly groupRule: (optional: boolean, minPoints: number | null, minUnits: number | null) => string;
  /** The total row with optional groups: the mandatory units and each optional group's minimum. */
  readonly requiredTotal: string;
  readonly requiredMismatch: (required: number, qualification: number) => string;
  /** A unit's prerequisites. */
  readonly requires: string;
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
  /** The note on a translated document whose texts are partly in the source language (`tag`), marked [tag]. */
  readonly untranslatedNote: (tag: string) => string;
  /** The bilingual annex: its title, and its two columns' headings (followed by the language tag). */
  readonly bilingualTitle: string;
  readonly original: string;
  readonly translation: string;
  /** In the annex's translation column: where there is no translation, and a translation made from an older source. */
  readonly notTranslated: string;
  readonly outdated: string;
  readonly bilingualNote: string;
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
    unitGroup: 'Unit group',
    groupRule: (optional, minPoints, minUnits) =>
      !optional
        ? 'Mandatory units'
        : `Optional: choose at least ${[minPoints !== null ? `${minPoints} ECVET points` : '', minUnits !== null ? `${minUnits} ${minUnits === 1 ? 'unit' : 'units'}` : ''].filter(Boolean).join(' and ') || 'what suits the learner'}`,
    requiredTotal: 'Mandatory units and the minimum of the optional groups',
    requiredMismatch: (required, qualification) =>
      `The mandatory units and the optional groups' minimum (${required}) do not add up to the qualification's total (${qualification}).`,
    requires: 'Requires',
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
    untranslatedNote: (tag) => `Texts marked [${tag}] are not translated yet: they are given in the source language (${tag}).`,
    bilingualTitle: 'Bilingual annex',
    original: 'Source',
    translation: 'Translation',
    notTranslated: 'Not translated yet',
    outdated: 'translation outdated: the source has changed since',
    bilingualNote: 'Each unit, its learning outcomes and its assessment criteria in the source language and in the translation, side by side.',
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
    unitGroup: 'Группа единиц',
    groupRule: (optional, minPoints, minUnits) =>
      !optional
        ? 'Обязательные единицы'
        : `По выбору: выбрать не менее ${[minPoints !== null ? `${minPoints} кредитов ECVET` : '', minUnits !== null ? `${minUnits} ед.` : ''].filter(Boolean).join(' и ') || 'того, что подходит обучающемуся'}`,
    requiredTotal: 'Обязательные единицы и минимум групп по выбору',
    requiredMismatch: (required, qualification) =>
      `Обязательные единицы вместе с минимумом групп по выбору (${required}) не совпадают с общим числом кредитов квалификации (${qualification}).`,
    requires: 'Требует',
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
    untranslatedNote: (tag) => `Тексты с пометкой [${tag}] ещё не переведены и приведены на исходном языке (${tag}).`,
    bilingualTitle: 'Двуязычное приложение',
    original: 'Оригинал',
    translation: 'Перевод',
    notTranslated: 'Ещё не переведено',
    outdated: 'перевод устарел: исходный текст с тех пор изменился',
    bilingualNote: 'Каждая единица, её результаты обучения и критерии оценки на исходном языке и в переводе, рядом.',
  },
  // Machine-made: to be reviewed by a native speaker.
  'uz-Latn': {
    locale: 'uz-Latn-UZ',
    documentTitle: 'Birliklar tavsifi',
    subtitle: "Ta'lim natijalari birliklari (ECVET): O'zaro anglashuv memorandumi va Ta'lim kelishuviga ilova",
    code: 'Kod',
    title: 'Nomi',
    keyPurpose: 'Asosiy maqsad',
    eqfLevel: 'EQF darajasi',
    nqfLevel: 'MMR (NQF) darajasi',
    totalPoints: 'ECVET kreditlari jami',
    programmeYears: "Asosiy dastur (yillar, kunduzgi ta'lim)",
    iscoCode: 'ISCO kodi',
    escoOccupation: 'ESCO kasbi',
    status: 'Holati',
    statuses: { draft: 'Qoralama', 'in-review': "Ko'rib chiqilmoqda", approved: 'Tasdiqlangan' },
    date: 'Sana',
    illustrative: 'Namunaviy misol: ifodalar namuna sifatida keltirilgan, rasmiy standart emas.',
    pointsHeading: "Birliklar bo'yicha ECVET kreditlari",
    unit: "Ta'lim natijalari birligi",
    points: 'ECVET kreditlari',
    unitsTotal: "Birliklar bo'yicha jami",
    qualificationTotal: 'Malakaning ECVET kreditlari jami',
    pointsMismatch: (units, qualification) => `Birliklar kreditlarining yig'indisi (${units}) malakaning umumiy kreditlariga (${qualification}) teng emas.`,
    unitGroup: 'Birliklar guruhi',
    groupRule: (optional, minPoints, minUnits) =>
      !optional
        ? 'Majburiy birliklar'
        : `Tanlov: kamida ${[minPoints !== null ? `${minPoints} ECVET krediti` : '', minUnits !== null ? `${minUnits} ta birlik` : ''].filter(Boolean).join(' va ') || "ta'lim oluvchiga mosini"} tanlang`,
    requiredTotal: 'Majburiy birliklar va tanlov guruhlarining minimumi',
    requiredMismatch: (required, qualification) => `Majburiy birliklar va tanlov guruhlarining minimumi (${required}) malakaning umumiy kreditlariga (${qualification}) teng emas.`,
    requires: 'Talab qiladi',
    noUnits: "Xaritada hali ta'lim natijalari birliklari yo'q.",
    learningOutcomes: "Ta'lim natijalari",
    knowledge: 'Bilimlar',
    skills: "Ko'nikmalar",
    autonomy: "Mas'uliyat va mustaqillik",
    unspecified: 'Hali tasniflanmagan',
    assessmentCriteria: 'Baholash mezonlari',
    validity: 'Amal qilish muddati',
    bloom: { remember: 'eslab qolish', understand: 'tushunish', apply: "qo'llash", analyse: 'tahlil qilish', evaluate: 'baholash', create: 'yaratish' },
    ungroupedHeading: "Hali birliklarga kiritilmagan ta'lim natijalari",
    ungroupedNote: "Xarita hali ishlanmoqda: bu ta'lim natijalari hozircha hech bir birlikka kirmaydi.",
    transcriptHeading: 'Shaxsiy vedomost (Personal Transcript)',
    transcriptNote:
      "Hamkorlar har bir birlik bo'yicha o'quvchining ta'lim natijalarini kim, qachon va qanday natija bilan baholaganini qayd etadigan bo'sh shakl.",
    assessedBy: 'Kim baholadi',
    result: 'Natija',
    notInUnit: 'Birlikdan tashqari',
    page: 'Sahifa',
    of: '/',
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'],
    formatDate: (day, month, year) => `${year}-yil ${day}-${month}`,
    untranslatedNote: (tag) => `[${tag}] belgisi qo'yilgan matnlar hali tarjima qilinmagan: ular asl tilda (${tag}) berilgan.`,
    bilingualTitle: 'Ikki tilli ilova',
    original: 'Asl matn',
    translation: 'Tarjima',
    notTranslated: 'Hali tarjima qilinmagan',
    outdated: "tarjima eskirgan: asl matn o'shandan beri o'zgargan",
    bilingualNote: "Har bir birlik, uning ta'lim natijalari va baholash mezonlari asl tilda va tarjimada, yonma-yon.",
  },
  // Machine-made: to be reviewed by a native speaker.
  kk: {
    locale: 'kk-KZ',
    documentTitle: 'Оқыту нәтижелері бірліктерінің сипаттамасы',
    subtitle: 'Оқыту нәтижелерінің бірліктері (ECVET): Өзара түсіністік туралы меморандумға және Оқу келісіміне қосымша',
    code: 'Код',
    title: 'Атауы',
    keyPurpose: 'Негізгі мақсаты',
    eqfLevel: 'EQF (ЕБШ) деңгейі',
    nqfLevel: 'ҰБШ деңгейі',
    totalPoints: 'ECVET кредиттерінің жалпы саны',
    programmeYears: 'Базалық бағдарлама (күндізгі оқу, жыл)',
    iscoCode: 'ISCO коды',
    escoOccupation: 'ESCO кәсібі',
    status: 'Мәртебесі',
    statuses: { draft: 'Жоба', 'in-review': 'Қаралуда', approved: 'Бекітілген' },
    date: 'Күні',
    illustrative: 'Көрнекі мысал: тұжырымдар үлгі ретінде берілген, ресми стандарт емес.',
    pointsHeading: 'Бірліктер бойынша ECVET кредиттері',
    unit: 'Оқыту нәтижелерінің бірлігі',
    points: 'ECVET кредиттері',
    unitsTotal: 'Бірліктер бойынша барлығы',
    qualificationTotal: 'Біліктіліктің ECVET кредиттерінің жалпы саны',
    pointsMismatch: (units, qualification) => `Бірліктер кредиттерінің қосындысы (${units}) біліктіліктің жалпы кредиттеріне (${qualification}) сәйкес келмейді.`,
    unitGroup: 'Бірліктер тобы',
    groupRule: (optional, minPoints, minUnits) =>
      !optional
        ? 'Міндетті бірліктер'
        : `Таңдау бойынша: кемінде ${[minPoints !== null ? `${minPoints} ECVET кредитін` : '', minUnits !== null ? `${minUnits} бірлікті` : ''].filter(Boolean).join(' және ') || 'білім алушыға лайығын'} таңдаңыз`,
    requiredTotal: 'Міндетті бірліктер және таңдау топтарының ең азы',
    requiredMismatch: (required, qualification) => `Міндетті бірліктер мен таңдау топтарының ең азы (${required}) біліктіліктің жалпы кредиттеріне (${qualification}) сәйкес келмейді.`,
    requires: 'Талап етеді',
    noUnits: 'Картада әзірге оқыту нәтижелерінің бірліктері жоқ.',
    learningOutcomes: 'Оқыту нәтижелері',
    knowledge: 'Білім',
    skills: 'Дағдылар',
    autonomy: 'Жауапкершілік және дербестік',
    unspecified: 'Әлі жіктелмеген',
    assessmentCriteria: 'Бағалау критерийлері',
    validity: 'Жарамдылық мерзімі',
    bloom: { remember: 'есте сақтау', understand: 'түсіну', apply: 'қолдану', analyse: 'талдау', evaluate: 'бағалау', create: 'құру' },
    ungroupedHeading: 'Бірліктерге әлі енгізілмеген оқыту нәтижелері',
    ungroupedNote: 'Карта әлі әзірленуде: бұл оқыту нәтижелері әзірге ешбір бірлікке кірмейді.',
    transcriptHeading: 'Жеке ведомость (Personal Transcript)',
    transcriptNote: 'Серіктестер әр бірлік бойынша білім алушының оқыту нәтижелерін кім, қашан және қандай нәтижемен бағалағанын белгілейтін бос нысан.',
    assessedBy: 'Кім бағалады',
    result: 'Нәтиже',
    notInUnit: 'Бірліктен тыс',
    page: 'Бет',
    of: '/',
    months: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
    formatDate: (day, month, year) => `${year} жылғы ${day} ${month}`,
    untranslatedNote: (tag) => `[${tag}] белгісі бар мәтіндер әлі аударылмаған: олар бастапқы тілде (${tag}) берілген.`,
    bilingualTitle: 'Екі тілді қосымша',
    original: 'Түпнұсқа',
    translation: 'Аударма',
    notTranslated: 'Әлі аударылмаған',
    outdated: 'аударма ескірген: бастапқы мәтін содан бері өзгерді',
    bilingualNote: 'Әр бірлік, оның оқыту нәтижелері мен бағалау критерийлері бастапқы тілде және аудармада, қатар.',
  },
};

/**
 * The document language for a content language: `ru`, `ru-RU` → Russian; `uz`, `uz-Latn` (and
 * `uz-Cyrl`, until there are Cyrillic labels) → Uzbek; `kk` → Kazakh; anything else → English.
 */
export function documentLanguage(language: string | null | undefined): DocumentLanguage {
  const primary = (language ?? '').trim().toLowerCase().split('-')[0];
  return primary === 'ru' ? 'ru' : primary === 'uz' ? 'uz-Latn' : primary === 'kk' ? 'kk' : 'en';
}

/** "23 November 2026" / "23 ноября 2026 г.", read in UTC so that the server's time zone does not matter. */
export function formatDate(date: Date, labels: DocumentLabels): string {
  return labels.formatDate(date.getUTCDate(), labels.months[date.getUTCMonth()]!, date.getUTCFullYear());
}
