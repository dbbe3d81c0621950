/**
 * Error identifiers of the HTTP API. Every error leaves the server as `{ error, message }` with
 * the matching status; clients branch on `error` (stable) and show `message` (English, says what
 * to do next).
 */
export const ApiErrorCode = {
  /** 400: the request is not one the route takes; the message says why (also 409: saved by a newer app; 501: not with this storage). */
  InvalidRequest: 'invalid-request',
  /** 401: no token, or one that is not valid for this map. */
  Unauthorized: 'unauthorized',
  /** 403: a valid token whose role may not do this. */
  Forbidden: 'forbidden',
  /** 403: the Host header is not one this server answers to (a DNS-rebinding page sends that). */
  ForeignHost: 'foreign-host',
  /** 403: a state-changing request sent by a page of another origin. */
  ForeignOrigin: 'foreign-origin',
  /** 404: no such map, version or route. */
  NotFound: 'not-found',
  /** 413: the body or uploaded file is larger than the server accepts. */
  PayloadTooLarge: 'payload-too-large',
  /** 429: too many requests; wait and try again. */
  TooManyRequests: 'too-many-requests',
  /** 415: the body is not in a format the route reads (JSON for most). */
  UnsupportedMediaType: 'unsupported-media-type',
  /** 400: an uploaded file that cannot be imported; the message names the problem. */
  InvalidFile: 'invalid-file',
  /** 422: the map cannot be expressed in that format yet; the message says what to fill in. */
  CannotExport: 'cannot-export',
  /** 422: a well-formed request naming what the map does not allow (units the partners have not agreed, unknown units or institutions); the message names them. */
  Unprocessable: 'unprocessable',
  /** 500: something went wrong on the server. */
  Internal: 'internal-error',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** The body of every error response. */
export interface ErrorBody {
  error: ApiErrorCode;
  message: string;
}
