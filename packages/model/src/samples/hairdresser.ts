import type * as Y from 'yjs';
import { initMapDocument } from '../document.js';
import type { BloomLevel, Domain } from '../fields.js';
import { layoutMap } from '../layout.js';
import { UNIT_SLOT, addNodes, connect, moveNodes, placeInUnit } from '../operations.js';
import { snapshotOf } from '../view.js';
import type { NewNode } from '../operations.js';
import type { Position } from '../schema.js';

/**
 * An illustrative functional map of a hairdresser qualification at EQF level 4 (ISCO 5141): the
 * key purpose, seven key functions, their main functions and work actions, the learning outcomes
 * derived from them and eight units of learning outcomes for 180 ECVET points (3 years × 60): six
 * mandatory units of 165 points and an optional group, "Elective units", of two units of 15 points
 * of which a learner takes one (at least 15 points). Colouring requires the client consultation.
 *
 * Every statement here was written for the demo: it is not an official occupational standard, and
 * the map says so (`meta.sample = 'illustrative'`). It is the "good example": it passes every rule
 * of docs/domain.md's table.
 *
 * Texts carry their codes ("WA 3|Test…") so that `covers` can name work actions the way a
 * methodologist would; codes are numbered in reading order (depth first through the functional
 * tree; unit by unit for outcomes).
 */

export interface HairdresserMainFunction {
  /** "MF 1|Consult clients…" */
  readonly title: string;
  /** "WA 1|Identify…" */
  readonly workActions: readonly string[];
}

export interface HairdresserKeyFunction {
  /** "KF 1|Consult clients…" */
  readonly title: string;
  readonly mainFunctions: readonly HairdresserMainFunction[];
}

export interface HairdresserOutcome {
  /** "LO 1|Describe…": starts with an observable verb. */
  readonly title: string;
  readonly domain: Domain;
  readonly bloomLevel: BloomLevel;
  /** Defaults to the unit's level. */
  readonly eqfLevel?: number;
  /** Serves the whole qualification (communication, safety…), not one work action alone. */
  readonly transversal?: boolean;
  /** Codes of the work actions the outcome is derived from. */
  readonly covers: readonly string[];
}

export interface HairdresserUnit {
  /** "U 1|Client consultation" */
  readonly title: string;
  readonly points: number;
  readonly assessmentCriteria: readonly string[];
  readonly outcomes: readonly HairdresserOutcome[];
  /** Code of the unit group it is in; mandatory units are in none. */
  readonly group?: string;
  /** Codes of the units it requires first. */
  readonly requires?: readonly string[];
}

export interface HairdresserGroup {
  /** "G 1|Elective units" */
  readonly title: string;
  readonly optional: boolean;
  readonly minPoints?: number;
  readonly minUnits?: number;
}

const KEY_FUNCTIONS: readonly HairdresserKeyFunction[] = [
  {
    title: 'KF 1|Consult clients and plan hair services',
    mainFunctions: [
      {
        title: 'MF 1|Consult clients on their hair and scalp',
        workActions: [
          "WA 1|Identify the client's wishes, lifestyle and previous hair services by questioning",
          "WA 2|Analyse the client's hair and scalp for type, texture, density, growth patterns and condition",
          'WA 3|Test the hair and skin for porosity, elasticity and sensitivity before chemical services',
        ],
      },
      {
        title: 'MF 2|Advise clients and agree the service',
        workActions: [
          "WA 4|Recommend services and products that suit the client's features, hair and budget",
          "WA 5|Record the agreed service, test results and the client's consent on the record card",
        ],
      },
    ],
  },
  {
    title: 'KF 2|Cut hair and shape beards',
    mainFunctions: [
      {
        title: 'MF 3|Cut hair using classic scissor techniques',
        workActions: [
          'WA 6|Prepare the hair and the sectioning pattern for the planned cut',
          'WA 7|Cut hair to a one-length or graduated shape using club-cutting techniques',
          'WA 8|Cut layered shapes using freehand and scissor-over-comb techniques',
          'WA 9|Check the balance and symmetry of the cut and correct any deviation',
        ],
      },
      {
        title: "MF 4|Cut men's hair with clippers",
        workActions: [
          'WA 10|Cut hair to the agreed shape using clipper-over-comb techniques',
          'WA 11|Shape fades, necklines and outlines with clippers and trimmers',
        ],
      },
      {
        title: 'MF 5|Provide beard and moustache care',
        workActions: [
          'WA 12|Shape the beard and moustache to the agreed outline with clippers and scissors',
          'WA 13|Finish the beard with a hot-towel treatment, oils and balms',
        ],
      },
    ],
  },
  {
    title: 'KF 3|Colour and lighten hair',
    mainFunctions: [
      {
        title: 'MF 6|Colour hair with permanent and semi-permanent products',
        workActions: [
          'WA 14|Select the colouring product and developer strength for the target shade',
          "WA 15|Mix colour products and developers to the manufacturer's instructions",
          'WA 16|Apply permanent colour to the regrowth or full head within the development time',
        ],
      },
      {
        title: 'MF 7|Perform highlighting and lightening services',
        workActions: [
          'WA 17|Apply highlights and lowlights using foil and cap techniques',
          'WA 18|Perform a full-head lightening service and tone the result',
        ],
      },
      {
        title: 'MF 8|Assess and correct colour results',
        workActions: [
          'WA 19|Assess the colour result against the agreed target shade',
          'WA 20|Perform a colour correction that removes unwanted tones or artificial pigment',
        ],
      },
    ],
  },
  {
    title: 'KF 4|Perform perming and neutralising services',
    mainFunctions: [
      {
        title: 'MF 9|Perform permanent waving',
        workActions: [
          'WA 21|Select the perm lotion and curler size for the desired curl',
          'WA 22|Prepare a brick or nine-section perm wind with the selected curlers',
          'WA 23|Test curl development at intervals and rinse at the right time',
        ],
      },
      {
        title: 'MF 10|Finish permed hair with neutralising and aftercare',
        workActions: [
          "WA 24|Apply neutraliser to fix the curl following the manufacturer's timing",
          'WA 25|Advise the client on the aftercare of permed hair',
        ],
      },
    ],
  },
  {
    title: 'KF 5|Style and finish hair',
    mainFunctions: [
      {
        title: 'MF 11|Style hair with heat and setting techniques',
        workActions: [
          'WA 26|Style hair by blow-drying with brushes to create volume, smoothness and movement',
          'WA 27|Shape curls and waves using rollers, pin curls and heated tongs',
          'WA 28|Finish the style with products that give hold and shine',
        ],
      },
      {
        title: 'MF 12|Style long hair up for occasions',
        workActions: [
          'WA 29|Style long hair up in plaits, twists and chignons',
          'WA 30|Use grips, pins and ornaments to secure the style comfortably',
        ],
      },
    ],
  },
  {
    title: 'KF 6|Ensure hygiene, health and safety in the salon',
    mainFunctions: [
      {
        title: 'MF 13|Maintain a hygienic working environment',
        workActions: [
          'WA 31|Clean and disinfect work surfaces and equipment after every client',
          'WA 32|Sterilise metal tools in an autoclave or by another approved method',
          'WA 33|Prepare the client with a gown, towels and barrier cream that protect skin and clothing',
        ],
      },
      {
        title: 'MF 14|Follow health and safety requirements',
        workActions: [
          'WA 34|Use and store chemical products as their safety data sheets require',
          'WA 35|Maintain a safe posture and working position to prevent injury',
          'WA 36|Check electrical equipment before use and report faults',
        ],
      },
    ],
  },
  {
    title: 'KF 7|Run the salon business',
    mainFunctions: [
      {
        title: 'MF 15|Manage client bookings and payments',
        workActions: [
          'WA 37|Manage appointments so that each service fits the time available',
          'WA 38|Calculate service prices and take payments accurately',
        ],
      },
      {
        title: 'MF 16|Sell products and promote services',
        workActions: [
          "WA 39|Sell retail products that meet the client's hair care needs",
          'WA 40|Promote salon services through displays and social media',
        ],
      },
      {
        title: 'MF 17|Maintain stock and salon resources',
        workActions: [
          'WA 41|Check stock levels and order products before they run out',
          'WA 42|Record the use of products to control costs',
        ],
      },
    ],
  },
];

const VALIDITY = '5 years';
const UNIT_EQF_LEVEL = 4;

/** The unit groups of the qualification: the electives, of which a learner takes one. */
const ELECTIVES = 'G 1';
const GROUPS: readonly HairdresserGroup[] = [{ title: 'G 1|Elective units', optional: true, minPoints: 15 }];

const UNITS: readonly HairdresserUnit[] = [
  {
    title: 'U 1|Client consultation',
    points: 20,
    assessmentCriteria: [
      "The consultation establishes the client's wishes and relevant history",
      'Hair and scalp analysis and tests are carried out and recorded correctly',
      "Recommendations suit the client's hair, features and budget",
    ],
    outcomes: [
      {
        title: 'LO 1|Explain how hair and scalp types, textures, growth patterns and conditions affect a service',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 2'],
      },
      {
        title: 'LO 2|Identify contra-indications to hair services and the tests that reveal them',
        domain: 'knowledge',
        bloomLevel: 'remember',
        eqfLevel: 3,
        covers: ['WA 3'],
      },
      {
        title: "LO 3|Analyse the client's hair and scalp, including their porosity, elasticity and sensitivity",
        domain: 'skills',
        bloomLevel: 'analyse',
        covers: ['WA 2', 'WA 3'],
      },
      {
        title: "LO 4|Communicate with clients using questions and visual aids to establish their wishes",
        domain: 'skills',
        bloomLevel: 'apply',
        // Communication with clients runs through every service: a transversal outcome.
        transversal: true,
        covers: ['WA 1'],
      },
      {
        title: 'LO 5|Recommend services and products that suit the client, taking responsibility for the advice given',
        domain: 'autonomy',
        bloomLevel: 'evaluate',
        covers: ['WA 4'],
      },
      {
        title: 'LO 6|Record consultation results, test results and consent accurately and confidentially',
        domain: 'autonomy',
        bloomLevel: 'apply',
        covers: ['WA 5'],
      },
    ],
  },
  {
    title: 'U 2|Cutting hair and beard care',
    points: 40,
    assessmentCriteria: [
      'The cut matches the agreed shape, with even balance and clean outlines',
      'Cutting tools are used safely and correctly',
      "Beards and moustaches are shaped to suit the client's facial features",
      'The service is completed within the commercial time',
    ],
    outcomes: [
      {
        title: 'LO 7|Explain club-cutting, layering, graduation and clipper-over-comb techniques and the shapes they produce',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 7', 'WA 8', 'WA 10'],
      },
      {
        title: 'LO 8|Identify the tools for cutting hair and beards and their safe use',
        domain: 'knowledge',
        bloomLevel: 'remember',
        eqfLevel: 3,
        covers: ['WA 6', 'WA 11', 'WA 12'],
      },
      {
        title: 'LO 9|Cut one-length, graduated and layered shapes to an agreed design',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 6', 'WA 7', 'WA 8'],
      },
      {
        title: "LO 10|Cut men's hair using clipper-over-comb, scissor-over-comb and fading techniques",
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 10', 'WA 11'],
      },
      {
        title: "LO 11|Shape beards and moustaches to suit the client's facial features",
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 12', 'WA 13'],
      },
      {
        title: 'LO 12|Evaluate the balance of a finished cut and correct it independently before the client leaves',
        domain: 'autonomy',
        bloomLevel: 'evaluate',
        covers: ['WA 9'],
      },
    ],
  },
  {
    title: 'U 3|Colouring and lightening hair',
    points: 35,
    // The skin and strand tests of the consultation come first.
    requires: ['U 1'],
    assessmentCriteria: [
      'Products and developer strengths are selected for the target shade',
      "Colour is mixed and applied to the manufacturer's instructions",
      'The result matches the agreed shade, or corrective action is agreed with the client',
    ],
    outcomes: [
      {
        title: 'LO 13|Explain colour theory, the depth and tone system and how developers lighten natural pigment',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 14'],
      },
      {
        title: 'LO 14|Explain how permanent, semi-permanent and lightening products work and how each is applied',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 16', 'WA 17'],
      },
      {
        title: 'LO 15|Mix colours and developers in accurately calculated quantities',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 15'],
      },
      {
        title: 'LO 16|Colour hair with permanent and semi-permanent products on the regrowth and the full head',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 16'],
      },
      {
        title: 'LO 17|Perform highlights, lowlights and full-head lightening and tone the result',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 17', 'WA 18'],
      },
      {
        title: 'LO 18|Assess colour results against the agreed shade to decide on corrective action',
        domain: 'autonomy',
        bloomLevel: 'evaluate',
        covers: ['WA 19'],
      },
      {
        title: 'LO 19|Perform colour corrections that remove unwanted tones or artificial pigment',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 20'],
      },
    ],
  },
  {
    title: 'U 4|Perming hair',
    points: 15,
    group: ELECTIVES,
    assessmentCriteria: [
      'Lotion and curler size are selected for the hair and the desired curl',
      'Curl development is tested and the hair neutralised on time',
      'The client receives correct aftercare advice',
    ],
    outcomes: [
      {
        title: 'LO 20|Explain how perm lotion and neutraliser change the structure of the hair',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 21', 'WA 24'],
      },
      {
        title: 'LO 21|Select perm lotions and curler sizes that give the desired curl',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 21', 'WA 22'],
      },
      {
        title: "LO 22|Apply neutraliser when tests show the curl has developed, following the manufacturer's timing",
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 23', 'WA 24'],
      },
      {
        title: 'LO 23|Evaluate the result of a perm with the client, taking responsibility for the aftercare advice given',
        domain: 'autonomy',
        bloomLevel: 'evaluate',
        covers: ['WA 25'],
      },
    ],
  },
  {
    title: 'U 5|Styling and finishing hair',
    points: 25,
    assessmentCriteria: [
      'The finished style matches the agreed look and lasts',
      'Heated appliances are used safely, without damage to hair or skin',
      'Long hair is dressed securely and comfortably',
    ],
    outcomes: [
      {
        title: 'LO 24|Explain the effects of heat, moisture and styling products on the hair',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 26', 'WA 28'],
      },
      {
        title: 'LO 25|Style hair by blow-drying to create volume, smoothness and movement',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 26'],
      },
      {
        title: 'LO 26|Shape curls and waves using rollers, pin curls and heated tongs',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 27'],
      },
      {
        title: 'LO 27|Design long hair-up styles for occasions using plaits, twists and pins',
        domain: 'skills',
        bloomLevel: 'create',
        covers: ['WA 29', 'WA 30'],
      },
      {
        title: 'LO 28|Evaluate the finished style with the client, recommending products to maintain it at home',
        domain: 'autonomy',
        bloomLevel: 'evaluate',
        covers: ['WA 28'],
      },
    ],
  },
  {
    title: 'U 6|Hygiene, health and safety in the salon',
    points: 15,
    assessmentCriteria: [
      'Tools, equipment and work areas are cleaned, disinfected or sterilised by approved methods',
      'Chemical products are used and stored as their safety data sheets require',
      'Hazards are identified and reported to the responsible person',
    ],
    outcomes: [
      {
        title: 'LO 29|Identify hazards and risks in the salon, including chemicals, electricity and infection',
        domain: 'knowledge',
        bloomLevel: 'remember',
        eqfLevel: 3,
        covers: ['WA 34', 'WA 36'],
      },
      {
        title: 'LO 30|Explain the difference between cleaning, disinfection and sterilisation and when each is required',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 31', 'WA 32'],
      },
      {
        title: "LO 31|Apply cleaning, disinfection and sterilisation methods to tools, equipment and the salon's work areas",
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 31', 'WA 32'],
      },
      {
        title: 'LO 32|Prepare the client with a gown, towels and barrier products suited to the service',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 33'],
      },
      {
        title: 'LO 33|Use chemical products safely, storing them as their safety data sheets require',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 34'],
      },
      {
        title: "LO 34|Maintain a safe working position and environment, taking responsibility for own and others' safety",
        domain: 'autonomy',
        bloomLevel: 'apply',
        covers: ['WA 35'],
      },
      {
        title: 'LO 35|Follow the health and safety procedures of the salon independently, reporting hazards',
        domain: 'autonomy',
        bloomLevel: 'apply',
        covers: ['WA 34', 'WA 36'],
      },
    ],
  },
  {
    title: 'U 7|Salon business',
    points: 30,
    assessmentCriteria: [
      'Appointments, prices and payments are handled accurately',
      "Products are sold and services promoted to meet the client's needs",
      'Stock is checked, ordered and its use recorded',
    ],
    outcomes: [
      {
        title: 'LO 36|Explain the principles of salon pricing, consumer rights and data protection',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 38'],
      },
      {
        title: "LO 37|Explain how promotion and retail sales contribute to the salon's income",
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 39', 'WA 40'],
      },
      {
        title: 'LO 38|Manage appointment bookings so that services fit the time available',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 37'],
      },
      {
        title: 'LO 39|Calculate prices for services and take payments accurately',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 38'],
      },
      {
        title: "LO 40|Sell retail products that meet the client's hair care needs",
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 39'],
      },
      {
        title: 'LO 41|Promote salon services through displays and social media',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 40'],
      },
      {
        title: 'LO 42|Maintain stock levels, recording the use of products to control costs',
        domain: 'autonomy',
        bloomLevel: 'apply',
        covers: ['WA 41', 'WA 42'],
      },
      {
        title: "LO 43|Plan own working day to meet the salon's service and sales targets",
        domain: 'autonomy',
        bloomLevel: 'create',
        covers: ['WA 37'],
      },
    ],
  },
  {
    title: 'U 8|Occasion and bridal hair',
    points: 15,
    group: ELECTIVES,
    requires: ['U 5'],
    assessmentCriteria: [
      'The style agreed at the trial is reproduced on the day',
      'The style stays secure and comfortable for the whole event',
      'Ornaments and veils are fitted without damage to the hair',
    ],
    outcomes: [
      {
        title: 'LO 44|Explain how preparation, padding and pinning make an occasion style last',
        domain: 'knowledge',
        bloomLevel: 'understand',
        covers: ['WA 29'],
      },
      {
        title: 'LO 45|Select padding, pins and ornaments that suit the client, the outfit and the event',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 30'],
      },
      {
        title: 'LO 46|Style long hair up for weddings and events in plaits, twists and chignons',
        domain: 'skills',
        bloomLevel: 'apply',
        covers: ['WA 29', 'WA 30'],
      },
      {
        title: 'LO 47|Evaluate the style with the client at a trial, taking responsibility for the changes agreed',
        domain: 'autonomy',
        bloomLevel: 'evaluate',
        covers: ['WA 28'],
      },
    ],
  },
];

/**
 * Performance criteria of each work action: what an employer looks at to tell that the work is done
 * well (UK occupational-standards practice).
 */
const PERFORMANCE_CRITERIA: Readonly<Record<string, readonly string[]>> = {
  'WA 1': ["The client's wishes are confirmed back to them before the service starts", 'Previous chemical services are recorded'],
  'WA 2': ['Type, texture, density and condition are noted on the record card'],
  'WA 3': ['Tests are carried out and read as the manufacturer instructs', 'The service does not go ahead after a positive sensitivity test'],
  'WA 4': ['Each recommendation gives its reason and its price'],
  'WA 5': ['The record card is complete, dated and signed by the client'],
  'WA 6': ['Sections are clean, even and secured', 'Tools are sanitised and within reach'],
  'WA 7': ['The baseline is level and the graduation even', 'The length agreed is kept'],
  'WA 8': ['Layers blend without steps', 'Tension is even throughout'],
  'WA 9': ['Both sides match when checked in the mirror', 'Deviations are corrected before the style is finished'],
  'WA 10': ['The shape agreed is achieved', 'Lines are sharp and even'],
  'WA 11': ['The fade is smooth, without visible lines', 'Outlines are symmetrical'],
  'WA 12': ['The outline matches the one agreed with the client', 'The skin is not cut or irritated'],
  'WA 13': ['The towel is at a safe temperature', "Products suit the client's skin"],
  'WA 14': ["The product and developer give the target shade for the hair's base and condition"],
  'WA 15': ["Quantities and ratios follow the manufacturer's instructions", 'Mixing is timed to the application'],
  'WA 16': ['Colour covers the regrowth evenly without overlapping', 'The development time is kept'],
  'WA 17': ['Packets are placed to the planned pattern', 'No colour bleeds onto other hair'],
  'WA 18': ['The lift reached is checked before toning', 'The scalp and hair condition are protected'],
  'WA 19': ['The result is compared with the target in daylight', 'Differences are explained to the client'],
  'WA 20': ['Unwanted tones are neutralised', "The hair's condition is checked before and after"],
  'WA 21': ["The lotion suits the hair's condition", 'The curler size gives the curl agreed'],
  'WA 22': ['Sections and tension are even', 'End papers cover the ends'],
  'WA 23': ['Tests are made at the intervals the manufacturer gives', 'Rinsing starts as soon as the curl is formed'],
  'WA 24': ['Neutraliser is applied to every curler', 'The timing is kept'],
  'WA 25': ['The client is told how to wash, dry and style the perm', 'Products are suggested for its care'],
  'WA 26': ['Volume, smoothness and movement match the look agreed', 'The hair is dry to the roots'],
  'WA 27': ['Curls and waves are even and last', 'Heated tools are used at a safe temperature'],
  'WA 28': ['The product gives hold without weighing the hair down'],
  'WA 29': ['The style is balanced from every angle', 'It holds for the occasion'],
  'WA 30': ['Grips and pins are hidden and secure', 'The client feels no discomfort'],
  'WA 31': ['Surfaces and equipment are cleaned and disinfected after every client', 'Disinfectants are used at the concentration stated'],
  'WA 32': ['The sterilisation cycle is completed and recorded'],
  'WA 33': ["The client's skin and clothing are protected for the whole service"],
  'WA 34': ['Products are used and stored as their safety data sheets require', 'Containers are labelled and closed'],
  'WA 35': ['The working height and stance are adjusted for each client'],
  'WA 36': ['Equipment is checked before use', 'Faults are reported and the equipment taken out of use'],
  'WA 37': ['Appointments allow the time each service needs', 'Gaps and overruns are kept to a minimum'],
  'WA 38': ['Prices are calculated from the price list', 'Payments and change are correct'],
  'WA 39': ['Products sold meet the needs the client stated'],
  'WA 40': ['Displays are up to date and tidy', "Posts follow the salon's guidelines"],
  'WA 41': ['Stock is checked at the agreed intervals', 'Orders are placed before products run out'],
  'WA 42': ['The use of each product is recorded for every service'],
};

export const hairdresser = {
  id: 'hairdresser',
  title: 'Sample (illustrative): Hairdresser, EQF 4',
  qualification: 'Hairdresser',
  keyPurpose:
    "Provide safe, high-quality hair care and styling services that meet clients' needs and sustain a profitable salon.",
  keyFunctions: KEY_FUNCTIONS,
  units: UNITS,
  groups: GROUPS,
} as const;

/** "WA 1|Analyse…" → code and statement. */
function split(text: string): { code: string; title: string } {
  const bar = text.indexOf('|');
  return { code: text.slice(0, bar), title: text.slice(bar + 1) };
}

/** Where every node is first put: the tidy-up layout places them all at the end. */
const UNPLACED: Position = { x: 0, y: 0 };

/**
 * Fills an empty document with the hairdresser map, in one transaction, laid out by tidy-up
 * (layout.ts): a column per key function, the units under the work actions they teach.
 */
export function buildHairdresser(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    initMapDocument(doc, { title: hairdresser.title, language: 'en', sample: 'illustrative' }, origin);

    const [qualificationId] = addNodes(
      doc,
      [
        {
          kind: 'qualification',
          code: 'Q 1',
          title: hairdresser.qualification,
          position: UNPLACED,
          fields: {
            keyPurpose: hairdresser.keyPurpose,
            eqfLevel: 4,
            nqfLevel: '4',
            points: 180,
            programmeYears: 3,
            iscoCode: '5141',
            status: 'draft',
          },
        },
      ],
      origin,
    );

    const workActionIds = new Map<string, string>();
    hairdresser.keyFunctions.forEach((keyFunction) => {
      const [keyId] = addNodes(doc, [{ kind: 'keyFunction', ...split(keyFunction.title), position: UNPLACED }], origin);
      connect(doc, { kind: 'childOf', source: keyId!, target: qualificationId! }, origin);
      keyFunction.mainFunctions.forEach((mainFunction) => {
        const [mainId] = addNodes(doc, [{ kind: 'mainFunction', ...split(mainFunction.title), position: UNPLACED }], origin);
        connect(doc, { kind: 'childOf', source: mainId!, target: keyId! }, origin);
        const actions: NewNode[] = mainFunction.workActions.map((text) => {
          const { code, title } = split(text);
          const performanceCriteria = PERFORMANCE_CRITERIA[code];
          return { kind: 'workAction', code, title, position: UNPLACED, ...(performanceCriteria ? { fields: { performanceCriteria: [...performanceCriteria] } } : {}) };
        });
        addNodes(doc, actions, origin).forEach((actionId, i) => {
          workActionIds.set(actions[i]!.code!, actionId);
          connect(doc, { kind: 'childOf', source: actionId, target: mainId! }, origin);
        });
      });
    });

    const groupIds = new Map<string, string>();
    for (const group of hairdresser.groups) {
      const { code, title } = split(group.title);
      const fields = { optional: group.optional, ...(group.minPoints !== undefined ? { minPoints: group.minPoints } : {}), ...(group.minUnits !== undefined ? { minUnits: group.minUnits } : {}) };
      const [groupId] = addNodes(doc, [{ kind: 'unitGroup', code, title, position: UNPLACED, fields }], origin);
      groupIds.set(code, groupId!);
    }
    const unitIds = new Map<string, string>();
    for (const unit of hairdresser.units) {
      const [unitId] = addNodes(
        doc,
        [
          {
            kind: 'unit',
            ...split(unit.title),
            position: UNPLACED,
            fields: {
              points: unit.points,
              eqfLevel: UNIT_EQF_LEVEL,
              validity: VALIDITY,
              assessmentCriteria: unit.assessmentCriteria,
            },
          },
        ],
        origin,
      );
      unitIds.set(split(unit.title).code, unitId!);
      if (unit.group !== undefined) {
        const groupId = groupIds.get(unit.group);
        if (groupId === undefined) throw new Error(`Hairdresser sample: ${split(unit.title).code} is in ${unit.group}, which does not exist.`);
        connect(doc, { kind: 'partOf', source: unitId!, target: groupId }, origin);
      }
      unit.outcomes.forEach((outcome, i) => {
        const slot = { x: UNIT_SLOT.paddingX, y: UNIT_SLOT.headerHeight + i * UNIT_SLOT.rowHeight };
        const [outcomeId] = addNodes(
          doc,
          [
            {
              kind: 'learningOutcome',
              ...split(outcome.title),
              position: slot,
              fields: {
                domain: outcome.domain,
                bloomLevel: outcome.bloomLevel,
                eqfLevel: outcome.eqfLevel ?? UNIT_EQF_LEVEL,
                ...(outcome.transversal ? { transversal: true } : {}),
              },
            },
          ],
          origin,
        );
        placeInUnit(doc, outcomeId!, unitId!, slot, origin);
        for (const code of outcome.covers) {
          const actionId = workActionIds.get(code);
          if (actionId === undefined) throw new Error(`Hairdresser sample: ${split(outcome.title).code} covers ${code}, which does not exist.`);
          connect(doc, { kind: 'covers', source: outcomeId!, target: actionId }, origin);
        }
      });
    }
    for (const unit of hairdresser.units) {
      for (const code of unit.requires ?? []) {
        const required = unitIds.get(code);
        if (required === undefined) throw new Error(`Hairdresser sample: ${split(unit.title).code} requires ${code}, which does not exist.`);
        connect(doc, { kind: 'requires', source: unitIds.get(split(unit.title).code)!, target: required }, origin);
      }
    }
    moveNodes(doc, [...layoutMap(snapshotOf(doc))].map(([id, position]) => ({ id, position })), origin);
  }, origin);
}
