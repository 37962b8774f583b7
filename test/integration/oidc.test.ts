import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { AuditEvent } from '@placeboard/server';
import { SESSION_COOKIE } from '@placeboard/server';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OWNER, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * OpenID Connect sign-in against a real provider (oidc-provider, with its development login and consent pages) on
 * this machine, driven the way a browser would: following redirects, keeping cookies, submitting the forms.
 */

const CLIENT_ID = 'placeboard-test';
const CLIENT_SECRET = 'a-long-client-secret-for-the-test-provider';
const LABEL = 'Sign in with Test NHS';

/** People the provider knows, by the login typed into its development sign-in form. */
const ACCOUNTS: Record<string, { sub: string; email: string; name?: string }> = {
  alice: { sub: 'alice-0001', email: 'Alice.Example@trust.example.nhs.uk', name: 'Alice Example' },
  // No name claim: Placeboard uses the email address.
  bob: { sub: 'bob-0002', email: 'bob@trust.example.nhs.uk' },
  // Same email address as the test server's local owner account.
  'owner-twin': { sub: 'owner-twin-0003', email: TEST_OWNER.email, name: 'Owner Twin' },
};

/** A port nobody is listening on just now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A running OpenID provider with one confidential client. */
interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

async function startProvider(port: number, redirectUri: string): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    // Refuse any authorization request without PKCE, so the flow below proves Placeboard sends it.
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, id) {
      const account = ACCOUNTS[id] ?? ACCOUNTS.alice!;
      return {
        accountId: id,
        claims: () => ({ sub: account.sub, email: account.email, email_verified: true, ...(account.name ? { name: account.name } : {}) }),
      };
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One browser: a cookie jar per origin (path-scoped), redirects left to the caller. */
class TestBrowser {
  private readonly jar = new Map<string, Map<string, { name: string; value: string; path: string }>>();

  async get(url: URL | string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(new URL(url), { method: 'GET', headers });
  }

  async post(url: URL | string, form: Record<string, string>): Promise<Response> {
    return this.request(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** The value of a cookie this browser holds for `origin`, if any. */
  cookie(origin: string, name: string): string | undefined {
    return [...(this.jar.get(origin)?.values() ?? [])].find((c) => c.name === name)?.value;
  }

  private async request(url: URL, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
    const sent = [...(this.jar.get(url.origin)?.values() ?? [])]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(sent.length ? { cookie: sent.join('; ') } : {}) },
    });
    const cookies = this.jar.get(url.origin) ?? new Map();
    this.jar.set(url.origin, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr('path') ?? '/';
      const expires = attr('expires');
      const gone = attr('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) cookies.delete(`${name};${path}`);
      else cookies.set(`${name};${path}`, { name, value, path });
    }
    return response;
  }
}

/** A session token as the Placeboard response set it, if it set one. */
function sessionCookieOf(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return line?.slice(SESSION_COOKIE.length + 1).split(';')[0];
}

/**
 * Starts a sign-in at Placeboard and goes through the provider (login form with `login`, then consent) until the
 * provider sends the browser back to Placeboard's callback; returns that callback URL without opening it. With
 * `cancel`, presses the login page's cancel link instead of signing in.
 */
async function reachCallback(
  browser: TestBrowser,
  server: TestServer,
  options: { login: string; next?: string; cancel?: boolean },
): Promise<URL> {
  const callback = `${server.url}/api/auth/oidc/callback`;
  let url = new URL(`${server.url}/api/auth/oidc/start${options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`}`);
  let response = await browser.get(url);
  for (let step = 0; step < 20; step++) {
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location') ?? '', url);
      if (`${location.origin}${location.pathname}` === callback) return location;
      url = location;
      response = await browser.get(url);
      continue;
    }
    const body = await response.text();
    const action = body.match(/<form[^>]*action="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    const prompt = body.match(/name="prompt" value="([^"]+)"/)?.[1];
    if (response.status !== 200 || !action || !prompt) throw new Error(`unexpected ${response.status} from ${url.href}:\n${body}`);
    const submit = new URL(action, url);
    if (prompt === 'login' && options.cancel) {
      url = new URL(`${submit.pathname}/abort`, submit);
      response = await browser.get(url);
    } else {
      url = submit;
      response = await browser.post(submit, prompt === 'login' ? { prompt, login: options.login, password: 'any password' } : { prompt });
    }
  }
  throw new Error('the provider never sent the browser back to Placeboard');
}

interface SessionAnswer {
  oidc: { label: string } | null;
  user: { id: string; email: string; name: string; isAdmin: boolean } | null;
}

async function sessionOf(server: TestServer, token: string | undefined): Promise<SessionAnswer> {
  const response = await fetch(`${server.url}/api/session`, { headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} });
  expect(response.status).toBe(200);
  return (await response.json()) as SessionAnswer;
}

describe('OpenID Connect sign-in', () => {
  let server: TestServer;
  let provider: TestProvider;
  const audit: AuditEvent[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const providerPort = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startProvider(providerPort, `${publicUrl}/api/auth/oidc/callback`);
    server = await startTestServer({
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_LABEL: LABEL,
    });
    // Watch the audit lines the server writes (sign-ins belong to no board, so no board's audit API lists them).
    const append = server.store.appendAudit.bind(server.store);
    server.store.appendAudit = async (events) => {
      audit.push(...events);
      return append(events);
    };
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('offers the button in GET /api/session', async () => {
    expect((await sessionOf(server, undefined)).oidc).toEqual({ label: LABEL });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, remembered in a short-lived HttpOnly cookie', async () => {
    const response = await fetch(`${server.url}/api/auth/oidc/start?next=/b/x`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/auth`);
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${server.url}/api/auth/oidc/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(params.state).toBeTruthy();
    expect(params.nonce).toBeTruthy();
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('placeboard_oidc='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/i);
    // Neither the state nor the PKCE verifier is in the cookie: it holds only a random id.
    expect(cookie).not.toContain(params.state);
  });

  it('signs a new person in, makes their account from the provider’s claims, and lands on `next`', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await reachCallback(browser, server, { login: 'alice', next: '/b/some-board?view=map' });
    // The provider really ran PKCE S256 with state and nonce: the callback carries the state it was given.
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();
    expect(browser.cookie(server.url, 'placeboard_oidc')).toBeTruthy();

    const response = await browser.get(callbackUrl);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/b/some-board?view=map');
    const token = sessionCookieOf(response);
    expect(token).toBeTruthy();
    expect(response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/HttpOnly/i);

    const session = await sessionOf(server, token);
    expect(session.user).toEqual({ id: expect.any(String), email: 'alice.example@trust.example.nhs.uk', name: 'Alice Example', isAdmin: false });
    expect(session.user?.id).not.toBe((await sessionOf(server, server.owner.token)).user?.id);
    expect(audit).toContainEqual(
      expect.objectContaining({ boardId: null, kind: 'sign-in', actor: `user:${session.user?.id}`, actorName: 'Alice Example', detail: 'signed in with OpenID Connect' }),
    );

    // The sign-in cookie was for one use: coming back to the same answer again is refused.
    const replay = await browser.get(callbackUrl);
    expect(replay.status).toBe(400);
    expect(sessionCookieOf(replay)).toBeUndefined();
  });

  it('gives the same account to the same person on the next sign-in', async () => {
    const signIn = async () => {
      const browser = new TestBrowser();
      const response = await browser.get(await reachCallback(browser, server, { login: 'alice' }));
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
      return (await sessionOf(server, sessionCookieOf(response))).user;
    };
    const one = await signIn();
    const two = await signIn();
    expect(one?.id).toBeTruthy();
    expect(two?.id).toBe(one?.id);
    expect(two?.email).toBe('alice.example@trust.example.nhs.uk');
  });

  it('names a person without a name claim after their email address', async () => {
    const browser = new TestBrowser();
    const response = await browser.get(await reachCallback(browser, server, { login: 'bob' }));
    expect(response.status).toBe(302);
    expect((await sessionOf(server, sessionCookieOf(response))).user).toMatchObject({ email: 'bob@trust.example.nhs.uk', name: 'bob@trust.example.nhs.uk' });
  });

  it('never sends a person to another site after signing in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const browser = new TestBrowser();
      const response = await browser.get(await reachCallback(browser, server, { login: 'alice', next }));
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
    }
  });

  it('refuses an answer with the wrong state, or one this browser did not start, with 400 and no session', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await reachCallback(browser, server, { login: 'alice' });
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'not-the-state-this-browser-was-given');
    const wrongState = await browser.get(forged);
    expect(wrongState.status).toBe(400);
    expect(sessionCookieOf(wrongState)).toBeUndefined();
    expect(await wrongState.json()).toEqual({ error: { code: 'oidc_state_mismatch', message: expect.stringContaining('does not belong to the sign-in this browser started') } });

    // Login CSRF: a genuine answer opened in a browser that did not start the sign-in.
    const other = new TestBrowser();
    const elsewhere = await other.get(await reachCallback(new TestBrowser(), server, { login: 'alice' }));
    expect(elsewhere.status).toBe(400);
    expect(sessionCookieOf(elsewhere)).toBeUndefined();
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe('oidc_no_sign_in');
  });

  it('tells a person who cancelled at the provider what happened', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await reachCallback(browser, server, { login: 'alice', cancel: true });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    const response = await browser.get(callbackUrl, { accept: 'text/html,application/xhtml+xml' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await response.text()).toContain('The sign-in service did not sign you in: End-User aborted interaction');
  });

  it('refuses an email address that already belongs to a local account with a clear 409', async () => {
    const browser = new TestBrowser();
    const response = await browser.get(await reachCallback(browser, server, { login: 'owner-twin' }));
    expect(response.status).toBe(409);
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await response.json()).toEqual({
      error: { code: 'email_in_use', message: 'An account with this email address already signs in with a password. Sign in with it instead.' },
    });
  });
});

describe('OpenID Connect with a provider that is down when the server starts', () => {
  let server: TestServer | undefined;
  let provider: TestProvider | undefined;
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('starts anyway, says the provider cannot be reached, and signs in once it is back', async () => {
    const port = await freePort();
    const providerPort = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    server = await startTestServer({
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
    });
    expect((await sessionOf(server, undefined)).oidc).toEqual({ label: 'Sign in with your organisation' });

    const down = await fetch(`${server.url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({ error: { code: 'oidc_unavailable', message: expect.stringContaining('cannot be reached') } });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    provider = await startProvider(providerPort, `${publicUrl}/api/auth/oidc/callback`);
    const browser = new TestBrowser();
    const response = await browser.get(await reachCallback(browser, server, { login: 'alice' }));
    expect(response.status).toBe(302);
    expect((await sessionOf(server, sessionCookieOf(response))).user?.name).toBe('Alice Example');
  });
});
