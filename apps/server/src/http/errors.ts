import { ApiErrorCode, type ErrorBody } from '@qms/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';

export { ApiErrorCode, type ErrorBody } from '@qms/protocol';

export function errorBody(error: ApiErrorCode, message: string): ErrorBody {
  return { error, message };
}

/** Every error leaves the server as `{ error, message }` with the matching status. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `Invalid request: ${err.message}.`));
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send(errorBody(ApiErrorCode.PayloadTooLarge, 'The request body is too large.'));
    }
    if (status === 415) {
      return reply.status(415).send(errorBody(ApiErrorCode.UnsupportedMediaType, 'Send JSON with Content-Type: application/json.'));
    }
    if (status === 429) return reply.status(429).send(errorBody(ApiErrorCode.TooManyRequests, 'Too many requests: wait a moment and try again.'));
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody(ApiErrorCode.InvalidRequest, err.message));
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(errorBody(ApiErrorCode.Internal, 'Something went wrong on the server. Please try again.'));
  });
}
