import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CURRENT_SCHEMA_VERSION, getBoardMeta, getRoots, initBoard, schemaVersionOf, setBoardTitle } from './index.js';

describe('board settings', () => {
  it('initBoard sets up a board at the current schema version with its settings', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Sale', neighbourhood: 'South', viewport: { center: [-2.32, 53.42], zoom: 12 } });
    expect(getBoardMeta(doc)).toEqual({
      title: 'Sale',
      neighbourhood: 'South',
      viewport: { center: [-2.32, 53.42], zoom: 12 },
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });
    expect(schemaVersionOf(doc)).toBe(CURRENT_SCHEMA_VERSION);
  });

  it('an empty doc reads as an untitled board at version 0', () => {
    expect(getBoardMeta(new Y.Doc())).toEqual({ title: 'Untitled board', schemaVersion: 0 });
  });

  it('setBoardTitle renames the board', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Sale' });
    setBoardTitle(doc, 'Sale and Altrincham');
    expect(getBoardMeta(doc).title).toBe('Sale and Altrincham');
  });

  it('one malformed setting falls back alone, keeping the others', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Sale', neighbourhood: 'South' });
    getRoots(doc).meta.set('viewport', { center: [500, 0], zoom: 3 });
    const meta = getBoardMeta(doc);
    expect(meta.title).toBe('Sale');
    expect(meta.neighbourhood).toBe('South');
    expect(meta.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(meta.viewport).toBeUndefined();
  });

  it('a malformed title falls back to the default title and keeps the schema version', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Sale' });
    getRoots(doc).meta.set('title', 42);
    expect(getBoardMeta(doc)).toMatchObject({ title: 'Untitled board', schemaVersion: CURRENT_SCHEMA_VERSION });
  });
});
