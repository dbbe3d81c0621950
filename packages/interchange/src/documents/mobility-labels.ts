import type { DocumentLanguage } from './labels.js';

/**
 * The words of the three mobility documents (Memorandum of Understanding, Learning Agreement,
 * Personal Transcript), beside the unit descriptions' own (labels.ts), in the same languages.
 * The Uzbek and Kazakh labels are machine-made and await a native speaker's review.
 */
export interface MobilityLabels {
  readonly mouTitle: string;
  readonly mouSubtitle: string;
  readonly laTitle: string;
  readonly laSubtitle: string;
  readonly transcriptTitle: string;
  readonly transcriptSubtitle: string;
  readonly mobility: string;
  readonly period: string;
  readonly draft: string;
  readonly partnersHeading: string;
  readonly institution: string;
  readonly role: string;
  readonly home: string;
  readonly host: string;
  readonly country: string;
  readonly city: string;
  readonly competences: string;
  readonly competenceNames: Readonly<Record<string, string>>;
  readonly contactPerson: string;
  readonly email: string;
  readonly phone: string;
  readonly qualificationHeading: string;
  readonly qualification: string;
  readonly correspondenceHeading: string;
  readonly correspondenceNote: string;
  readonly homeUnit: string;
  readonly partnerUnit: string;
  readonly match: string;
  readonly difference: string;
  readonly noneRecorded: string;
  readonly assessmentHeading: string;
  readonly assessmentText: (host: string) => string;
  readonly validationHeading: string;
  readonly validationText: (home: string) => string;
  readonly qualityHeading: string;
  readonly qualityText: string;
  readonly durationHeading: string;
  readonly durationText: (period: string) => string;
  /** Above a blank row: what the partners still write in. */
  readonly toFill: string;
  readonly signaturesHeading: string;
  readonly nameAndPosition: string;
  readonly signature: string;
  readonly placeAndDate: string;
  readonly annexHeading: string;
  readonly agreedBy: string;
  readonly agreement: (partner: string, person: string, date: string, language: string, round: string) => string;
  readonly notAgreed: (partner: string) => string;
  readonly learner: string;
  readonly learnerName: string;
  readonly dateOfBirth: string;
  readonly unitsToAchieve: string;
  readonly laAssessmentHeading: string;
  readonly laAssessmentText: (host: string) => string;
  readonly laValidationHeading: string;
  readonly laValidationText: (home: string, points: number) => string;
  readonly theLearner: string;
  readonly resultsHeading: string;
  readonly outcome: string;
  readonly wholeUnit: string;
  readonly evidence: string;
  readonly results: Readonly<Record<string, string>>;
  readonly pointsCredited: string;
  readonly notAssessed: string;
  readonly totalCredited: string;
  readonly recognitionHeading: string;
  readonly decision: string;
  readonly decisions: Readonly<Record<string, string>>;
  readonly decidedBy: string;
  readonly pointsRecognised: string;
  readonly noRecognition: string;
  readonly europassNote: string;
}

export const MOBILITY_LABELS: Readonly<Record<DocumentLanguage, MobilityLabels>> = {
  en: {
    mouTitle: 'Memorandum of Understanding',
    mouSubtitle: 'between the competent institutions of an ECVET mobility',
    laTitle: 'Learning Agreement',
    laSubtitle: 'for a learner’s ECVET mobility',
    transcriptTitle: 'Personal Transcript',
    transcriptSubtitle: 'The learning outcomes assessed during the mobility, and their recognition',
    mobility: 'Mobility',
    period: 'Period',
    draft: 'Draft: the partners have not yet agreed every unit of this mobility in a closed review round.',
    partnersHeading: 'The partners',
    institution: 'Institution',
    role: 'Role',
    home: 'Home (sending) institution',
    host: 'Host (receiving) institution',
    country: 'Country',
    city: 'City',
    competences: 'Competent for',
    competenceNames: { designing: 'designing', assessing: 'assessing', validating: 'validating', recognising: 'recognising', awarding: 'awarding' },
    contactPerson: 'Contact person',
    email: 'E-mail',
    phone: 'Phone',
    qualificationHeading: 'Qualification and units concerned',
    qualification: 'Qualification',
    correspondenceHeading: 'Correspondence of units',
    correspondenceNote: 'Units matched on the map between the partners’ qualifications.',
    homeUnit: 'Unit',
    partnerUnit: 'Corresponding unit',
    match: 'Match',
    difference: 'Differences',
    noneRecorded: 'None recorded: no unit of this mobility is matched with a partner’s unit on the map yet.',
    assessmentHeading: 'Assessment',
    assessmentText: (host) => `${host} assesses the learners against the learning outcomes and assessment criteria of each unit (annex), and records each result, the assessor and the date in the learner’s Personal Transcript.`,
    validationHeading: 'Validation and recognition',
    validationText: (home) => `${home} validates the results recorded in the Personal Transcript and recognises the units achieved, crediting their ECVET points towards the learner’s qualification.`,
    qualityHeading: 'Quality assurance',
    qualityText: 'Each partner applies its own quality assurance to assessment, validation and recognition; after the mobility the partners evaluate it together.',
    durationHeading: 'Duration',
    durationText: (period) => `This memorandum covers the mobility of ${period}, and stays in force until its learners’ results are recognised.`,
    toFill: 'To be completed by the partners:',
    signaturesHeading: 'Signatures',
    nameAndPosition: 'Name and position',
    signature: 'Signature',
    placeAndDate: 'Place and date',
    annexHeading: 'Annex: the units of the mobility',
    agreedBy: 'Agreed by',
    agreement: (partner, person, date, language, round) => `${partner}: ${person}, ${date}, ${language} version (review round “${round}”)`,
    notAgreed: (partner) => `${partner}: not agreed yet`,
    learner: 'Learner',
    learnerName: 'Name',
    dateOfBirth: 'Date of birth',
    unitsToAchieve: 'Units and learning outcomes to be achieved abroad',
    laAssessmentHeading: 'Assessment and documentation',
    laAssessmentText: (host) => `${host} assesses the learning outcomes below against their assessment criteria and records each result, the assessor, the date and the evidence in the learner’s Personal Transcript.`,
    laValidationHeading: 'Validation and recognition',
    laValidationText: (home, points) => `${home} validates the results in the Personal Transcript and recognises the units achieved: up to ${points} ECVET points, credited towards the learner’s qualification.`,
    theLearner: 'The learner',
    resultsHeading: 'Learning outcomes assessed',
    outcome: 'Learning outcome',
    wholeUnit: 'The unit as a whole',
    evidence: 'Evidence',
    results: { achieved: 'Achieved', 'not-achieved': 'Not achieved' },
    pointsCredited: 'Points credited',
    notAssessed: 'Not assessed',
    totalCredited: 'Total points credited',
    recognitionHeading: 'Recognition by the home institution',
    decision: 'Decision',
    decisions: { recognised: 'Recognised', 'partially-recognised': 'Partially recognised', 'not-recognised': 'Not recognised' },
    decidedBy: 'Decided by',
    pointsRecognised: 'ECVET points recognised',
    noRecognition: 'Not decided yet.',
    europassNote: 'Laid out like the Europass Mobility document: its “skills and competences acquired” section can be filled from this transcript.',
  },
  ru: {
    mouTitle: 'Меморандум о взаимопонимании',
    mouSubtitle: 'между компетентными организациями мобильности ECVET',
    laTitle: 'Соглашение об обучении',
    laSubtitle: 'для мобильности обучающегося в рамках ECVET',
    transcriptTitle: 'Личный транскрипт',
    transcriptSubtitle: 'Результаты обучения, оценённые во время мобильности, и их признание',
    mobility: 'Мобильность',
    period: 'Период',
    draft: 'Черновик: партнёры ещё не согласовали все единицы этой мобильности в закрытом раунде согласования.',
    partnersHeading: 'Партнёры',
    institution: 'Организация',
    role: 'Роль',
    home: 'Направляющая организация',
    host: 'Принимающая организация',
    country: 'Страна',
    city: 'Город',
    competences: 'Компетентна в',
    competenceNames: { designing: 'разработке', assessing: 'оценивании', validating: 'валидации', recognising: 'признании', awarding: 'присвоении' },
    contactPerson: 'Контактное лицо',
    email: 'Эл. почта',
    phone: 'Телефон',
    qualificationHeading: 'Квалификация и единицы',
    qualification: 'Квалификация',
    correspondenceHeading: 'Соответствие единиц',
    correspondenceNote: 'Единицы квалификаций партнёров, сопоставленные на карте.',
    homeUnit: 'Единица',
    partnerUnit: 'Соответствующая единица',
    match: 'Соответствие',
    difference: 'Различия',
    noneRecorded: 'Не указано: ни одна единица этой мобильности ещё не сопоставлена на карте с единицей партнёра.',
    assessmentHeading: 'Оценивание',
    assessmentText: (host) => `${host} оценивает обучающихся по результатам обучения и критериям оценки каждой единицы (приложение) и записывает каждый результат, оценщика и дату в личный транскрипт обучающегося.`,
    validationHeading: 'Валидация и признание',
    validationText: (home) => `${home} валидирует результаты, записанные в личном транскрипте, и признаёт освоенные единицы, засчитывая их баллы ECVET в квалификацию обучающегося.`,
    qualityHeading: 'Обеспечение качества',
    qualityText: 'Каждый партнёр применяет собственные процедуры обеспечения качества к оцениванию, валидации и признанию; после мобильности партнёры совместно её оценивают.',
    durationHeading: 'Срок действия',
    durationText: (period) => `Меморандум распространяется на мобильность ${period} и действует до признания результатов её участников.`,
    toFill: 'Заполняется партнёрами:',
    signaturesHeading: 'Подписи',
    nameAndPosition: 'ФИО и должность',
    signature: 'Подпись',
    placeAndDate: 'Место и дата',
    annexHeading: 'Приложение: единицы мобильности',
    agreedBy: 'Согласовано',
    agreement: (partner, person, date, language, round) => `${partner}: ${person}, ${date}, версия на языке ${language} (раунд «${round}»)`,
    notAgreed: (partner) => `${partner}: ещё не согласовано`,
    learner: 'Обучающийся',
    learnerName: 'ФИО',
    dateOfBirth: 'Дата рождения',
    unitsToAchieve: 'Единицы и результаты обучения, осваиваемые за рубежом',
    laAssessmentHeading: 'Оценивание и документирование',
    laAssessmentText: (host) => `${host} оценивает перечисленные результаты обучения по их критериям оценки и записывает каждый результат, оценщика, дату и доказательства в личный транскрипт обучающегося.`,
    laValidationHeading: 'Валидация и признание',
    laValidationText: (home, points) => `${home} валидирует результаты из личного транскрипта и признаёт освоенные единицы: до ${points} баллов ECVET, засчитываемых в квалификацию обучающегося.`,
    theLearner: 'Обучающийся',
    resultsHeading: 'Оценённые результаты обучения',
    outcome: 'Результат обучения',
    wholeUnit: 'Единица в целом',
    evidence: 'Доказательства',
    results: { achieved: 'Достигнут', 'not-achieved': 'Не достигнут' },
    pointsCredited: 'Засчитано баллов',
    notAssessed: 'Не оценено',
    totalCredited: 'Всего засчитано баллов',
    recognitionHeading: 'Признание направляющей организацией',
    decision: 'Решение',
    decisions: { recognised: 'Признано', 'partially-recognised': 'Признано частично', 'not-recognised': 'Не признано' },
    decidedBy: 'Решение принял(а)',
    pointsRecognised: 'Признано баллов ECVET',
    noRecognition: 'Решение ещё не принято.',
    europassNote: 'Оформлен по образцу документа Europass Mobility: его раздел о приобретённых навыках и компетенциях можно заполнить по этому транскрипту.',
  },
  'uz-Latn': {
    mouTitle: 'Oʻzaro tushunish memorandumi',
    mouSubtitle: 'ECVET mobilligining vakolatli tashkilotlari oʻrtasida',
    laTitle: 'Taʼlim kelishuvi',
    laSubtitle: 'oʻquvchining ECVET mobilligi uchun',
    transcriptTitle: 'Shaxsiy transkript',
    transcriptSubtitle: 'Mobillik davomida baholangan taʼlim natijalari va ularning tan olinishi',
    mobility: 'Mobillik',
    period: 'Davr',
    draft: 'Qoralama: hamkorlar bu mobillikning barcha birliklarini yopilgan koʻrib chiqish bosqichida hali kelishmagan.',
    partnersHeading: 'Hamkorlar',
    institution: 'Tashkilot',
    role: 'Roli',
    home: 'Yuboruvchi tashkilot',
    host: 'Qabul qiluvchi tashkilot',
    country: 'Mamlakat',
    city: 'Shahar',
    competences: 'Vakolatlari',
    competenceNames: { designing: 'ishlab chiqish', assessing: 'baholash', validating: 'tasdiqlash', recognising: 'tan olish', awarding: 'berish' },
    contactPerson: 'Aloqa uchun shaxs',
    email: 'E-pochta',
    phone: 'Telefon',
    qualificationHeading: 'Malaka va tegishli birliklar',
    qualification: 'Malaka',
    correspondenceHeading: 'Birliklar muvofiqligi',
    correspondenceNote: 'Hamkorlar malakalari oʻrtasida xaritada moslashtirilgan birliklar.',
    homeUnit: 'Birlik',
    partnerUnit: 'Mos birlik',
    match: 'Muvofiqlik',
    difference: 'Farqlar',
    noneRecorded: 'Qayd etilmagan: bu mobillikning hech bir birligi xaritada hamkor birligi bilan hali moslashtirilmagan.',
    assessmentHeading: 'Baholash',
    assessmentText: (host) => `${host} oʻquvchilarni har bir birlikning taʼlim natijalari va baholash mezonlari (ilova) boʻyicha baholaydi hamda har bir natija, baholovchi va sanani oʻquvchining shaxsiy transkriptiga yozadi.`,
    validationHeading: 'Tasdiqlash va tan olish',
    validationText: (home) => `${home} shaxsiy transkriptdagi natijalarni tasdiqlaydi va oʻzlashtirilgan birliklarni tan olib, ularning ECVET ballarini oʻquvchi malakasiga hisoblaydi.`,
    qualityHeading: 'Sifatni taʼminlash',
    qualityText: 'Har bir hamkor baholash, tasdiqlash va tan olishga oʻz sifatni taʼminlash tartiblarini qoʻllaydi; mobillikdan soʻng hamkorlar uni birgalikda baholaydi.',
    durationHeading: 'Amal qilish muddati',
    durationText: (period) => `Ushbu memorandum ${period} mobilligini qamrab oladi va uning ishtirokchilari natijalari tan olinguncha amal qiladi.`,
    toFill: 'Hamkorlar tomonidan toʻldiriladi:',
    signaturesHeading: 'Imzolar',
    nameAndPosition: 'F.I.Sh. va lavozimi',
    signature: 'Imzo',
    placeAndDate: 'Joy va sana',
    annexHeading: 'Ilova: mobillik birliklari',
    agreedBy: 'Kelishilgan',
    agreement: (partner, person, date, language, round) => `${partner}: ${person}, ${date}, ${language} tilidagi versiya („${round}“ bosqichi)`,
    notAgreed: (partner) => `${partner}: hali kelishilmagan`,
    learner: 'Oʻquvchi',
    learnerName: 'F.I.Sh.',
    dateOfBirth: 'Tugʻilgan sana',
    unitsToAchieve: 'Chet elda oʻzlashtiriladigan birliklar va taʼlim natijalari',
    laAssessmentHeading: 'Baholash va hujjatlashtirish',
    laAssessmentText: (host) => `${host} quyidagi taʼlim natijalarini baholash mezonlari boʻyicha baholaydi va har bir natija, baholovchi, sana va dalillarni oʻquvchining shaxsiy transkriptiga yozadi.`,
    laValidationHeading: 'Tasdiqlash va tan olish',
    laValidationText: (home, points) => `${home} shaxsiy transkriptdagi natijalarni tasdiqlaydi va oʻzlashtirilgan birliklarni tan oladi: oʻquvchi malakasiga hisoblanadigan ${points} ECVET balligacha.`,
    theLearner: 'Oʻquvchi',
    resultsHeading: 'Baholangan taʼlim natijalari',
    outcome: 'Taʼlim natijasi',
    wholeUnit: 'Birlik toʻliq',
    evidence: 'Dalillar',
    results: { achieved: 'Erishildi', 'not-achieved': 'Erishilmadi' },
    pointsCredited: 'Hisoblangan ballar',
    notAssessed: 'Baholanmagan',
    totalCredited: 'Jami hisoblangan ballar',
    recognitionHeading: 'Yuboruvchi tashkilot tomonidan tan olinishi',
    decision: 'Qaror',
    decisions: { recognised: 'Tan olindi', 'partially-recognised': 'Qisman tan olindi', 'not-recognised': 'Tan olinmadi' },
    decidedBy: 'Qaror qabul qilgan',
    pointsRecognised: 'Tan olingan ECVET ballari',
    noRecognition: 'Qaror hali qabul qilinmagan.',
    europassNote: 'Europass Mobility hujjati shaklida tuzilgan: uning egallangan koʻnikmalar va kompetensiyalar boʻlimini ushbu transkript asosida toʻldirish mumkin.',
  },
  kk: {
    mouTitle: 'Өзара түсіністік туралы меморандум',
    mouSubtitle: 'ECVET ұтқырлығының құзыретті ұйымдары арасында',
    laTitle: 'Оқу туралы келісім',
    laSubtitle: 'білім алушының ECVET ұтқырлығы үшін',
    transcriptTitle: 'Жеке транскрипт',
    transcriptSubtitle: 'Ұтқырлық кезінде бағаланған оқу нәтижелері және оларды тану',
    mobility: 'Ұтқырлық',
    period: 'Кезең',
    draft: 'Жоба: серіктестер бұл ұтқырлықтың барлық бірліктерін жабық келісу кезеңінде әлі келіспеген.',
    partnersHeading: 'Серіктестер',
    institution: 'Ұйым',
    role: 'Рөлі',
    home: 'Жіберуші ұйым',
    host: 'Қабылдаушы ұйым',
    country: 'Ел',
    city: 'Қала',
    competences: 'Құзыреті',
    competenceNames: { designing: 'әзірлеу', assessing: 'бағалау', validating: 'валидациялау', recognising: 'тану', awarding: 'беру' },
    contactPerson: 'Байланыс тұлғасы',
    email: 'Эл. пошта',
    phone: 'Телефон',
    qualificationHeading: 'Біліктілік және тиісті бірліктер',
    qualification: 'Біліктілік',
    correspondenceHeading: 'Бірліктердің сәйкестігі',
    correspondenceNote: 'Серіктестердің біліктіліктері арасында картада сәйкестендірілген бірліктер.',
    homeUnit: 'Бірлік',
    partnerUnit: 'Сәйкес бірлік',
    match: 'Сәйкестік',
    difference: 'Айырмашылықтар',
    noneRecorded: 'Тіркелмеген: бұл ұтқырлықтың бірде-бір бірлігі картада серіктестің бірлігімен әлі сәйкестендірілмеген.',
    assessmentHeading: 'Бағалау',
    assessmentText: (host) => `${host} білім алушыларды әр бірліктің оқу нәтижелері мен бағалау критерийлері (қосымша) бойынша бағалайды және әр нәтижені, бағалаушыны және күнін білім алушының жеке транскриптіне жазады.`,
    validationHeading: 'Валидация және тану',
    validationText: (home) => `${home} жеке транскриптке жазылған нәтижелерді валидациялайды және меңгерілген бірліктерді таниды, олардың ECVET кредиттерін білім алушының біліктілігіне есептейді.`,
    qualityHeading: 'Сапаны қамтамасыз ету',
    qualityText: 'Әр серіктес бағалауға, валидацияға және тануға өзінің сапаны қамтамасыз ету рәсімдерін қолданады; ұтқырлықтан кейін серіктестер оны бірлесіп бағалайды.',
    durationHeading: 'Қолданылу мерзімі',
    durationText: (period) => `Бұл меморандум ${period} ұтқырлығын қамтиды және оның қатысушыларының нәтижелері танылғанға дейін күшінде болады.`,
    toFill: 'Серіктестер толтырады:',
    signaturesHeading: 'Қолдар',
    nameAndPosition: 'Аты-жөні және лауазымы',
    signature: 'Қолы',
    placeAndDate: 'Орны және күні',
    annexHeading: 'Қосымша: ұтқырлық бірліктері',
    agreedBy: 'Келісілді',
    agreement: (partner, person, date, language, round) => `${partner}: ${person}, ${date}, ${language} тіліндегі нұсқа («${round}» кезеңі)`,
    notAgreed: (partner) => `${partner}: әлі келісілмеген`,
    learner: 'Білім алушы',
    learnerName: 'Аты-жөні',
    dateOfBirth: 'Туған күні',
    unitsToAchieve: 'Шетелде меңгерілетін бірліктер мен оқу нәтижелері',
    laAssessmentHeading: 'Бағалау және құжаттау',
    laAssessmentText: (host) => `${host} төмендегі оқу нәтижелерін бағалау критерийлері бойынша бағалайды және әр нәтижені, бағалаушыны, күнін және дәлелдерді білім алушының жеке транскриптіне жазады.`,
    laValidationHeading: 'Валидация және тану',
    laValidationText: (home, points) => `${home} жеке транскрипттегі нәтижелерді валидациялайды және меңгерілген бірліктерді таниды: білім алушының біліктілігіне есептелетін ${points} ECVET кредитіне дейін.`,
    theLearner: 'Білім алушы',
    resultsHeading: 'Бағаланған оқу нәтижелері',
    outcome: 'Оқу нәтижесі',
    wholeUnit: 'Бірлік толығымен',
    evidence: 'Дәлелдер',
    results: { achieved: 'Қол жеткізілді', 'not-achieved': 'Қол жеткізілмеді' },
    pointsCredited: 'Есептелген кредиттер',
    notAssessed: 'Бағаланбаған',
    totalCredited: 'Барлығы есептелген кредиттер',
    recognitionHeading: 'Жіберуші ұйымның тануы',
    decision: 'Шешім',
    decisions: { recognised: 'Танылды', 'partially-recognised': 'Ішінара танылды', 'not-recognised': 'Танылмады' },
    decidedBy: 'Шешім қабылдаған',
    pointsRecognised: 'Танылған ECVET кредиттері',
    noRecognition: 'Шешім әлі қабылданбаған.',
    europassNote: 'Europass Mobility құжатының үлгісімен ресімделген: оның игерілген дағдылар мен құзыреттер бөлімін осы транскрипт бойынша толтыруға болады.',
  },
};
