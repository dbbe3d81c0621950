/**
 * The traffic of a workshop: PEOPLE participants (commenter link, each with their own participant
 * secret) and a facilitator on one map, everyone's pointer moving (awareness, 20 Hz as the web app
 * sends it) while each participant rates every work action and adds idea cards. A raw observer on
 * the map's and the review's sockets counts what the server sends one client.
 *
 * Ratings are written as the review document's contract has them, one entry per work action and
 * participant (`ratings/<wa>/<participant>`), so concurrent raters never touch the same key. Two
 * session sizes run side by side on the same server, half the people and all of them, to show
 * how the traffic grows with the room.
 *
 *   pnpm bench:workshop                 (needs `pnpm build`)
 *   PEOPLE=12 SECONDS=20 pnpm bench:workshop
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newParticipantSecret, participantIdOf } from '@qms/protocol';
import { createServer, testConfig } from '@qms/server';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const PEOPLE = Number(process.env.PEOPLE ?? 12);
const SECONDS = Number(process.env.SECONDS ?? 20);
const POINTER_HZ = 20;
const CARDS_EACH = 3;

const dataDir = await mkdtemp(join(tmpdir(), 'qms-bench-workshop-'));
const server = await createServer(testConfig({ dataDir, localTrust: false, messagesPerSecond: 1000 }));
const url = await server.listen();
const syncUrl = `${url.replace('http', 'ws')}/sync`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newMap() {
  const response = await fetch(`${url}/api/maps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template: 'hairdresser' }) });
  if (!response.ok) throw new Error(`POST /api/maps: ${response.status} ${await response.text()}`);
  const map = (await response.json()) as { id: string; tokens: Record<string, string> };
  const workActions = await server.rooms.with(map.id, (room) =>
    [...room.doc.getMap('nodes').entries()].filter(([, node]) => (node as Y.Map<unknown>).get('kind') === 'workAction').map(([id]) => id),
  );
  return { ...map, workActions };
}

/** A client of one document: the stock provider, as any y-websocket client would connect. */
function connect(room: string, doc: Y.Doc, params: Record<string, string>) {
  const provider = new WebsocketProvider(syncUrl, room, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, params });
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  return { provider, synced };
}

/** Counts what the server sends one listening client, by message type (0 sync/update, 1 awareness). */
function observe(room: string, token: string) {
  const socket = new WebSocket(`${syncUrl}/${room}?token=${encodeURIComponent(token)}`);
  const counts = { update: 0, updateMessages: 0, awareness: 0, awarenessMessages: 0, updateSizes: [] as number[] };
  socket.on('message', (data: Buffer) => {
    if (data[0] === 1) {
      counts.awareness += data.byteLength;
      counts.awarenessMessages++;
    } else if (data[0] === 0) {
      counts.update += data.byteLength;
      counts.updateMessages++;
      counts.updateSizes.push(data.byteLength);
    }
  });
  const open = new Promise((resolve) => socket.once('open', resolve));
  return { socket, counts, open };
}

async function session(size: number) {
  const map = await newMap();
  const facilitatorMap = new Y.Doc();
  const facilitatorReview = new Y.Doc();
  const facilitator = [connect(map.id, facilitatorMap, { token: map.tokens.owner! }), connect(`${map.id}/review`, facilitatorReview, { token: map.tokens.owner! })];
  const people = Array.from({ length: size }, (_, i) => {
    const secret = newParticipantSecret();
    const mapDoc = new Y.Doc();
    const review = new Y.Doc();
    const params = { token: map.tokens.commenter!, participant: secret };
    return { name: `Participant ${i + 1}`, id: participantIdOf(secret), mapDoc, review, links: [connect(map.id, mapDoc, params), connect(`${map.id}/review`, review, params)] };
  });
  await Promise.all([...facilitator, ...people.flatMap((p) => p.links)].map((link) => link.synced));
  const mapWatch = observe(map.id, map.tokens.viewer!);
  const reviewWatch = observe(`${map.id}/review`, map.tokens.viewer!);
  await Promise.all([mapWatch.open, reviewWatch.open]);
  await sleep(300);
  for (const counts of [mapWatch.counts, reviewWatch.counts]) Object.assign(counts, { update: 0, updateMessages: 0, awareness: 0, awarenessMessages: 0, updateSizes: [] });

  const started = Date.now();
  const end = started + SECONDS * 1000;
  // Everyone's pointer, as the web app's presence sends it.
  const pointers = setInterval(() => {
    const t = Date.now() - started;
    for (const [i, person] of people.entries()) {
      person.links[0]!.provider.awareness.setLocalStateField('pointer', { x: 200 + ((t / 7 + i * 40) % 800), y: 100 + ((t / 11 + i * 30) % 500) });
    }
  }, 1000 / POINTER_HZ);
  for (const person of people) person.links[0]!.provider.awareness.setLocalStateField('user', { name: person.name, color: '#1f4e79' });

  // Each participant works through the work actions at their own pace, so raters overlap.
  const perRating = (SECONDS * 1000 * 0.8) / map.workActions.length;
  const raters = people.map(async (person, i) => {
    await sleep(i * 37);
    for (const card of Array.from({ length: CARDS_EACH }, (_, n) => n)) {
      const id = `${person.id.slice(0, 8)}-${card}`;
      person.review.getMap('ideas').set(id, { id, text: `Idea ${card + 1} of ${person.name}`, author: person.id, authorName: person.name, createdAt: Date.now(), status: 'open' });
    }
    for (const [n, workAction] of map.workActions.entries()) {
      if (Date.now() > end) break;
      const rating = { criticality: 1 + ((n + i) % 5), frequency: 1 + ((n * 3 + i) % 5), difficulty: 1 + ((n * 7 + i) % 5), trainingNeed: (['school', 'workplace', 'both', 'none'] as const)[(n + i) % 4] };
      person.review.getMap('ratings').set(`${workAction}/${person.id}`, rating);
      await sleep(perRating * (0.6 + ((n * 13 + i * 7) % 10) / 12.5));
    }
  });
  await Promise.all(raters);
  clearInterval(pointers);
  const elapsed = (Date.now() - started) / 1000;
  await sleep(1500); // let the last updates reach everyone

  const expected = size * map.workActions.length;
  const kept = facilitatorReview.getMap('ratings').size;
  const converged = people.every((p) => Y.encodeStateVector(p.review).toString() === Y.encodeStateVector(facilitatorReview).toString());
  const reviewBytes = Y.encodeStateAsUpdate(facilitatorReview).byteLength;

  for (const link of [...facilitator, ...people.flatMap((p) => p.links)]) link.provider.destroy();
  mapWatch.socket.close();
  reviewWatch.socket.close();
  return {
    people: size,
    elapsed,
    workActions: map.workActions.length,
    expected,
    kept,
    converged,
    reviewBytes,
    awarenessPerSecond: mapWatch.counts.awareness / elapsed,
    awarenessMessagesPerSecond: mapWatch.counts.awarenessMessages / elapsed,
    updatesPerSecond: reviewWatch.counts.update / elapsed,
    updateMessagesPerSecond: reviewWatch.counts.updateMessages / elapsed,
    medianUpdate: median(reviewWatch.counts.updateSizes),
  };
}

console.log(`Workshop: a facilitator and participants, ${SECONDS} s of rating with every pointer moving (${POINTER_HZ} Hz), ${CARDS_EACH} idea cards each\n`);
const sizes = [Math.max(1, Math.round(PEOPLE / 2)), PEOPLE];
const results = [];
for (const size of sizes) {
  process.stderr.write(`  running the session of ${size}…\n`);
  results.push(await session(size));
}
const [half, full] = results as [Awaited<ReturnType<typeof session>>, Awaited<ReturnType<typeof session>>];
console.log(`Work actions rated: ${full.workActions} by each participant.\n`);
console.log(`What one listening client receives             ${`${half.people} people`.padStart(10)} ${`${full.people} people`.padStart(10)}`);
const row = (label: string, a: string, b: string) => console.log(`${label.padEnd(46)} ${a.padStart(10)} ${b.padStart(10)}`);
row('awareness (map socket), KiB/s', kib(half.awarenessPerSecond), kib(full.awarenessPerSecond));
row('awareness messages/s', half.awarenessMessagesPerSecond.toFixed(0), full.awarenessMessagesPerSecond.toFixed(0));
row('ratings and cards (review socket), KiB/s', kib(half.updatesPerSecond), kib(full.updatesPerSecond));
row('update messages/s', half.updateMessagesPerSecond.toFixed(1), full.updateMessagesPerSecond.toFixed(1));
row('median update message, bytes', String(half.medianUpdate), String(full.medianUpdate));
row('review document at the end, KiB', kib(half.reviewBytes), kib(full.reviewBytes));
row('ratings kept / given', `${half.kept}/${half.expected}`, `${full.kept}/${full.expected}`);
row('every client converged', String(half.converged), String(full.converged));
console.log(
  `\nRatio ${full.people} / ${half.people} people: awareness ${(full.awarenessPerSecond / Math.max(1e-9, half.awarenessPerSecond)).toFixed(1)}×, ` +
    `rating traffic ${(full.updatesPerSecond / Math.max(1e-9, half.updatesPerSecond)).toFixed(1)}×; with ${full.people}, awareness is ` +
    `${(full.awarenessPerSecond / Math.max(1e-9, full.updatesPerSecond)).toFixed(0)}× the rating traffic.`,
);
if (!full.converged || full.kept !== full.expected) process.exitCode = 1;

await server.close();
await rm(dataDir, { recursive: true, force: true });
// The stock providers' reconnect timers would keep the process alive after the server is gone.
process.exit();
