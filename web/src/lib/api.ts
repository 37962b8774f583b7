/** A board as listed by `GET /api/boards`. */
export interface BoardSummary {
  id: string;
  title: string;
  updatedAt: string | number;
}

/** What `GET /api/config` tells the web app. */
export interface ClientConfig {
  basemapStyleUrl: string;
  /** A `.pmtiles` archive the server serves with range requests, offered as a second basemap. */
  pmtilesUrl?: string;
}

/** The offline basemap bundled with the web app, used when the server names none. */
export const DEFAULT_BASEMAP_STYLE_URL = '/basemap/style.json';

/** An error answered by the API (`{ error: { code, message } }`), or a network failure. */
export class ApiError extends Error {
  /** Machine-readable code from the server, or `network` / `http_<status>` when the server gave none. */
  readonly code: string;
  /** HTTP status, 0 when the request never got an answer. */
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

function isApiErrorBody(value: unknown): value is { error: { code: string; message: string } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Calls the Placeboard API and returns its JSON body; throws {@link ApiError} with the server's message. */
export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers },
    });
  } catch {
    throw new ApiError('network', 'Could not reach the Placeboard server. Check your connection and try again.', 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isApiErrorBody(body)) throw new ApiError(String(body.error.code), body.error.message, response.status);
    throw new ApiError(`http_${response.status}`, `The server answered ${response.status} ${response.statusText}.`.trim(), response.status);
  }
  return body as T;
}

/**
 * Posts a multipart form to the API and returns its JSON body; throws {@link ApiError} with the server's
 * message. (No Content-Type header: the browser sets the multipart boundary.)
 */
export async function apiUpload<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', body: form, headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError('network', 'Could not reach the Placeboard server. Check your connection and try again.', 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isApiErrorBody(body)) throw new ApiError(String(body.error.code), body.error.message, response.status);
    if (response.status === 413) throw new ApiError('too_large', 'The file is too large to import.', 413);
    throw new ApiError(`http_${response.status}`, `The server answered ${response.status} ${response.statusText}.`.trim(), response.status);
  }
  return body as T;
}

/** Lists the boards the user can open. */
export function listBoards(): Promise<BoardSummary[]> {
  return apiFetch<BoardSummary[]>('/api/boards');
}

/** Creates a board and returns its id. */
export function createBoard(title: string): Promise<{ id: string }> {
  return apiFetch<{ id: string }>('/api/boards', { method: 'POST', body: JSON.stringify({ title }) });
}

/** Reads the client configuration; falls back to the bundled offline basemap if the server has none. */
export async function getClientConfig(): Promise<ClientConfig> {
  try {
    const config = await apiFetch<Partial<ClientConfig>>('/api/config');
    return {
      basemapStyleUrl: config.basemapStyleUrl || DEFAULT_BASEMAP_STYLE_URL,
      ...(config.pmtilesUrl ? { pmtilesUrl: config.pmtilesUrl } : {}),
    };
  } catch {
    return { basemapStyleUrl: DEFAULT_BASEMAP_STYLE_URL };
  }
}

/** Formats an API timestamp (ISO string or epoch milliseconds) for people in the UK. */
export function formatUpdatedAt(value: string | number): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
