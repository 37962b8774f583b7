import { describe, expect, it } from 'vitest';
import { dedupeCredits, isBasemapCredit } from './credits.js';

describe('dedupeCredits', () => {
  it('drops repeats, blank lines and lines another line already contains', () => {
    expect(dedupeCredits(['OGL v3.0', 'OGL v3.0; NHS ODS', 'OGL v3.0', ' ', 'CQC'])).toEqual(['OGL v3.0; NHS ODS', 'CQC']);
  });

  it('keeps the order lines first appear in', () => {
    expect(dedupeCredits([' CQC ', 'NHS ODS', 'CQC'])).toEqual(['CQC', 'NHS ODS']);
  });
});

describe('isBasemapCredit', () => {
  it('recognises a line that starts with "Basemap", whatever its case', () => {
    expect(isBasemapCredit('Basemap: contains OS data')).toBe(true);
    expect(isBasemapCredit('  basemap © OpenStreetMap')).toBe(true);
    expect(isBasemapCredit('Contains OS data; basemap not drawn')).toBe(false);
    expect(isBasemapCredit('Basemaps Ltd survey')).toBe(false);
  });
});
