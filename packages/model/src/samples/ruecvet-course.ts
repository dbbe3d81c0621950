import type * as Y from 'yjs';
import { initMapDocument } from '../document.js';
import { layoutMap } from '../layout.js';
import { addNodes, connect, moveNodes } from '../operations.js';
import { snapshotOf } from '../view.js';
import type { NewNode } from '../operations.js';

/**
 * The course map of the RUECVET National ECVET Training Center at Tver State University
 * (course "Application of the European system of credit units ECVET in vocational education and
 * training": 180 hours, 5 credit units): four learning outcomes derived from twelve work actions.
 * Texts as published by the course. The course publishes its total only, not how the 180 hours
 * split: the units below (one per outcome, the two on method heavier) are this sample's proposal,
 * in hours and in the course's national credit units of 36 hours.
 */
export const ruecvetCourse = {
  id: 'ruecvet-course',
  title: 'Sample: Application of ECVET in VET (RUECVET course)',
  qualification:
    'Application of the European system of credit units ECVET in vocational education and training',
  keyPurpose:
    'To use the European system of credit units (ECVET) in vocational education and training (VET) of Russia and Uzbekistan on the example of the qualification chosen by the student.',
  outcomes: [
    {
      unit: { code: 'U 1', title: 'ECVET in the national VET system', points: 1, contactHours: 36 },
      title: 'LO 1|Define the regulatory framework for the application of ECVET in the national VET system',
      workActions: [
        'WA 1|Analyze the principles and directions of using ECVET in the international practice of POO',
        'WA 2|Define the legal framework for the development of a VET educational program in the context of ECVET',
        'WA 3|Identify the documents required to develop an educational program for a specific qualification in the context of ECVET',
      ],
    },
    {
      unit: { code: 'U 2', title: 'Functional analysis of a qualification', points: 1.5, contactHours: 54 },
      title: 'LO 2|Conduct a functional analysis of qualifications according to the RUECVET methodology',
      workActions: [
        'WA 4|Collect data to conduct a functional analysis of qualifications in conjunction with employers',
        'WA 5|Update qualification content in accordance with the national qualifications system',
        'WA 6|Develop a functional qualification map',
      ],
    },
    {
      unit: { code: 'U 3', title: 'Learning outcomes in the context of ECVET', points: 1.5, contactHours: 54 },
      title: 'LO 3|Define and evaluate learning outcomes in the context of ECVET',
      workActions: [
        'WA 7|Determine the learning outcomes based on the functional analysis of qualifications',
        "WA 8|Design the content of learning outcomes using Bloom's taxonomy",
        'WA 9|Develop a block of learning outcomes in accordance with the ECVET system',
      ],
    },
    {
      unit: { code: 'U 4', title: 'ECVET for mobility', points: 1, contactHours: 36 },
      title: 'LO 4|Facilitate the access of students and teachers to mobility in VET',
      workActions: [
        'WA 10|Distribute credit units according to the structural elements of the program in order to organize student mobility',
        'WA 11|Identify ECVET mechanisms for mobility in VET for a selected qualification',
        'WA 12|Compile Samples of the Memorandum of Understanding (MoU), Learning Agreement, and Personal Achievement Document under the ECVET Methodology',
      ],
    },
  ],
} as const;

/** Where every node is first put: the tidy-up layout places them all at the end. */
const UNPLACED = { x: 0, y: 0 };

/** "WA 1|Analyze…" → code and statement. */
function split(text: string): { code: string; title: string } {
  const [code, title] = text.split('|') as [string, string];
  return { code, title };
}

/** Fills an empty document with the sample course map, laid out by tidy-up (layout.ts): the
 * work actions in a few columns under the course, each learning outcome below those it covers. */
export function buildRuecvetCourse(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    initMapDocument(doc, { title: ruecvetCourse.title, language: 'en', sample: 'real' }, origin);
    const [qualificationId] = addNodes(
      doc,
      [
        {
          kind: 'qualification',
          code: 'Q 1',
          title: ruecvetCourse.qualification,
          position: UNPLACED,
          fields: {
            keyPurpose: ruecvetCourse.keyPurpose,
            // "180 hours – 5 credit units": national credit units of 36 learning hours, not ECVET points
            points: 5,
            creditSystem: 'national',
            hoursPerCredit: 36,
            status: 'draft', // its checks do not pass yet: the course publishes no EQF level or criteria
          },
        },
      ],
      origin,
    );
    for (const outcome of ruecvetCourse.outcomes) {
      const actions: NewNode[] = outcome.workActions.map((text) => ({
        kind: 'workAction',
        ...split(text),
        position: UNPLACED,
      }));
      const actionIds = addNodes(doc, actions, origin);
      const [outcomeId] = addNodes(
        doc,
        [
          {
            kind: 'learningOutcome',
            ...split(outcome.title),
            position: UNPLACED,
            fields: { domain: 'skills' },
          },
        ],
        origin,
      );
      const { code, title, points, contactHours } = outcome.unit;
      const [unitId] = addNodes(
        doc,
        [{ kind: 'unit', code, title, position: UNPLACED, fields: { points, contactHours, pointsRationale: `${contactHours} of the course's 180 hours` } }],
        origin,
      );
      connect(doc, { kind: 'partOf', source: outcomeId!, target: unitId! }, origin);
      for (const actionId of actionIds) {
        connect(doc, { kind: 'childOf', source: actionId, target: qualificationId! }, origin);
        connect(doc, { kind: 'covers', source: outcomeId!, target: actionId }, origin);
      }
    }
    moveNodes(doc, [...layoutMap(snapshotOf(doc))].map(([id, position]) => ({ id, position })), origin);
  }, origin);
}
