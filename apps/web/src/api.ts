/** The server's REST API (see ARCHITECTURE.md, "Contracts"). */

export interface MapSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  url: string;
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

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: init.body ? { 'content-type': 'application/json', ...init.headers } : init.headers,
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

export const api = {
  listMaps: () => request<{ maps: MapSummary[] }>('/api/maps').then((r) => r.maps),
  getMap: (id: string) => request<MapSummary>(`/api/maps/${encodeURIComponent(id)}`),
  createMap: (title: string, template?: string) =>
    request<MapSummary>('/api/maps', { method: 'POST', body: JSON.stringify(template ? { template, ...(title ? { title } : {}) } : { title }) }),
  listTemplates: () => request<{ templates: Array<{ id: string; title: string }> }>('/api/templates').then((r) => r.templates),
  renameMap: (id: string, title: string) =>
    request<MapSummary>(`/api/maps/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) }),
  deleteMap: (id: string) => request<void>(`/api/maps/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
