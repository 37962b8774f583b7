import { describe, expect, it } from 'vitest';
import { refusalMessage } from './refusal';

describe('refusalMessage', () => {
  it('speaks of the one change when nothing else was waiting', () => {
    expect(refusalMessage('viewers cannot edit', 'role', 0)).toBe('Your last change was not allowed for your role (viewers cannot edit) and has been undone.');
    expect(refusalMessage('too large', 'invalid', 1)).toBe('A change made on this page could not be saved (too large) and has been undone; the board was loaded again from the server.');
  });

  it('says how many changes not yet saved went with it', () => {
    expect(refusalMessage('viewers cannot edit', 'role', 5)).toBe(
      'A change was not allowed for your role (viewers cannot edit). It was sent with 4 other changes made on this page that had not been saved yet, and all 5 have been undone; the board was loaded again from the server.',
    );
    expect(refusalMessage('update writes to "stray"', 'invalid', 2)).toBe(
      'A change made on this page could not be saved (update writes to "stray"). It was sent with 1 other change made on this page that had not been saved yet, and all 2 have been undone; the board was loaded again from the server.',
    );
  });
});
