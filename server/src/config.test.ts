import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      maxMessageBytes: 8 * 1024 * 1024,
      basemapStyleUrl: '/basemap/style.json',
      roomIdleMs: 30_000,
      compactAfterUpdates: 500,
      compactAfterBytes: 4 * 1024 * 1024,
      maxMessagesPerSecond: 200,
      heartbeatMs: 15_000,
      maxMessageBytesPerSecond: 1024 * 1024,
      seedDemo: true,
      webDist: undefined,
      importMaxBytes: 50 * 1024 * 1024,
      pmtilesPath: undefined,
    });
  });

  it('takes every variable from the environment', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/placeboard',
        MAX_MESSAGE_BYTES: '65536',
        BASEMAP_STYLE_URL: 'https://tiles.example.org/style.json',
        ROOM_IDLE_MS: '0',
        COMPACT_AFTER_UPDATES: '20',
        COMPACT_AFTER_BYTES: '1024',
        MAX_MESSAGES_PER_SECOND: '50',
        HEARTBEAT_MS: '0',
        MAX_MESSAGE_BYTES_PER_SECOND: '65536',
        SEED_DEMO: 'false',
        WEB_DIST: 'web/dist',
        IMPORT_MAX_BYTES: '1000000',
      }),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/var/lib/placeboard',
      maxMessageBytes: 65536,
      basemapStyleUrl: 'https://tiles.example.org/style.json',
      roomIdleMs: 0,
      compactAfterUpdates: 20,
      compactAfterBytes: 1024,
      maxMessagesPerSecond: 50,
      heartbeatMs: 0,
      maxMessageBytesPerSecond: 65536,
      seedDemo: false,
      webDist: path.resolve('web/dist'),
      importMaxBytes: 1_000_000,
      pmtilesPath: undefined,
    });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', PORT: '9000' }).port).toBe(9000);
  });

  const bad: [string, Record<string, string>][] = [
    ['PORT', { PORT: 'abc' }],
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
    ['MAX_MESSAGES_PER_SECOND', { MAX_MESSAGES_PER_SECOND: '0' }],
    ['MAX_MESSAGES_PER_SECOND', { MAX_MESSAGES_PER_SECOND: 'unlimited' }],
    ['MAX_MESSAGE_BYTES_PER_SECOND', { MAX_MESSAGE_BYTES_PER_SECOND: '0' }],
    ['MAX_MESSAGE_BYTES_PER_SECOND', { MAX_MESSAGE_BYTES_PER_SECOND: '1MiB' }],
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
});
