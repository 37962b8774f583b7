import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { rowsToCsv } from './index.js';

describe('rowsToCsv', () => {
  it('writes the given columns in order, empty cells for missing values', () => {
    expect(rowsToCsv([{ b: 2, a: 'x' }, { a: 'y' }], ['a', 'b', 'c'])).toBe('a,b,c\nx,2,\ny,,');
  });

  it('without columns, uses the union of keys in first-seen order', () => {
    expect(rowsToCsv([{ a: 1 }, { b: true, a: 2 }])).toBe('a,b\n1,\n2,true');
  });

  it('quotes commas, quotes and newlines so the CSV reads back the same', () => {
    const rows = [{ text: 'one, two', quote: 'say "hi"', lines: 'a\nb' }];
    const csv = rowsToCsv(rows);
    expect(csv).toContain('"one, two"');
    expect(csv).toContain('"say ""hi"""');
    expect(Papa.parse<Record<string, string>>(csv, { header: true }).data).toEqual(rows);
  });

  it('guards against formula injection', () => {
    const csv = rowsToCsv([{ v: '=HYPERLINK("http://x")' }, { v: '+1' }, { v: '-1' }, { v: '@SUM(A1)' }, { v: 'plain' }]);
    const cells = Papa.parse<string[]>(csv).data.slice(1).map((row) => row[0]);
    expect(cells).toEqual(["'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@SUM(A1)", 'plain']);
  });

  it('writes objects as JSON and an empty list as a header line', () => {
    expect(rowsToCsv([{ o: { k: 1 } }])).toBe('o\n"{""k"":1}"');
    expect(rowsToCsv([], ['a', 'b']).trimEnd()).toBe('a,b');
  });
});
