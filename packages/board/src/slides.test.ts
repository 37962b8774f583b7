import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  SLIDE_NOTES_MAX,
  addCanvasItem,
  addContribution,
  addMapView,
  addPurpose,
  bringCanvasItemToFront,
  buildSlides,
  deletePurpose,
  getRoots,
  getSlideNotes,
  initBoard,
  movePurpose,
  setContributionStatus,
  setSlideNotes,
  updateCanvasItem,
} from './index.js';

const author = { name: 'amy', now: () => 1000 };

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Old Trafford and Gorse Hill' });
  return doc;
}

describe('buildSlides', () => {
  it('an empty board has a title, partners and governance slide', () => {
    expect(buildSlides(board())).toEqual([
      { key: 'title', kind: 'title', title: 'Old Trafford and Gorse Hill' },
      { key: 'partners', kind: 'partners', title: 'Partners and accountability' },
      { key: 'governance', kind: 'governance', title: 'Governance' },
    ]);
  });

  it('lists purposes in purpose order, then map views, then frames, with stable keys', () => {
    const doc = board();
    const first = addPurpose(doc, { title: 'Why we exist' }, author);
    const second = addPurpose(doc, { title: 'Who we serve' }, author);
    movePurpose(doc, second, -1, author);
    const view = addMapView(doc, { name: 'Deprivation', center: [-2.3, 53.4], zoom: 12 }, author);
    const lowerFrame = addCanvasItem(doc, { kind: 'frame', x: 0, y: 0, text: 'Now' }, author);
    addCanvasItem(doc, { kind: 'sticky', x: 10, y: 10, text: 'not a slide' }, author);
    const upperFrame = addCanvasItem(doc, { kind: 'frame', x: 700, y: 0, text: '  ' }, author);
    addCanvasItem(doc, { kind: 'outcome', x: 10, y: 10, text: 'not a slide either' }, author);

    const slides = buildSlides(doc);
    expect(slides).toEqual([
      { key: 'title', kind: 'title', title: 'Old Trafford and Gorse Hill' },
      { key: `purpose:${second}`, kind: 'purpose', title: 'Who we serve', ref: second },
      { key: `purpose:${first}`, kind: 'purpose', title: 'Why we exist', ref: first },
      { key: `map-view:${view}`, kind: 'map-view', title: 'Deprivation', ref: view },
      { key: `frame:${lowerFrame}`, kind: 'frame', title: 'Now', ref: lowerFrame },
      { key: `frame:${upperFrame}`, kind: 'frame', title: 'Untitled frame', ref: upperFrame },
      { key: 'partners', kind: 'partners', title: 'Partners and accountability' },
      { key: 'governance', kind: 'governance', title: 'Governance' },
    ]);

    // Frames follow the canvas stacking order; keys stay the same when titles and order change.
    bringCanvasItemToFront(doc, lowerFrame, author);
    updateCanvasItem(doc, lowerFrame, { text: 'Where we are now' }, author);
    const frames = buildSlides(doc).filter((s) => s.kind === 'frame');
    expect(frames.map((s) => s.key)).toEqual([`frame:${upperFrame}`, `frame:${lowerFrame}`]);
    expect(frames[1]?.title).toBe('Where we are now');

    deletePurpose(doc, first);
    expect(buildSlides(doc).some((s) => s.key === `purpose:${first}`)).toBe(false);
  });

  it('has a community slide after the map views once a moderator has published a contribution, and not before', () => {
    const doc = board();
    const view = addMapView(doc, { name: 'Deprivation', center: [-2.3, 53.4], zoom: 12 }, author);
    addCanvasItem(doc, { kind: 'frame', x: 0, y: 0, text: 'Now' }, author);
    const id = addContribution(doc, { point: [-2.3, 53.45], category: 'idea', text: 'A stall on market day' }, author);
    const kinds = () => buildSlides(doc).map((s) => s.kind);
    expect(kinds()).toEqual(['title', 'map-view', 'frame', 'partners', 'governance']);
    setContributionStatus(doc, id, 'published', author);
    expect(buildSlides(doc)).toContainEqual({ key: 'community', kind: 'community', title: 'What the community told us' });
    expect(kinds()).toEqual(['title', 'map-view', 'community', 'frame', 'partners', 'governance']);
    expect(buildSlides(doc)[1]?.key).toBe(`map-view:${view}`);
    setContributionStatus(doc, id, 'hidden', author);
    expect(kinds()).not.toContain('community');
  });

  it('leaves out broken records', () => {
    const doc = board();
    addPurpose(doc, { title: 'Fine' }, author);
    getRoots(doc).purposes.set('broken', 7 as unknown as Y.Map<unknown>);
    getRoots(doc).canvas.set('broken-frame', new Y.Map<unknown>([['kind', 'frame']]));
    expect(buildSlides(doc).map((s) => s.kind)).toEqual(['title', 'purpose', 'partners', 'governance']);
  });
});

describe('presenter notes', () => {
  it('sets, reads, replaces and clears notes per slide', () => {
    const doc = board();
    expect(getSlideNotes(doc, 'title')).toBe('');
    setSlideNotes(doc, 'title', 'Thank the hosts');
    setSlideNotes(doc, 'purpose:abc', 'Read the first paragraph aloud');
    expect(getSlideNotes(doc, 'title')).toBe('Thank the hosts');
    expect(getSlideNotes(doc, 'purpose:abc')).toBe('Read the first paragraph aloud');
    setSlideNotes(doc, 'title', 'Thank the hosts and the residents');
    expect(getSlideNotes(doc, 'title')).toBe('Thank the hosts and the residents');
    setSlideNotes(doc, 'title', '   ');
    expect(getSlideNotes(doc, 'title')).toBe('');
    expect((getRoots(doc).meta.get('slideNotes') as Y.Map<unknown>).has('title')).toBe(false);
  });

  it('accepts 5000 characters and refuses 5001 or a key that is not a slide key, writing nothing', () => {
    const doc = board();
    setSlideNotes(doc, 'governance', 'x'.repeat(SLIDE_NOTES_MAX));
    expect(getSlideNotes(doc, 'governance')).toHaveLength(5000);
    expect(() => setSlideNotes(doc, 'governance', 'y'.repeat(SLIDE_NOTES_MAX + 1))).toThrow();
    expect(getSlideNotes(doc, 'governance')).toBe('x'.repeat(5000));
    expect(() => setSlideNotes(doc, 'toString', 'hi')).toThrow();
    expect(() => setSlideNotes(doc, 'slide:1', 'hi')).toThrow();
  });

  it('reads a value a faulty client stored as no notes', () => {
    const doc = board();
    (getRoots(doc).meta.get('slideNotes') as Y.Map<unknown>).set('title', { not: 'text' });
    expect(getSlideNotes(doc, 'title')).toBe('');
  });

  it('two people writing notes on different slides at once both keep theirs', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setSlideNotes(a, 'title', 'From A');
    setSlideNotes(b, 'partners', 'From B');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) {
      expect(getSlideNotes(doc, 'title')).toBe('From A');
      expect(getSlideNotes(doc, 'partners')).toBe('From B');
    }
  });
});
