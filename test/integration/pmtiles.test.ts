import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '@placeboard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, ownerFetch, startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const ARCHIVE = path.join(SHARED_DATA, 'pmtiles-sample', 'stamen_toner_z0-3.pmtiles');
const SIZE = fs.statSync(ARCHIVE).size;

describe('PMTiles basemap served with range requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PMTILES_PATH: ARCHIVE });
  });
  afterAll(async () => {
    await server.close();
  });
  const tiles = (headers: Record<string, string> = {}) => fetch(`${server.url}/tiles/basemap.pmtiles`, { headers });

  it('GET /api/config names the archive', async () => {
    const config = (await (await ownerFetch(server, '/api/config')).json()) as Record<string, unknown>;
    expect(config).toEqual({
      basemapStyleUrl: '/basemap/style.json',
      pmtilesUrl: '/tiles/basemap.pmtiles',
      importLimits: { bytes: 50 * 1024 * 1024, features: 20_000 },
    });
  });

  it('answers the header range with 206 and the PMTiles v3 magic', async () => {
    const response = await tiles({ Range: 'bytes=0-126' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 0-126/${SIZE}`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes).toHaveLength(127);
    expect(bytes.subarray(0, 7).toString('latin1')).toBe('PMTiles');
    expect(bytes[7]).toBe(3);
    expect(bytes.equals(fs.readFileSync(ARCHIVE).subarray(0, 127))).toBe(true);
  });

  it('answers a range in the middle and a suffix range with exactly those bytes', async () => {
    const file = fs.readFileSync(ARCHIVE);
    const middle = await tiles({ Range: 'bytes=1000-1999' });
    expect(middle.status).toBe(206);
    expect(Buffer.from(await middle.arrayBuffer()).equals(file.subarray(1000, 2000))).toBe(true);
    const suffix = await tiles({ Range: 'bytes=-16' });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(file.subarray(SIZE - 16))).toBe(true);
  });

  it('answers a range past the end with 416', async () => {
    const response = await tiles({ Range: `bytes=${SIZE}-${SIZE + 100}` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    await response.arrayBuffer();
  });

  it('serves the whole archive without a Range header', async () => {
    const response = await tiles();
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(SIZE);
  });

  it('serves nothing else under /tiles', async () => {
    const response = await fetch(`${server.url}/tiles/other.pmtiles`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('PMTiles configuration', () => {
  it('without PMTILES_PATH: no pmtilesUrl in the config and a 404 for the archive', async () => {
    const server = await startTestServer();
    try {
      expect(await (await ownerFetch(server, '/api/config')).json()).toEqual({
        basemapStyleUrl: '/basemap/style.json',
        importLimits: { bytes: 50 * 1024 * 1024, features: 20_000 },
      });
      const response = await fetch(`${server.url}/tiles/basemap.pmtiles`, { headers: { Range: 'bytes=0-126' } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    } finally {
      await server.close();
    }
  });

  it('a PMTILES_PATH that names no file, or a file that is not PMTiles, stops startup with a clear error', () => {
    const missing = path.join(tempDir(), 'nowhere.pmtiles');
    expect(() => loadConfig({ PMTILES_PATH: missing })).toThrow(ConfigError);
    expect(() => loadConfig({ PMTILES_PATH: missing })).toThrow(`PMTILES_PATH: cannot read ${missing} (no such file)`);
    const notArchive = path.join(tempDir(), 'style.pmtiles');
    fs.writeFileSync(notArchive, '{"version": 8}');
    expect(() => loadConfig({ PMTILES_PATH: notArchive })).toThrow(`PMTILES_PATH: ${notArchive} is not a PMTiles archive`);
    const folder = tempDir();
    expect(() => loadConfig({ PMTILES_PATH: folder })).toThrow(/PMTILES_PATH: cannot read/);
    expect(loadConfig({ PMTILES_PATH: ARCHIVE }).pmtilesPath).toBe(ARCHIVE);
    expect(loadConfig({ PMTILES_PATH: '' }).pmtilesPath).toBeUndefined();
  });
});
