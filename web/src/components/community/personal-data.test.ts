import { describe, expect, it } from 'vitest';
import { findPersonalData, hasPersonalData } from './personal-data';

describe('findPersonalData', () => {
  it.each([
    ['call me on 07700 900123', [], ['07700 900123']],
    ['ring 0161 496 0000 after 6', [], ['0161 496 0000']],
    ['text +44 7700 900456', [], ['+44 7700 900456']],
    ['email jo.bloggs@example.org or JO@EXAMPLE.CO.UK', ['jo.bloggs@example.org', 'JO@EXAMPLE.CO.UK'], []],
    ['both: 07700900123 and me@example.net', ['me@example.net'], ['07700900123']],
  ])('finds what looks personal in %j', (text, emails, phones) => {
    const found = findPersonalData(text);
    expect(found).toEqual({ emails, phones });
    expect(hasPersonalData(found)).toBe(true);
  });

  it.each([
    'The 263 bus only runs every 20 minutes after 7pm',
    'Opened in 2019 with 30 places; £12.50 a session',
    'Steps at the M16 0GH entrance and no ramp',
    'Open 9-5 Monday to Friday, 10am-4pm on Saturdays',
    'Call 999 in an emergency or 111 for advice',
    'Meet @ the library cafe on Tuesdays',
  ])('finds nothing in ordinary local knowledge: %j', (text) => {
    expect(hasPersonalData(findPersonalData(text))).toBe(false);
  });
});
