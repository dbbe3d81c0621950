import type {
  AccessResponse,
  ApiErrorCode,
  CreateMapRequest,
  CreateVersionRequest,
  CreatedMap,
  ErrorBody,
  FormatsResponse,
  FormatInfo as ProtocolFormatInfo,
  ImportedMapResponse,
  InstanceResponse,
  MapListResponse,
  MapSummary as ProtocolMapSummary,
  MapUnitsResponse,
  NewLinkResponse,
  NewReviewLinkResponse,
  PublicationRequest,
  PublicationResponse,
  PublicationStatus,
  RenameMapRequest,
  ReviewLinksResponse,
  RestoreResponse,
  RevealRequest,
  RevealResponse,
  RevealWhat,
  Role,
  TemplateListResponse,
  VersionInfo as ProtocolVersionInfo,
  VersionListResponse,
} from '@qms/protocol';
import { knownMap } from './access';

/** The server's REST API (see ARCHITECTURE.md, "Contracts"); the bodies' types are `@qms/protocol`'s. */

export type MapSummary = ProtocolMapSummary;
export type FormatInfo = ProtocolFormatInfo;
export type ImportResult = ImportedMapResponse;

/** Errors the browser reports itself, when there is no `{ error, message }` from the server to read. */
export const ClientErrorCode = {
  /** The server cannot be reached (offline, or restarting). */
  Network: 'network',
  /** The server answered with an error status but no explanation. */
  Http: 'http-error',
  /** Something failed that is not an HTTP answer at all. */
  Unknown: 'unknown',
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** An error the server explained (`{ error, message }`: ApiErrorCode), or one of the browser's own (ClientErrorCode). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorCode | ClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const unreachable = () => new ApiError(0, ClientErrorCode.Network, 'The server cannot be reached.');

/** The explanation in an error body, if the body is one. */
function explained(status: number, body: unknown): ApiError {
  const error = body as Partial<ErrorBody> | undefined;
  return new ApiError(status, error?.error ?? ClientErrorCode.Http, error?.message ?? `HTTP ${status}`);
}

/** The Authorization header for a map this browser holds a token for. */
function authFor(mapId: string | undefined): Record<string, string> {
  const token = mapId ? knownMap(mapId)?.token : undefined;
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function request<T>(path: string, init: RequestInit & { mapId?: string } = {}): Promise<T> {
  let response: Response;
  const { mapId, ...rest } = init;
  try {
    response = await fetch(path, {
      ...rest,
      headers: { ...(rest.body ? { 'content-type': 'application/json' } : {}), ...authFor(mapId), ...(rest.headers as Record<string, string>) },
    });
  } catch {
    throw unreachable();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw explained(response.status, body);
  return body as T;
}

/** Explained server errors carry `{ error, message }`; read them from a failed response. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    return explained(response.status, JSON.parse(text));
  } catch {
    return new ApiError(response.status, ClientErrorCode.Http, `HTTP ${response.status}`);
  }
}

/**
 * Downloads a map's export, reporting progress (0–1, or null while the server prepares it).
 * Resolves to the file's bytes and name.
 */
export async function downloadExport(
  mapId: string,
  format: string,
  onProgress: (fraction: number | null) => void,
  language?: string,
): Promise<{ blob: Blob; fileName: string }> {
  onProgress(null);
  let response: Response;
  const query = new URLSearchParams({ format, ...(language ? { language } : {}) });
  try {
    response = await fetch(`/api/maps/${encodeURIComponent(mapId)}/export?${query}`, { headers: authFor(mapId) });
  } catch {
    throw unreachable();
  }
  if (!response.ok) throw await errorFrom(response);
  const total = Number(response.headers.get('content-length') ?? 0);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? `map.${format}`);
  const reader = response.body?.getReader();
  if (!reader) return { blob: await response.blob(), fileName };
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    if (total > 0) onProgress(received / total);
  }
  onProgress(1);
  return { blob: new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'application/octet-stream' }), fileName };
}

/** Uploads a file to import, reporting upload progress (0–1). */
export function uploadImport(file: File, format: string, title: string, onProgress: (fraction: number) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const query = new URLSearchParams({ format, ...(title.trim() ? { title: title.trim() } : {}) });
    request.open('POST', `/api/maps/import?${query}`);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () => reject(unreachable());
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // fall through to a generic error
      }
      if (request.status === 201) resolve(body as ImportResult);
      else reject(explained(request.status, body));
    };
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}

const json = (body: CreateMapRequest | RenameMapRequest | CreateVersionRequest) => JSON.stringify(body);

export const api = {
  listMaps: () => request<MapListResponse>('/api/maps').then((r) => r.maps),
  getMap: (id: string) => request<MapSummary>(`/api/maps/${encodeURIComponent(id)}`, { mapId: id }),
  createMap: (title: string, template?: string, language?: string) =>
    request<CreatedMap>('/api/maps', {
      method: 'POST',
      body: json(template ? { template, ...(title ? { title } : {}) } : { title, ...(language ? { language } : {}) }),
    }),
  listTemplates: () => request<TemplateListResponse>('/api/templates').then((r) => r.templates),
  renameMap: (id: string, title: string) => request<MapSummary>(`/api/maps/${encodeURIComponent(id)}`, { method: 'PATCH', body: json({ title }), mapId: id }),
  deleteMap: (id: string) => request<void>(`/api/maps/${encodeURIComponent(id)}`, { method: 'DELETE', mapId: id }),
  accessOf: (id: string) => request<AccessResponse>(`/api/maps/${encodeURIComponent(id)}/access`, { mapId: id }),
  newLink: (id: string, role: Role) => request<NewLinkResponse>(`/api/maps/${encodeURIComponent(id)}/access/${role}`, { method: 'POST', mapId: id }),
  revokeLink: (id: string, role: Role) => request<void>(`/api/maps/${encodeURIComponent(id)}/access/${role}`, { method: 'DELETE', mapId: id }),
  reviewLinks: (id: string) => request<ReviewLinksResponse>(`/api/maps/${encodeURIComponent(id)}/review-links`, { mapId: id }).then((r) => r.links),
  newReviewLink: (id: string, institutionId: string) =>
    request<NewReviewLinkResponse>(`/api/maps/${encodeURIComponent(id)}/review-links`, { method: 'POST', body: JSON.stringify({ institutionId }), mapId: id }),
  revokeReviewLink: (id: string, linkId: string) =>
    request<void>(`/api/maps/${encodeURIComponent(id)}/review-links/${encodeURIComponent(linkId)}`, { method: 'DELETE', mapId: id }),
  formats: () => request<FormatsResponse>('/api/formats'),
  instance: () => request<InstanceResponse>('/api/instance'),
  /** A map's units, read with that map's own token (a partner's map this browser has a link to). */
  units: (id: string) => request<MapUnitsResponse>(`/api/maps/${encodeURIComponent(id)}/units`, { mapId: id }),
  /** Whether the map is served to CASE consumers, and its adoptions. */
  publication: (id: string) => request<PublicationResponse>(`/api/maps/${encodeURIComponent(id)}/publication`, { mapId: id }),
  /** Owner only: `adopted` freezes the map as a named version and serves it. */
  setPublication: (id: string, status: PublicationStatus) =>
    request<PublicationResponse>(`/api/maps/${encodeURIComponent(id)}/publication`, {
      method: 'PUT',
      body: JSON.stringify({ status } satisfies PublicationRequest),
      mapId: id,
    }),
  /** Facilitators (owner, editor): every participant's private ratings or idea cards into the review; how many moved. */
  revealWorkshop: (id: string, what: RevealWhat) =>
    request<RevealResponse>(`/api/maps/${encodeURIComponent(id)}/workshop/reveal`, { method: 'POST', body: JSON.stringify({ what } satisfies RevealRequest), mapId: id }).then((r) => r.revealed),
};

// ---- Version history: GET/POST /api/maps/:id/versions… (see history/) ----

/**
 * One saved version of a map: named by someone (`kind` named), or made by the server (`auto`:
 * a checkpoint or a backup). `kind` stays optional here so that a version without one (from an
 * older server) still reads: `versionKindOf` reads both.
 */
export type VersionInfo = Omit<ProtocolVersionInfo, 'kind'> & Partial<Pick<ProtocolVersionInfo, 'kind'>>;

const versionsPath = (mapId: string, versionId?: string) =>
  `/api/maps/${encodeURIComponent(mapId)}/versions${versionId === undefined ? '' : `/${encodeURIComponent(versionId)}`}`;

export const historyApi = {
  /** Newest first. */
  list: (mapId: string) => request<VersionListResponse>(versionsPath(mapId), { mapId }).then((r): VersionInfo[] => r.versions),
  /** Saves the map as it is now on the server (editors and owners). */
  create: (mapId: string, name: string) => request<VersionInfo>(versionsPath(mapId), { method: 'POST', body: json({ name }), mapId }),
  /** Owner only: the map reads as the version did; `backup` is the version saved just before. */
  restore: (mapId: string, versionId: string) => request<RestoreResponse>(`${versionsPath(mapId, versionId)}/restore`, { method: 'POST', mapId }),
  remove: (mapId: string, versionId: string) => request<void>(versionsPath(mapId, versionId), { method: 'DELETE', mapId }),
  /** The version's document as one Yjs update (apply it to a new Y.Doc). */
  async load(mapId: string, versionId: string): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(versionsPath(mapId, versionId), { headers: authFor(mapId) });
    } catch {
      throw unreachable();
    }
    if (!response.ok) throw await errorFrom(response);
    return new Uint8Array(await response.arrayBuffer());
  },
};
