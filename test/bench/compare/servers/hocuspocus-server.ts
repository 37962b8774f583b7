/**
 * Reference server: `@hocuspocus/server` 4.x with `@hocuspocus/extension-sqlite`, configured as its documentation
 * shows (`new Server({ port, extensions: [new SQLite({ database })] })`) and otherwise left at its defaults: it stores
 * a document's whole state 2 s after the last change (at most 10 s after the first), and unloads a document as soon
 * as its last client leaves.
 *
 * Environment: PORT (0 picks one), DB_FILE (SQLite file). Prints `{"msg":"listening","port":N}` once ready.
 */
import './probe.js';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const database = process.env.DB_FILE;
if (!database) throw new Error('DB_FILE is required');

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database })],
});
await server.listen();
console.log(JSON.stringify({ msg: 'listening', port: server.address.port }));
