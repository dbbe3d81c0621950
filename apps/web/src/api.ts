import type { Role } from '@qms/protocol';
import { knownMap } from './access';

/** The server's REST API (see ARCHITECTURE.md, "Contracts"). */

export interface MapSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  url: string;
  /** The caller's role (GET /api/maps/:id). */
  role?: Role;
  /** Share-link tokens, only when the map was just created. */
  tokens?: Record<Role, string>;
}

/** An error the server explained (`{ error, message }`), or a network failure (`error: 'network'`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
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
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const explained = body as { error?: string; message?: string } | undefined;
    throw new ApiError(response.status, explained?.error ?? 'http-error', explained?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

export interface FormatInfo {
  id: string;
  label: string;
  extension: string;
  mediaType: string;
  text: boolean;
}

export interface ImportResult extends MapSummary {
  warnings: string[];
}

/** Explained server errors carry `{ error, message }`; read them from a failed response. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return new ApiError(response.status, body.error ?? 'http-error', body.message ?? `HTTP ${response.status}`);
  } catch {
    return new ApiError(response.status, 'http-error', `HTTP ${response.status}`);
  }
}

/**
 * Downloads a map's export, reporting progress (0–1, or null while the server prepares it).
 * Resolves to the file's bytes and name.
 */
export async function downloadExport(mapId: string, format: string, onProgress: (fraction: number | null) => void): Promise<{ blob: Blob; fileName: string }> {
  onProgress(null);
  let response: Response;
  try {
    response = await fetch(`/api/maps/${encodeURIComponent(mapId)}/export?format=${encodeURIComponent(format)}`, { headers: authFor(mapId) });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
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
    request.onerror = () => reject(new ApiError(0, 'network', 'The server cannot be reached.'));
    request.onload = () => {
      let body: { error?: string; message?: string } & Partial<ImportResult> = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // fall through to a generic error
      }
      if (request.status === 201) resolve(body as ImportResult);
      else reject(new ApiError(request.status, body.error ?? 'http-error', body.message ?? `HTTP ${request.status}`));
    };
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}

export const api = {
  listMaps: () => request<{ maps: MapSummary[] }>('/api/maps').then((r) => r.maps),
  getMap: (id: string) => request<MapSummary>(`/api/maps/${encodeURIComponent(id)}`, { mapId: id }),
  createMap: (title: string, template?: string) =>
    request<MapSummary>('/api/maps', { method: 'POST', body: JSON.stringify(template ? { template, ...(title ? { title } : {}) } : { title }) }),
  listTemplates: () => request<{ templates: Array<{ id: string; title: string }> }>('/api/templates').then((r) => r.templates),
  renameMap: (id: string, title: string) =>
    request<MapSummary>(`/api/maps/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }), mapId: id }),
  deleteMap: (id: string) => request<void>(`/api/maps/${encodeURIComponent(id)}`, { method: 'DELETE', mapId: id }),
  accessOf: (id: string) => request<{ roles: Record<Role, boolean> }>(`/api/maps/${encodeURIComponent(id)}/access`, { mapId: id }),
  newLink: (id: string, role: Role) => request<{ role: Role; token: string }>(`/api/maps/${encodeURIComponent(id)}/access/${role}`, { method: 'POST', mapId: id }),
  revokeLink: (id: string, role: Role) => request<void>(`/api/maps/${encodeURIComponent(id)}/access/${role}`, { method: 'DELETE', mapId: id }),
  formats: () => request<{ exports: FormatInfo[]; imports: string[] }>('/api/formats'),
};

// ---- Version history: GET/POST /api/maps/:id/versions… (see history/) ----

/** One saved version of a map: named by someone, or made by the server (`auto`). */
export interface VersionInfo {
  id: string;
  name: string;
  createdAt: number;
  /** An automatic checkpoint, or the state saved just before a restore. */
  auto: boolean;
  /** The role of whoever saved it (there are no accounts to name). */
  createdBy?: string;
}

const versionsPath = (mapId: string, versionId?: string) =>
  `/api/maps/${encodeURIComponent(mapId)}/versions${versionId === undefined ? '' : `/${encodeURIComponent(versionId)}`}`;

export const historyApi = {
  /** Newest first. */
  list: (mapId: string) => request<{ versions: VersionInfo[] }>(versionsPath(mapId), { mapId }).then((r) => r.versions),
  /** Saves the map as it is now on the server (editors and owners). */
  create: (mapId: string, name: string) => request<VersionInfo>(versionsPath(mapId), { method: 'POST', body: JSON.stringify({ name }), mapId }),
  /** Owner only: the map reads as the version did; `backup` is the version saved just before. */
  restore: (mapId: string, versionId: string) =>
    request<{ restored: string; backup: string }>(`${versionsPath(mapId, versionId)}/restore`, { method: 'POST', mapId }),
  remove: (mapId: string, versionId: string) => request<void>(versionsPath(mapId, versionId), { method: 'DELETE', mapId }),
  /** The version's document as one Yjs update (apply it to a new Y.Doc). */
  async load(mapId: string, versionId: string): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(versionsPath(mapId, versionId), { headers: authFor(mapId) });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached.');
    }
    if (!response.ok) throw await errorFrom(response);
    return new Uint8Array(await response.arrayBuffer());
  },
};
