import { describe, expect, it } from 'vitest';
import { BOARD_PANES, presenceColour } from './index.js';

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

describe('presenceColour', () => {
  const names = Array.from({ length: 500 }, (_, i) => `person ${i}`);

  it('is stable for a name', () => {
    expect(presenceColour('Amy Jones')).toBe(presenceColour('Amy Jones'));
  });

  it('gives a #rrggbb colour readable on white (contrast at least 4.5:1) for any name', () => {
    for (const name of [...names, '', '😀 emoji', 'Zoë']) {
      const colour = presenceColour(name);
      expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
      expect(contrastOnWhite(colour), `${name}: ${colour}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('spreads names over several colours', () => {
    expect(new Set(names.map(presenceColour)).size).toBeGreaterThanOrEqual(6);
  });
});

describe('BOARD_PANES', () => {
  it('names the three panes', () => {
    expect([...BOARD_PANES]).toEqual(['map', 'purpose', 'outcomes']);
  });
});

describe('editingFeatureOf', () => {
  it('reads the feature a person is editing and tolerates malformed states', async () => {
    const { editingFeatureOf } = await import('./index.js');
    expect(editingFeatureOf({ user: { name: 'A', color: '#000000' }, editing: { featureId: 'f1' } })).toBe('f1');
    expect(editingFeatureOf({ user: { name: 'A', color: '#000000' }, editing: null })).toBeUndefined();
    expect(editingFeatureOf({ editing: { featureId: 3 } })).toBeUndefined();
    expect(editingFeatureOf({ editing: { featureId: '' } })).toBeUndefined();
    expect(editingFeatureOf(null)).toBeUndefined();
    expect(editingFeatureOf('x')).toBeUndefined();
  });
});
