import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getBoardMeta, isBoardId, migrateBoard, setBoardTitle, validateBoardDocument } from '@placeboard/board';
import * as Y from 'yjs';
import { ConfigError, loadConfig } from './config.js';
import { createBoard } from './http/boards.js';
import { errorMessage } from './log.js';
import { createSqliteStore } from './store/sqlite.js';
import type { BoardStore } from './store/types.js';

const USAGE = `Placeboard admin commands (they work on the store in DATA_DIR, default ./data):

  pnpm cli boards                               list boards: id, title, last change
  pnpm cli export <boardId> [--out FILE]        write the board's state as a Yjs update file
                                                (default FILE: <boardId>.yjs in the current folder)
  pnpm cli import-board <FILE> [--title TITLE]  load a Yjs update file as a new board and print its id
  pnpm cli help                                 this text
`;

/** A command-line failure: printed without a stack trace, exit code 1. */
class CliError extends Error {}

type Command = (store: BoardStore, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async boards(store) {
    const boards = await store.listBoards();
    if (boards.length === 0) {
      console.log('No boards yet.');
      return;
    }
    const width = Math.max(...boards.map((b) => b.id.length));
    for (const board of boards) {
      console.log(`${board.id.padEnd(width)}  ${new Date(board.updatedAt).toISOString()}  ${board.title}`);
    }
  },

  async export(store, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    const [boardId] = positionals;
    if (!boardId) throw new CliError('export needs a board id: pnpm cli export <boardId> [--out FILE]');
    if (!isBoardId(boardId)) throw new CliError(`"${boardId}" is not a board id`);
    const stored = await store.loadDocument(boardId);
    if (!stored) throw new CliError(`no board with id ${boardId}`);
    const update = Y.mergeUpdates([...(stored.state ? [stored.state] : []), ...stored.updates]);
    const out = path.resolve(values.out ?? `${boardId}.yjs`);
    await fs.writeFile(out, update);
    console.log(`Wrote ${out} (${update.byteLength} bytes)`);
  },

  async 'import-board'(store, args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { title: { type: 'string' } } });
    const [file] = positionals;
    if (!file) throw new CliError('import-board needs a file: pnpm cli import-board <FILE> [--title TITLE]');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(file));
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${errorMessage(error)}`);
    }
    const imported = new Y.Doc();
    try {
      Y.applyUpdate(imported, bytes);
    } catch (error) {
      throw new CliError(`${file} is not a Yjs update: ${errorMessage(error)}`);
    }
    const problem = validateBoardDocument(imported);
    if (problem) throw new CliError(`${file} is not a Placeboard board: ${problem}`);
    migrateBoard(imported);
    // The title lives in the document too: the board list and the board must agree.
    if (values.title !== undefined) setBoardTitle(imported, values.title);
    const title = getBoardMeta(imported).title;
    const board = await createBoard(store, title, Date.now(), (doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(imported)));
    console.log(board.id);
  },

  async help() {
    console.log(USAGE);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (name === 'help') {
    await command(undefined as never, args);
    return 0;
  }
  const config = loadConfig();
  const store = createSqliteStore({ filename: path.join(config.dataDir, 'placeboard.sqlite') });
  try {
    await command(store, args);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof CliError || error instanceof ConfigError ? error.message : `error: ${errorMessage(error)}`);
    process.exit(1);
  },
);
