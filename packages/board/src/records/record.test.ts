import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canvasItemSchema, layerSchema, readRecord, recordBaseSchema } from '../index.js';

/** A record map integrated in a doc, as readRecord meets them. */
function storedRecord(fields: Record<string, unknown>): Y.Map<unknown> {
  const doc = new Y.Doc();
  const root = doc.getMap<Y.Map<unknown>>('canvas');
  const record = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) record.set(key, value);
  root.set('r1', record);
  return root.get('r1') as Y.Map<unknown>;
}

const base = { id: 'r1', createdBy: 'amy', createdAt: 1, updatedAt: 1 };

describe('recordBaseSchema', () => {
  it('requires every base field', () => {
    expect(recordBaseSchema.safeParse(base).success).toBe(true);
    for (const key of Object.keys(base)) {
      const copy: Record<string, unknown> = { ...base };
      delete copy[key];
      expect(recordBaseSchema.safeParse(copy).success, key).toBe(false);
    }
  });
});

describe('readRecord', () => {
  it('reads a valid record, nested Y.Maps included, taking the id from the key', () => {
    const record = storedRecord({
      ...base,
      id: 'stale-id',
      kind: 'sticky',
      x: 0,
      y: 0,
      w: 10,
      h: 10,
      z: 'a0',
      text: 'hi',
      colour: '#ffffff',
    });
    const votes = new Y.Map<number>();
    record.set('votes', votes);
    votes.set('amy', 3);
    const result = readRecord(canvasItemSchema, 'r1', record);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.id).toBe('r1');
      expect(result.value.votes).toEqual({ amy: 3 });
    }
  });

  it('reports a broken record with its id and a message naming the bad field', () => {
    const record = storedRecord({ ...base, name: 'Layer', kind: 'assets', style: { colour: 'red' }, visible: true, order: 'a0' });
    const result = readRecord(layerSchema, 'r1', record);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.id).toBe('r1');
      expect(result.error).toMatch(/colour/);
    }
  });

  it('reports an empty record rather than throwing', () => {
    const result = readRecord(canvasItemSchema, 'r1', storedRecord({}));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
  });

  it.each([
    ['a number', 5],
    ['a string', 'not a record'],
    ['null', null],
    ['an array', [1, 2]],
    ['a plain object', { ...base }],
    ['a Y.Text', new Y.Text('x')],
    ['a Y.Array', new Y.Array()],
  ])('never throws when the stored value is %s instead of a Y.Map', (_label, value) => {
    const doc = new Y.Doc();
    const root = doc.getMap<unknown>('canvas');
    root.set('r1', value);
    const stored = root.get('r1') as Y.Map<unknown>;
    let result: ReturnType<typeof readRecord> | undefined;
    expect(() => {
      result = readRecord(canvasItemSchema, 'r1', stored);
    }).not.toThrow();
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(result.id).toBe('r1');
      expect(result.error).not.toBe('');
    }
  });
});
