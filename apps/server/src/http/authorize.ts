import { can, isValidMapId, type Permission, type Role } from '@qms/protocol';
import type { MapRecord } from '@qms/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, callerFor, isAdmin, type AccessPolicy } from '../access.js';
import type { Maps } from '../maps.js';
import { ApiErrorCode, errorBody } from './errors.js';

export interface Authorized {
  record: MapRecord;
  role: Role;
  /** A review link issued to a partner institution: that institution. */
  institutionId?: string;
}

/**
 * Finds the map and checks the caller's role: 404 for an unknown map, 401 without a valid token,
 * 403 for a role that may not do this. Sends the error itself and resolves to null then.
 */
export async function authorize(
  request: FastifyRequest,
  reply: FastifyReply,
  maps: Maps,
  policy: AccessPolicy,
  id: string,
  permission: Permission,
): Promise<Authorized | null> {
  const record = isValidMapId(id) ? await maps.get(id) : undefined;
  if (!record) {
    await reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id.slice(0, 80)}".`));
    return null;
  }
  const caller = callerFor(record, bearerToken(request.headers.authorization), isLocalRequest(request), policy);
  if (caller.role === null) {
    const message =
      caller.reason === 'invalid-token'
        ? 'This link is not valid for this map (it may have been replaced). Ask the map’s owner for a new one.'
        : 'Open this map with a share link (it carries the access token), or send the token as "Authorization: Bearer <token>".';
    await reply.status(401).send(errorBody(ApiErrorCode.Unauthorized, message));
    return null;
  }
  if (!can(caller.role, permission)) {
    await reply.status(403).send(errorBody(ApiErrorCode.Forbidden, `A ${caller.role} of this map may not do this.`));
    return null;
  }
  return { record, role: caller.role, ...(caller.institutionId ? { institutionId: caller.institutionId } : {}) };
}

/**
 * A request from this machine's own user, as origin-policy.ts judged it: loopback peer, the app's
 * own Host, no Origin or the app's own, and no forwarding header (a reverse proxy on the same host
 * makes every visitor look local, but it says so). Without that judgement, nothing is local.
 */
export function isLocalRequest(request: FastifyRequest): boolean {
  return request.trust?.local ?? false;
}

/**
 * What the instance allows without a map's token. Creating maps: anyone, unless an admin token
 * is set. Listing every map: the admin, or this machine under local trust.
 */
export async function authorizeInstance(request: FastifyRequest, reply: FastifyReply, policy: AccessPolicy, action: 'create' | 'list'): Promise<boolean> {
  if (isAdmin(bearerToken(request.headers.authorization), policy)) return true;
  if (action === 'create' && !policy.adminToken) return true;
  if (action === 'list' && policy.localTrust && isLocalRequest(request)) return true;
  await reply
    .status(401)
    .send(
      errorBody(
        ApiErrorCode.Unauthorized,
        policy.adminToken
          ? 'This needs the instance’s admin token ("Authorization: Bearer <ADMIN_TOKEN>").'
          : 'The list of every map is only shown on the machine that runs the app. Open a map with its share link.',
      ),
    );
  return false;
}
