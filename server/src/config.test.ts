import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseTimeoutMs: 20_000,
      maxMessageBytes: 8 * 1024 * 1024,
      basemapStyleUrl: '/basemap/style.json',
      roomIdleMs: 30_000,
      compactAfterUpdates: 500,
      compactAfterBytes: 4 * 1024 * 1024,
      maxMessagesPerSecond: 200,
      heartbeatMs: 15_000,
      awarenessTickMs: 50,
      busyBatchMs: 10,
      redisUrl: undefined,
      maxMessageBytesPerSecond: 1024 * 1024,
      seedDemo: true,
      webDist: undefined,
      importMaxBytes: 50 * 1024 * 1024,
      importMaxFeatures: 20_000,
      boardMaxFeatures: 50_000,
      pmtilesPath: undefined,
      communityPostsPerHour: 20,
      publicUrl: 'http://localhost:8080',
      publicUrlGiven: false,
      oidc: undefined,
      chromiumPath: '/usr/bin/chromium',
      trustProxy: [],
      metricsToken: undefined,
    });
  });

  it('takes every variable from the environment', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/placeboard',
        DATABASE_TIMEOUT_MS: '5000',
        MAX_MESSAGE_BYTES: '65536',
        BASEMAP_STYLE_URL: 'https://tiles.example.org/style.json',
        ROOM_IDLE_MS: '0',
        COMPACT_AFTER_UPDATES: '20',
        COMPACT_AFTER_BYTES: '1024',
        MAX_MESSAGES_PER_SECOND: '50',
        HEARTBEAT_MS: '0',
        AWARENESS_TICK_MS: '0',
        BUSY_BATCH_MS: '5',
        REDIS_URL: 'redis://:secret@redis.internal:6379/2',
        MAX_MESSAGE_BYTES_PER_SECOND: '65536',
        SEED_DEMO: 'false',
        WEB_DIST: 'web/dist',
        IMPORT_MAX_BYTES: '1000000',
        IMPORT_MAX_FEATURES: '5000',
        BOARD_MAX_FEATURES: '20000',
        COMMUNITY_POSTS_PER_HOUR: '5',
        PUBLIC_URL: 'https://placeboard.example.org/',
        OIDC_ISSUER: 'https://login.microsoftonline.com/0b3a1c2d-tenant/v2.0',
        OIDC_CLIENT_ID: 'placeboard-client',
        OIDC_CLIENT_SECRET: 's3cret~value',
        OIDC_LABEL: 'Sign in with NHS mail',
        OIDC_SCOPES: 'openid email profile offline_access',
        CHROMIUM_PATH: '/opt/chromium/chrome',
        TRUST_PROXY: '10.0.0.0/8, loopback ,fd00::/8',
        METRICS_TOKEN: ' a-scraper-secret-of-32-characters ',
      }),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/var/lib/placeboard',
      databaseTimeoutMs: 5000,
      maxMessageBytes: 65536,
      basemapStyleUrl: 'https://tiles.example.org/style.json',
      roomIdleMs: 0,
      compactAfterUpdates: 20,
      compactAfterBytes: 1024,
      maxMessagesPerSecond: 50,
      heartbeatMs: 0,
      awarenessTickMs: 0,
      busyBatchMs: 5,
      redisUrl: 'redis://:secret@redis.internal:6379/2',
      maxMessageBytesPerSecond: 65536,
      seedDemo: false,
      webDist: path.resolve('web/dist'),
      importMaxBytes: 1_000_000,
      importMaxFeatures: 5000,
      boardMaxFeatures: 20000,
      pmtilesPath: undefined,
      communityPostsPerHour: 5,
      publicUrl: 'https://placeboard.example.org',
      publicUrlGiven: true,
      oidc: {
        issuer: 'https://login.microsoftonline.com/0b3a1c2d-tenant/v2.0',
        clientId: 'placeboard-client',
        clientSecret: 's3cret~value',
        label: 'Sign in with NHS mail',
        scopes: 'openid email profile offline_access',
      },
      chromiumPath: '/opt/chromium/chrome',
      trustProxy: ['10.0.0.0/8', 'loopback', 'fd00::/8'],
      metricsToken: 'a-scraper-secret-of-32-characters',
    });
  });

  it('reads DATABASE_URL as written, and a blank one as unset (SQLite)', () => {
    const url = 'postgresql://placeboard:secret@db.internal:5432/placeboard?sslmode=require';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: ' ' }).databaseUrl).toBeUndefined();
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it('reads a blank METRICS_TOKEN as none', () => {
    expect(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
  });

  it('reads a blank TRUST_PROXY as none', () => {
    expect(loadConfig({ TRUST_PROXY: ' , ' }).trustProxy).toEqual([]);
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', PORT: '9000' }).port).toBe(9000);
  });

  const bad: [string, Record<string, string>][] = [
    ['PORT', { PORT: 'abc' }],
    ['AWARENESS_TICK_MS', { AWARENESS_TICK_MS: '5000' }],
    ['REDIS_URL', { REDIS_URL: 'http://redis:6379' }],
    ['REDIS_URL', { REDIS_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db:3306/placeboard' }],
    ['DATABASE_URL', { DATABASE_URL: 'placeboard' }],
    ['DATABASE_TIMEOUT_MS', { DATABASE_TIMEOUT_MS: '0' }],
    ['DATABASE_TIMEOUT_MS', { DATABASE_TIMEOUT_MS: '20s' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['PORT', { PORT: '' }],
    ['PORT', { PORT: '   ' }],
    ['PORT', { PORT: '0x50' }],
    ['PORT', { PORT: '1e3' }],
    ['MAX_MESSAGE_BYTES', { MAX_MESSAGE_BYTES: '-1' }],
    ['MAX_MESSAGE_BYTES', { MAX_MESSAGE_BYTES: '0' }],
    ['MAX_MESSAGE_BYTES', { MAX_MESSAGE_BYTES: 'lots' }],
    ['ROOM_IDLE_MS', { ROOM_IDLE_MS: '-5' }],
    ['COMPACT_AFTER_UPDATES', { COMPACT_AFTER_UPDATES: '0' }],
    ['SEED_DEMO', { SEED_DEMO: 'yes' }],
    ['HOST', { HOST: '' }],
    ['IMPORT_MAX_BYTES', { IMPORT_MAX_BYTES: '0' }],
    ['IMPORT_MAX_BYTES', { IMPORT_MAX_BYTES: '50MB' }],
    ['IMPORT_MAX_FEATURES', { IMPORT_MAX_FEATURES: '0' }],
    ['IMPORT_MAX_FEATURES', { IMPORT_MAX_FEATURES: '20k' }],
    ['BOARD_MAX_FEATURES', { BOARD_MAX_FEATURES: '-1' }],
    ['MAX_MESSAGES_PER_SECOND', { MAX_MESSAGES_PER_SECOND: '0' }],
    ['MAX_MESSAGES_PER_SECOND', { MAX_MESSAGES_PER_SECOND: 'unlimited' }],
    ['MAX_MESSAGE_BYTES_PER_SECOND', { MAX_MESSAGE_BYTES_PER_SECOND: '0' }],
    ['MAX_MESSAGE_BYTES_PER_SECOND', { MAX_MESSAGE_BYTES_PER_SECOND: '1MiB' }],
    ['COMMUNITY_POSTS_PER_HOUR', { COMMUNITY_POSTS_PER_HOUR: '0' }],
    ['COMMUNITY_POSTS_PER_HOUR', { COMMUNITY_POSTS_PER_HOUR: 'lots' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'placeboard.example.org' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://placeboard.example.org' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://placeboard.example.org/?x=1' }],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' }],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'http://login.example.org', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' }],
    ['OIDC_SCOPES', { OIDC_ISSUER: 'https://login.example.org', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret', OIDC_SCOPES: 'email profile' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'nginx.internal' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/99' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'too-short' }],
    ['OIDC_LABEL', { OIDC_ISSUER: 'https://login.example.org', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret', OIDC_LABEL: 'x'.repeat(101) }],
  ];
  for (const [variable, env] of bad) {
    it(`refuses ${variable}=${JSON.stringify(Object.values(env)[0])} with a ConfigError naming the variable`, () => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).name).toBe('ConfigError');
      expect((error as Error).message).toContain(variable);
      // Only the bad variable is named.
      for (const other of ['PORT', 'MAX_MESSAGE_BYTES', 'ROOM_IDLE_MS', 'COMPACT_AFTER_UPDATES', 'SEED_DEMO', 'HOST']) {
        if (other !== variable && !variable.includes(other)) expect((error as Error).message).not.toContain(`${other}:`);
      }
    });
  }

  it('names every bad variable when several are wrong', () => {
    expect(() => loadConfig({ PORT: 'abc', MAX_MESSAGE_BYTES: '-1' })).toThrow(/PORT.*MAX_MESSAGE_BYTES|MAX_MESSAGE_BYTES.*PORT/);
  });

  describe('OpenID Connect', () => {
    const complete = { OIDC_ISSUER: 'https://login.example.org/tenant/v2.0', OIDC_CLIENT_ID: 'placeboard', OIDC_CLIENT_SECRET: 'secret' };

    it('is off when none of issuer, client id and secret is set, or all are blank', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
      expect(loadConfig({ OIDC_ISSUER: '', OIDC_CLIENT_ID: ' ', OIDC_CLIENT_SECRET: '' }).oidc).toBeUndefined();
      // The label and scopes alone do not turn it on.
      expect(loadConfig({ OIDC_LABEL: 'Sign in with NHS mail', OIDC_SCOPES: 'openid email' }).oidc).toBeUndefined();
    });

    it('defaults the button label and the scopes', () => {
      expect(loadConfig(complete).oidc).toEqual({
        issuer: 'https://login.example.org/tenant/v2.0',
        clientId: 'placeboard',
        clientSecret: 'secret',
        label: 'Sign in with your organisation',
        scopes: 'openid email profile',
      });
    });

    it('allows a plain http issuer only on this machine', () => {
      expect(loadConfig({ ...complete, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
      expect(loadConfig({ ...complete, OIDC_ISSUER: 'http://localhost:4000/oidc' }).oidc?.issuer).toBe('http://localhost:4000/oidc');
      expect(() => loadConfig({ ...complete, OIDC_ISSUER: 'http://127.0.0.2:4000' })).toThrow(/OIDC_ISSUER: must be an https URL/);
    });

    for (const missing of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      it(`refuses a partial setup without ${missing}, naming it`, () => {
        const env: Record<string, string> = { ...complete };
        delete env[missing];
        expect(() => loadConfig(env)).toThrow(ConfigError);
        expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration: ${missing}: must be set too`));
        // A blank value is as good as missing.
        expect(() => loadConfig({ ...complete, [missing]: '' })).toThrow(new RegExp(`${missing}: must be set too`));
      });
    }

    it('names every missing variable when only one is set', () => {
      expect(() => loadConfig({ OIDC_CLIENT_ID: 'placeboard' })).toThrow(
        'invalid configuration: OIDC_ISSUER, OIDC_CLIENT_SECRET: must be set too when OIDC_CLIENT_ID is (OpenID Connect needs all three)',
      );
    });

    it('takes PUBLIC_URL without its trailing slash, and defaults it to localhost on PORT', () => {
      expect(loadConfig({ PUBLIC_URL: 'https://boards.example.nhs.uk/' }).publicUrl).toBe('https://boards.example.nhs.uk');
      expect(loadConfig({ PUBLIC_URL: 'https://example.org/placeboard/' }).publicUrl).toBe('https://example.org/placeboard');
      expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    });
  });
});
