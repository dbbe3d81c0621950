/**
 * The mobility workspace of a map (`/api/maps/:id/mobilities`): mobilities between partner
 * institutions, their learners, the learners' results and the home institution's recognition.
 * Personal data: kept apart from the map (its own store, never in the map's document, versions,
 * exports or backups), shown only to the map's owner and editors, erasable learner by learner.
 */

export const MOBILITY_LIMITS = {
  title: 200,
  /** A partner typed by hand (not one of the map's institutions). */
  partnerName: 200,
  units: 200,
  mobilities: 500,
  learners: 200,
  learnerName: 200,
  email: 200,
  results: 1000,
  assessor: 200,
  evidence: 2000,
  recognitionBy: 200,
  points: 10000,
} as const;

/** A partner of a mobility: one of the map's institutions (its id), or one named here. */
export type MobilityPartner = string | { name: string; country: string };

/** `YYYY-MM-DD` */
export type IsoDate = string;

export const RESULT_VALUES = ['achieved', 'not-achieved'] as const;
export type ResultValue = (typeof RESULT_VALUES)[number];

export const RECOGNITION_DECISIONS = ['recognised', 'partially-recognised', 'not-recognised'] as const;
export type RecognitionDecision = (typeof RECOGNITION_DECISIONS)[number];

export interface LearnerResult {
  /** A unit of the mobility (its node id). */
  unit: string;
  /** One of the unit's learning outcomes (its node id); absent: the unit as a whole. */
  outcome?: string;
  result: ResultValue;
  assessor: string;
  date: IsoDate;
  evidence?: string;
}

export interface Recognition {
  decision: RecognitionDecision;
  by: string;
  date: IsoDate;
  /** ECVET points credited. */
  points: number;
}

export interface Learner {
  id: string;
  name: string;
  dateOfBirth?: IsoDate;
  email?: string;
  results: LearnerResult[];
  recognition?: Recognition;
  createdAt: number;
}

export interface Mobility {
  id: string;
  title: string;
  home: MobilityPartner;
  host: MobilityPartner;
  start: IsoDate;
  end: IsoDate;
  /** Unit node ids of the map. */
  units: string[];
  /** A draft may name units the partners have not agreed yet. */
  draft: boolean;
  createdAt: number;
  updatedAt: number;
  learners: Learner[];
}

/** What the store keeps per map. */
export interface MobilityWorkspace {
  version: 1;
  mobilities: Mobility[];
}

export interface CreateMobilityRequest {
  title: string;
  home: MobilityPartner;
  host: MobilityPartner;
  start: IsoDate;
  end: IsoDate;
  units: string[];
  draft?: boolean;
}
export type UpdateMobilityRequest = Partial<CreateMobilityRequest>;

/** `GET /api/maps/:id/mobilities`: each mobility without its learners' personal data (their number instead). */
export interface MobilitySummary extends Omit<Mobility, 'learners'> {
  learners: number;
}
export interface MobilityListResponse {
  mobilities: MobilitySummary[];
}
export interface AddLearnerRequest {
  name: string;
  dateOfBirth?: IsoDate;
  email?: string;
}
export interface LearnerResultsRequest {
  results: LearnerResult[];
}

/** The documents of a mobility (`…/documents/<kind>?format=docx|pdf&language=…`). */
export const MOBILITY_DOCUMENT_FORMATS = ['docx', 'pdf'] as const;
export type MobilityDocumentFormat = (typeof MOBILITY_DOCUMENT_FORMATS)[number];
