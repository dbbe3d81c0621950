import type { FastifyError, FastifyInstance } from 'fastify';

/** Error identifiers in every `{ error, message }` body. Stable: clients branch on them. */
export const ApiError = {
  InvalidRequest: 'invalid-request',
  /** No token, or one that is not valid for this map. */
  Unauthorized: 'unauthorized',
  /** A valid token whose role may not do this. */
  Forbidden: 'forbidden',
  NotFound: 'not-found',
  PayloadTooLarge: 'payload-too-large',
  TooManyRequests: 'too-many-requests',
  UnsupportedMediaType: 'unsupported-media-type',
  /** An uploaded file that cannot be imported; the message names the problem. */
  InvalidFile: 'invalid-file',
  /** The map cannot be expressed in that format yet; the message says what to fill in. */
  CannotExport: 'cannot-export',
  Internal: 'internal-error',
} as const;
export type ApiError = (typeof ApiError)[keyof typeof ApiError];

export interface ErrorBody {
  error: ApiError;
  message: string;
}

export function errorBody(error: ApiError, message: string): ErrorBody {
  return { error, message };
}

/** Every error leaves the server as `{ error, message }` with the matching status. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      return reply.status(400).send(errorBody(ApiError.InvalidRequest, `Invalid request: ${err.message}.`));
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send(errorBody(ApiError.PayloadTooLarge, 'The request body is too large.'));
    }
    if (status === 415) {
      return reply.status(415).send(errorBody(ApiError.UnsupportedMediaType, 'Send JSON with Content-Type: application/json.'));
    }
    if (status === 429) return reply.status(429).send(errorBody(ApiError.TooManyRequests, 'Too many requests: wait a moment and try again.'));
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody(ApiError.InvalidRequest, err.message));
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(errorBody(ApiError.Internal, 'Something went wrong on the server. Please try again.'));
  });
}
