import type {
  AddLearnerRequest,
  CreateMobilityRequest,
  Learner,
  LearnerResult,
  Mobility,
  MobilityDocumentFormat,
  MobilityListResponse,
  MobilitySummary,
  Recognition,
  UpdateMobilityRequest,
} from '@qms/protocol';
import { knownMap } from '../access';
import { ApiError, ClientErrorCode, errorFrom } from '../api';

/** The mobility workspace's REST API (ARCHITECTURE.md, "Mobility workspace"): owners and editors only. */

export type MobilityDocument = 'mou' | 'learning-agreement' | 'transcript';

function headers(mapId: string, json: boolean): Record<string, string> {
  const token = knownMap(mapId)?.token;
  return { ...(json ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

const base = (mapId: string) => `/api/maps/${encodeURIComponent(mapId)}/mobilities`;
const part = (id: string) => encodeURIComponent(id);

async function call<T>(mapId: string, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method, headers: headers(mapId, body !== undefined), ...(body === undefined ? {} : { body: JSON.stringify(body) }), cache: 'no-store' });
  } catch {
    throw new ApiError(0, ClientErrorCode.Network, 'The server cannot be reached.');
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const mobilityApi = {
  list: (mapId: string) => call<MobilityListResponse>(mapId, 'GET', base(mapId)).then((r): MobilitySummary[] => r.mobilities),
  get: (mapId: string, id: string) => call<Mobility>(mapId, 'GET', `${base(mapId)}/${part(id)}`),
  create: (mapId: string, body: CreateMobilityRequest) => call<{ id: string }>(mapId, 'POST', base(mapId), body),
  update: (mapId: string, id: string, body: UpdateMobilityRequest) => call<Mobility>(mapId, 'PATCH', `${base(mapId)}/${part(id)}`, body),
  remove: (mapId: string, id: string) => call<void>(mapId, 'DELETE', `${base(mapId)}/${part(id)}`),
  addLearner: (mapId: string, id: string, body: AddLearnerRequest) => call<{ id: string }>(mapId, 'POST', `${base(mapId)}/${part(id)}/learners`, body),
  eraseLearner: (mapId: string, id: string, learnerId: string) => call<void>(mapId, 'DELETE', `${base(mapId)}/${part(id)}/learners/${part(learnerId)}`),
  setResults: (mapId: string, id: string, learnerId: string, results: LearnerResult[]) =>
    call<Learner>(mapId, 'PUT', `${base(mapId)}/${part(id)}/learners/${part(learnerId)}/results`, { results }),
  setRecognition: (mapId: string, id: string, learnerId: string, recognition: Recognition) =>
    call<Learner>(mapId, 'PUT', `${base(mapId)}/${part(id)}/learners/${part(learnerId)}/recognition`, recognition),
};

/** Where a document is served: the MoU per mobility, the two others per learner. */
export function documentPath(mapId: string, mobilityId: string, document: MobilityDocument, learnerId: string | null, format: MobilityDocumentFormat, language?: string): string {
  const at = document === 'mou' ? `${base(mapId)}/${part(mobilityId)}/documents/mou` : `${base(mapId)}/${part(mobilityId)}/learners/${part(learnerId ?? '')}/documents/${document}`;
  return `${at}?format=${format}${language ? `&language=${encodeURIComponent(language)}` : ''}`;
}

/** Fetches a document (the token goes in a header, not the address) and hands it to the browser as a download. */
export async function downloadDocument(mapId: string, path: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: headers(mapId, false), cache: 'no-store' });
  } catch {
    throw new ApiError(0, ClientErrorCode.Network, 'The server cannot be reached.');
  }
  if (!response.ok) throw await errorFrom(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? 'document');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
