import type { Position } from '@qms/model';
import type { RemoteSelection } from '../editor/flow-state';
import type { Person } from '../sync/presence';

/** Others' selections and drags, by node, from their awareness states. */
export function remoteState(people: readonly Person[]): {
  remoteSelections: Map<string, RemoteSelection>;
  remoteDrags: Map<string, Position>;
} {
  const selections = new Map<string, { colors: string[]; names: string[] }>();
  const drags = new Map<string, Position>();
  for (const person of people) {
    if (person.me) continue;
    for (const id of person.selection ?? []) {
      const entry = selections.get(id) ?? { colors: [], names: [] };
      entry.colors.push(person.user.color);
      entry.names.push(person.user.name);
      selections.set(id, entry);
    }
    for (const [id, position] of Object.entries(person.dragging ?? {})) {
      if (typeof position?.x === 'number' && typeof position?.y === 'number') drags.set(id, { x: position.x, y: position.y });
    }
  }
  return { remoteSelections: selections, remoteDrags: drags };
}
