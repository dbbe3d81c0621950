import { isMapId, unitsById, type MatchedUnit, type MatchTargets, type MapSnapshot } from '@qms/model';
import type { MapUnit } from '@qms/protocol';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { knownMap } from '../access';
import { ApiError, api } from '../api';

/**
 * The partner maps this map's units are matched with, as this browser can read them: each with a
 * link (a token in `knownMaps()`) is read through GET /api/maps/:id/units with that map's token.
 * A map the server says is gone (404) is `null` in `targets` (the checks report it); a map without
 * a link, or one that could not be read (offline), is absent: only the snapshots kept on the
 * matches are known then.
 */
export interface PartnerMaps {
  /** This map's id. */
  mapId: string;
  targets: MatchTargets;
  /** Titles of the partner maps read (else the known map's title). */
  titles: ReadonlyMap<string, string>;
  /** Reads the partner maps again (after a match was made, or on demand). */
  refresh: () => void;
}

/** A unit of GET /api/maps/:id/units as the model reads it. */
export function unitFromApi(unit: MapUnit): MatchedUnit {
  return {
    id: unit.id,
    code: unit.code,
    title: unit.title,
    ...(unit.points !== undefined ? { points: unit.points } : {}),
    ...(unit.eqfLevel !== undefined ? { eqfLevel: unit.eqfLevel } : {}),
    outcomes: unit.outcomes.map((o) => ({ code: o.code, title: o.title, ...(o.domain ? { domain: o.domain } : {}) })),
  };
}

/** The partner maps a snapshot's matches point to (valid ids, this map excepted), sorted. */
export function partnerMapIds(snapshot: Pick<MapSnapshot, 'crossMatches'>, ownId: string): string[] {
  return [...new Set((snapshot.crossMatches ?? []).map((edge) => edge.targetMap!).filter((id) => isMapId(id) && id !== ownId))].sort();
}

export function usePartnerMaps(snapshot: MapSnapshot, mapId: string): PartnerMaps {
  const ids = partnerMapIds(snapshot, mapId).join(' ');
  const [round, setRound] = useState(0);
  const [state, setState] = useState<{ targets: MatchTargets; titles: ReadonlyMap<string, string> }>({ targets: new Map(), titles: new Map() });
  useEffect(() => {
    let cancelled = false;
    const list = ids ? ids.split(' ') : [];
    void Promise.all(
      list.map(async (id): Promise<[string, ReadonlyMap<string, MatchedUnit> | null | undefined, string | undefined]> => {
        if (!knownMap(id)?.token) return [id, undefined, undefined];
        try {
          const body = await api.units(id);
          return [id, unitsById(body.units.map(unitFromApi)), body.title];
        } catch (error) {
          return [id, error instanceof ApiError && error.status === 404 ? null : undefined, undefined];
        }
      }),
    ).then((results) => {
      if (cancelled) return;
      const targets = new Map<string, ReadonlyMap<string, MatchedUnit> | null>();
      const titles = new Map<string, string>();
      for (const [id, units, title] of results) {
        if (units !== undefined) targets.set(id, units);
        const name = title ?? knownMap(id)?.title;
        if (name) titles.set(id, name);
      }
      setState({ targets, titles });
    });
    return () => {
      cancelled = true;
    };
  }, [ids, round]);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  // Partners edit their maps meanwhile: read them again when this tab comes back to the front.
  useEffect(() => {
    if (!ids) return;
    const again = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [ids, refresh]);
  return useMemo(() => ({ mapId, ...state, refresh }), [mapId, state, refresh]);
}

const PartnerMapsContext = createContext<PartnerMaps | null>(null);
export const PartnerMapsProvider = PartnerMapsContext.Provider;

/** The partner maps of the open map; null outside the editor (a saved version's inspector). */
export function usePartnerMapsContext(): PartnerMaps | null {
  return useContext(PartnerMapsContext);
}
