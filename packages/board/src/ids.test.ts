import { describe, expect, it } from 'vitest';
import { isBoardId, newBoardId, newRecordId } from './ids.js';

describe('board ids', () => {
  it('are URL-safe and never start with "-", so a command line cannot read one as an option', () => {
    for (let i = 0; i < 5000; i++) {
      const id = newBoardId();
      expect(isBoardId(id)).toBe(true);
      expect(id).toHaveLength(12);
      expect(id.startsWith('-')).toBe(false);
    }
  });
});

describe('record ids', () => {
  it('never start with "-" either: the command line takes layer ids (`--layer <id>`)', () => {
    for (let i = 0; i < 5000; i++) {
      const id = newRecordId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
      expect(id.startsWith('-')).toBe(false);
    }
  });
});
