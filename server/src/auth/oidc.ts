import * as client from 'openid-client';
import { isLoopbackUrl, type OidcConfig } from '../config.js';
import { errorMessage, type Logger } from '../log.js';
import { newToken } from './tokens.js';

/** Where the provider sends people back to, under the server's public address. */
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

/** Stable codes of the ways an OpenID Connect sign-in fails (the API's `error.code`). */
export type OidcErrorCode =
  /** No sign-in in progress for this browser: no cookie, expired, or already used. */
  | 'oidc_no_sign_in'
  /** The answer's `state` is not the one this browser was sent off with. */
  | 'oidc_state_mismatch'
  /** The provider answered with an `error` parameter (the person cancelled, or was not allowed in). */
  | 'oidc_refused'
  /** The provider's answer or tokens did not check out. */
  | 'oidc_failed'
  /** The provider gave no email address, or one it says it has not verified. */
  | 'oidc_no_email'
  /** The provider could not be reached (discovery, token or userinfo request). */
  | 'oidc_unavailable';

/** Thrown for a sign-in that cannot go ahead; `message` is written for the person signing in. */
export class OidcError extends Error {
  override name = 'OidcError';
  constructor(readonly status: 400 | 502, readonly code: OidcErrorCode, message: string) {
    super(message);
  }
}

/** Who the provider says signed in, ready for {@link Access.userFromOidc}. */
export interface OidcProfile {
  /** The issuer as the provider's discovery document names it. */
  issuer: string;
  subject: string;
  /** Trimmed and lower-cased, as local accounts store theirs. */
  email: string;
  /** The `name` claim, or the email address when there is none. */
  name: string;
}

/** A sign-in started in one browser: what the callback checks the provider's answer against. */
interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
  expiresAt: number;
}

/** Options of {@link createOidc}. */
export interface OidcOptions {
  config: OidcConfig;
  /** The absolute callback URL registered with the provider: `${PUBLIC_URL}/api/auth/oidc/callback`. */
  redirectUri: string;
  log: Logger;
  /** @default Date.now */
  now?: () => number;
  /** How long someone has between starting a sign-in and coming back. @default 600000 (10 minutes) */
  pendingMs?: number;
  /** Most sign-ins in progress at once; past it the oldest is forgotten, so a flood cannot fill memory. @default 10000 */
  maxPending?: number;
  /** Seconds to wait for each request to the provider. @default 15 */
  timeoutSeconds?: number;
}

/**
 * The redirect target a sign-in may end on: a path on this site (one leading '/', not '//' or '/\'), else '/'.
 * `next` comes from a link anyone can craft, so it must never send a person to another site (an open redirect).
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || next.length > 2000 || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const base = new URL('http://placeboard.invalid');
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin || next.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * OpenID Connect sign-in (authorization code flow with PKCE S256, state and nonce) against one provider, such as
 * Microsoft Entra ID or NHS CIS2. The provider's metadata is discovered on first use and discovery is tried again
 * after a failure, so a provider that is down when the server starts does not stop it. Sign-ins in progress are
 * kept in memory under a random id that the browser holds in a short-lived cookie; a restart forgets them, and
 * whoever was half-way through starts again.
 */
export function createOidc(options: OidcOptions) {
  const { config, redirectUri, log } = options;
  const now = options.now ?? Date.now;
  const pendingMs = options.pendingMs ?? 10 * 60 * 1000;
  const maxPending = options.maxPending ?? 10_000;
  const timeout = options.timeoutSeconds ?? 15;
  const issuerUrl = new URL(config.issuer);
  const pending = new Map<string, PendingSignIn>();
  let configuration: Promise<client.Configuration> | undefined;

  /** The provider's configuration, discovered once; a failed discovery is forgotten so the next sign-in retries. */
  function discover(): Promise<client.Configuration> {
    configuration ??= client
      .discovery(issuerUrl, config.clientId, undefined, client.ClientSecretPost(config.clientSecret), {
        timeout,
        // Plain http only for a provider on this machine (tests); config.ts refuses http anywhere else.
        execute: issuerUrl.protocol === 'http:' && isLoopbackUrl(issuerUrl) ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = undefined;
        log.warn('OpenID Connect discovery failed', { issuer: config.issuer, error: errorMessage(error) });
        throw new OidcError(502, 'oidc_unavailable', 'The sign-in service of your organisation cannot be reached just now. Try again in a few minutes.');
      });
    return configuration;
  }

  function forgetExpired(at: number): void {
    for (const [id, entry] of pending) if (entry.expiresAt <= at) pending.delete(id);
    while (pending.size >= maxPending) {
      const oldest = pending.keys().next().value;
      if (oldest === undefined) break;
      pending.delete(oldest);
    }
  }

  /** Turns a failed request to the provider into what the person is told. */
  function providerFailure(error: unknown): OidcError {
    if (error instanceof OidcError) return error;
    if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
      const detail = error.error_description ?? error.error;
      return new OidcError(400, 'oidc_failed', `The sign-in service did not accept this sign-in (${detail}). Start again.`);
    }
    if (error instanceof client.ClientError) {
      return new OidcError(400, 'oidc_failed', `The answer from the sign-in service did not check out (${error.message}). Start again.`);
    }
    return new OidcError(502, 'oidc_unavailable', 'The sign-in service of your organisation cannot be reached just now. Try again in a few minutes.');
  }

  return {
    /** Text of the sign-in button. */
    label: config.label,
    redirectUri,
    /** How long the sign-in cookie lives, in milliseconds. */
    pendingMs,

    /**
     * Starts a sign-in: remembers fresh PKCE, state and nonce under a new id (for the browser's cookie) and gives
     * the provider's authorization URL to send the browser to. `next` is where to land afterwards (see
     * {@link safeNextPath}).
     */
    async start(next: string | undefined): Promise<{ signInId: string; authorizationUrl: URL }> {
      const provider = await discover();
      const at = now();
      forgetExpired(at);
      const entry: PendingSignIn = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        next: safeNextPath(next),
        expiresAt: at + pendingMs,
      };
      const signInId = newToken();
      pending.set(signInId, entry);
      const authorizationUrl = client.buildAuthorizationUrl(provider, {
        redirect_uri: redirectUri,
        scope: config.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(entry.codeVerifier),
        code_challenge_method: 'S256',
        state: entry.state,
        nonce: entry.nonce,
      });
      return { signInId, authorizationUrl };
    },

    /**
     * Finishes the sign-in that `signInId` (from the browser's cookie) started, with the query the provider sent
     * back: exchanges the code (openid-client checks state, nonce, PKCE and the ID token) and reads who signed in.
     * Each sign-in can be finished once.
     */
    async finish(signInId: string | undefined, query: URLSearchParams): Promise<{ profile: OidcProfile; next: string }> {
      const entry = signInId ? pending.get(signInId) : undefined;
      if (signInId) pending.delete(signInId);
      if (!entry || entry.expiresAt <= now()) {
        throw new OidcError(400, 'oidc_no_sign_in', 'This sign-in was not started in this browser, has already been used, or took longer than 10 minutes. Start again.');
      }
      if (query.get('state') !== entry.state) {
        throw new OidcError(400, 'oidc_state_mismatch', 'This answer from the sign-in service does not belong to the sign-in this browser started. Start again.');
      }
      const refused = query.get('error');
      if (refused) {
        const detail = query.get('error_description') ?? refused;
        throw new OidcError(400, 'oidc_refused', `The sign-in service did not sign you in: ${detail}`);
      }
      const provider = await discover();
      // The URL registered with the provider, not the request's own (behind a proxy that is an internal address).
      const currentUrl = new URL(redirectUri);
      currentUrl.search = query.toString();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(provider, currentUrl, {
          pkceCodeVerifier: entry.codeVerifier,
          expectedState: entry.state,
          expectedNonce: entry.nonce,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new OidcError(400, 'oidc_failed', 'The sign-in service sent no ID token. Start again.');
        claims = { ...idToken };
        // Many providers keep email and name out of the ID token and give them at the userinfo endpoint.
        if ((typeof claims.email !== 'string' || typeof claims.name !== 'string') && provider.serverMetadata().userinfo_endpoint) {
          claims = { ...(await client.fetchUserInfo(provider, tokens.access_token, idToken.sub)), ...claims };
        }
      } catch (error) {
        const failure = providerFailure(error);
        log.warn('OpenID Connect sign-in failed', { code: failure.code, error: errorMessage(error) });
        throw failure;
      }
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      if (!EMAIL.test(email) || email.length > 320) {
        throw new OidcError(400, 'oidc_no_email', 'Your organisation’s sign-in service did not share an email address, which Placeboard needs for your account. Ask your administrator to release the email claim to Placeboard.');
      }
      if (claims.email_verified === false) {
        throw new OidcError(400, 'oidc_no_email', 'Your organisation’s sign-in service says your email address is not verified, so Placeboard cannot use it for your account.');
      }
      const givenName = typeof claims.name === 'string' ? claims.name.replace(/\s+/g, ' ').trim().slice(0, 100) : '';
      return {
        profile: { issuer: provider.serverMetadata().issuer, subject: String(claims.sub), email, name: givenName || email },
        next: entry.next,
      };
    },
  };
}

/** OpenID Connect sign-in against the configured provider (see {@link createOidc}). */
export type Oidc = ReturnType<typeof createOidc>;
