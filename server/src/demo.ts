import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_BOARD_TITLE, seedDemoBoard, type DemoData, type FeatureCollectionInput } from '@placeboard/board';
import type { PlaceboardStore } from './store/types.js';
import { createBoard } from './http/boards.js';

/** Folder of the open data the demo board is built from (copied from shared/data with its attribution). */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../demo-data/', import.meta.url));

async function readCollection(dir: string, file: string): Promise<FeatureCollectionInput> {
  return JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as FeatureCollectionInput;
}

/** Reads the IMD 2019 CSV (no quoted fields in this file: checked by the demo test). */
function parseImd(csv: string): DemoData['imd'] {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const code = columns.indexOf('lsoa11cd');
  const decile = columns.indexOf('imd_decile');
  if (code < 0 || decile < 0) throw new Error('IMD CSV lacks lsoa11cd or imd_decile columns');
  return rows.map((row) => {
    const cells = row.split(',');
    return { lsoa11cd: cells[code] ?? '', imd_decile: Number(cells[decile]) };
  });
}

/** Loads the demo data set from disk. */
export async function loadDemoData(dir: string = DEMO_DATA_DIR): Promise<DemoData> {
  return {
    localities: await readCollection(dir, 'trafford_localities2023.geojson'),
    lsoa2011: await readCollection(dir, 'trafford_lsoa2011.geojson'),
    imd: parseImd(await fs.readFile(path.join(dir, 'imd2019_lsoa_trafford.csv'), 'utf8')),
    gpPractices: await readCollection(dir, 'gp_practices.geojson'),
    pharmacies: await readCollection(dir, 'pharmacies.geojson'),
    careHomes: await readCollection(dir, 'care_homes.geojson'),
  };
}

/** Creates the Trafford demo board if the store holds no boards at all (a first start). Returns its id if created. */
export async function seedDemoIfEmpty(store: PlaceboardStore, now: number): Promise<string | undefined> {
  if ((await store.listBoards()).length > 0) return undefined;
  const data = await loadDemoData();
  const board = await createBoard(store, DEMO_BOARD_TITLE, now, (doc) =>
    seedDemoBoard(doc, data, { name: 'Placeboard', now: () => now }),
  );
  return board.id;
}
