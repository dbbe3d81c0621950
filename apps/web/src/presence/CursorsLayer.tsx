import { ViewportPortal } from '@xyflow/react';
import { memo } from 'react';
import type { Presence } from '../sync/presence';
import { usePeople } from './use-people';

/**
 * Other people's pointers, with their names, drawn in flow coordinates so that they stay on the
 * spot of the map they point at whatever this person's zoom.
 */
export const CursorsLayer = memo(function CursorsLayer({ presence, zoom }: { presence: Presence; zoom: number }) {
  // Its own subscription: pointers move often, and only this layer draws them.
  const people = usePeople(presence);
  return (
    <ViewportPortal>
      {people
        .filter((p) => !p.me && p.pointer)
        .map((p) => (
          <div
            key={p.clientId}
            className="remote-cursor"
            data-testid="remote-cursor"
            style={{ transform: `translate(${p.pointer!.x}px, ${p.pointer!.y}px) scale(${1 / zoom})`, color: p.user.color }}
          >
            <svg width="16" height="20" viewBox="0 0 16 20" aria-hidden="true">
              <path d="M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z" fill="currentColor" stroke="#fff" strokeWidth="1.2" />
            </svg>
            <span className="remote-cursor__name" style={{ background: p.user.color }}>
              {p.user.name}
            </span>
          </div>
        ))}
    </ViewportPortal>
  );
});
