import { STICKY_COLOURS, getCanvasItem, getMapView, initBoard, type CanvasItem, type MapView } from '@placeboard/board';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contrastRatio, textColourOn } from './html.js';
import { PACK_CSS } from './pack-css.js';
import { renderFramePage, renderMapViewPage } from './pages.js';
import { PACK_SECTIONS, renderPackHtml } from './render-pack.js';
import { buildTestBoard } from './test-board.js';

const generatedAt = Date.UTC(2026, 2, 4, 9, 30);

/** Every tag the pack is allowed to contain; anything else means user text became markup. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body main section article nav footer h1 h2 h3 h4 h5 h6 p span div ul ol li dl dt dd a strong em u s mark sub sup code pre blockquote hr br table caption thead tbody tr th td figure figcaption svg g path rect circle line text desc defs marker'.split(' '),
);

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] as string).toLowerCase());
}

/** The names of the attributes of every tag (values are quoted and escaped, so a `>` cannot hide in them). */
function attributeNamesOf(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const body = (tag[0] as string).replace(/^<[a-zA-Z0-9-]+/, '').replace(/\/?>$/, '');
    const rest = body.replace(/\s([^\s=]+)(="[^"]*")?/g, (_all, name: string) => {
      names.push(name.toLowerCase());
      return '';
    });
    if (rest.trim() !== '') names.push(`unparsed:${rest}`);
  }
  return names;
}

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

describe('renderPackHtml', () => {
  it('is one complete document in British English with a main landmark, one h1 and every section', () => {
    const board = buildTestBoard();
    const html = renderPackHtml({ doc: board.doc, generatedAt });
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">/);
    expect(html).toMatch(/<\/footer><\/body><\/html>$/);
    expect(html.match(/<main[ >]/g)).toHaveLength(1);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<h1 id="pack-title">board title</h1>');
    expect(html).toContain('Current board, 4 March 2026');
    for (const section of PACK_SECTIONS) {
      expect(html).toContain(`<section class="pack-section" id="${section.id}" aria-labelledby="${section.id}-title"><h2 id="${section.id}-title">${section.title}</h2>`);
      expect(html).toContain(`<a href="#${section.id}">`);
    }
    // What each section holds.
    for (const text of [
      'purpose title', 'cohort who', '1,200', 'purpose text', 'view name', 'frame name', 'sticky', 'label', 'outcome one', 'outcome two',
      'indicator', 'baseline', 'target', 'by 31 March 2027', 'description', 'partner A', 'partner B', 'accountable to', 'decision',
      'rationale', 'data flow', 'Public task (Art. 6(1)(e))', 'Health or social care (Art. 9(2)(h))', 'risk', 'mitigation', 'High',
    ]) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" role="img"');
    expect(html).not.toContain('Outside every frame');
  });

  it('has headings in order, captions on every table and a scope on every header cell', () => {
    const html = renderPackHtml({ doc: buildTestBoard().doc, generatedAt });
    const levels = headingLevels(html);
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level, `heading ${i} (h${level}) after h${levels[i - 1]}`).toBeLessThanOrEqual((levels[i - 1] as number) + 1);
    });
    const tables = html.split('<table').slice(1);
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const table of tables) expect(table).toMatch(/^[^>]*><caption>[^<]+/);
    expect(html.match(/<th[ >]/g)?.length).toBe(html.match(/<th scope="(col|row)"/g)?.length);
  });

  it('loads nothing: no scripts, links, sources, imports or remote urls, and a policy that forbids them', () => {
    const html = renderPackHtml({ doc: buildTestBoard().doc, generatedAt });
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|\ssrc=/i);
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]).filter((u) => !u?.startsWith('#'))).toEqual([]);
    // The only addresses are links a person can follow (and the SVG namespace).
    const addresses = [...html.matchAll(/(?:href|xmlns)="([^"]*)"/g)].map((m) => m[1] as string);
    for (const address of addresses) expect(address).toMatch(/^(#|https?:|mailto:)/);
    expect(PACK_CSS).toContain('@page { size: A4 landscape; margin: 12mm; }');
    expect(PACK_CSS).toContain('break-before: page');
  });

  it('renders an attack in every field as text', () => {
    const attack = (field: string) => `<img src=x onerror=alert("${field}")><script>alert(1)</script>"'><svg onload=alert(1)>`;
    const board = buildTestBoard(attack);
    const html = renderPackHtml({
      doc: board.doc,
      generatedAt,
      version: { number: 2, name: attack('version'), createdAt: generatedAt, createdBy: attack('saved by') },
      signOff: [{ partner: attack('sign-off partner'), state: attack('state'), by: attack('by'), at: generatedAt, comment: attack('comment') }],
    });
    const tags = tagsOf(html);
    expect(tags.filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    const attributes = attributeNamesOf(html);
    expect(attributes.length).toBeGreaterThan(100);
    expect(attributes.filter((name) => name.startsWith('on') || name.startsWith('unparsed:'))).toEqual([]);
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).not.toContain('url(http');
    // Each attack is there, as text.
    for (const field of ['board title', 'neighbourhood', 'purpose title', 'purpose text', 'view name', 'areas layer', 'areas source', 'legend title', 'category',
      'frame name', 'sticky', 'outcome one', 'indicator', 'baseline', 'target', 'description', 'data source', 'partner A', 'lead', 'contact', 'decision',
      'rationale', 'data flow', 'ig lead', 'risk owner', 'mitigation', 'version', 'saved by', 'sign-off partner', 'comment', 'board attribution',
      'community barrier', 'community helps']) {
      expect(html, field).toContain(`&lt;img src=x onerror=alert(&quot;${field}`);
    }
  });

  it('a saved version shows its name and number and its sign-off by partner; none shows the empty table', () => {
    const { doc } = buildTestBoard();
    const html = renderPackHtml({
      doc,
      generatedAt,
      version: { number: 3, name: 'Agreed at the March steering group', createdAt: Date.UTC(2026, 2, 3, 14, 5), createdBy: 'Ade Okafor' },
      signOff: [
        { partner: 'NHS Greater Manchester', state: 'signed off', by: 'Ade Okafor', at: Date.UTC(2026, 2, 3, 15, 0), comment: 'With thanks' },
        { partner: 'Trafford Council', state: 'awaiting', by: '', at: null, comment: '' },
      ],
    });
    expect(html).toContain('Version 3: Agreed at the March steering group');
    expect(html).toContain('Saved 3 March 2026 at 14:05 by Ade Okafor.');
    expect(html).toContain('<tr><th scope="row">NHS Greater Manchester</th><td><span class="state state--signed-off">Signed off</span></td><td>Ade Okafor</td><td>3 March 2026 at 15:00</td><td>With thanks</td></tr>');
    expect(html).toContain('<tr><th scope="row">Trafford Council</th><td><span class="state state--awaiting">Awaiting</span></td><td></td><td></td><td></td></tr>');
    expect(html).not.toContain('Not yet put forward for agreement');

    const current = renderPackHtml({ doc, generatedAt });
    expect(current).toContain('<caption>Sign-off of this board by partner</caption>');
    expect(current).toContain('<td colspan="5" class="empty">Not yet put forward for agreement</td>');
  });

  it('shows agreement and accountability per partner', () => {
    const html = renderPackHtml({ doc: buildTestBoard().doc, generatedAt });
    expect(html).toContain('<span class="state state--agreed">Agreed</span>');
    expect(html).toContain('<span class="state state--concerns">Concerns</span>');
    expect(html).toContain('<span class="state state--none">No position</span>');
    expect(html).toContain('1 of 2 partners agree');
    expect(html).toContain('<td class="raci">A<span class="visually-hidden"> (Accountable)</span></td>');
    expect(html).toContain('<td class="raci">R<span class="visually-hidden"> (Responsible)</span></td>');
  });

  it('lists the published community knowledge by kind, counts what waits for a moderator, and leaves out hidden posts and senders', () => {
    const html = renderPackHtml({ doc: buildTestBoard().doc, generatedAt });
    const helps = html.indexOf('<tr><th scope="row">Place that helps</th><td>community helps</td><td>At 53.4550° N, 2.3100° W</td><td>3 March 2026</td></tr>');
    const barrier = html.indexOf('<tr><th scope="row">Barrier to access</th><td>community barrier</td>');
    expect(helps).toBeGreaterThan(html.indexOf('id="community-title"'));
    expect(barrier).toBeGreaterThan(helps);
    expect(html).toContain('1 more contribution is waiting for a moderator and is not in this pack.');
    expect(html).toContain('<li><strong>2</strong>community contributions</li>');
    for (const left of ['Waiting for a moderator', 'Hidden by a moderator', 'contribution sender']) expect(html).not.toContain(left);
  });

  it('an empty board still has every section, each saying what is missing', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Empty' });
    const html = renderPackHtml({ doc, generatedAt });
    for (const section of PACK_SECTIONS) expect(html).toContain(`id="${section.id}-title"`);
    for (const text of ['No purpose has been written yet.', 'No map views have been saved.', 'The outcome canvas has no frames.', 'No outcomes on the canvas yet.', 'No partners have been added yet.', 'No decisions have been recorded.', 'No risks have been recorded.', 'No community knowledge has been published on this board.']) {
      expect(html).toContain(text);
    }
  });

  it('reports records it could not read instead of failing', () => {
    const board = buildTestBoard();
    board.doc.getMap('partners').set('broken', 7 as never);
    const html = renderPackHtml({ doc: board.doc, generatedAt });
    expect(html).toContain('1 partner could not be read and is left out of this pack.');
  });
});

describe('the pack’s colours', () => {
  it('keep text at 4.5:1 or more against the backgrounds the style sheet puts it on', () => {
    const pairs: [string, string][] = [
      ['#212b32', '#ffffff'], ['#4c6272', '#ffffff'], ['#005eb8', '#ffffff'], ['#212b32', '#e8edee'], ['#4c6272', '#f4f6f7'],
      ['#212b32', '#f4f6f7'], ['#212b32', '#fff8e5'], ['#4c6272', '#e8edee'],
    ];
    for (const [text, background] of pairs) expect(contrastRatio(text, background), `${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
    for (const colour of STICKY_COLOURS) expect(contrastRatio(textColourOn(colour), colour)).toBeGreaterThanOrEqual(4.5);
    expect(textColourOn('#003087')).toBe('#ffffff');
  });
});

describe('single-image pages', () => {
  it('hold one map figure or one frame, escaped, loading nothing', () => {
    const board = buildTestBoard((field) => `<b>${field}</b>`);
    const view = getMapView(board.doc, board.viewId);
    const frame = getCanvasItem(board.doc, board.frameId);
    if (!view?.ok || !frame?.ok) throw new Error('the test board has a view and a frame');
    const mapPage = renderMapViewPage(board.doc, view.value as MapView);
    expect(mapPage.match(/<figure class="map-figure">/g)).toHaveLength(1);
    expect(mapPage).toContain('--map-width: 1024px');
    expect(mapPage).not.toContain('<b>');
    const framePage = renderFramePage(board.doc, frame.value as CanvasItem);
    expect(framePage).toContain('role="group" aria-label="Canvas frame: &lt;b&gt;frame name&lt;/b&gt;"');
    expect(framePage).toContain('&lt;b&gt;sticky&lt;/b&gt;');
    expect(framePage).toContain('&lt;b&gt;connector label&lt;/b&gt;');
    expect(framePage).not.toContain('Outside every frame');
    expect(framePage).not.toContain('<b>');
  });
});
