import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addCanvasItem, getBoardMeta, listCanvasItems, listFeatures, listLayers, type BoardId } from '@placeboard/board';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, snapshotOf } from '../helpers/clients.js';
import { REPO_ROOT, SHARED_DATA, createBoardViaApi, startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Runs `pnpm cli <args>` as an admin would (through scripts/cli.mjs) against `dataDir`, straight on the store. It
 * runs without blocking this process: a blocked event loop lets the in-process server's keep-alive timeouts lapse
 * unseen, and the next API request then goes out on a connection the server has already closed.
 */
function cli(dataDir: string, ...args: string[]) {
  return cliAsync({ PLACEBOARD_URL: '', DATA_DIR: dataDir }, dataDir, ...args);
}

/**
 * Runs `pnpm cli <args>` with extra environment variables, from `cwd`, without blocking this process, which the CLI
 * needs when it talks to the in-process test server over HTTP (PLACEBOARD_URL).
 */
function cliAsync(env: Record<string, string>, cwd: string, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/cli.mjs'), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm cli', () => {
  let server: TestServer;
  let boardId: string;
  const work = tempDir('placeboard-cli-');

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server, 'Partington and Carrington');
    const client = await connectClient(server, boardId);
    addCanvasItem(client.doc, { kind: 'outcome', x: 1, y: 2, text: 'Every resident knows where to get help' }, { name: 'Ade' });
    const room = await server.rooms.peek(boardId as never);
    await waitUntil(() => room!.doc.getMap('canvas').size === 1);
    await room!.idle();
    client.destroy();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists boards', async () => {
    const { code, stdout } = await cli(server.dataDir, 'boards');
    expect(code).toBe(0);
    expect(stdout).toContain(boardId);
    expect(stdout).toContain('Partington and Carrington');
  });

  it('exports a board as a Yjs update and imports it back as a new board with the same content', async () => {
    const file = path.join(work, 'board.yjs');
    const exported = await cli(server.dataDir, 'export', boardId, '--out', file);
    expect(exported.code).toBe(0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(file)));
    expect(getBoardMeta(doc).title).toBe('Partington and Carrington');
    expect(listCanvasItems(doc).map((r) => (r.ok ? r.value.text : r.error))).toEqual(['Every resident knows where to get help']);

    const imported = await cli(server.dataDir, 'import-board', file, '--title', 'Copy for the ICB');
    expect(imported.code, imported.stderr).toBe(0);
    const newId = imported.stdout.trim();
    expect(newId).not.toBe(boardId);
    const copy = await connectClient(server, newId);
    expect(getBoardMeta(copy.doc).title).toBe('Copy for the ICB');
    copy.doc.getMap('meta').set('title', 'Partington and Carrington');
    expect(snapshotOf(copy.doc)).toBe(snapshotOf(doc));
    copy.destroy();
  });

  it('refuses a file that is not a board, an unknown board and an unknown command, with a message', async () => {
    const garbage = path.join(work, 'garbage.yjs');
    fs.writeFileSync(garbage, 'not a yjs update');
    const notYjs = await cli(server.dataDir, 'import-board', garbage);
    expect(notYjs.code).toBe(1);
    expect(notYjs.stderr).toMatch(/not a Yjs update|not a Placeboard board/);

    const foreign = new Y.Doc();
    foreign.getText('something-else').insert(0, 'hello');
    const foreignFile = path.join(work, 'foreign.yjs');
    fs.writeFileSync(foreignFile, Y.encodeStateAsUpdate(foreign));
    const notBoard = await cli(server.dataDir, 'import-board', foreignFile);
    expect(notBoard.code).toBe(1);
    expect(notBoard.stderr).toContain('not a Placeboard board');

    const missing = await cli(server.dataDir, 'export', 'NoSuchBoard1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no board with id NoSuchBoard1');

    const unknown = await cli(server.dataDir, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command');
    // None of it created a board.
    expect((await cli(server.dataDir, 'boards')).stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('pnpm cli import and export-geojson', () => {
  let server: TestServer;
  const work = tempDir('placeboard-cli-map-');
  const gpPractices = path.join(SHARED_DATA, 'trafford-assets', 'gp_practices.geojson');
  const featureCount = (JSON.parse(fs.readFileSync(gpPractices, 'utf8')) as { features: unknown[] }).features.length;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** The board as stored: update count and content. */
  async function stored(boardId: string) {
    const document = (await server.store.loadDocument(boardId as BoardId))!;
    const doc = new Y.Doc();
    if (document.state) Y.applyUpdate(doc, document.state);
    for (const update of document.updates) Y.applyUpdate(doc, update);
    return { updates: document.updates.length, content: snapshotOf(doc), doc };
  }

  it('imports a file into a board in the store as one update, prints the report, and exports it again', async () => {
    // Nobody has the board open, so the server holds no room for it: writing to the store is safe.
    const boardId = await createBoardViaApi(server, 'CLI import');
    const before = await stored(boardId);
    const result = await cli(server.dataDir, 'import', boardId, gpPractices, '--layer', 'GP practices', '--kind', 'assets', '--source', 'NHS ODS, Jan 2026');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Imported \d+ features from .*gp_practices\.geojson \(geojson\) into layer \S+\./);
    expect(result.stdout).toMatch(/Skipped \d+/);
    expect(result.stdout).toMatch(/^Properties: .*name/im);
    expect(result.stdout).toContain('Suggested kind: assets');
    const imported = Number(/^Imported (\d+)/.exec(result.stdout)![1]);
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThanOrEqual(featureCount);

    const after = await stored(boardId);
    expect(after.updates).toBe(before.updates + 1);
    const layers = listLayers(after.doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(layers.map((l) => [l.name, l.kind, l.source])).toEqual([['GP practices', 'assets', 'NHS ODS, Jan 2026']]);
    expect(listFeatures(after.doc, layers[0]!.id)).toHaveLength(imported);

    // A client opening the board afterwards sees it.
    const client = await connectClient(server, boardId);
    expect(listFeatures(client.doc, layers[0]!.id)).toHaveLength(imported);
    client.destroy();

    const toStdout = await cli(server.dataDir, 'export-geojson', boardId, '--layer', layers[0]!.id);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    const collection = JSON.parse(toStdout.stdout) as { type: string; features: unknown[] };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(imported);

    const out = path.join(work, 'board.geojson');
    const toFile = await cli(server.dataDir, 'export-geojson', boardId, '--out', out);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stdout).toContain(`Wrote ${out} (${imported} features)`);
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as { features: unknown[] }).features).toHaveLength(imported);
  });

  it('imports with --within only what falls within a layer of areas, and says how much it left out', async () => {
    const boardId = await createBoardViaApi(server, 'CLI within');
    const localities = await cli(server.dataDir, 'import', boardId, path.join(SHARED_DATA, 'trafford-boundaries/trafford_localities2023.geojson'), '--layer', 'Localities');
    expect(localities.code, localities.stderr).toBe(0);
    const areasId = /into layer (\S+)\./.exec(localities.stdout)![1]!;
    const assets = await cli(server.dataDir, 'import', boardId, path.join(SHARED_DATA, 'trafford-assets/assets_all.geojson'), '--within', areasId);
    expect(assets.code, assets.stderr).toBe(0);
    expect(assets.stdout).toMatch(/^Imported 262 features from .*assets_all\.geojson/);
    expect(assets.stdout).toContain('Kept only what falls within Localities: 15 left out.');
  });

  it('refuses bad input with a message and exit code 1, and leaves the board unchanged', async () => {
    const boardId = await createBoardViaApi(server, 'CLI refusals');
    const before = await stored(boardId);
    const broken = path.join(work, 'broken.geojson');
    fs.writeFileSync(broken, '{"type": "FeatureCollection", "features": [');
    const noCoordinates = path.join(work, 'people.csv');
    fs.writeFileSync(noCoordinates, 'name,phone\nAde,0161 000 0000\n');
    const cases: [string[], RegExp][] = [
      [['import', boardId, broken], /cannot import .*broken\.geojson: .*\(invalid_json\)/],
      [['import', boardId, noCoordinates], /\(no_coordinate_columns\)/],
      [['import', boardId, path.join(work, 'missing.geojson')], /cannot read .*missing\.geojson/],
      [['import', boardId, gpPractices, '--kind', 'hospitals'], /--kind must be one of boundary, assets, areas, indicator, drawing/],
      [['import', 'NoSuchBoard1', gpPractices], /no board with id NoSuchBoard1/],
      [['import', boardId], /import needs a board id and a file/],
      [['export-geojson', boardId, '--layer', 'NoSuchLayer'], /no layer with id NoSuchLayer/],
      [['export-geojson', 'NoSuchBoard1'], /no board with id NoSuchBoard1/],
      // An argument a command does not take is refused, not ignored (the file would be written elsewhere).
      [['export', boardId, 'copy.yjs'], /unexpected argument "copy\.yjs": pnpm cli export <boardId> \[--out FILE\]/],
      [['export-geojson', boardId, 'sites.geojson'], /unexpected argument "sites\.geojson"/],
      [['import', boardId, gpPractices, 'more.geojson'], /unexpected argument "more\.geojson"/],
      [['import', boardId, gpPractices, '--within', 'NoSuchLayer'], /cannot import .*gp_practices\.geojson: This board has no layer with id NoSuchLayer/],
      [['import-board', 'a.yjs', 'b.yjs'], /unexpected argument "b\.yjs"/],
      [['pack', boardId, 'pack.pdf', 'extra'], /unexpected argument "extra"/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(server.dataDir, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    // BOARD_MAX_FEATURES holds for an admin's import as for the API's.
    const full = await cliAsync({ PLACEBOARD_URL: '', DATA_DIR: server.dataDir, BOARD_MAX_FEATURES: '20' }, server.dataDir, 'import', boardId, gpPractices);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/cannot import .*gp_practices\.geojson: This board already holds 0 map features; these 26 would take it past 20\b/);
    // IMPORT_MAX_FEATURES holds for an admin's import as for the API's: the 26 GP practices are over 20.
    const overLimit = await cliAsync({ PLACEBOARD_URL: '', DATA_DIR: server.dataDir, IMPORT_MAX_FEATURES: '20' }, server.dataDir, 'import', boardId, gpPractices);
    expect(overLimit.code).toBe(1);
    expect(overLimit.stderr).toMatch(/cannot import .*gp_practices\.geojson: This file would add 26 features; one import can add at most 20\b.*\(too_many_features\)/);
    const after = await stored(boardId);
    expect([after.updates, after.content]).toEqual([before.updates, before.content]);
  });

  it('with PLACEBOARD_URL goes through the running server, so people on the board see the import at once', async () => {
    const boardId = await createBoardViaApi(server, 'CLI live import');
    const client = await connectClient(server, boardId);
    try {
      // A store the CLI must not use, and the owner's session token for the API.
      const env = { PLACEBOARD_URL: `${server.url}/`, PLACEBOARD_TOKEN: server.owner.token, DATA_DIR: tempDir() };
      // Without credentials the server refuses, and the CLI says what to set.
      const anonymous = await cliAsync({ ...env, PLACEBOARD_TOKEN: '' }, work, 'import', boardId, gpPractices, '--layer', 'GP practices');
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr).toMatch(/cannot import .*\(unauthenticated\).*PLACEBOARD_TOKEN/);
      expect(listLayers(client.doc)).toHaveLength(0);
      const result = await cliAsync(env, work, 'import', boardId, gpPractices, '--layer', 'GP practices');
      expect(result.code, result.stderr).toBe(0);
      const layerId = /into layer (\S+)\./.exec(result.stdout)![1]!;
      const imported = Number(/^Imported (\d+)/.exec(result.stdout)![1]);
      await waitUntil(() => listFeatures(client.doc, layerId).length === imported);

      const exported = await cliAsync(env, work, 'export-geojson', boardId, '--layer', layerId);
      expect(exported.code, exported.stderr).toBe(0);
      expect((JSON.parse(exported.stdout) as { features: unknown[] }).features).toHaveLength(imported);

      const broken = path.join(work, 'broken-live.geojson');
      fs.writeFileSync(broken, 'not json');
      const refused = await cliAsync(env, work, 'import', boardId, broken);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/cannot import .*\(invalid_json\)/);
      const missingLayer = await cliAsync(env, work, 'export-geojson', boardId, '--layer', 'NoSuchLayer');
      expect(missingLayer.code).toBe(1);
      expect(missingLayer.stderr).toMatch(/no layer with id NoSuchLayer\. \(not_found\)/);
    } finally {
      client.destroy();
    }
  });
});
