import type { CommunityCategory, Geometry, PublicContribution } from '@placeboard/board';

/** `[west, south, east, north]` in degrees. */
export type Bounds = [number, number, number, number];

/** A layer an editor published on the community page (see server/src/community/public-board.ts). */
export interface PublicLayer {
  id: string;
  name: string;
  kind: string;
  colour: string;
  source?: string;
  attribution?: string;
  data: { type: 'FeatureCollection'; features: { type: 'Feature'; id?: string; geometry: Geometry; properties: Record<string, unknown> }[] };
}

/** What `GET /api/community/:token` answers: the community page of one board. */
export interface CommunityBoardView {
  title: string;
  categories: { id: CommunityCategory; label: string; hint: string }[];
  maxTextLength: number;
  viewport: { center: [number, number]; zoom: number } | null;
  bounds: Bounds | null;
  attribution: string[];
  layers: PublicLayer[];
  contributions: PublicContribution[];
}

/** What the community page does with a failed call: each kind has its own plain-English message. */
export type CommunityErrorKind = 'expired' | 'rate_limited' | 'invalid' | 'network' | 'server';

/** A failed community call, with the server's message where it gave one. */
export class CommunityApiError extends Error {
  constructor(
    readonly kind: CommunityErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CommunityApiError';
  }
}

const NETWORK_MESSAGE = 'We could not reach Placeboard. Check you are connected to the internet and try again. What you wrote is still here.';

/**
 * Calls the public community API. Never sends cookies: the token in the address is the only credential, so a person
 * who is also signed in to Placeboard in this browser is treated exactly like anyone else with the link.
 */
async function communityFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'omit',
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch {
    throw new CommunityApiError('network', NETWORK_MESSAGE);
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (response.ok) return body as T;
  const message = body?.error?.message ?? `Placeboard answered ${response.status}. Please try again later.`;
  if (response.status === 410) throw new CommunityApiError('expired', message);
  if (response.status === 429) throw new CommunityApiError('rate_limited', message);
  if (response.status === 400 || response.status === 413) throw new CommunityApiError('invalid', message);
  throw new CommunityApiError('server', 'Something went wrong on our side. Please try again in a few minutes. What you wrote is still here.');
}

/** Reads the community page of the board a community link belongs to. */
export function getCommunityBoard(token: string): Promise<CommunityBoardView> {
  return communityFetch<CommunityBoardView>(`/api/community/${encodeURIComponent(token)}`);
}

/** Sends one piece of local knowledge; it waits for a moderator before anyone else sees it. */
export function sendContribution(
  token: string,
  contribution: { point: [number, number]; category: CommunityCategory; text: string },
): Promise<{ id: string; status: 'pending' }> {
  return communityFetch(`/api/community/${encodeURIComponent(token)}/contributions`, {
    method: 'POST',
    body: JSON.stringify(contribution),
  });
}
