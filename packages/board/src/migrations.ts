import * as Y from 'yjs';
import { AGREEMENT_STATES } from './records/canvas-item.js';
import { MAP_VIEWS_KEY } from './records/map-view.js';
import { SLIDE_NOTES_KEY } from './records/slide.js';
import { getRoots } from './roots.js';

/** One step in the life of the board schema. `up` runs inside a transaction and must be safe to run once per board. */
export interface Migration {
  /** The schema version the board has after this migration. Versions start at 1 and go up by one. */
  version: number;
  /** What the migration does, for logs and tests. */
  name: string;
  up(doc: Y.Doc): void;
}

/**
 * Every migration, oldest first. Append only: a migration that has shipped is never edited,
 * because boards stored with it have already been through it.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema: nine roots and a title',
    up(doc) {
      const { meta } = getRoots(doc);
      if (typeof meta.get('title') !== 'string') meta.set('title', 'Untitled board');
    },
  },
  {
    version: 2,
    name: 'canvas items carry votes and agreement maps',
    up(doc) {
      for (const item of getRoots(doc).canvas.values()) {
        if (!(item instanceof Y.Map)) continue; // not a record: left for readers to report as broken
        if (!(item.get('votes') instanceof Y.Map)) item.set('votes', new Y.Map());
        if (!(item.get('agreement') instanceof Y.Map)) item.set('agreement', new Y.Map());
      }
    },
  },
  {
    version: 3,
    name: "agreement entries record who set them and when (partnerId -> { state, by, at })",
    up(doc) {
      for (const item of getRoots(doc).canvas.values()) {
        if (!(item instanceof Y.Map)) continue;
        const agreement = item.get('agreement');
        if (!(agreement instanceof Y.Map)) continue;
        for (const [partnerId, value] of [...agreement.entries()]) {
          // Only the old plain states are converted; anything else is left for readers to report as broken.
          if (typeof value === 'string' && (AGREEMENT_STATES as readonly string[]).includes(value)) {
            agreement.set(partnerId, { state: value, by: 'unknown', at: 0 });
          }
        }
      }
    },
  },
  {
    version: 4,
    name: 'outcome cards carry an accountability map (partnerId -> R, A, C or I)',
    up(doc) {
      // Made once here rather than on first use, so two people setting the first role at once cannot each
      // create a map and lose one of them.
      for (const item of getRoots(doc).canvas.values()) {
        if (!(item instanceof Y.Map) || item.get('kind') !== 'outcome') continue;
        if (!(item.get('accountability') instanceof Y.Map)) item.set('accountability', new Y.Map<string>());
      }
    },
  },
  {
    version: 5,
    name: 'meta holds saved map views (mapViews) and presenter notes (slideNotes)',
    up(doc) {
      // Made once here, like the accountability maps of migration 4: two clients creating a map on first use at
      // once would each write one, and the views or notes saved into the losing map would be lost.
      const { meta } = getRoots(doc);
      if (!(meta.get(MAP_VIEWS_KEY) instanceof Y.Map)) meta.set(MAP_VIEWS_KEY, new Y.Map());
      if (!(meta.get(SLIDE_NOTES_KEY) instanceof Y.Map)) meta.set(SLIDE_NOTES_KEY, new Y.Map());
    },
  },
];

/** The schema version a board has once every migration has run. */
export const CURRENT_SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

/** Origin of the transactions that migrations make, so observers can tell them from user edits. */
export const MIGRATION_ORIGIN = Symbol('placeboard-migration');

/** The error thrown when a board was written by a newer Placeboard than this one. */
export class BoardTooNewError extends Error {
  constructor(readonly boardVersion: number) {
    super(`board schema version ${boardVersion} is newer than this server understands (${CURRENT_SCHEMA_VERSION})`);
    this.name = 'BoardTooNewError';
  }
}

/** The schema version stored in the board, 0 for a board that has none. */
export function schemaVersionOf(doc: Y.Doc): number {
  const version = getRoots(doc).meta.get('schemaVersion');
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

/**
 * Brings a board up to {@link CURRENT_SCHEMA_VERSION}, running each pending migration in order in its own
 * transaction and recording the version after each. Returns the versions it ran.
 *
 * Call it outside any transaction: inside one, Yjs folds every step into that transaction under its origin,
 * and observers can no longer tell migrations (MIGRATION_ORIGIN) from other changes.
 */
export function migrateBoard(doc: Y.Doc, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const from = schemaVersionOf(doc);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) throw new BoardTooNewError(from);
  const ran: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    doc.transact(() => {
      migration.up(doc);
      getRoots(doc).meta.set('schemaVersion', migration.version);
    }, MIGRATION_ORIGIN);
    ran.push(migration.version);
  }
  return ran;
}
