import type { CaseLink, CasePackage, CaseVersion } from '@qms/interchange';
import type { AdoptionRecord } from '@qms/storage';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { interchange } from '../interchange.js';
import type { Publications, ServedMap } from '../publication.js';

/**
 * A CASE provider (1EdTech CASE Service 1.0 and 1.1) for the published maps, on the app's own port,
 * without authentication: what OpenSALT's mirror and other CASE consumers read.
 *
 *   GET /ims/case/{v1p0|v1p1}/CFDocuments                 { CFDocuments: [...] }  (?limit=&offset=&sort=&orderBy=&filter=&fields=,
 *                                                          X-Total-Count; case/selection.ts)
 *   GET /ims/case/{v}/CFDocuments/{id}                    the CFDocument
 *   GET /ims/case/{v}/CFPackages/{id}                     the CFPackage of that document
 *   GET /ims/case/{v}/CFItems/{id}                        the CFItem
 *   GET /ims/case/{v}/CFAssociations/{id}                 the CFAssociation
 *   GET /ims/case/{v}/CFItemAssociations/{id}             { CFItem, CFAssociations }
 *   GET /ims/case/{v}/CFItemTypes/{id}, /CFAssociationGroupings/{id}
 *
 * Only adopted and deprecated maps are served, from the versions their adoptions froze
 * (publication.ts); a draft map is never listed and its identifiers answer 404. Errors are
 * imsx_StatusInfo bodies (404 `unknownobject`, 400 `invalid_selection_field`). Every answer
 * carries `Access-Control-Allow-Origin: *`: reads are public, and these routes change nothing
 * (the origin policy still refuses foreign hosts, and any state-changing request, as everywhere).
 */

const VERSIONS = { v1p0: '1.0', v1p1: '1.1' } as const satisfies Record<string, CaseVersion>;
/** Built packages use this as their URIs' base; each answer puts the provider's own in its place. */
const BASE = 'urn:qms-case-provider-base';
const MAX_ID_LENGTH = 300;
const DEFAULT_LIMIT = 100;
/** What `sort`, `filter` and `fields` may name: a CFDocument's properties in CASE 1.0 and 1.1. */
const CF_DOCUMENT_FIELDS = [
  'identifier', 'uri', 'frameworkType', 'caseVersion', 'creator', 'title', 'lastChangeDateTime', 'officialSourceURL', 'publisher',
  'description', 'subject', 'subjectURI', 'language', 'version', 'adoptionStatus', 'statusStartDate', 'statusEndDate', 'licenseURI',
  'notes', 'CFPackageURI', 'extensions',
];

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** One adoption of a served map, as its package is served now (status, replacedBy links). */
interface Served {
  map: ServedMap;
  adoption: AdoptionRecord;
  index: number;
  current: boolean;
}

export async function registerCaseProvider(app: FastifyInstance, options: { publications: Publications; publicUrl: string | null }): Promise<void> {
  const { publications } = options;

  const adoptions = async (): Promise<Served[]> =>
    (await publications.served()).flatMap((map) =>
      map.publication.adoptions.map((adoption, index) => ({ map, adoption, index, current: index === map.publication.adoptions.length - 1 })),
    );

  const linkTo = (map: ServedMap, adoption: AdoptionRecord | undefined): CaseLink | undefined =>
    adoption && { title: map.record.title, identifier: adoption.documentIdentifier, uri: `${BASE}/CFDocuments/${encodeURIComponent(adoption.documentIdentifier)}` };

  /** The package of one adoption as served: a replaced one is Deprecated and replacedBy the next. */
  const packageOf = async (served: Served, version: CaseVersion): Promise<CasePackage> => {
    const { publishedPackage } = await interchange();
    const { map, adoption, index, current } = served;
    const pkg = await publications.packageOf(map.record.id, adoption, version, BASE);
    const list = map.publication.adoptions;
    const replaces = linkTo(map, list[index - 1]);
    const replacedBy = linkTo(map, list[index + 1]);
    return publishedPackage(pkg, current && map.publication.status === 'adopted' ? 'Adopted' : 'Deprecated', {
      ...(replaces ? { replaces } : {}),
      ...(replacedBy ? { replacedBy } : {}),
      base: BASE,
      when: new Date(list[index + 1]?.adoptedAt ?? adoption.adoptedAt),
    });
  };

  /** Current adoptions first: an item two adoptions share is answered from the newer one. */
  const byRecency = (list: Served[]) => [...list.filter((s) => s.current), ...list.filter((s) => !s.current).reverse()];

  const send = (request: FastifyRequest, reply: FastifyReply, segment: string, body: unknown, status = 200) => {
    const origin = (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
    const base = JSON.stringify(`${origin}/ims/case/${segment}`).slice(1, -1);
    return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body).replaceAll(BASE, base));
  };
  const notFound = async (request: FastifyRequest, reply: FastifyReply, segment: string, what: string) => {
    const { statusInfo } = await interchange();
    return send(request, reply, segment, statusInfo('unknownobject', `There is no published ${what} with this identifier.`), 404);
  };
  const idOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    return id.length <= MAX_ID_LENGTH ? id.trim().toLowerCase() : undefined;
  };

  await app.register(async (provider) => {
    provider.addHook('onSend', async (_request, reply, payload) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cache-control', 'no-cache');
      return payload;
    });
    // A package that could not be built (a worker over its budget, the server stopping) still answers in CASE's terms.
    provider.setErrorHandler(async (error, request, reply) => {
      request.log.warn({ err: error }, 'CASE provider request failed');
      const { statusInfo } = await interchange();
      const segment = /^\/ims\/case\/(v1p[01])\//.exec(request.url)?.[1] ?? 'v1p0';
      return send(request, reply, segment, statusInfo('internal_server_error', 'The CASE package could not be built: please try again later.'), 500);
    });
    provider.options('/ims/case/*', async (_request, reply) =>
      reply.status(204).header('access-control-allow-methods', 'GET, OPTIONS').header('access-control-allow-headers', 'Accept, Content-Type').header('access-control-max-age', '86400').send(),
    );

    for (const [segment, version] of Object.entries(VERSIONS)) {
      const route = (path: string, handler: Handler) => provider.get(`/ims/case/${segment}${path}`, handler);

      route('/CFDocuments', async (request, reply) => {
        const query = request.query as Record<string, unknown>;
        const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
        const offset = query.offset === undefined ? 0 : Number(query.offset);
        if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
          const { statusInfo } = await interchange();
          return send(request, reply, segment, statusInfo('invalid_selection_field', 'limit must be a whole number of at least 1, offset one of at least 0.'), 400);
        }
        const { servedDocument, selectRecords, statusInfo } = await interchange();
        const documents = await Promise.all((await adoptions()).map(async (served) => servedDocument(await packageOf(served, version), version, BASE)));
        const selected = selectRecords(documents as unknown as Record<string, unknown>[], query, CF_DOCUMENT_FIELDS);
        if (!selected.ok) return send(request, reply, segment, statusInfo(selected.code, selected.message), 400);
        reply.header('x-total-count', String(selected.records.length));
        return send(request, reply, segment, { CFDocuments: selected.records.slice(offset, offset + limit) });
      });

      const byDocument = async (request: FastifyRequest) => {
        const id = idOf(request);
        const served = id === undefined ? undefined : (await adoptions()).find((s) => s.adoption.documentIdentifier.toLowerCase() === id);
        return served && packageOf(served, version);
      };
      route('/CFDocuments/:id', async (request, reply) => {
        const pkg = await byDocument(request);
        if (!pkg) return notFound(request, reply, segment, 'CFDocument');
        const { servedDocument } = await interchange();
        return send(request, reply, segment, servedDocument(pkg, version, BASE));
      });
      route('/CFPackages/:id', async (request, reply) => {
        const pkg = await byDocument(request);
        return pkg ? send(request, reply, segment, pkg) : notFound(request, reply, segment, 'CFPackage');
      });

      /** The first served package (newest adoptions first) in which `find` finds something. */
      const search = async <T>(request: FastifyRequest, find: (pkg: CasePackage, id: string) => T | undefined): Promise<T | undefined> => {
        const id = idOf(request);
        if (id === undefined) return undefined;
        for (const served of byRecency(await adoptions())) {
          const found = find(await packageOf(served, version), id);
          if (found !== undefined) return found;
        }
        return undefined;
      };
      route('/CFItems/:id', async (request, reply) => {
        const { servedItem } = await interchange();
        const found = await search(request, (pkg, id) => {
          const item = pkg.CFItems.find((candidate) => candidate.identifier.toLowerCase() === id);
          return item && servedItem(pkg, item, version);
        });
        return found ? send(request, reply, segment, found) : notFound(request, reply, segment, 'CFItem');
      });
      route('/CFAssociations/:id', async (request, reply) => {
        const { servedAssociation } = await interchange();
        const found = await search(request, (pkg, id) => {
          const association = pkg.CFAssociations.find((candidate) => candidate.identifier.toLowerCase() === id);
          return association && servedAssociation(pkg, association, version);
        });
        return found ? send(request, reply, segment, found) : notFound(request, reply, segment, 'CFAssociation');
      });
      route('/CFItemAssociations/:id', async (request, reply) => {
        const { itemAssociations } = await interchange();
        const found = await search(request, (pkg, id) => {
          const item = pkg.CFItems.find((candidate) => candidate.identifier.toLowerCase() === id);
          return item && itemAssociations(pkg, item.identifier, version);
        });
        return found ? send(request, reply, segment, found) : notFound(request, reply, segment, 'CFItem');
      });
      route('/CFItemTypes/:id', async (request, reply) => {
        const found = await search(request, (pkg, id) => pkg.CFDefinitions.CFItemTypes.find((type) => type.identifier.toLowerCase() === id));
        return found ? send(request, reply, segment, found) : notFound(request, reply, segment, 'CFItemType');
      });
      route('/CFAssociationGroupings/:id', async (request, reply) => {
        const found = await search(request, (pkg, id) => pkg.CFDefinitions.CFAssociationGroupings?.find((grouping) => grouping.identifier.toLowerCase() === id));
        return found ? send(request, reply, segment, found) : notFound(request, reply, segment, 'CFAssociationGrouping');
      });
    }

    provider.get('/ims/case/*', async (request, reply) => {
      const { statusInfo } = await interchange();
      const segment = /^\/ims\/case\/(v1p[01])\//.exec(request.url)?.[1] ?? 'v1p0';
      return send(request, reply, segment, statusInfo('unknownobject', 'This CASE service has no such endpoint.'), 404);
    });
  });
}
