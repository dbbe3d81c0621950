import { existsSync, readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { setNodeTitle } from '@qms/model';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

/** The official CASE schemas and real files, beside the project (absent in some clones: those tests are skipped). */
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/case/', import.meta.url));
const hasFixtures = existsSync(FIXTURES);
if (!hasFixtures) console.warn(`\n⚠ ${FIXTURES} is absent: the CASE provider's answers are not checked against the official schemas.\n`);
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

async function server(): Promise<Running> {
  const tmp = await tempDir('qms-case-provider-');
  const running = await start(tmp.dir, { localTrust: false });
  cleanups.push(tmp.remove, running.close);
  return running;
}

async function newMap(running: Running, title = 'Hairdresser'): Promise<{ id: string; tokens: Tokens }> {
  const { status, body } = await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser', title } });
  expect(status).toBe(201);
  return body;
}

async function importFixture(running: Running, name: string): Promise<{ id: string; tokens: Tokens }> {
  const response = await fetch(`${running.url}/api/maps/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture(name) });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; tokens: Tokens };
}

const publish = (running: Running, id: string, token: string | undefined, body: unknown) => api(running.url, `/api/maps/${id}/publication`, { method: 'PUT', body, ...(token ? { token } : {}) });

/** A GET of the provider, as a CASE consumer makes it (no token). */
async function read(running: Running, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${running.url}/ims/case/${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : undefined };
}

/**
 * Validators of the official schemas: the package, and (for the service's other answers) the
 * definitions of a document, an item and an association inside it, and the CFDocuments envelope.
 */
type Validators = Record<'package' | 'document' | 'item' | 'association' | 'documents', ValidateFunction>;
function validators(): Record<'1.0' | '1.1', Validators> {
  const v10 = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(v10);
  v10.addSchema({ ...JSON.parse(fixture('case-v1p0-cfpackage-schema.json')), $id: 'case10' });
  const v11 = new Ajv2019({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2019) => void)(v11);
  v11.addSchema(JSON.parse(fixture('case-v1p1-cfpackage-schema.json')));
  const id11 = 'https://purl.imsglobal.org/spec/case/v1p1/schema/json/case_v1p1_cfpackage-jsonschema1.json';
  const envelope = (ref: string) => ({ type: 'object', required: ['CFDocuments'], additionalProperties: false, properties: { CFDocuments: { type: 'array', items: { $ref: ref } } } });
  return {
    '1.0': {
      package: v10.getSchema('case10')!,
      document: v10.compile({ $ref: 'case10#/definitions/CFPackageDocument' }),
      item: v10.compile({ $ref: 'case10#/definitions/CFPackageItem' }),
      association: v10.compile({ $ref: 'case10#/definitions/CFPackageAssociation' }),
      documents: v10.compile(envelope('case10#/definitions/CFPackageDocument')),
    },
    '1.1': {
      package: v11.getSchema(id11)!,
      document: v11.compile({ $ref: `${id11}#/$defs/CFPckgDocument` }),
      item: v11.compile({ $ref: `${id11}#/$defs/CFPckgItem` }),
      association: v11.compile({ $ref: `${id11}#/$defs/CFPckgAssociation` }),
      documents: v11.compile(envelope(`${id11}#/$defs/CFPckgDocument`)),
    },
  };
}

function valid(validate: ValidateFunction | undefined, value: unknown): void {
  if (!validate) return;
  expect(validate(value), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
}

const NOT_FOUND = { imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'sourcedId', imsx_codeMinorFieldValue: 'unknownobject' }] } };

describe('PUT /api/maps/:id/publication', () => {
  it('is the owner’s: others get 403, no token 401, a bad body 400; GET shows the status to every role', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    for (const role of ['viewer', 'commenter', 'editor'] as const) {
      expect((await api(running.url, `/api/maps/${id}/publication`, { token: tokens[role] })).body).toMatchObject({ status: 'draft', adoptions: [] });
      expect((await publish(running, id, tokens[role], { status: 'adopted' })).status).toBe(403);
    }
    expect((await publish(running, id, undefined, { status: 'adopted' })).status).toBe(401);
    for (const body of [{ status: 'published' }, { status: 'adopted', extra: 1 }, {}, { status: 1 }]) {
      const refused = await publish(running, id, tokens.owner, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid-request');
    }
    const never = await publish(running, id, tokens.owner, { status: 'deprecated' });
    expect(never.status).toBe(422);
    expect(never.body.message).toMatch(/never adopted/);
    expect((await api(running.url, '/api/maps/nope/publication', { method: 'PUT', body: { status: 'adopted' }, token: tokens.owner })).status).toBe(404);
    // nothing changed by any of these
    expect((await api(running.url, `/api/maps/${id}/publication`, { token: tokens.owner })).body).toMatchObject({ status: 'draft', adoptions: [] });
    expect((await api(running.url, `/api/maps/${id}/versions`, { token: tokens.owner })).body.versions).toEqual([]);
  });

  it('adopting freezes a named version, which cannot be deleted while it is published', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    const adopted = await publish(running, id, tokens.owner, { status: 'adopted' });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ status: 'adopted', versionId: expect.any(String), documentIdentifier: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const versions = (await api(running.url, `/api/maps/${id}/versions`, { token: tokens.owner })).body.versions;
    expect(versions).toEqual([expect.objectContaining({ id: adopted.body.versionId, kind: 'named', auto: false, createdBy: 'owner' })]);
    expect((await api(running.url, `/api/maps/${id}`, { token: tokens.viewer })).status).toBe(200);
    expect((await api(running.url, `/api/maps/${id}/publication`, { token: tokens.viewer })).body).toEqual(adopted.body);
    const deleted = await api(running.url, `/api/maps/${id}/versions/${adopted.body.versionId}`, { method: 'DELETE', token: tokens.owner });
    expect(deleted.status).toBe(409);
    expect(deleted.body.message).toMatch(/adopted for publication/);
  });
});

describe('the CASE provider (/ims/case/…)', () => {
  let schemas: ReturnType<typeof validators> | undefined;
  beforeAll(() => {
    schemas = hasFixtures ? validators() : undefined;
  });

  it('sorts, filters and selects fields of the document list before paging (getAllCFDocuments)', async () => {
    const running = await server();
    for (const title of ['Welder', 'Baker', 'Hairdresser']) {
      const map = await newMap(running, title);
      expect((await publish(running, map.id, map.tokens.owner, { status: 'adopted' })).status).toBe(200);
    }
    const titles = async (query: string) => {
      const answer = await read(running, `v1p1/CFDocuments?${query}`);
      expect(answer.status, query).toBe(200);
      return { titles: answer.body.CFDocuments.map((d: { title: string }) => d.title), total: answer.headers.get('x-total-count'), body: answer.body };
    };
    expect((await titles('sort=title')).titles).toEqual(['Baker', 'Hairdresser', 'Welder']);
    expect((await titles('sort=title&orderBy=desc')).titles).toEqual(['Welder', 'Hairdresser', 'Baker']);
    expect(await titles('sort=title&limit=1&offset=1')).toMatchObject({ titles: ['Hairdresser'], total: '3' });
    expect((await titles(`filter=${encodeURIComponent("title~'er'")}&sort=title`)).titles).toEqual(['Baker', 'Hairdresser', 'Welder']);
    expect(await titles(`filter=${encodeURIComponent("title='Baker' OR title='Welder'")}&sort=title`)).toMatchObject({ titles: ['Baker', 'Welder'], total: '2' });
    expect((await titles(`filter=${encodeURIComponent("title~'er' AND adoptionStatus='Adopted' AND title!='Welder'")}&sort=title`)).titles).toEqual(['Baker', 'Hairdresser']);
    const slim = await titles('fields=identifier,title&sort=title');
    expect(slim.body.CFDocuments.map((d: object) => Object.keys(d).sort())).toEqual([['identifier', 'title'], ['identifier', 'title'], ['identifier', 'title']]);
    for (const [query, code] of [
      ['sort=colour', 'invalid_sort_field'],
      ['sort=title&orderBy=up', 'invalid_sort_field'],
      [`filter=${encodeURIComponent("colour='red'")}`, 'invalid_selection_field'],
      [`filter=${encodeURIComponent('title=Baker')}`, 'invalid_selection_field'],
      [`filter=${encodeURIComponent("title='a' AND title='b' OR title='c'")}`, 'invalid_selection_field'],
      ['fields=title,colour', 'invalid_selection_field'],
    ] as const) {
      const refused = await read(running, `v1p0/CFDocuments?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, query).toBe(code);
    }
  });

  it('serves adopted maps only, with the official envelopes, CORS for reads and imsx_StatusInfo 404s', async () => {
    const running = await server();
    const draft = await newMap(running, 'Draft map');
    const published = await newMap(running, 'Published map');
    const draftPublication = await publish(running, draft.id, draft.tokens.owner, { status: 'adopted' });
    await publish(running, draft.id, draft.tokens.owner, { status: 'draft' });
    const { body: adopted } = await publish(running, published.id, published.tokens.owner, { status: 'adopted' });

    for (const [segment, version] of [['v1p0', '1.0'], ['v1p1', '1.1']] as const) {
      const list = await read(running, `${segment}/CFDocuments`, { origin: 'https://consumer.example.org' });
      expect(list.status).toBe(200);
      expect(list.headers.get('access-control-allow-origin')).toBe('*');
      expect(list.headers.get('x-total-count')).toBe('1');
      valid(schemas?.[version].documents, list.body);
      expect(list.body.CFDocuments.map((d: { identifier: string }) => d.identifier)).toEqual([adopted.documentIdentifier]);
      const document = list.body.CFDocuments[0];
      expect(document).toMatchObject({ title: 'Published map', adoptionStatus: 'Adopted', uri: `${running.url}/ims/case/${segment}/CFDocuments/${adopted.documentIdentifier}` });
      if (version === '1.0') expect(document.CFPackageURI).toEqual({ title: 'Published map', identifier: adopted.documentIdentifier, uri: `${running.url}/ims/case/v1p0/CFPackages/${adopted.documentIdentifier}` });

      // the mirror's next step: the package, by the document's identifier
      const pkg = await read(running, `${segment}/CFPackages/${adopted.documentIdentifier}`);
      expect(pkg.status).toBe(200);
      valid(schemas?.[version].package, pkg.body);
      expect(pkg.body.CFItems.length).toBeGreaterThan(10);
      valid(schemas?.[version].document, (await read(running, `${segment}/CFDocuments/${adopted.documentIdentifier}`)).body);

      const item = pkg.body.CFItems[3];
      const one = await read(running, `${segment}/CFItems/${item.identifier}`);
      expect(one.status).toBe(200);
      valid(schemas?.[version].item, one.body);
      expect(one.body).toMatchObject({ identifier: item.identifier, fullStatement: item.fullStatement });
      const association = pkg.body.CFAssociations[0];
      const link = await read(running, `${segment}/CFAssociations/${association.identifier}`);
      valid(schemas?.[version].association, link.body);
      expect(link.body.identifier).toBe(association.identifier);
      const set = await read(running, `${segment}/CFItemAssociations/${item.identifier}`);
      expect(set.status).toBe(200);
      valid(schemas?.[version].item, set.body.CFItem);
      for (const a of set.body.CFAssociations) valid(schemas?.[version].association, a);
      expect(set.body.CFAssociations.length).toBeGreaterThan(0);
      expect(set.body.CFAssociations.every((a: any) => a.originNodeURI.identifier === item.identifier || a.destinationNodeURI.identifier === item.identifier)).toBe(true);

      // unknown ids, and every id of the map that went back to draft (its items' too)
      const draftExport = (await api(running.url, `/api/maps/${draft.id}/export?format=${version === '1.0' ? 'case' : 'case-1.1'}`, { token: draft.tokens.owner })).body;
      const draftItem = draftExport.CFItems[3].identifier as string;
      expect(pkg.body.CFItems.some((i: { identifier: string }) => i.identifier === draftItem)).toBe(false);
      for (const path of [
        `CFItems/${draftItem}`,
        `CFItemAssociations/${draftItem}`,
        `CFAssociations/${draftExport.CFAssociations[0].identifier}`,
        `CFDocuments/${draftPublication.body.documentIdentifier}`,
        `CFPackages/${draftPublication.body.documentIdentifier}`,
        'CFItems/00000000-0000-4000-8000-000000000000',
        'CFAssociations/nothing',
        'CFItemAssociations/nothing',
        'CFNothing/1',
      ]) {
        const missing = await read(running, `${segment}/${path}`);
        expect(missing.status, path).toBe(404);
        expect(missing.body).toMatchObject(NOT_FOUND);
        expect(missing.headers.get('access-control-allow-origin')).toBe('*');
      }
      const badPage = await read(running, `${segment}/CFDocuments?limit=0`);
      expect(badPage.status).toBe(400);
      expect(badPage.body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('invalid_selection_field');
      expect((await read(running, `${segment}/CFDocuments?offset=1`)).body.CFDocuments).toEqual([]);
    }

    // a browser's preflight is answered; nothing else is loosened
    const preflight = await fetch(`${running.url}/ims/case/v1p0/CFDocuments`, { method: 'OPTIONS', headers: { origin: 'https://consumer.example.org', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const foreign = await fetch(`${running.url}/api/maps/${published.id}/publication`, {
      method: 'PUT',
      headers: { origin: 'https://consumer.example.org', 'content-type': 'application/json', authorization: `Bearer ${published.tokens.owner}` },
      body: JSON.stringify({ status: 'draft' }),
    });
    expect(foreign.status).toBe(403);
    const api_ = await fetch(`${running.url}/api/maps/${published.id}/publication`, { headers: { origin: 'https://consumer.example.org', authorization: `Bearer ${published.tokens.owner}` } });
    expect(api_.headers.get('access-control-allow-origin')).toBeNull();
    // a foreign Host (a DNS-rebinding page) is still refused here, as everywhere
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpGet(`${running.url}/ims/case/v1p0/CFDocuments`, { headers: { host: 'evil.example.org' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('serves the frozen version; a new adoption replaces the old one (replacedBy), a deprecated map is still served, a draft is not', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    const first = (await publish(running, id, tokens.owner, { status: 'adopted' })).body;
    const before = (await read(running, `v1p0/CFPackages/${first.documentIdentifier}`)).body;

    // an edit after the adoption is not what is served
    const editor = connect(running.wsUrl, id, new Y.Doc(), tokens.editor);
    cleanups.push(editor.destroy);
    await synced(editor.provider);
    const item = before.CFItems[0];
    const node = [...editor.doc.getMap('nodes').entries()].find(([, n]) => (n as Y.Map<unknown>).get('kind') !== 'qualification' && String((n as Y.Map<unknown>).get('title')) === item.fullStatement)!;
    setNodeTitle(editor.doc, node[0], 'Changed after adoption');
    await eventually(async () => expect(JSON.stringify((await api(running.url, `/api/maps/${id}/export?format=case`, { token: tokens.viewer })).body)).toContain('Changed after adoption'));
    expect((await read(running, `v1p0/CFPackages/${first.documentIdentifier}`)).body).toEqual(before);

    const second = (await publish(running, id, tokens.owner, { status: 'adopted' })).body;
    expect(second.adoptions.map((a: { versionId: string }) => a.versionId)).toEqual([first.versionId, second.versionId]);
    expect(second.documentIdentifier).not.toBe(first.documentIdentifier);
    for (const [segment, version] of [['v1p0', '1.0'], ['v1p1', '1.1']] as const) {
      const list = (await read(running, `${segment}/CFDocuments`)).body.CFDocuments;
      expect(list.map((d: any) => [d.identifier, d.adoptionStatus])).toEqual([
        [first.documentIdentifier, 'Deprecated'],
        [second.documentIdentifier, 'Adopted'],
      ]);
      const old = (await read(running, `${segment}/CFPackages/${first.documentIdentifier}`)).body;
      const current = (await read(running, `${segment}/CFPackages/${second.documentIdentifier}`)).body;
      valid(schemas?.[version].package, old);
      valid(schemas?.[version].package, current);
      const replacedBy = (pkg: any) => pkg.CFAssociations.filter((a: any) => a.associationType === 'replacedBy').map((a: any) => [a.originNodeURI.identifier, a.destinationNodeURI.identifier, a.identifier]);
      expect(replacedBy(old)).toHaveLength(1);
      expect(replacedBy(old)[0].slice(0, 2)).toEqual([first.documentIdentifier, second.documentIdentifier]);
      expect(replacedBy(current)).toEqual(replacedBy(old));
      const association = await read(running, `${segment}/CFAssociations/${replacedBy(old)[0][2]}`);
      expect(association.body.destinationNodeURI.uri).toBe(`${running.url}/ims/case/${segment}/CFDocuments/${second.documentIdentifier}`);
      // the new adoption serves the edit; an item both share answers from the newer one
      expect(current.CFItems.map((i: any) => i.fullStatement)).toContain('Changed after adoption');
      expect((await read(running, `${segment}/CFItems/${item.identifier}`)).body.fullStatement).toBe('Changed after adoption');
    }

    const deprecated = await publish(running, id, tokens.owner, { status: 'deprecated' });
    expect(deprecated.body).toMatchObject({ status: 'deprecated', versionId: second.versionId });
    expect((await read(running, 'v1p0/CFDocuments')).body.CFDocuments.map((d: any) => d.adoptionStatus)).toEqual(['Deprecated', 'Deprecated']);
    expect((await read(running, `v1p0/CFPackages/${second.documentIdentifier}`)).status).toBe(200);

    await publish(running, id, tokens.owner, { status: 'draft' });
    expect((await read(running, 'v1p0/CFDocuments')).body.CFDocuments).toEqual([]);
    for (const doc of [first.documentIdentifier, second.documentIdentifier]) expect((await read(running, `v1p0/CFPackages/${doc}`)).status).toBe(404);
  });

  it.skipIf(!hasFixtures)('serves an imported framework with every association it came with (common-core)', async () => {
    const running = await server();
    const { id, tokens } = await importFixture(running, 'common-core-math-opensalt-export.json');
    const original = JSON.parse(fixture('common-core-math-opensalt-export.json'));
    const { body } = await publish(running, id, tokens.owner, { status: 'adopted' });
    // the imported framework keeps its own identifier
    expect(body.documentIdentifier).toBe(original.CFDocument.identifier);
    const pkg = (await read(running, `v1p0/CFPackages/${original.CFDocument.identifier}`)).body;
    valid(schemas?.['1.0'].package, pkg);
    const types = (list: Array<{ associationType: string }>) => list.map((a) => a.associationType).sort();
    expect(types(pkg.CFAssociations)).toEqual(types(original.CFAssociations));
    const exemplar = original.CFAssociations.find((a: any) => a.associationType === 'exemplar');
    const served = await read(running, `v1p0/CFAssociations/${exemplar.identifier}`);
    expect(served.body.destinationNodeURI).toEqual(exemplar.destinationNodeURI);
  });
});
