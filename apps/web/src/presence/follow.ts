import type { Person } from '../sync/presence';

/** The newest "bring everyone here" among these people: summons older than this are not followed. */
export function latestSummon(people: readonly Person[]): number {
  return Math.max(0, ...people.map((person) => person.summon ?? 0));
}

/**
 * The people whose summon is newer than `since`, in the order met, each newer than the one before
 * (so the last one listed is the one to follow), and the newest time seen. This person's own
 * summon is never followed.
 */
export function newSummons(people: readonly Person[], since: number): { summoners: Person[]; latest: number } {
  let latest = since;
  const summoners: Person[] = [];
  for (const person of people) {
    if (person.me || !person.summon || person.summon <= latest) continue;
    latest = person.summon;
    summoners.push(person);
  }
  return { summoners, latest };
}
