// The thread behind SqliteWriter (sqlite-writer.ts): its own connection to the store's SQLite file, on which it runs
// write transactions the main thread sends, so that waiting for the disk (synchronous = FULL) never blocks the event
// loop. Plain JavaScript, not TypeScript: a worker thread is started by Node itself, outside the TypeScript loader
// that the server and its tests run under.
//
// workerData: { filename, statements: { [name]: sql } }.
// Each message is { id, groups: [[name, params][]...] }: every group is one transaction (a savepoint inside one
// outer transaction, so the whole message costs one disk flush); a failing group is rolled back alone. The answer is
// { id, results: ({ rowids } | { error })[] }, one result per group, with each statement's lastInsertRowid.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.filename);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const statements = new Map(Object.entries(workerData.statements).map(([name, sql]) => [name, db.prepare(sql)]));

const runGroup = db.transaction((ops) => ops.map(([name, params]) => Number(statements.get(name).run(...params).lastInsertRowid)));

const runMessage = db.transaction((groups) =>
  groups.map((ops) => {
    try {
      return { rowids: runGroup(ops) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }),
);

parentPort.on('message', ({ id, groups }) => {
  try {
    parentPort.postMessage({ id, results: runMessage(groups) });
  } catch (error) {
    // The outer transaction itself failed (the disk is full, the file is locked past busy_timeout): every group fails.
    const message = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id, results: groups.map(() => ({ error: message })) });
  }
});
