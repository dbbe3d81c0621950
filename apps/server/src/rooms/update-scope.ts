import * as Y from 'yjs';

/**
 * What a Yjs update touches in a document, found without applying it: for every item it inserts
 * and every item it deletes, the path from the document's root, e.g.
 *
 *   ['meta', 'schemaVersion']                          a map entry
 *   ['threads', 't1', 'comments', '@12:4', 'text']     inside the element (item 12:4) of an array
 *
 * A map entry is named by its key, an array element by its item's id (`@client:clock`), so that a
 * path stays the same while others insert before it. The server decides from these paths whether
 * the sender may make the change (update-policy.ts) before anything is applied.
 *
 * An update names where an item goes either by its parent or, more often, by its neighbour
 * (`origin`); a neighbour is found in the document or in the update itself. An item whose place
 * cannot be found — its neighbour is in neither — makes the scope `unknown`: the sender is building
 * on something the server never had, and a careful policy refuses it.
 */
export interface UpdateScope {
  inserted: Touch[];
  deleted: Touch[];
  /** Some item's place could not be found (see above). */
  unknown: boolean;
}

export interface Touch {
  path: string[];
  /** The item itself (in the update for an insert, in the document for a delete). */
  item: Y.Item;
}

/** Where an item sits: its parent's path and its key there (null: an array or text element). */
interface Place {
  parent: string[];
  key: string | null;
}

/** Where items whose neighbour was garbage-collected go: Yjs discards them, they touch nothing. */
export const COLLECTED = '#collected';

const elementSegment = (id: Y.ID): string => `@${id.client}:${id.clock}`;

export function updateScope(doc: Y.Doc, update: Uint8Array): UpdateScope {
  const { structs, ds } = Y.decodeUpdate(update);
  const own = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    let list = own.get(struct.id.client);
    if (!list) own.set(struct.id.client, (list = []));
    list.push(struct);
  }
  let unknown = false;
  const places = new Map<Y.Item, Place | null>();

  const inDocument = (id: Y.ID): Y.Item | Y.GC | null => {
    if (Y.getState(doc.store, id.client) <= id.clock) return null;
    return Y.getItem(doc.store, id) as Y.Item | Y.GC;
  };
  // An update lists each writer's items in clock order: found by binary search.
  const inUpdate = (id: Y.ID): Y.Item | null => {
    const list = own.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const item = list[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  };
  /** The full path of an item (its place, then its own key or element id). */
  const paths = new Map<Y.Item, string[] | null>();
  const pathOf = (item: Y.Item, depth: number): string[] | null => {
    if (paths.has(item)) return paths.get(item)!;
    const place = placeOf(item, depth);
    const path = place && [...place.parent, place.key ?? elementSegment(item.id)];
    paths.set(item, path);
    return path;
  };
  const placeOf = (item: Y.Item, depth: number): Place | null => {
    if (depth > 256) return null; // deeper than any real document: treated as unknown
    if (places.has(item)) return places.get(item)!;
    let place: Place | null = null;
    const parent = item.parent as Y.AbstractType<unknown> | Y.ID | string | null;
    if (parent instanceof Y.AbstractType) {
      place = { parent: typePath(parent), key: item.parentSub };
    } else if (typeof parent === 'string') {
      place = { parent: [parent], key: item.parentSub };
    } else if (parent) {
      const holder = inDocument(parent) ?? inUpdate(parent);
      const holderPath = holder instanceof Y.Item ? pathOf(holder, depth + 1) : null;
      place = holderPath && { parent: holderPath, key: item.parentSub };
    } else {
      const neighbourId = item.origin ?? item.rightOrigin;
      const neighbour = neighbourId && (inDocument(neighbourId) ?? inUpdate(neighbourId));
      // A neighbour already collected (GC): Yjs turns the item into garbage too; it touches nothing.
      if (neighbour instanceof Y.GC) place = { parent: [COLLECTED], key: null };
      else if (neighbour) place = placeOf(neighbour, depth + 1);
    }
    places.set(item, place);
    return place;
  };

  const inserted: Touch[] = [];
  for (const list of own.values()) {
    for (const item of list) {
      const path = pathOf(item, 0);
      if (path) inserted.push({ path, item });
      else unknown = true;
    }
  }
  const deleted: Touch[] = [];
  for (const [client, listed] of ds.clients) {
    const existing = doc.store.clients.get(client) as Array<Y.Item | Y.GC> | undefined;
    for (const { clock, len } of mergedRanges(listed)) {
      // Deleting what is in neither the document nor the update: Yjs would wait for it and delete
      // it on arrival — someone else's next comment, say. Nobody but a forger does that.
      const known = Y.getState(doc.store, client);
      const last = own.get(client)?.at(-1);
      const ownEnd = Math.max(known, last ? last.id.clock + last.length : 0);
      if (clock + len > ownEnd) unknown = true;
      if (existing && existing.length > 0 && known > clock) {
        for (let i = Y.findIndexSS(existing, clock); i < existing.length && existing[i]!.id.clock < clock + len; i++) {
          const item = existing[i]!;
          if (!(item instanceof Y.Item) || item.deleted) continue;
          const path = pathOf(item, 0);
          if (path) deleted.push({ path, item });
        }
      }
      const list = own.get(client) ?? [];
      const first = inUpdate(Y.createID(client, clock));
      for (let i = first ? list.indexOf(first) : list.findIndex((item) => item.id.clock >= clock); i >= 0 && i < list.length && list[i]!.id.clock < clock + len; i++) {
        const path = pathOf(list[i]!, 0);
        if (path) deleted.push({ path, item: list[i]! });
      }
    }
  }
  return { inserted, deleted, unknown };
}

/**
 * A delete set's ranges of one writer, overlapping ones merged: each item is looked at once, however
 * many ranges an update lists over it.
 */
function mergedRanges(ranges: ReadonlyArray<{ clock: number; len: number }>): Array<{ clock: number; len: number }> {
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
  const merged: Array<{ clock: number; len: number }> = [];
  for (const { clock, len } of sorted) {
    const last = merged.at(-1);
    if (last && clock <= last.clock + last.len) last.len = Math.max(last.len, clock + len - last.clock);
    else merged.push({ clock, len });
  }
  return merged;
}

/** The path of a type in the document: its root's name, then each key or element id down to it. */
export function typePath(type: Y.AbstractType<unknown>): string[] {
  const path: string[] = [];
  for (let current: Y.AbstractType<unknown> | null = type; current; ) {
    const holder: Y.Item | null = current._item;
    if (!holder) {
      path.unshift(Y.findRootTypeKey(current));
      break;
    }
    path.unshift(holder.parentSub ?? elementSegment(holder.id));
    current = holder.parent as Y.AbstractType<unknown> | null;
  }
  return path;
}

/** Whether `path` starts with `prefix`. */
export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}
