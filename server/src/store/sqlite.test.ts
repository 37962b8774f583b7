import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newBoardId } from '@placeboard/board';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite.js';
import { storeContract } from './store-contract.js';

let dirs: string[] = [];
let filename = '';

storeContract('sqlite (temp file)', {
  async make() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placeboard-store-'));
    dirs.push(dir);
    filename = path.join(dir, 'nested', 'placeboard.sqlite'); // the folder is created by the store
    return createSqliteStore({ filename });
  },
  async reopen() {
    return createSqliteStore({ filename });
  },
  async cleanup() {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dirs = [];
  },
});

storeContract('sqlite (:memory:)', {
  async make() {
    return createSqliteStore({ filename: ':memory:' });
  },
});

describe('sqlite store specifics', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to open a database written by a newer schema', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placeboard-store-'));
    made.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => createSqliteStore({ filename: file })).toThrow(/newer than this server/);
  });

  it('upgrades a database written before versions existed, keeping its boards', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placeboard-store-'));
    made.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const id = newBoardId();
    const first = createSqliteStore({ filename: file });
    await first.createBoard({ id, title: 'Old board', state: new Uint8Array([0, 0]), now: 1 });
    await first.close();
    // Take the database back to schema version 2 (boards and access, no versions), as an older server left it.
    const db = new Database(file);
    db.exec('DROP TABLE setup_tokens; DROP TABLE version_signoffs; DROP TABLE versions; DROP TABLE version_numbers;');
    db.pragma('user_version = 2');
    db.close();

    const store = createSqliteStore({ filename: file });
    expect((await store.getBoard(id))?.title).toBe('Old board');
    const version = await store.createVersion({
      id: 'v1', boardId: id, name: 'First', note: '', state: new Uint8Array([1]), createdBy: 'server', createdByName: 'Server', createdAt: 2, partners: [],
    });
    expect(version.number).toBe(1);
    await store.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    check.close();
  });

  it('an update appended is visible to another connection on the same file at once (it is committed)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placeboard-store-'));
    made.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const store = createSqliteStore({ filename: file });
    const id = newBoardId();
    await store.createBoard({ id, title: 'T', state: new Uint8Array([0, 0]), now: 1 });
    await store.appendUpdate(id, new Uint8Array([1, 2, 3]), 2);
    const reader = new Database(file, { readonly: true });
    const rows = reader.prepare('SELECT data FROM updates WHERE board_id = ?').all(id) as { data: Buffer }[];
    reader.close();
    await store.close();
    expect(rows.map((r) => [...r.data])).toEqual([[1, 2, 3]]);
  });
});
