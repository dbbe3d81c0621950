import { MAX_PATH_ID_LENGTH, type RevealRequest, type RevealResponse } from '@qms/protocol';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services.js';
import { reveal } from '../workshop.js';
import { authorize } from './authorize.js';

const MapParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });
const RevealBody = Type.Object({ what: Type.Union([Type.Literal('ratings'), Type.Literal('ideas')]) }, { additionalProperties: false });

/** The workshop's facilitator actions that only the server can do (ARCHITECTURE.md, "Contracts"). */
export function registerWorkshopApi(app: FastifyInstance, { maps, policy, rooms }: Pick<Services, 'maps' | 'policy' | 'rooms'>): void {
  // Hidden ratings or private cards become everyone's: moved from each participant's private document into the review.
  app.post('/api/maps/:id/workshop/reveal', { schema: { params: MapParams, body: RevealBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'edit');
    if (!allowed) return reply;
    const { what } = request.body as RevealRequest;
    const revealed = await reveal(rooms, id, what, allowed.role);
    request.log.info({ mapId: id, what, revealed }, 'workshop entries revealed');
    return { revealed } satisfies RevealResponse;
  });
}
