/**
 * Reference server: `@y/websocket-server` 0.1.1 (the last release on Yjs 13), its `setupWSConnection` on a plain
 * http + ws server, as its own `server.js` does. Persistence uses its `setPersistence` hook, the one its y-leveldb
 * persistence plugs into, with the y-leveldb design on SQLite for a like-for-like comparison with Placeboard: every
 * update is appended to an SQLite log (WAL, `synchronous = FULL`, as Placeboard's store) as it is applied, the log is
 * read back when a room loads, and folded into one row when the room unloads.
 *
 * Environment: PORT (0 picks one), DB_FILE (SQLite file). Prints `{"msg":"listening","port":N}` once ready.
 */
import './probe.js';
import http from 'node:http';
import Database from 'better-sqlite3';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';

const dbFile = process.env.DB_FILE;
if (!dbFile) throw new Error('DB_FILE is required');
const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_doc ON updates(doc, seq);`);
const select = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE doc = ? ORDER BY seq');
const insert = db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)');
const drop = db.prepare('DELETE FROM updates WHERE doc = ?');
const fold = db.transaction((name: string, state: Uint8Array) => {
  drop.run(name);
  insert.run(name, state);
});

setPersistence({
  provider: db,
  // Synchronous, so the stored state is in the doc before setupWSConnection sends its sync step 1.
  bindState(name: string, doc: Y.Doc) {
    doc.transact(() => {
      for (const row of select.all(name)) Y.applyUpdate(doc, row.data);
    });
    doc.on('update', (update: Uint8Array) => {
      insert.run(name, update);
    });
  },
  async writeState(name: string, doc: Y.Doc) {
    fold(name, Y.encodeStateAsUpdate(doc));
  },
});

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('y-websocket-server');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : 0 }));
});
