import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  LAYER_KINDS,
  getBoardMeta,
  isBoardId,
  migrateBoard,
  setBoardTitle,
  type BoardId,
  type LayerKind,
} from '@placeboard/board';
import { ImportError, parseImport, type ImportReport } from '@placeboard/geo';
import * as Y from 'yjs';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { createBoard } from './http/boards.js';
import { applyImport, parseLimit } from './import/apply-import.js';
import { BoardCopyRefused, readBoardCopy } from './import/board-copy.js';
import { MapChangeRefused } from './import/errors.js';
import { exportFeatures } from './import/export-features.js';
import { PrinterUnavailable, createPagePrinter } from './pack/printer.js';
import { storeVersionSource } from './pack/load-board.js';
import { packFooterText, renderPackHtml, type PackInput } from './pack/render-pack.js';
import { errorMessage } from './log.js';
import { createStore } from './store/create-store.js';
import type { PlaceboardStore } from './store/types.js';

const USAGE = `Placeboard admin commands (they work on the store in DATA_DIR, default ./data, or in DATABASE_URL):

  pnpm cli boards                               list boards: id, title, last change
  pnpm cli export <boardId> [--out FILE]        write the board's state as a Yjs update file
                                                (default FILE: <boardId>.yjs in the current folder)
  pnpm cli import-board <FILE> [--title TITLE]  load a Yjs update file as a new board and print its id
  pnpm cli import <boardId> <FILE> [--layer NAME] [--kind KIND] [--source TEXT] [--within LAYER_ID]
                                                add a GeoJSON, CSV, KML or zipped Shapefile to the board's
                                                map as a new layer, in one change, and print what was imported
                                                (KIND: ${LAYER_KINDS.join(', ')}; default: what the data looks like;
                                                --within: keep only what falls within that layer's areas)
  pnpm cli export-geojson <boardId> [--layer ID] [--out FILE]
                                                the map's features (one layer, or all) as GeoJSON, to FILE or stdout
  pnpm cli pack <boardId> <FILE.pdf> [--version V]
                                                print the board pack (A4 landscape PDF) with Chromium
                                                (CHROMIUM_PATH, default /usr/bin/chromium)
  pnpm cli help                                 this text

Board ids made before November 2026 may start with "-": put "--" before such an id so it is not read as an option
(pnpm cli export -- -Jx9... --out board.yjs does not work; pnpm cli export --out board.yjs -- -Jx9... does).

A board open in a running server picks up what \`import\` writes to the store at its next compaction or reload,
not at once. For live boards set PLACEBOARD_URL (e.g. http://localhost:8080) so that \`import\` and
\`export-geojson\` go through that server's API and reach everyone on the board at once. The API needs
credentials: set PLACEBOARD_TOKEN to a session token of an account that can edit the board (the value of the
placeboard_session cookie once signed in) or an editor share link's token; it is sent as
\`Authorization: Bearer <token>\`.
`;

/** A command-line failure: printed without a stack trace, exit code 1. */
class CliError extends Error {}

type Command = (store: PlaceboardStore, args: string[], config: ServerConfig) => Promise<void>;

/** Who the CLI records as the author of what it writes. */
const CLI_AUTHOR = { name: 'pnpm cli' };

/**
 * Refuses arguments beyond the `most` a command takes, rather than ignore them: `pnpm cli export <id> copy.yjs`
 * would otherwise write somewhere else than copy.yjs without a word.
 */
function refuseExtra(positionals: readonly string[], most: number, usage: string): void {
  const extra = positionals[most];
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}": ${usage}`);
}

/** Options of `import`, shared by the store and PLACEBOARD_URL versions. */
function parseImportArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { layer: { type: 'string' }, kind: { type: 'string' }, source: { type: 'string' }, within: { type: 'string' } },
  });
  const [boardId, file] = positionals;
  const usage = 'pnpm cli import <boardId> <FILE> [--layer NAME] [--kind KIND] [--source TEXT] [--within LAYER_ID]';
  if (!boardId || !file) throw new CliError(`import needs a board id and a file: ${usage}`);
  refuseExtra(positionals, 2, usage);
  if (!isBoardId(boardId)) throw new CliError(`"${boardId}" is not a board id`);
  const kind = values.kind;
  if (kind !== undefined && !(LAYER_KINDS as readonly string[]).includes(kind)) {
    throw new CliError(`--kind must be one of ${LAYER_KINDS.join(', ')}`);
  }
  return { boardId, file, layerName: values.layer, kind: kind as LayerKind | undefined, source: values.source, within: values.within };
}

function parseExportArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { layer: { type: 'string' }, out: { type: 'string' } },
  });
  const [boardId] = positionals;
  const usage = 'pnpm cli export-geojson <boardId> [--layer ID] [--out FILE]';
  if (!boardId) throw new CliError(`export-geojson needs a board id: ${usage}`);
  refuseExtra(positionals, 1, usage);
  if (!isBoardId(boardId)) throw new CliError(`"${boardId}" is not a board id`);
  return { boardId, layerId: values.layer, out: values.out };
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${errorMessage(error)}`);
  }
}

/** A board's document as the store holds it (state, then the updates since), migrated in memory. */
async function loadBoardDoc(store: PlaceboardStore, boardId: BoardId): Promise<{ doc: Y.Doc; stored: Y.Doc }> {
  const document = await store.loadDocument(boardId);
  if (!document) throw new CliError(`no board with id ${boardId}`);
  const doc = new Y.Doc();
  if (document.state) Y.applyUpdate(doc, document.state);
  for (const update of document.updates) Y.applyUpdate(doc, update);
  const stored = new Y.Doc();
  Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
  migrateBoard(doc);
  return { doc, stored };
}

/** The importer's report, as people read it. */
function formatReport(file: string, layerId: string, report: ImportReport): string {
  const lines = [`Imported ${report.featuresImported} feature${report.featuresImported === 1 ? '' : 's'} from ${file} (${report.format}) into layer ${layerId}.`];
  if (report.coordinates) lines.push(`Coordinates: ${report.coordinates}.`);
  if (report.within) lines.push(`Kept only what falls within ${report.within.area}: ${report.within.leftOut} left out.`);
  if (report.skippedCount > 0) {
    lines.push(`Skipped ${report.skippedCount}:`);
    for (const row of report.skipped.slice(0, 10)) lines.push(`  ${report.format === 'csv' ? 'row' : 'feature'} ${row.index}: ${row.reason} (${row.detail})`);
    if (report.skippedCount > 10) lines.push(`  ...and ${report.skippedCount - 10} more`);
  } else {
    lines.push('Skipped 0.');
  }
  lines.push(`Properties: ${report.properties.length > 0 ? report.properties.join(', ') : '(none)'}`);
  lines.push(`Suggested kind: ${report.suggestedKind}`);
  return lines.join('\n');
}

/** Writes an export to --out (saying so) or to stdout (nothing else, so it can be piped). */
async function writeExport(text: string, out: string | undefined, features: number): Promise<void> {
  if (out === undefined) {
    process.stdout.write(`${text}\n`);
    return;
  }
  const file = path.resolve(out);
  await fs.writeFile(file, text);
  console.log(`Wrote ${file} (${features} feature${features === 1 ? '' : 's'})`);
}

/** `import` and `export-geojson` through a running server's API, when PLACEBOARD_URL is set. */
const remoteCommands: Record<string, (baseUrl: string, args: string[]) => Promise<void>> = {
  async import(baseUrl, args) {
    const { boardId, file, layerName, kind, source, within } = parseImportArgs(args);
    const bytes = await readInput(file);
    const form = new FormData();
    form.set('file', new Blob([bytes]), path.basename(file));
    if (within !== undefined) form.set('within', within);
    if (layerName !== undefined) form.set('layerName', layerName);
    if (kind !== undefined) form.set('kind', kind);
    if (source !== undefined) form.set('source', source);
    const body = await callApi(`${baseUrl}/api/boards/${boardId}/import`, { method: 'POST', body: form }, `cannot import ${file}`);
    const { layerId, report } = JSON.parse(body) as { layerId: string; report: ImportReport };
    console.log(formatReport(file, layerId, report));
  },

  async 'export-geojson'(baseUrl, args) {
    const { boardId, layerId, out } = parseExportArgs(args);
    const query = layerId !== undefined ? `?layer=${encodeURIComponent(layerId)}` : '';
    const body = await callApi(`${baseUrl}/api/boards/${boardId}/export.geojson${query}`, {}, 'cannot export');
    await writeExport(body, out, (JSON.parse(body) as { features: unknown[] }).features.length);
  },
};

/** `Authorization: Bearer` from PLACEBOARD_TOKEN, when it is set. */
function credentials(): Record<string, string> {
  const token = process.env.PLACEBOARD_TOKEN?.trim();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Calls the API with PLACEBOARD_TOKEN's credentials; an error answer becomes a CliError with the server's message. */
async function callApi(url: string, init: RequestInit, failure: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...credentials() } });
  } catch (error) {
    throw new CliError(`${failure}: cannot reach the server at PLACEBOARD_URL (${errorMessage(error)})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const { error } = JSON.parse(text) as { error: { code: string; message: string } };
      message = `${error.message} (${error.code})`;
    } catch {
      // not the API's error body
    }
    if (response.status === 401) {
      message += process.env.PLACEBOARD_TOKEN?.trim()
        ? '. PLACEBOARD_TOKEN was not accepted: it may have expired or been withdrawn'
        : '. Set PLACEBOARD_TOKEN to a session token to use the API';
    }
    throw new CliError(`${failure}: ${message}`);
  }
  return text;
}

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
    const usage = 'pnpm cli export <boardId> [--out FILE]';
    if (!boardId) throw new CliError(`export needs a board id: ${usage}`);
    refuseExtra(positionals, 1, usage);
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
    const usage = 'pnpm cli import-board <FILE> [--title TITLE]';
    if (!file) throw new CliError(`import-board needs a file: ${usage}`);
    refuseExtra(positionals, 1, usage);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(file));
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${errorMessage(error)}`);
    }
    let imported: Y.Doc;
    try {
      imported = readBoardCopy(bytes).doc;
    } catch (error) {
      if (error instanceof BoardCopyRefused) throw new CliError(`${file} ${error.message}`);
      throw error;
    }
    // The title lives in the document too: the board list and the board must agree.
    if (values.title !== undefined) setBoardTitle(imported, values.title);
    const title = getBoardMeta(imported).title;
    const board = await createBoard(store, title, Date.now(), Y.encodeStateAsUpdate(imported));
    console.log(board.id);
  },

  async import(store, args, config) {
    const { boardId, file, layerName, kind, source, within } = parseImportArgs(args);
    const bytes = await readInput(file);
    const fileName = path.basename(file);
    const refusal = (error: unknown): never => {
      if (error instanceof ImportError) throw new CliError(`cannot import ${file}: ${error.message} (${error.code})`);
      if (error instanceof MapChangeRefused) throw new CliError(`cannot import ${file}: ${error.message}`);
      throw error;
    };
    const maxFeatures = parseLimit(within, config.importMaxFeatures);
    const parsed = await parseImport({ fileName, bytes, maxBytes: config.importMaxBytes, maxFeatures }).catch(refusal);
    const { doc, stored } = await loadBoardDoc(store, boardId);
    const target = { fileName, layerName, kind, source, within, maxFeatures: config.importMaxFeatures, maxBoardFeatures: config.boardMaxFeatures };
    let imported: { layerId: string; report: ImportReport };
    try {
      imported = applyImport(doc, parsed, target, { ...CLI_AUTHOR, now: Date.now });
    } catch (error) {
      return refusal(error);
    }
    // Everything this command changed (and any pending migration) as one update, appended to the board's log.
    await store.appendUpdate(boardId, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(stored)), Date.now());
    console.log(formatReport(file, imported.layerId, imported.report));
  },

  async 'export-geojson'(store, args) {
    const { boardId, layerId, out } = parseExportArgs(args);
    const { doc } = await loadBoardDoc(store, boardId);
    let exported;
    try {
      exported = exportFeatures(doc, layerId);
    } catch (error) {
      if (error instanceof MapChangeRefused) throw new CliError(error.message);
      throw error;
    }
    await writeExport(JSON.stringify(exported.collection), out, exported.collection.features.length);
  },

  async pack(store, args, config) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { version: { type: 'string' } } });
    const [boardId, out] = positionals;
    const usage = 'pnpm cli pack <boardId> <FILE.pdf> [--version V]';
    if (!boardId || !out) throw new CliError(`pack needs a board id and a file: ${usage}`);
    refuseExtra(positionals, 2, usage);
    if (!isBoardId(boardId)) throw new CliError(`"${boardId}" is not a board id`);
    let input: PackInput;
    if (values.version !== undefined) {
      const loaded = await storeVersionSource(store).load(boardId, values.version);
      if (!loaded) throw new CliError(`No such version: ${values.version}`);
      input = { doc: loaded.doc, generatedAt: Date.now(), version: loaded.version, signOff: loaded.signOff };
    } else {
      const { doc } = await loadBoardDoc(store, boardId);
      input = { doc, generatedAt: Date.now() };
    }
    const printer = createPagePrinter({ executablePath: config.chromiumPath });
    let pdf: Uint8Array;
    try {
      pdf = await printer.pdf(renderPackHtml(input), { footer: packFooterText(input) });
    } catch (error) {
      if (error instanceof PrinterUnavailable) throw new CliError(`cannot print the pack: ${error.message}`);
      throw error;
    } finally {
      await printer.close();
    }
    const file = path.resolve(out);
    await fs.writeFile(file, pdf);
    console.log(`Wrote ${file} (${pdf.byteLength} bytes)`);
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
    await command(undefined as never, args, undefined as never);
    return 0;
  }
  const remote = remoteCommands[name];
  const baseUrl = process.env.PLACEBOARD_URL?.trim().replace(/\/+$/, '');
  if (remote && baseUrl) {
    await remote(baseUrl, args);
    return 0;
  }
  const config = loadConfig();
  const store = await createStore(config);
  try {
    await command(store, args, config);
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
