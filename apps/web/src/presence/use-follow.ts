import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { viewCentre } from '../editor/geometry';
import type { Person } from '../sync/presence';
import { LENSES, type Lens } from '@qms/model';
import { getPreferences, setPreference } from '../preferences';
import { latestSummon, newSummons } from './follow';

/**
 * Follow mode: this person's view follows someone else's (`following`, an awareness client id)
 * until they move it themselves or the other person leaves; a facilitator's newer "bring everyone
 * here" makes everyone else follow them. Must be used inside the canvas's ReactFlowProvider.
 */
export function useFollow(people: readonly Person[], following: number | null, follow: (clientId: number | null) => void, notify: (text: string) => void) {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const followed = following === null ? undefined : people.find((p) => p.clientId === following);

  const showView = useCallback(
    (person: Person, duration: number) => {
      const view = person.viewport;
      if (!view) return;
      // Centre on what they see, at their zoom: the panes may differ in size.
      const centre = viewCentre(view);
      void flow.setCenter(centre.x, centre.y, { zoom: view.zoom, duration });
    },
    [flow],
  );

  const followedView = followed?.viewport ? JSON.stringify(followed.viewport) : null;
  useEffect(() => {
    if (followed) showView(followed, 200);
    else if (following !== null) follow(null); // they left
  }, [followedView]); // eslint-disable-line react-hooks/exhaustive-deps

  // Following someone who looks through another lens would show an empty or different canvas:
  // look through theirs, and say so.
  const followedLens = followed?.lens;
  useEffect(() => {
    if (!followed || !followedLens || !(LENSES as readonly string[]).includes(followedLens)) return;
    if (getPreferences().lens === followedLens) return;
    setPreference('lens', followedLens as Lens);
    notify(t('presence.followLens', { name: followed.user.name, lens: t(`lens.${followedLens}`) }));
  }, [following, followedLens]); // eslint-disable-line react-hooks/exhaustive-deps

  // Summons made before this person arrived are not theirs to follow.
  const lastSummon = useRef<number | null>(null);
  lastSummon.current ??= latestSummon(people);
  useEffect(() => {
    const { summoners, latest } = newSummons(people, lastSummon.current!);
    lastSummon.current = latest;
    for (const person of summoners) {
      follow(person.clientId);
      notify(t('presence.summoned', { name: person.user.name }));
    }
  }, [people, follow, notify, t]);

  return { followed, showView };
}
