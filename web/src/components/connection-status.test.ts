import { describe, expect, it } from 'vitest';
import { connectionLabel } from './connection-status';

describe('connectionLabel', () => {
  it('says all changes are saved only when connected, synced and nothing is waiting', () => {
    expect(connectionLabel('connected', true, 0, true)).toBe('All changes saved');
    expect(connectionLabel('connected', true, 0, false)).toBe('All changes saved');
  });

  it('says edits made offline are still being sent after the reconnect, until the sync has taken them', () => {
    expect(connectionLabel('connected', true, 1, false)).toBe('Connected, sending 1 change…');
    expect(connectionLabel('connected', false, 3, true)).toBe('Connected, sending 3 changes…');
  });

  it('says whether edits made offline are kept in the browser or only in this page', () => {
    expect(connectionLabel('offline', true, 0, false)).toBe('Offline — no changes waiting to be sent');
    expect(connectionLabel('offline', true, 2, true)).toBe('Offline — 2 changes not yet sent (kept in this browser until the connection returns)');
    expect(connectionLabel('offline', true, 1, false)).toBe('Offline — 1 change not yet sent: keep this page open to send it when the connection returns');
    expect(connectionLabel('offline', true, 4, false)).toBe('Offline — 4 changes not yet sent: keep this page open to send them when the connection returns');
  });

  it('says the board is loading while connecting or before the first sync', () => {
    expect(connectionLabel('connecting', false, 0, true)).toBe('Connecting…');
    expect(connectionLabel('connecting', true, 2, true)).toBe('Connecting… 2 changes not yet sent');
    expect(connectionLabel('connected', false, 0, true)).toBe('Connected, loading board…');
  });
});
