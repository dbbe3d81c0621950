import { graphOf, institutionName as displayName, institutionKey, roundStatus, type Institution, type MapSnapshot } from '@qms/model';
import {
  DocumentKind,
  MOBILITY_LIMITS,
  documentId,
  type AddLearnerRequest,
  type CreateMobilityRequest,
  type Learner,
  type LearnerResult,
  type Mobility,
  type MobilityPartner,
  type MobilitySummary,
  type MobilityWorkspace,
  type Recognition,
  type UpdateMobilityRequest,
} from '@qms/protocol';
import type { MobilityAgreementInfo } from '@qms/interchange';
import { SerialQueues, type MobilityStore } from '@qms/storage';
import { newPublicId } from './access.js';
import type { Maps } from './maps.js';
import type { Rooms } from './rooms/rooms.js';

/**
 * The mobility workspace of each map: mobilities between partner institutions, their learners,
 * results and recognition. Personal data: it lives in its own store (`MobilityStore`), never in
 * the map's documents, and nothing here logs a learner's details. Every change of one map's
 * workspace is a read-modify-write of the whole workspace, one at a time per map.
 *
 * A mobility that is not a draft may only name units that every partner it names (home, host)
 * agreed in a closed review round (the map's review document): for each partner, its latest
 * decision on the unit in a closed round is "agreed" and not stale (the unit has not changed
 * since, in the language it was agreed in).
 */

export class MobilityError extends Error {
  constructor(
    readonly status: 404 | 422 | 400,
    message: string,
  ) {
    super(message);
  }
}

/** A partner of a mobility as the map knows it. */
export interface ResolvedPartner {
  role: 'home' | 'host';
  /** The map's institution, when the mobility names one by id. */
  institution: Institution | null;
  name: string;
  country: string;
  /** What its sign-offs may carry as `institution`: its names (any language) and its id, as institutionKey. */
  keys: ReadonlySet<string>;
}

/** An agreement recorded in a closed round: for the MoU's annex (as the documents take it). */
export type UnitAgreement = MobilityAgreementInfo;

export interface MobilityContext {
  snapshot: MapSnapshot;
  mobility: Mobility;
  home: ResolvedPartner;
  host: ResolvedPartner;
  agreements: UnitAgreement[];
}

const newId = () => newPublicId(9);
const empty = (): MobilityWorkspace => ({ version: 1, mobilities: [] });

/** Personal texts of a learner: what an erasure must leave nowhere. */
function personalTexts(learner: Learner): string[] {
  return [learner.name, learner.email ?? '', learner.dateOfBirth ?? ''].filter((text) => text.length > 0);
}

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkDate(value: string | undefined, field: string): void {
  if (value !== undefined && !validDate(value)) throw new MobilityError(400, `${field}: give a date as YYYY-MM-DD (e.g. 2027-03-15).`);
}

export function summaryOf(mobility: Mobility): MobilitySummary {
  const { learners, ...rest } = mobility;
  return { ...rest, learners: learners.length };
}

export class Mobilities {
  readonly #store: MobilityStore;
  readonly #maps: Maps;
  readonly #rooms: Rooms;
  readonly #queues = new SerialQueues();

  constructor(store: MobilityStore, maps: Maps, rooms: Rooms) {
    this.#store = store;
    this.#maps = maps;
    this.#rooms = rooms;
  }

  async list(mapId: string): Promise<MobilitySummary[]> {
    const workspace = (await this.#store.read(mapId)) ?? empty();
    return workspace.mobilities.map(summaryOf);
  }

  async get(mapId: string, mobilityId: string): Promise<Mobility> {
    const workspace = (await this.#store.read(mapId)) ?? empty();
    return findMobility(workspace, mobilityId);
  }

  async create(mapId: string, request: CreateMobilityRequest): Promise<Mobility> {
    const snapshot = await this.#snapshot(mapId);
    const now = Date.now();
    const mobility: Mobility = {
      id: newId(),
      title: request.title.trim(),
      home: tidyPartner(request.home),
      host: tidyPartner(request.host),
      start: request.start,
      end: request.end,
      units: [...new Set(request.units)],
      draft: request.draft === true,
      createdAt: now,
      updatedAt: now,
      learners: [],
    };
    return this.#change(mapId, async (workspace) => {
      await this.#check(mapId, snapshot, mobility);
      if (workspace.mobilities.length >= MOBILITY_LIMITS.mobilities) throw new MobilityError(422, `A map holds at most ${MOBILITY_LIMITS.mobilities} mobilities; delete finished ones first.`);
      workspace.mobilities.push(mobility);
      return mobility;
    });
  }

  async update(mapId: string, mobilityId: string, patch: UpdateMobilityRequest): Promise<Mobility> {
    const snapshot = await this.#snapshot(mapId);
    return this.#change(mapId, async (workspace) => {
      const stored = findMobility(workspace, mobilityId);
      const updated = applyPatch(stored, patch);
      await this.#check(mapId, snapshot, updated);
      Object.assign(stored, updated, { updatedAt: Date.now() });
      return stored;
    });
  }

  async remove(mapId: string, mobilityId: string): Promise<void> {
    let erased: string[] = [];
    await this.#change(
      mapId,
      (workspace) => {
        const mobility = findMobility(workspace, mobilityId);
        erased = mobility.learners.flatMap(personalTexts);
        workspace.mobilities = workspace.mobilities.filter((m) => m.id !== mobilityId);
      },
      () => erased,
    );
  }

  async addLearner(mapId: string, mobilityId: string, request: AddLearnerRequest): Promise<Learner> {
    checkDate(request.dateOfBirth, 'dateOfBirth');
    const name = request.name.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!name) throw new MobilityError(400, 'name: give the learner’s name.');
    const email = request.email?.trim();
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new MobilityError(400, 'email: this is not an e-mail address.');
    return this.#change(mapId, (workspace) => {
      const mobility = findMobility(workspace, mobilityId);
      if (mobility.learners.length >= MOBILITY_LIMITS.learners) throw new MobilityError(422, `A mobility holds at most ${MOBILITY_LIMITS.learners} learners.`);
      const learner: Learner = {
        id: newId(),
        name,
        ...(request.dateOfBirth ? { dateOfBirth: request.dateOfBirth } : {}),
        ...(email ? { email } : {}),
        results: [],
        createdAt: Date.now(),
      };
      mobility.learners.push(learner);
      mobility.updatedAt = Date.now();
      return learner;
    });
  }

  async learner(mapId: string, mobilityId: string, learnerId: string): Promise<{ mobility: Mobility; learner: Learner }> {
    const mobility = await this.get(mapId, mobilityId);
    return { mobility, learner: findLearner(mobility, learnerId) };
  }

  /** Erases the learner for good: the stored workspace is rewritten without them, and the store purges every other trace. */
  async eraseLearner(mapId: string, mobilityId: string, learnerId: string): Promise<void> {
    let erased: string[] = [];
    await this.#change(
      mapId,
      (workspace) => {
        const mobility = findMobility(workspace, mobilityId);
        const learner = findLearner(mobility, learnerId);
        erased = personalTexts(learner);
        mobility.learners = mobility.learners.filter((l) => l.id !== learnerId);
        mobility.updatedAt = Date.now();
      },
      () => erased,
    );
  }

  async setResults(mapId: string, mobilityId: string, learnerId: string, results: readonly LearnerResult[]): Promise<Learner> {
    const snapshot = await this.#snapshot(mapId);
    for (const [i, result] of results.entries()) checkDate(result.date, `results[${i}].date`);
    return this.#change(mapId, (workspace) => {
      const mobility = findMobility(workspace, mobilityId);
      const learner = findLearner(mobility, learnerId);
      checkResults(snapshot, mobility, results);
      learner.results = results.map((r) => ({
        unit: r.unit,
        ...(r.outcome ? { outcome: r.outcome } : {}),
        result: r.result,
        assessor: r.assessor.trim(),
        date: r.date,
        ...(r.evidence?.trim() ? { evidence: r.evidence.trim() } : {}),
      }));
      mobility.updatedAt = Date.now();
      return learner;
    });
  }

  async setRecognition(mapId: string, mobilityId: string, learnerId: string, recognition: Recognition): Promise<Learner> {
    checkDate(recognition.date, 'date');
    return this.#change(mapId, (workspace) => {
      const mobility = findMobility(workspace, mobilityId);
      const learner = findLearner(mobility, learnerId);
      learner.recognition = { decision: recognition.decision, by: recognition.by.trim(), date: recognition.date, points: recognition.points };
      mobility.updatedAt = Date.now();
      return learner;
    });
  }

  /** The map was deleted: its workspace goes with it. */
  removeMap(mapId: string): Promise<void> {
    return this.#queues.run(mapId, () => this.#store.remove(mapId));
  }

  /** What the documents need: the live map, the mobility, its partners and the agreements on its units. */
  async context(mapId: string, mobilityId: string): Promise<MobilityContext> {
    const snapshot = await this.#snapshot(mapId);
    const mobility = await this.get(mapId, mobilityId);
    const home = resolvePartner(snapshot, mobility.home, 'home');
    const host = resolvePartner(snapshot, mobility.host, 'host');
    const { agreements } = await this.#agreements(mapId, snapshot, mobility.units, [home, host]);
    return { snapshot, mobility, home, host, agreements };
  }

  async #snapshot(mapId: string): Promise<MapSnapshot> {
    const snapshot = await this.#maps.snapshot(mapId);
    if (!snapshot) throw new MobilityError(404, `There is no map "${mapId.slice(0, 80)}".`);
    return snapshot;
  }

  /** Units exist and are units; partners exist and differ; dates in order; not a draft: every unit agreed. */
  async #check(mapId: string, snapshot: MapSnapshot, mobility: Mobility): Promise<void> {
    if (!mobility.title) throw new MobilityError(400, 'title: give the mobility a title.');
    checkDate(mobility.start, 'start');
    checkDate(mobility.end, 'end');
    if (mobility.end < mobility.start) throw new MobilityError(400, `end: the mobility ends (${mobility.end}) before it starts (${mobility.start}).`);
    const nodes = new Map(snapshot.nodes.map((node) => [node.id, node]));
    const unknown = mobility.units.filter((id) => nodes.get(id)?.kind !== 'unit');
    if (unknown.length > 0) {
      throw new MobilityError(422, `These are not units of this map: ${unknown.map((id) => `"${id.slice(0, 64)}"`).join(', ')}. Name units by their node ids.`);
    }
    if (mobility.units.length === 0 && !mobility.draft) throw new MobilityError(422, 'Name the units to be achieved abroad (or save the mobility as a draft: "draft": true).');
    const home = resolvePartner(snapshot, mobility.home, 'home');
    const host = resolvePartner(snapshot, mobility.host, 'host');
    if ([...home.keys].some((key) => host.keys.has(key))) throw new MobilityError(422, `The home and the host institution are the same (${home.name}).`);
    if (mobility.draft) return;
    const { missing } = await this.#agreements(mapId, snapshot, mobility.units, [home, host]);
    if (missing.length === 0) return;
    const lines = missing.map(({ unitId, partners }) => {
      const node = nodes.get(unitId)!;
      return `${node.code || unitId} (${node.title.slice(0, 80)}): not agreed by ${partners.join(' and ')}`;
    });
    throw new MobilityError(
      422,
      `These units are not agreed by every partner in a closed review round: ${lines.join('; ')}. Open a review round on them, let ${home.name} and ${host.name} sign off, and close it — or save the mobility as a draft ("draft": true).`,
    );
  }

  /** Per unit, the partners without a current agreement in a closed round; and the agreements there are. */
  async #agreements(
    mapId: string,
    snapshot: MapSnapshot,
    unitIds: readonly string[],
    partners: readonly ResolvedPartner[],
  ): Promise<{ missing: { unitId: string; partners: string[] }[]; agreements: UnitAgreement[] }> {
    const rounds = await this.#rooms.with(documentId(mapId, DocumentKind.Review), (room) => roundStatus(room.doc, snapshot));
    const closed = rounds.filter((round) => !round.open);
    const missing: { unitId: string; partners: string[] }[] = [];
    const agreements: UnitAgreement[] = [];
    for (const unitId of unitIds) {
      const lacking: string[] = [];
      for (const partner of partners) {
        // The partner's latest decision on this unit in any closed round.
        let latest: { status: string; stale: boolean; by: string; at: number; language: string; roundTitle: string } | null = null;
        for (const round of closed) {
          const unit = round.units.find((u) => u.unitId === unitId);
          for (const decision of unit?.decisions ?? []) {
            if (!partner.keys.has(institutionKey(decision.institution))) continue;
            if (!latest || decision.at > latest.at) {
              latest = { status: decision.status, stale: decision.stale, by: decision.by.name, at: decision.at, language: decision.language ?? snapshot.meta.language, roundTitle: round.title };
            }
          }
        }
        if (latest && latest.status === 'agreed' && !latest.stale) {
          agreements.push({ unitId, role: partner.role, partner: partner.name, by: latest.by, at: latest.at, language: latest.language, roundTitle: latest.roundTitle });
        } else {
          lacking.push(partner.name);
        }
      }
      if (lacking.length > 0) missing.push({ unitId, partners: lacking });
    }
    return { missing, agreements };
  }

  /**
   * A read-modify-write of the map's workspace, one at a time per map. `fn` may throw a
   * MobilityError: nothing is written then. `erased` names the texts the write takes out.
   */
  #change<T>(mapId: string, fn: (workspace: MobilityWorkspace) => T | Promise<T>, erased?: () => readonly string[]): Promise<T> {
    return this.#queues.run(mapId, async () => {
      // A map deleted meanwhile gets no workspace again.
      if (!(await this.#maps.get(mapId))) throw new MobilityError(404, `There is no map "${mapId.slice(0, 80)}".`);
      const workspace = (await this.#store.read(mapId)) ?? empty();
      const result = await fn(workspace);
      const texts = erased?.() ?? [];
      await this.#store.write(mapId, workspace, texts.length > 0 ? { erased: texts } : {});
      return result;
    });
  }

}

function tidyPartner(partner: MobilityPartner): MobilityPartner {
  return typeof partner === 'string' ? partner : { name: partner.name.replace(/\s+/g, ' ').trim(), country: partner.country.trim().toUpperCase() };
}

function applyPatch(mobility: Mobility, patch: UpdateMobilityRequest): Mobility {
  return {
    ...mobility,
    ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
    ...(patch.home !== undefined ? { home: tidyPartner(patch.home) } : {}),
    ...(patch.host !== undefined ? { host: tidyPartner(patch.host) } : {}),
    ...(patch.start !== undefined ? { start: patch.start } : {}),
    ...(patch.end !== undefined ? { end: patch.end } : {}),
    ...(patch.units !== undefined ? { units: [...new Set(patch.units)] } : {}),
    ...(patch.draft !== undefined ? { draft: patch.draft } : {}),
    learners: mobility.learners,
  };
}

export function resolvePartner(snapshot: MapSnapshot, partner: MobilityPartner, role: 'home' | 'host'): ResolvedPartner {
  if (typeof partner === 'string') {
    const institution = (snapshot.meta.institutions ?? []).find((i) => i.id === partner);
    if (!institution) {
      throw new MobilityError(422, `${role}: this map has no partner institution "${partner.slice(0, 64)}". Name one of its institutions by id, or give { "name", "country" }.`);
    }
    const keys = new Set([institutionKey(institution.id), ...Object.values(institution.name).map(institutionKey)]);
    return { role, institution, name: displayName(institution, snapshot.meta.language), country: institution.country, keys };
  }
  if (!/^[A-Z]{2}$/.test(partner.country)) throw new MobilityError(400, `${role}.country: give the country as its two-letter code (LT, IT, UZ…).`);
  if (!partner.name) throw new MobilityError(400, `${role}.name: give the institution’s name.`);
  return { role, institution: null, name: partner.name, country: partner.country, keys: new Set([institutionKey(partner.name)]) };
}

function findMobility(workspace: MobilityWorkspace, mobilityId: string): Mobility {
  const mobility = workspace.mobilities.find((m) => m.id === mobilityId);
  if (!mobility) throw new MobilityError(404, `This map has no mobility "${mobilityId.slice(0, 64)}".`);
  return mobility;
}

function findLearner(mobility: Mobility, learnerId: string): Learner {
  const learner = mobility.learners.find((l) => l.id === learnerId);
  if (!learner) throw new MobilityError(404, `This mobility has no learner "${learnerId.slice(0, 64)}".`);
  return learner;
}

/** Each result names a unit of the mobility and, if any, one of that unit's outcomes. */
function checkResults(snapshot: MapSnapshot, mobility: Mobility, results: readonly LearnerResult[]): void {
  const graph = graphOf(snapshot);
  const unitOf = graph.unitMembership();
  const problems: string[] = [];
  for (const [i, result] of results.entries()) {
    if (!mobility.units.includes(result.unit)) problems.push(`results[${i}].unit "${result.unit.slice(0, 64)}" is not a unit of this mobility`);
    else if (result.outcome !== undefined && unitOf.get(result.outcome) !== result.unit) {
      problems.push(`results[${i}].outcome "${result.outcome.slice(0, 64)}" is not a learning outcome of that unit`);
    }
  }
  if (problems.length > 0) throw new MobilityError(422, `${problems.join('; ')}.`);
}
