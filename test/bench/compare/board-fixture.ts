/**
 * The cold-load board, built with the board model: map features on two layers (seeded synthetic points and polygons
 * over Trafford, from ../synthetic.ts), canvas items, and purpose statements of about a page of rich text each. At
 * the full size (10,000 features, 500 items, 50 pages) it encodes to about 3.4 MiB.
 */
import {
  addCanvasItem,
  addFeatures,
  addLayer,
  addPurpose,
  getPurposeFragment,
  getRoots,
  initBoard,
  type Geometry,
  type NewMapFeature,
} from '@placeboard/board';
import * as Y from 'yjs';
import { seededRandom, syntheticPoints, syntheticPolygons } from '../synthetic.js';

/** How much a board holds: what a cold load must deliver before it counts as loaded. */
export interface BoardCounts {
  features: number;
  canvasItems: number;
  /** Characters of purpose text. */
  characters: number;
}

/** A built board: its state as one update, and what it holds. */
export interface BoardFixture {
  update: Uint8Array;
  counts: BoardCounts;
}

/** Characters in a page of purpose text. */
const PAGE_CHARACTERS = 3_000;
const WORDS = [
  'neighbourhood', 'care', 'team', 'general', 'practice', 'pharmacy', 'social', 'voluntary', 'people', 'over',
  'living', 'with', 'long-term', 'conditions', 'home', 'support', 'community', 'outcome', 'partners', 'agree',
  'the', 'and', 'for', 'we', 'will', 'to', 'of', 'in', 'a', 'deprived', 'health', 'wellbeing', 'plan', 'review',
];

type Collection = { features: { geometry: Geometry; properties: Record<string, unknown> }[] };

/** Builds the board: `features` features (95% points, 5% polygons), `canvasItems` items, `pages` purposes. */
export function buildBoard(size: { features: number; canvasItems: number; pages: number }): BoardFixture {
  const doc = new Y.Doc();
  const author = { name: 'Benchmark' };
  const random = seededRandom(7);
  const words = (count: number) => Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  initBoard(doc, { title: 'Cold load board' });
  doc.transact(() => {
    const pointCount = Math.round(size.features * 0.95);
    const points = syntheticPoints(pointCount) as Collection;
    const polygons = syntheticPolygons(size.features - pointCount) as Collection;
    const assets = addLayer(doc, { name: 'Assets', kind: 'assets', style: { colour: '#005eb8' } }, author);
    const areas = addLayer(doc, { name: 'Areas', kind: 'boundary', style: { colour: '#212b32' } }, author);
    const toFeatures = (collection: Collection, layerId: string): NewMapFeature[] =>
      collection.features.map((feature) => ({
        layerId,
        geometry: feature.geometry,
        // Only a name: a feature record of the board model is about 300 bytes with it, so 10,000 features are
        // already about 3 MiB; the synthetic extras would make the board much bigger than the 3 MiB.
        properties: { name: feature.properties.name },
      }));
    addFeatures(doc, toFeatures(points, assets), author);
    addFeatures(doc, toFeatures(polygons, areas), author);
    const columns = Math.ceil(Math.sqrt(size.canvasItems));
    for (let i = 0; i < size.canvasItems; i++) {
      addCanvasItem(doc, { kind: i % 5 === 0 ? 'outcome' : 'sticky', x: (i % columns) * 190, y: Math.floor(i / columns) * 170, text: words(12) }, author);
    }
    for (let page = 0; page < size.pages; page++) {
      const id = addPurpose(doc, { title: `Purpose ${page + 1}` }, author);
      const fragment = getPurposeFragment(doc, id);
      if (!fragment) throw new Error('addPurpose made no fragment');
      const paragraphs: Y.XmlElement[] = [];
      let written = 0;
      while (written < PAGE_CHARACTERS) {
        const text = `${words(90)}.`;
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        paragraphs.push(paragraph);
        written += text.length;
      }
      fragment.insert(0, paragraphs);
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  const counts = countBoard(doc);
  doc.destroy();
  return { update, counts };
}

/** What `doc` holds, counted the way {@link BoardCounts} defines it. */
export function countBoard(doc: Y.Doc): BoardCounts {
  const { features, canvas, purposes } = getRoots(doc);
  let characters = 0;
  for (const record of purposes.values()) {
    const content = record.get('content');
    if (content instanceof Y.XmlFragment) characters += textLength(content);
  }
  return { features: features.size, canvasItems: canvas.size, characters };
}

function textLength(node: Y.XmlFragment | Y.XmlElement): number {
  let length = 0;
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) length += child.length;
    else if (child instanceof Y.XmlElement) length += textLength(child);
  }
  return length;
}

/** True when `counts` holds at least everything in `expected`. */
export function holdsAll(counts: BoardCounts, expected: BoardCounts): boolean {
  return counts.features >= expected.features && counts.canvasItems >= expected.canvasItems && counts.characters >= expected.characters;
}
