import type { ImportErrorCode } from '@placeboard/geo';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AccessError } from '../auth/access.js';
import { errorMessage, type Logger } from '../log.js';

/** Stable, machine-readable error codes of the HTTP API. */
export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'not_found'
  | 'payload_too_large'
  | 'internal'
  /** No session, or one that has expired. */
  | 'unauthenticated'
  /** Signed in, but the role does not allow it. */
  | 'forbidden'
  /** A state-changing call made with the session cookie but without its CSRF token. */
  | 'csrf_failed'
  | 'bad_credentials'
  | 'bad_token'
  | 'already_set_up'
  | 'email_in_use'
  | 'link_expired'
  | 'rate_limited'
  | 'last_owner'
  /** An agreed version (the Agreed plan) cannot be deleted. */
  | 'version_agreed'
  /** Sign-off on a version that was not put forward for agreement. */
  | 'version_not_proposed'
  /** A version with no partners cannot be put forward for agreement. */
  | 'version_has_no_partners'
  /** A join matched no row of the table to any area of the layer. */
  | 'nothing_matched'
  /** An import or join that would take the board past the map features one board holds (`BOARD_MAX_FEATURES`). */
  | 'board_full'
  /** No Chromium to print the board pack (PDF) or draw a map view or frame (PNG) with. */
  | 'pdf_unavailable'
  /** A file offered as a saved board that cannot be opened as one (not a Yjs update, not a board, incomplete). */
  | 'not_a_board_copy'
  /** A file the map importer cannot read at all (`invalid_json`, `no_coordinate_columns`, `unknown_type`...). */
  | Exclude<ImportErrorCode, 'too_large'>;

/** An API error: thrown anywhere in a route, rendered once as `{ error: { code, message } }`. */
export class ApiError extends HTTPException {
  constructor(status: ContentfulStatusCode, readonly code: ApiErrorCode, message: string) {
    super(status, { message });
  }
}

/** Renders any thrown error as the API's JSON error body; unexpected errors are logged and hidden. */
export function createErrorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiError) {
      // A 413 leaves the rest of the body unread: close the connection, or a client reusing it waits on a dead socket.
      if (error.status === 413) c.header('Connection', 'close');
      return c.json({ error: { code: error.code, message: error.message } }, error.status);
    }
    if (error instanceof AccessError) {
      return c.json({ error: { code: error.code, message: error.message } }, error.status);
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      return c.json({ error: { code: status === 413 ? 'payload_too_large' : 'bad_request', message: error.message } }, status);
    }
    log.error('unhandled error', { path: c.req.path, error: errorMessage(error) });
    return c.json({ error: { code: 'internal', message: 'Something went wrong on the server.' } }, 500);
  };
}

/** Reads a JSON body, turning a malformed one into a 400 that says what is wrong. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'Request body is empty; expected JSON.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, 'invalid_json', `Request body is not valid JSON: ${errorMessage(error)}`);
  }
}

/** Validates a parsed body with a zod schema, turning failures into one 400 that lists every problem. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new ApiError(400, 'validation_failed', detail.join('; '));
  }
  return result.data;
}
