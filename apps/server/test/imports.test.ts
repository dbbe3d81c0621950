import { PassThrough } from 'node:stream';
import { addNode, snapshotOf } from '@qms/model';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportRunner } from '../src/imports.js';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';
import { zipBomb } from '@qms/interchange/testing';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(overrides: Parameters<typeof start>[1] = {}) {
  const tmp = await tempDir();
  cleanups.push(tmp.remove);
  let log = '';
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const running = await start(tmp.dir, { logLevel: 'info', ...overrides }, { logStream });
  cleanups.push(running.close);
  return { running, log: () => log };
}

/** Our spreadsheet layout with `rows` rows: a qualification, key and main functions, work actions, outcomes covering them. */
function bigCsv(rows: number): string {
  const lines = ['Id,Kind,Code,Title,Parent,Unit,Covers', 'q,qualification,Q 1,Hairdresser,,,'];
  for (let k = 1; k <= 10; k++) lines.push(`kf${k},keyFunction,KF ${k},Provide service ${k},Q 1,,`);
  let m = 0;
  let w = 0;
  let o = 0;
  while (lines.length <= rows) {
    m++;
    lines.push(`mf${m},mainFunction,MF ${m},Carry out function ${m},KF ${1 + (m % 10)},,`);
    for (let i = 0; i < 4 && lines.length <= rows; i++) {
      w++;
      lines.push(`wa${w},workAction,WA ${w},"Cut hair, style ${w}",MF ${m},,`);
      o++;
      if (lines.length <= rows) lines.push(`lo${o},learningOutcome,LO ${o},Explain technique ${o},,,WA ${w}`);
    }
  }
  return lines.join('\r\n');
}

/** A CASE package whose items form one isChildOf chain `depth` deep. */
function chainCase(depth: number): string {
  const when = '2026-01-01T00:00:00+00:00';
  const document = { identifier: 'doc-chain', uri: 'https://example.org/doc-chain', creator: 'Test', title: 'Deep chain', lastChangeDateTime: when };
  const items = Array.from({ length: depth }, (_, i) => ({ identifier: `item-${i}`, uri: `https://example.org/item-${i}`, fullStatement: `Level ${i}`, humanCodingScheme: `C ${i}`, lastChangeDateTime: when }));
  const associations = items.map((item, i) => {
    const parent = i === 0 ? document : items[i - 1]!;
    return {
      identifier: `assoc-${i}`,
      uri: `https://example.org/assoc-${i}`,
      associationType: 'isChildOf',
      originNodeURI: { identifier: item.identifier, uri: item.uri, title: item.fullStatement },
      destinationNodeURI: { identifier: parent.identifier, uri: parent.uri, title: 'parent' },
      lastChangeDateTime: when,
    };
  });
  return JSON.stringify({ CFDocument: document, CFItems: items, CFAssociations: associations });
}

function upload(url: string, format: string, body: string | Uint8Array) {
  return fetch(`${url}/api/maps/import?format=${format}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: typeof body === 'string' ? body : Buffer.from(body) });
}

async function mapCount(running: Running): Promise<number> {
  return (await api(running.url, '/api/maps')).body.maps.length as number;
}

describe('imports run off the event loop', () => {
  it('lets another map be edited while a large import is still running, then creates the imported map', async () => {
    const { running, log } = await server();
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Workshop' } })).body.id as string;
    const anna = connect(running.wsUrl, id);
    const boris = connect(running.wsUrl, id);
    cleanups.push(anna.destroy, boris.destroy);
    await Promise.all([synced(anna.provider), synced(boris.provider)]);

    let finished = false;
    const importing = upload(running.url, 'csv', bigCsv(10_000)).then(async (response) => {
      finished = true;
      return { status: response.status, body: (await response.json()) as { id?: string; warnings?: string[] } };
    });
    const imports = (running.server.app as unknown as { imports: ImportRunner }).imports;
    await eventually(() => expect(imports.running).toBe(1), 60_000);
    expect(log()).toContain('import started');

    // An edit on the other map goes through the server to the other browser…
    addNode(anna.doc, { kind: 'unit', title: 'Edited during the import', position: { x: 0, y: 0 } });
    await eventually(() => expect(snapshotOf(boris.doc).nodes.map((n) => n.title)).toContain('Edited during the import'));
    // …while the import is still being worked on, in its worker.
    expect(imports.running).toBe(1);
    expect(finished).toBe(false);

    const result = await importing;
    expect(result.status).toBe(201);
    expect(await mapCount(running)).toBe(2);
  }, 180_000);

  it('imports a CASE package whose isChildOf chain is 2,000 items deep, laid out parent above child', async () => {
    const { running } = await server();
    const response = await upload(running.url, 'case', chainCase(2000));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const client = connect(running.wsUrl, id);
    cleanups.push(client.destroy);
    await synced(client.provider);
    const snapshot = snapshotOf(client.doc);
    expect(snapshot.nodes).toHaveLength(2001);
    const y = new Map(snapshot.nodes.map((n) => [n.id, n.position.y]));
    const childOf = snapshot.edges.filter((e) => e.kind === 'childOf');
    expect(childOf).toHaveLength(2000);
    for (const edge of childOf) expect(y.get(edge.target)!).toBeLessThan(y.get(edge.source)!);
  }, 120_000);
});

describe('imports are bounded', () => {
  it('refuses an xlsx zip bomb from its zip directory, before inflating it: 413, nothing created', async () => {
    const { running } = await server();
    const bomb = zipBomb(1000); // 1 GiB of sheet in about 1 MiB
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const response = await upload(running.url, 'xlsx', bomb);
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: string; message: string };
    expect(body).toEqual({ error: 'payload-too-large', message: expect.stringMatching(/zip bomb/) });
    expect(await mapCount(running)).toBe(0);
  }, 120_000);

  it('refuses a zip bomb whose directory lies about its size, as soon as inflating passes the stated size', async () => {
    const { running } = await server();
    const response = await upload(running.url, 'xlsx', zipBomb(1000, { lie: true }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'payload-too-large', message: expect.stringMatching(/inflates to more than the 4,096 bytes its zip directory states/) });
    expect(await mapCount(running)).toBe(0);
  }, 120_000);

  it('refuses more items than an import may create (413), an import over its time (422) or memory (413) budget', async () => {
    const few = await server({ importMaxItems: 100 });
    const tooMany = await upload(few.running.url, 'csv', bigCsv(200));
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toEqual({ error: 'payload-too-large', message: expect.stringMatching(/holds 200 items; .* at most 100/) });

    const hurried = await server({ importTimeoutMs: 1 });
    const late = await upload(hurried.running.url, 'csv', bigCsv(200));
    expect(late.status).toBe(422);
    expect(await late.json()).toEqual({ error: 'invalid-file', message: expect.stringMatching(/took longer than/) });

    const starved = await server({ importMemoryMb: 8 });
    const big = await upload(starved.running.url, 'csv', bigCsv(20_000));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'payload-too-large', message: expect.stringMatching(/needs more than the 8 MiB an import may use/) });
    for (const { running } of [few, hurried, starved]) expect(await mapCount(running)).toBe(0);
  }, 180_000);
});
