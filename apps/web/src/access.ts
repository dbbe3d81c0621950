import type { Role } from '@qms/protocol';

/**
 * The maps this browser has opened, with the share-link tokens it holds for them. Links carry
 * their token in the URL fragment (`/maps/<id>#token=…`), which browsers never send to a server
 * or put in a Referer; the app stores it here and takes it out of the address bar, so that a
 * projector does not show it.
 */
export interface KnownMap {
  id: string;
  title: string;
  /** The token this browser uses for the map. */
  token?: string;
  role?: Role;
  /** The partner institution this browser's review link was issued to: its sign-offs speak for it. */
  institutionId?: string;
  /** Tokens for other roles this browser was given (it created the map, or made new links). */
  links?: Partial<Record<Role, string>>;
  lastOpened: number;
}

const KEY = 'qms.maps';

function read(): Record<string, KnownMap> {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, KnownMap>;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function write(maps: Record<string, KnownMap>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(maps));
  } catch {
    // Storage full or disabled: the links still work for this visit.
  }
}

export function knownMaps(): KnownMap[] {
  return Object.values(read()).sort((a, b) => b.lastOpened - a.lastOpened);
}

export function knownMap(id: string): KnownMap | undefined {
  return read()[id];
}

export function remember(id: string, patch: Partial<Omit<KnownMap, 'id'>>): void {
  const maps = read();
  const current = maps[id] ?? { id, title: '', lastOpened: Date.now() };
  maps[id] = { ...current, ...patch, links: { ...current.links, ...patch.links }, id };
  write(maps);
}

export function forget(id: string): void {
  const maps = read();
  delete maps[id];
  write(maps);
}

/** The token for a map: from a share link just opened (then stored and hidden), or stored. */
export function tokenFor(id: string, location: Location = window.location): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    remember(id, { token: match[1], lastOpened: Date.now() });
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return match[1];
  }
  return read()[id]?.token;
}

/** The share link for a role of a map. */
export function shareLink(id: string, token: string, origin: string = window.location.origin): string {
  return `${origin}/maps/${id}#token=${token}`;
}
