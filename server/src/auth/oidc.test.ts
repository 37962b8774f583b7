import { describe, expect, it } from 'vitest';
import { safeNextPath } from './oidc.js';

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNextPath('/b/abc123')).toBe('/b/abc123');
    expect(safeNextPath('/b/abc123?view=map#layer')).toBe('/b/abc123?view=map#layer');
    expect(safeNextPath('/b/../admin')).toBe('/admin');
  });

  it('sends anything that could leave the site to /', () => {
    for (const next of [
      undefined,
      null,
      '',
      'b/abc',
      '//evil.example/x',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\tevil',
      '/\n/evil.example',
      `/${'a'.repeat(2001)}`,
    ]) {
      expect(safeNextPath(next), JSON.stringify(next)).toBe('/');
    }
  });
});
