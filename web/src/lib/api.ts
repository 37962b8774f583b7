import type { BoardDiff, Role } from '@placeboard/board';

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
  /** What one map import may be (`IMPORT_MAX_BYTES`, `IMPORT_MAX_FEATURES`); absent when the server did not say. */
  importLimits?: ImportLimits;
}

/** The largest file, and the most features, one map import takes. */
export interface ImportLimits {
  bytes: number;
  features: number;
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

/**
 * Messages of a `validation_failed` answer by field: the server writes them as `field: message; field: message`
 * (see server/src/http/errors.ts `parseBody`). Messages without a field are under `''`.
 */
export function validationErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const part of error.message.split('; ')) {
    const match = /^([A-Za-z][\w.]*): (.+)$/.exec(part);
    const field = match?.[1] ?? '';
    const message = match?.[2] ?? part;
    out[field] = out[field] ? `${out[field]}; ${message}` : message;
  }
  return out;
}

/** What the session holder (the `SessionProvider`, see lib/session.ts) gives every API call. */
export interface ApiSessionHooks {
  /** The CSRF token of the current session, sent as `X-CSRF-Token` on every state-changing call; null when none. */
  csrfToken: () => string | null;
  /** Called after a 401: the session is gone or never was. */
  onUnauthorized: (error: ApiError) => void;
  /** Called after a 403 `csrf_failed` (the session changed in another tab): reloads it and returns the new token. */
  renewCsrfToken: () => Promise<string | null>;
}

/**
 * The module-level holder of the session hooks. The web app has one session at a time, and every API call needs
 * its CSRF token, so the provider sets it once rather than threading it through every caller.
 */
let sessionHooks: ApiSessionHooks = {
  csrfToken: () => null,
  onUnauthorized: () => {},
  renewCsrfToken: async () => null,
};

/** Installs the session hooks every API call uses (set by `SessionProvider`); returns a function that removes them. */
export function setApiSessionHooks(hooks: ApiSessionHooks): () => void {
  sessionHooks = hooks;
  return () => {
    if (sessionHooks === hooks) {
      sessionHooks = { csrfToken: () => null, onUnauthorized: () => {}, renewCsrfToken: async () => null };
    }
  };
}

/** Options of {@link apiFetch} and {@link apiUpload} beyond the request itself. */
export interface ApiCallOptions {
  /**
   * Whether a 401 answer sends the user to sign-in. Off for calls where a 401 is an expected answer (signing in
   * with a wrong password) or is handled by the caller (checking a share link is still live).
   * @default true
   */
  signInOn401?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NETWORK_MESSAGE = 'Could not reach the Placeboard server. Check your connection and try again.';

function csrfHeader(method: string, token: string | null): Record<string, string> {
  return !SAFE_METHODS.has(method.toUpperCase()) && token ? { 'X-CSRF-Token': token } : {};
}

/**
 * GET answers asked for ahead of their first caller, by path (see {@link fetchAhead}); each is taken once. A call
 * that changes state drops them all, as it may change the session they were asked under.
 */
const fetchedAhead = new Map<string, Promise<Response>>();

/**
 * Asks for a GET now that the app will make shortly, so that its first {@link apiFetch} takes this answer instead
 * of waiting for a new one.
 */
function fetchAhead(path: string): void {
  if (fetchedAhead.has(path)) return;
  const answer = fetch(path, { headers: { Accept: 'application/json' } });
  answer.catch(() => {}); // a failure is the taker's to see (it then asks again)
  fetchedAhead.set(path, answer);
}

/**
 * Sends one request with the session's CSRF token, retrying once with a renewed token when the server says the
 * token is stale, and reporting a 401 to the session holder. The first GET of a path asked for ahead takes that
 * answer.
 */
async function send(path: string, init: RequestInit, headers: Record<string, string>): Promise<Response> {
  const method = init.method ?? 'GET';
  if (!SAFE_METHODS.has(method.toUpperCase())) fetchedAhead.clear();
  else if (init.body === undefined) {
    const early = fetchedAhead.get(path);
    fetchedAhead.delete(path);
    const answer = await early?.catch(() => null);
    if (answer) return answer;
  }
  const attempt = async (token: string | null): Promise<Response> => {
    try {
      return await fetch(path, { ...init, headers: { ...headers, ...csrfHeader(method, token), ...(init.headers as Record<string, string> | undefined) } });
    } catch {
      throw new ApiError('network', NETWORK_MESSAGE, 0);
    }
  };
  let response = await attempt(sessionHooks.csrfToken());
  if (response.status === 403 && !SAFE_METHODS.has(method.toUpperCase())) {
    const body: unknown = await response.clone().json().catch(() => undefined);
    if (isApiErrorBody(body) && body.error.code === 'csrf_failed') {
      const renewed = await sessionHooks.renewCsrfToken().catch(() => null);
      if (renewed) response = await attempt(renewed);
    }
  }
  return response;
}

async function readAnswer<T>(response: Response, options: ApiCallOptions | undefined, extra?: (status: number) => ApiError | undefined): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    let error: ApiError;
    if (isApiErrorBody(body)) error = new ApiError(String(body.error.code), body.error.message, response.status);
    else error = extra?.(response.status) ?? new ApiError(`http_${response.status}`, `The server answered ${response.status} ${response.statusText}.`.trim(), response.status);
    if (response.status === 401 && options?.signInOn401 !== false) sessionHooks.onUnauthorized(error);
    throw error;
  }
  return body as T;
}

/**
 * Calls the Placeboard API and returns its JSON body (undefined for 204); throws {@link ApiError} with the server's
 * message. State-changing calls carry the session's CSRF token; a 401 sends the user to sign-in (see
 * {@link ApiCallOptions.signInOn401}).
 */
export async function apiFetch<T>(path: string, init?: RequestInit, options?: ApiCallOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) };
  const response = await send(path, init ?? {}, headers);
  return readAnswer<T>(response, options);
}

/**
 * Posts a multipart form to the API and returns its JSON body; throws {@link ApiError} with the server's
 * message. (No Content-Type header: the browser sets the multipart boundary.)
 */
export async function apiUpload<T>(path: string, form: FormData, options?: ApiCallOptions): Promise<T> {
  const response = await send(path, { method: 'POST', body: form }, { Accept: 'application/json' });
  return readAnswer<T>(response, options, (status) => (status === 413 ? new ApiError('too_large', 'The file is too large to import.', 413) : undefined));
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
      ...(isImportLimits(config.importLimits) ? { importLimits: config.importLimits } : {}),
    };
  } catch {
    return { basemapStyleUrl: DEFAULT_BASEMAP_STYLE_URL };
  }
}

function isImportLimits(value: unknown): value is ImportLimits {
  const limits = value as Partial<ImportLimits> | null | undefined;
  return Number.isInteger(limits?.bytes) && Number.isInteger(limits?.features);
}

/** Formats an API timestamp (ISO string or epoch milliseconds) for people in the UK. */
export function formatUpdatedAt(value: string | number): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts, sessions, members, share links and the audit log (the access API: server/src/http/{auth,session,
// members,audit}.ts).

/** A signed-in person, as `GET /api/session` and sign-in describe them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  /** The server's first account: owner of every board. */
  isAdmin: boolean;
}

/** A visitor who opened a share link: no account; the link decides the board and the role. */
export interface SessionLink {
  boardId: string;
  role: Role;
  label: string;
  /** The display name the visitor chose (`PUT /api/session/name`), or null before they chose one. */
  name: string | null;
}

/** What `GET /api/session` answers: who this browser is, and how to sign in. */
export interface SessionInfo {
  /** True while the server has no account yet: the owner must use the setup link the server printed. */
  setupRequired: boolean;
  /** The OpenID Connect sign-in button's label, or null when OpenID Connect is off. */
  oidc: { label: string } | null;
  user: SessionUser | null;
  link: SessionLink | null;
  /** Sent as `X-CSRF-Token` with every state-changing call; null without a session. */
  csrfToken: string | null;
}

/** What sign-in and setup answer (the session cookie comes with it). */
export interface SignedIn {
  user: SessionUser;
  csrfToken: string;
}

/** Reads who this browser is. */
export function getSession(): Promise<SessionInfo> {
  return apiFetch<SessionInfo>('/api/session', undefined, { signInOn401: false });
}

/** Sets a share-link visitor's display name. */
export function setSessionName(name: string): Promise<{ name: string }> {
  return apiFetch<{ name: string }>('/api/session/name', { method: 'PUT', body: JSON.stringify({ name }) });
}

/** Creates the server's first (owner) account with the one-time setup token, and signs it in. */
export function setupOwner(fields: { token: string; email: string; name: string; password: string }): Promise<SignedIn> {
  return apiFetch<SignedIn>('/api/auth/setup', { method: 'POST', body: JSON.stringify(fields) }, { signInOn401: false });
}

/** Signs in with email and password; a wrong pair is an {@link ApiError} `bad_credentials` (401). */
export function signIn(email: string, password: string): Promise<SignedIn> {
  return apiFetch<SignedIn>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) }, { signInOn401: false });
}

/** Ends this browser's session. */
export async function signOut(): Promise<void> {
  await apiFetch<undefined>('/api/auth/logout', { method: 'POST' }, { signInOn401: false });
}

/** Where the OpenID Connect sign-in starts (a full page navigation, not a fetch). */
export function oidcStartUrl(next: string): string {
  return `/api/auth/oidc/start?${new URLSearchParams({ next }).toString()}`;
}

/** A board as `GET /api/boards/:id` answers it. */
export interface BoardRecordSummary {
  id: string;
  title: string;
  createdAt?: number | string;
  updatedAt: number | string;
}

/** Reads one board's title and dates. */
export function getBoard(boardId: string): Promise<BoardRecordSummary> {
  return apiFetch<BoardRecordSummary>(`/api/boards/${encodeURIComponent(boardId)}`);
}

/** The caller's own access to a board (`GET /api/boards/:id/access`). */
export interface BoardAccessInfo {
  role: Role;
  /** The partner organisation (a record id of the board's partners) this person or link speaks for. */
  partnerId: string | null;
  /** The name the board shows for this person. */
  name: string;
  /** `user:<id>` or `link:<id>`: the key the audit log uses. */
  actor: string;
  /** Who this person is in the board's presence (`user.key` of each of their tabs): see `PresenceState`. */
  presenceKey: string;
}

/** Reads the caller's role on a board; 404 when they have no access. */
export function getBoardAccess(boardId: string, options?: ApiCallOptions): Promise<BoardAccessInfo> {
  return apiFetch<BoardAccessInfo>(boardAccessPath(boardId), undefined, options);
}

/**
 * Asks for this person's access to a board now, in parallel with the session, as the app starts on the board's
 * address: the board's {@link getBoardAccess} then need not wait for a round trip once the session is known.
 */
export function getBoardAccessAhead(boardId: string): void {
  fetchAhead(boardAccessPath(boardId));
}

function boardAccessPath(boardId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/access`;
}

/** A member of a board, with their account's name and email. */
export interface BoardMember {
  boardId: string;
  userId: string;
  role: Role;
  partnerId: string | null;
  addedAt: number;
  email: string;
  name: string;
}

/** An invitation to join a board (never its token). */
export interface BoardInvite {
  id: string;
  boardId: string;
  email: string;
  role: Role;
  partnerId: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
}

/** What a share link opens: the board, or the board's community page. */
export type ShareLinkKind = 'board' | 'community';

/** A share link of a board (never its token: the server keeps only a hash). */
export interface ShareLinkSummary {
  id: string;
  boardId: string;
  kind: ShareLinkKind;
  role: Role;
  partnerId: string | null;
  label: string;
  createdBy: string;
  createdAt: number;
  /** Milliseconds since the epoch; null for a link that does not expire. */
  expiresAt: number | null;
  revokedAt: number | null;
}

/** Members, invitations and share links of a board; only owners get invitations and links (others get empty lists). */
export interface BoardMembers {
  members: BoardMember[];
  invites: BoardInvite[];
  links: ShareLinkSummary[];
}

const boardPath = (boardId: string, rest: string) => `/api/boards/${encodeURIComponent(boardId)}/${rest}`;

/** Lists a board's members (and, for owners, its pending invitations and share links). */
export function listMembers(boardId: string): Promise<BoardMembers> {
  return apiFetch<BoardMembers>(boardPath(boardId, 'members'));
}

/** Invites someone by email; the answer holds the link to send them (Placeboard sends no email). */
export function createInvite(
  boardId: string,
  fields: { email: string; role: Role; partnerId?: string | null },
): Promise<{ invite: BoardInvite; token: string; url: string }> {
  return apiFetch(boardPath(boardId, 'invites'), { method: 'POST', body: JSON.stringify(fields) });
}

/** Withdraws a pending invitation. */
export async function withdrawInvite(boardId: string, inviteId: string): Promise<void> {
  await apiFetch<undefined>(boardPath(boardId, `invites/${encodeURIComponent(inviteId)}`), { method: 'DELETE' });
}

/** Changes a member's role or partner; 409 `last_owner` when that would leave the board without an owner. */
export function updateMember(boardId: string, userId: string, patch: { role?: Role; partnerId?: string | null }): Promise<BoardMember> {
  return apiFetch<BoardMember>(boardPath(boardId, `members/${encodeURIComponent(userId)}`), { method: 'PATCH', body: JSON.stringify(patch) });
}

/** Removes a member from a board. */
export async function removeMember(boardId: string, userId: string): Promise<void> {
  await apiFetch<undefined>(boardPath(boardId, `members/${encodeURIComponent(userId)}`), { method: 'DELETE' });
}

/** Fields of a new share link. Community links are always for contributors. */
export interface NewShareLink {
  role: Role;
  /** Milliseconds since the epoch, or null for a link that does not expire. */
  expiresAt?: number | null;
  partnerId?: string | null;
  label?: string;
  /** @default 'board' */
  kind?: ShareLinkKind;
}

/** Creates a share link; its url is in the answer only this once. */
export function createShareLink(boardId: string, fields: NewShareLink): Promise<{ link: ShareLinkSummary; token: string; url: string }> {
  return apiFetch(boardPath(boardId, 'links'), { method: 'POST', body: JSON.stringify(fields) });
}

/** Revokes a share link; everyone using it is disconnected. */
export async function revokeShareLink(boardId: string, linkId: string): Promise<void> {
  await apiFetch<undefined>(boardPath(boardId, `links/${encodeURIComponent(linkId)}`), { method: 'DELETE' });
}

/** An invitation as its recipient sees it (`GET /api/invites/:token`). */
export interface InviteInfo {
  boardTitle: string;
  email: string;
  role: Role;
  /** True when an account with the invited email exists: sign in, then join. */
  hasAccount: boolean;
}

/** Reads an invitation; 410 `link_expired` when it has expired or been used. */
export function getInvite(token: string): Promise<InviteInfo> {
  return apiFetch<InviteInfo>(`/api/invites/${encodeURIComponent(token)}`, undefined, { signInOn401: false });
}

/**
 * Accepts an invitation: a signed-in user with the invited email joins; someone without an account gives a name
 * and password to create one (and is signed in).
 */
export function acceptInvite(token: string, fields: { name?: string; password?: string } = {}): Promise<{ boardId: string; role: Role }> {
  return apiFetch(`/api/invites/${encodeURIComponent(token)}/accept`, { method: 'POST', body: JSON.stringify(fields) }, { signInOn401: false });
}

/** Kinds of audit event. */
export type AuditKind = 'update' | 'sign-in' | 'sign-out' | 'member' | 'link' | 'invite' | 'community' | 'board';

/** One line of a board's audit log. */
export interface AuditEvent {
  id?: number;
  boardId: string | null;
  at: number;
  /** `user:<id>`, `link:<id>` or `server`. */
  actor: string;
  actorName: string;
  kind: AuditKind;
  /** Board sections (roots) the event touched. */
  roots: string[];
  /** Records touched, as `root/recordId`. */
  records: string[];
  bytes: number;
  detail: string;
}

/** Filters of the audit log. Dates are milliseconds since the epoch; `to` is exclusive. */
export interface AuditFilter {
  actor?: string;
  section?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** The query string of an audit filter (empty filters left out), without the `?`. */
export function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.section) params.set('section', filter.section);
  if (filter.from !== undefined) params.set('from', String(filter.from));
  if (filter.to !== undefined) params.set('to', String(filter.to));
  if (filter.limit !== undefined) params.set('limit', String(filter.limit));
  return params.toString();
}

/** Reads a board's audit log, most recent first, and everyone who appears in it. */
export function getAudit(boardId: string, filter: AuditFilter): Promise<{ events: AuditEvent[]; people: { actor: string; name: string }[] }> {
  const query = auditQuery(filter);
  return apiFetch(boardPath(boardId, `audit${query ? `?${query}` : ''}`));
}

/** Address of the audit log as CSV, with the same filters. */
export function auditCsvUrl(boardId: string, filter: AuditFilter): string {
  const query = auditQuery(filter);
  return boardPath(boardId, `audit.csv${query ? `?${query}` : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Versions of a board and its board pack (server/src/http/versions.ts and pack.ts).

/** Where a version stands: saved, put forward for the partners' agreement, or agreed by every partner. */
export type VersionStatus = 'saved' | 'proposed' | 'agreed';

/** A partner's sign-off of a version put forward for agreement. */
export type SignoffState = 'agreed' | 'concerns';

/** One partner's recorded sign-off of a version. */
export interface SignoffEntry {
  partnerId: string;
  organisation: string;
  state: SignoffState;
  comment: string;
  /** Who recorded it (display name). */
  byName: string;
  /** When (milliseconds since the epoch, or an ISO date). */
  at: number | string;
}

/** The partners' sign-off of a version: how many agreed, how many raised concerns, out of how many partners. */
export interface VersionSignoff {
  agreed: number;
  concerns: number;
  total: number;
  entries: SignoffEntry[];
  /** Partners of the version who have not answered yet. */
  pending?: { partnerId: string; organisation: string }[];
}

/** A named version of a board: a full copy of the board at one moment, with who saved it and why. */
export interface BoardVersion {
  number: number;
  name: string;
  note: string;
  createdByName: string;
  /** Milliseconds since the epoch, or an ISO date. */
  createdAt: number | string;
  status: VersionStatus;
  /** When it was put forward for agreement, and when every partner had agreed (milliseconds), or null. */
  proposedAt?: number | null;
  agreedAt?: number | null;
  signoff: VersionSignoff;
}

/** A version number, or `current` for the board as it is now. */
export type VersionRef = number | 'current';

const versionPath = (boardId: string, ref: VersionRef, rest = '') =>
  boardPath(boardId, `versions/${encodeURIComponent(String(ref))}${rest ? `/${rest}` : ''}`);

/** Saves the board as it is now as a named version. */
export async function saveVersion(boardId: string, fields: { name: string; note: string }): Promise<BoardVersion> {
  const answer = await apiFetch<{ version: BoardVersion }>(boardPath(boardId, 'versions'), { method: 'POST', body: JSON.stringify(fields) });
  return answer.version;
}

/** A board's versions, newest first, and which one is the Agreed plan (the latest every partner agreed to). */
export interface VersionList {
  versions: BoardVersion[];
  agreedPlan: number | null;
}

/** Lists a board's versions. */
export async function listVersions(boardId: string): Promise<VersionList> {
  const answer = await apiFetch<{ versions: BoardVersion[]; agreedPlan?: number | null }>(boardPath(boardId, 'versions'));
  return { versions: answer.versions, agreedPlan: answer.agreedPlan ?? null };
}

/** Reads one version's details. */
export async function getVersion(boardId: string, version: number): Promise<BoardVersion> {
  return (await apiFetch<{ version: BoardVersion }>(versionPath(boardId, version))).version;
}

/**
 * Reads the bytes of a response (not JSON), throwing {@link ApiError} with the server's message when it fails.
 */
export async function apiFetchBytes(path: string, options?: ApiCallOptions): Promise<Uint8Array> {
  const response = await send(path, {}, { Accept: 'application/octet-stream' });
  if (!response.ok) return readAnswer<never>(response, options);
  return new Uint8Array(await response.arrayBuffer());
}

/** Reads a version (or the current board) as a Yjs update that fills an empty Y.Doc. */
export function getVersionUpdate(boardId: string, version: VersionRef): Promise<Uint8Array> {
  return apiFetchBytes(versionPath(boardId, version, 'update'));
}

/** What changed from version `a` to version `b` (either may be `current`). */
export function getVersionDiff(boardId: string, a: VersionRef, b: VersionRef): Promise<BoardDiff> {
  return apiFetch<BoardDiff>(versionPath(boardId, a, `diff/${encodeURIComponent(String(b))}`));
}

/** What restoring a version answers: the version restored, and the new version that keeps the board as it was. */
export interface RestoreResult {
  restored: number;
  savedBefore: number;
}

/** Restores a version as a new change; the board as it was is first saved as a version. */
export function restoreVersion(boardId: string, version: number): Promise<RestoreResult> {
  return apiFetch<RestoreResult>(versionPath(boardId, version, 'restore'), { method: 'POST' });
}

/** Puts a version forward for the partners' agreement; 409 `version_has_no_partners` when it has none. */
export async function proposeVersion(boardId: string, version: number): Promise<BoardVersion> {
  return (await apiFetch<{ version: BoardVersion }>(versionPath(boardId, version, 'propose'), { method: 'POST' })).version;
}

/**
 * Records the sign-off of the partner the caller speaks for: agreed, or concerns (with a comment, required). The
 * version must have been put forward; 409 `version_not_proposed` otherwise.
 */
export async function signOffVersion(boardId: string, version: number, fields: { state: SignoffState; comment: string }): Promise<BoardVersion> {
  return (await apiFetch<{ version: BoardVersion }>(versionPath(boardId, version, 'signoff'), { method: 'PUT', body: JSON.stringify(fields) })).version;
}

/** Deletes a version; 409 `version_agreed` for an agreed version. */
export async function deleteVersion(boardId: string, version: number): Promise<void> {
  await apiFetch<undefined>(versionPath(boardId, version), { method: 'DELETE' });
}

/** Address of the board pack as a PDF: the current board, or one version. */
export function boardPackPdfUrl(boardId: string, version?: number): string {
  return boardPath(boardId, `pack.pdf${version === undefined ? '' : `?version=${encodeURIComponent(String(version))}`}`);
}

/** Address of the board pack as a web page. */
export function boardPackHtmlUrl(boardId: string, version?: number): string {
  return boardPath(boardId, `pack.html${version === undefined ? '' : `?version=${encodeURIComponent(String(version))}`}`);
}

/** Address of a saved map view drawn as a PNG by the server. */
export function mapViewPngUrl(boardId: string, viewId: string): string {
  return boardPath(boardId, `views/${encodeURIComponent(viewId)}.png`);
}

/** Address of an outcome-canvas frame drawn as a PNG by the server. */
export function framePngUrl(boardId: string, frameId: string): string {
  return boardPath(boardId, `frames/${encodeURIComponent(frameId)}.png`);
}
