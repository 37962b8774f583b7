import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BoardTooNewError,
  CURRENT_SCHEMA_VERSION,
  MIGRATION_ORIGIN,
  MIGRATIONS,
  addCanvasItem,
  getRoots,
  initBoard,
  listCanvasItems,
  migrateBoard,
  schemaVersionOf,
  seedDemoBoard,
  type Migration,
} from './index.js';

/** A doc brought to `version` by the real migrations, as a board stored then would be. */
function boardAt(version: number): Y.Doc {
  const doc = new Y.Doc();
  migrateBoard(doc, MIGRATIONS.filter((m) => m.version <= version));
  expect(schemaVersionOf(doc)).toBe(version);
  return doc;
}

/** Runs only the migration to `version` on `doc` and returns the versions run. */
function migrateTo(doc: Y.Doc, version: number): number[] {
  return migrateBoard(doc, MIGRATIONS.filter((m) => m.version <= version));
}

/** One test per migration, keyed by the version it brings a board to. */
const MIGRATION_TESTS: Record<number, () => void> = {
  1: () => {
    const fresh = new Y.Doc();
    expect(migrateTo(fresh, 1)).toEqual([1]);
    expect(getRoots(fresh).meta.toJSON()).toEqual({ title: 'Untitled board', schemaVersion: 1 });

    const titled = new Y.Doc();
    getRoots(titled).meta.set('title', 'Sale');
    migrateTo(titled, 1);
    expect(getRoots(titled).meta.get('title')).toBe('Sale');

    const numericTitle = new Y.Doc();
    getRoots(numericTitle).meta.set('title', 7);
    migrateTo(numericTitle, 1);
    expect(getRoots(numericTitle).meta.get('title')).toBe('Untitled board');
  },
  2: () => {
    const doc = boardAt(1);
    const { canvas } = getRoots(doc);
    // A version-1 canvas item: plain fields only.
    const old = new Y.Map<unknown>();
    doc.transact(() => {
      for (const [key, value] of Object.entries({
        id: 'old',
        createdBy: 'amy',
        createdAt: 1,
        updatedAt: 1,
        kind: 'sticky',
        x: 0,
        y: 0,
        w: 10,
        h: 10,
        z: 'a0',
        text: 'from v1',
        colour: '#ffffff',
      })) {
        old.set(key, value);
      }
      canvas.set('old', old);
      // An item that already has a votes map keeps its votes.
      const voted = new Y.Map<unknown>();
      const votes = new Y.Map<number>();
      voted.set('votes', votes);
      votes.set('amy', 2);
      canvas.set('voted', voted);
      canvas.set('garbage', 3 as unknown as Y.Map<unknown>);
    });
    expect(migrateTo(doc, 2)).toEqual([2]);
    expect(old.get('votes')).toBeInstanceOf(Y.Map);
    expect(old.get('agreement')).toBeInstanceOf(Y.Map);
    expect(old.get('text')).toBe('from v1');
    const voted = canvas.get('voted');
    expect((voted?.get('votes') as Y.Map<number>).toJSON()).toEqual({ amy: 2 });
    expect(voted?.get('agreement')).toBeInstanceOf(Y.Map);
    expect(canvas.get('garbage')).toBe(3);
    expect(listCanvasItems(doc)[0]).toMatchObject({ ok: true, value: { id: 'old', votes: {}, agreement: {} } });
    expect(schemaVersionOf(doc)).toBe(2);
  },
  3: () => {
    const doc = boardAt(2);
    const { canvas } = getRoots(doc);
    const id = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls' }, { name: 'amy', now: () => 1 });
    const agreement = canvas.get(id)?.get('agreement') as Y.Map<unknown>;
    const already = { state: 'concerns', by: 'bo', at: 7 };
    doc.transact(() => {
      agreement.set('nhs', 'agreed');
      agreement.set('council', 'not yet');
      agreement.set('vcse', 'concerns');
      agreement.set('odd', 'maybe'); // never valid: left for readers to report
      agreement.set('new', already);
      canvas.set('garbage', 3 as unknown as Y.Map<unknown>);
      const noMap = new Y.Map<unknown>();
      noMap.set('agreement', 'x');
      canvas.set('no-map', noMap);
    });
    expect(listCanvasItems(doc).find((r) => !r.ok && r.id === id)).toBeDefined();
    expect(migrateTo(doc, 3)).toEqual([3]);
    expect(agreement.toJSON()).toEqual({
      nhs: { state: 'agreed', by: 'unknown', at: 0 },
      council: { state: 'not yet', by: 'unknown', at: 0 },
      vcse: { state: 'concerns', by: 'unknown', at: 0 },
      odd: 'maybe',
      new: already,
    });
    expect(canvas.get('garbage')).toBe(3);
    expect(canvas.get('no-map')?.get('agreement')).toBe('x');
    agreement.delete('odd');
    expect(listCanvasItems(doc).find((r) => r.ok && r.value.id === id)).toMatchObject({
      ok: true,
      value: { agreement: { nhs: { state: 'agreed', by: 'unknown', at: 0 } } },
    });
    expect(schemaVersionOf(doc)).toBe(3);
  },
  4: () => {
    const doc = boardAt(3);
    const { canvas } = getRoots(doc);
    const outcome = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls' }, { name: 'amy' });
    const sticky = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text: 'idea' }, { name: 'amy' });
    const kept = new Y.Map<string>();
    doc.transact(() => {
      canvas.get(outcome)?.delete('accountability'); // as a card made before version 4
      const withRoles = new Y.Map<unknown>();
      withRoles.set('kind', 'outcome');
      withRoles.set('accountability', kept);
      kept.set('nhs', 'A');
      canvas.set('with-roles', withRoles);
      canvas.set('garbage', 3 as unknown as Y.Map<unknown>);
    });
    expect(canvas.get(outcome)?.get('accountability')).toBeUndefined();
    expect(migrateTo(doc, 4)).toEqual([4]);
    expect(canvas.get(outcome)?.get('accountability')).toBeInstanceOf(Y.Map);
    expect(canvas.get(sticky)?.get('accountability')).toBeUndefined();
    expect(canvas.get('with-roles')?.get('accountability')).toBe(kept);
    expect(kept.toJSON()).toEqual({ nhs: 'A' });
    expect(canvas.get('garbage')).toBe(3);
    expect(schemaVersionOf(doc)).toBe(4);
  },
  5: () => {
    const doc = boardAt(4);
    const { meta } = getRoots(doc);
    expect(meta.get('mapViews')).toBeUndefined();
    expect(migrateTo(doc, 5)).toEqual([5]);
    expect(meta.get('mapViews')).toBeInstanceOf(Y.Map);
    expect(meta.get('slideNotes')).toBeInstanceOf(Y.Map);
    expect(schemaVersionOf(doc)).toBe(5);

    // A board that somehow has them already keeps what they hold; a value that is not a map is replaced.
    const kept = boardAt(4);
    const views = new Y.Map<unknown>();
    getRoots(kept).meta.set('mapViews', views);
    views.set('v1', 'whatever was there');
    getRoots(kept).meta.set('slideNotes', 'not a map');
    migrateTo(kept, 5);
    expect(getRoots(kept).meta.get('mapViews')).toBe(views);
    expect(views.get('v1')).toBe('whatever was there');
    expect(getRoots(kept).meta.get('slideNotes')).toBeInstanceOf(Y.Map);
  },
};

describe('MIGRATIONS', () => {
  it('has versions 1, 2, 3... in order, and CURRENT_SCHEMA_VERSION is the last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(CURRENT_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    for (const m of MIGRATIONS) expect(m.name.length, `migration ${m.version} has a name`).toBeGreaterThan(0);
  });

  it('has a test for every migration, and no test for a migration that does not exist', () => {
    expect(Object.keys(MIGRATION_TESTS).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  for (const migration of MIGRATIONS) {
    it(`migration ${migration.version}: ${migration.name}`, () => {
      const test = MIGRATION_TESTS[migration.version];
      if (!test) throw new Error(`migration ${migration.version} has no test in MIGRATION_TESTS`);
      test();
    });
  }
});

describe('migrateBoard', () => {
  it('brings a fresh doc to the current version running each migration once, in order', () => {
    const doc = new Y.Doc();
    expect(migrateBoard(doc)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersionOf(doc)).toBe(CURRENT_SCHEMA_VERSION);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateBoard(doc)).toEqual([]);
    expect(updates).toBe(0);
  });

  it('runs only the migrations a board has not had', () => {
    const doc = boardAt(1);
    expect(migrateBoard(doc)).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
  });

  it('runs each migration once, each in its own transaction with MIGRATION_ORIGIN, recording its version', () => {
    const calls: number[] = [];
    const seen: { version: number | undefined; origin: unknown }[] = [];
    const counting: Migration[] = MIGRATIONS.map((m) => ({
      ...m,
      up(doc) {
        calls.push(m.version);
        m.up(doc);
      },
    }));
    const doc = new Y.Doc();
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      seen.push({ version: schemaVersionOf(tr.doc), origin: tr.origin });
    });
    migrateBoard(doc, counting);
    migrateBoard(doc, counting);
    expect(calls).toEqual(MIGRATIONS.map((m) => m.version));
    expect(seen).toEqual(MIGRATIONS.map((m) => ({ version: m.version, origin: MIGRATION_ORIGIN })));
  });

  it('throws BoardTooNewError for a board written by a newer version, changing nothing', () => {
    const doc = new Y.Doc();
    getRoots(doc).meta.set('schemaVersion', CURRENT_SCHEMA_VERSION + 1);
    const before = Y.encodeStateVector(doc);
    let error: unknown;
    try {
      migrateBoard(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BoardTooNewError);
    expect((error as BoardTooNewError).boardVersion).toBe(CURRENT_SCHEMA_VERSION + 1);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(() => initBoard(doc, { title: 'x' })).toThrow(BoardTooNewError);
  });

  it('treats a missing or malformed stored version as 0', () => {
    for (const stored of [undefined, -1, 1.5, '2', null]) {
      const doc = new Y.Doc();
      if (stored !== undefined) getRoots(doc).meta.set('schemaVersion', stored);
      expect(schemaVersionOf(doc), String(stored)).toBe(0);
    }
  });

  it('initBoard and seedDemoBoard run migrations in their own transactions only', () => {
    const empty = { type: 'FeatureCollection' as const, features: [] };
    for (const setUp of [
      (doc: Y.Doc) => initBoard(doc, { title: 'x' }),
      (doc: Y.Doc) =>
        seedDemoBoard(
          doc,
          { localities: empty, lsoa2011: empty, imd: [], gpPractices: empty, pharmacies: empty, careHomes: empty },
          { name: 'seed', now: () => 1 },
        ),
    ]) {
      const doc = new Y.Doc();
      const versionChangedBy: unknown[] = [];
      let version = schemaVersionOf(doc);
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (schemaVersionOf(doc) !== version) versionChangedBy.push(tr.origin);
        version = schemaVersionOf(doc);
      });
      setUp(doc);
      expect(versionChangedBy).toEqual(MIGRATIONS.map(() => MIGRATION_ORIGIN));
    }
  });

  it('a migrated board can be edited and still reads', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'x' });
    addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, { name: 'amy', now: () => 1 });
    expect(listCanvasItems(doc).every((r) => r.ok)).toBe(true);
  });
});
