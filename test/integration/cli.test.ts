import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addCanvasItem, getBoardMeta, listCanvasItems } from '@placeboard/board';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, snapshotOf } from '../helpers/clients.js';
import { REPO_ROOT, createBoardViaApi, startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** Runs `pnpm cli <args>` as an admin would (through scripts/cli.mjs) against `dataDir`. */
function cli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/cli.mjs'), ...args], {
    cwd: dataDir,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pnpm cli', () => {
  let server: TestServer;
  let boardId: string;
  const work = tempDir('placeboard-cli-');

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server.url, 'Partington and Carrington');
    const client = await connectClient(server.wsUrl, boardId);
    addCanvasItem(client.doc, { kind: 'outcome', x: 1, y: 2, text: 'Every resident knows where to get help' }, { name: 'Ade' });
    const room = await server.rooms.peek(boardId as never);
    await waitUntil(() => room!.doc.getMap('canvas').size === 1);
    await room!.idle();
    client.destroy();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists boards', () => {
    const { code, stdout } = cli(server.dataDir, 'boards');
    expect(code).toBe(0);
    expect(stdout).toContain(boardId);
    expect(stdout).toContain('Partington and Carrington');
  });

  it('exports a board as a Yjs update and imports it back as a new board with the same content', async () => {
    const file = path.join(work, 'board.yjs');
    const exported = cli(server.dataDir, 'export', boardId, '--out', file);
    expect(exported.code).toBe(0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(file)));
    expect(getBoardMeta(doc).title).toBe('Partington and Carrington');
    expect(listCanvasItems(doc).map((r) => (r.ok ? r.value.text : r.error))).toEqual(['Every resident knows where to get help']);

    const imported = cli(server.dataDir, 'import-board', file, '--title', 'Copy for the ICB');
    expect(imported.code, imported.stderr).toBe(0);
    const newId = imported.stdout.trim();
    expect(newId).not.toBe(boardId);
    const copy = await connectClient(server.wsUrl, newId);
    expect(getBoardMeta(copy.doc).title).toBe('Copy for the ICB');
    copy.doc.getMap('meta').set('title', 'Partington and Carrington');
    expect(snapshotOf(copy.doc)).toBe(snapshotOf(doc));
    copy.destroy();
  });

  it('refuses a file that is not a board, an unknown board and an unknown command, with a message', () => {
    const garbage = path.join(work, 'garbage.yjs');
    fs.writeFileSync(garbage, 'not a yjs update');
    const notYjs = cli(server.dataDir, 'import-board', garbage);
    expect(notYjs.code).toBe(1);
    expect(notYjs.stderr).toMatch(/not a Yjs update|not a Placeboard board/);

    const foreign = new Y.Doc();
    foreign.getText('something-else').insert(0, 'hello');
    const foreignFile = path.join(work, 'foreign.yjs');
    fs.writeFileSync(foreignFile, Y.encodeStateAsUpdate(foreign));
    const notBoard = cli(server.dataDir, 'import-board', foreignFile);
    expect(notBoard.code).toBe(1);
    expect(notBoard.stderr).toContain('not a Placeboard board');

    const missing = cli(server.dataDir, 'export', 'NoSuchBoard1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no board with id NoSuchBoard1');

    const unknown = cli(server.dataDir, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command');
    // None of it created a board.
    expect(cli(server.dataDir, 'boards').stdout.trim().split('\n')).toHaveLength(2);
  });
});
