import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COMMUNITY_CATEGORIES,
  COMMUNITY_CATEGORY_LABELS,
  COMMUNITY_CSV_COLUMNS,
  ContributionRefused,
  addCanvasItem,
  addContribution,
  addFeature,
  addLayer,
  communityCategoryLabel,
  communityCsv,
  contributionToFeature,
  contributionToSticky,
  getCanvasItem,
  getContribution,
  getFeature,
  getRoots,
  initBoard,
  isCommunityCategory,
  listContributions,
  listLayers,
  setLayerPublished,
  publishedContributions,
  setContributionStatus,
  type Author,
  type CommunityContribution,
} from './index.js';

const community: Author = { name: 'Community (Old Trafford group)', now: () => 1_000 };
const mo: Author = { name: 'Mo', now: () => 2_000 };

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Test' });
  return doc;
}

function contribution(doc: Y.Doc, id: string): CommunityContribution {
  const result = getContribution(doc, id);
  if (!result?.ok) throw new Error(`contribution ${id} is not readable: ${JSON.stringify(result)}`);
  return result.value;
}

const gap = { point: [-2.29, 53.45] as [number, number], category: 'service-gap' as const, text: 'No GP surgery open after 6pm' };

describe('community categories', () => {
  it('has a label and a hint for every category, and tells categories from other strings', () => {
    for (const category of COMMUNITY_CATEGORIES) {
      expect(COMMUNITY_CATEGORY_LABELS[category].label.length).toBeGreaterThan(0);
      expect(isCommunityCategory(category)).toBe(true);
    }
    expect(communityCategoryLabel('helps')).toBe('Place that helps');
    expect(isCommunityCategory('meeting place')).toBe(false);
    expect(communityCategoryLabel('meeting place')).toBe('meeting place');
  });
});

describe('community contributions', () => {
  it('adds a pending contribution carrying the author name given, and nothing else about them', () => {
    const doc = board();
    const id = addContribution(doc, gap, community);
    expect(contribution(doc, id)).toEqual({
      id,
      ...gap,
      status: 'pending',
      createdBy: 'Community (Old Trafford group)',
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(Object.keys(getRoots(doc).community.get(id)!.toJSON()).sort()).toEqual(
      ['category', 'createdAt', 'createdBy', 'id', 'point', 'status', 'text', 'updatedAt'].sort(),
    );
  });

  it('lists newest first, filters by status, and reports broken records last', () => {
    const doc = board();
    const older = addContribution(doc, gap, { name: 'c', now: () => 10 });
    const newer = addContribution(doc, { ...gap, category: 'idea', text: 'A bench by the bus stop' }, { name: 'c', now: () => 20 });
    getRoots(doc).community.set('junk', new Y.Map([['text', '']]) as Y.Map<unknown>);
    setContributionStatus(doc, older, 'published', mo);
    const all = listContributions(doc);
    expect(all.map((r) => (r.ok ? r.value.id : r.id))).toEqual([newer, older, 'junk']);
    expect(all[2]?.ok).toBe(false);
    expect(listContributions(doc, { status: 'published' }).map((r) => r.ok && r.value.id)).toEqual([older]);
    expect(listContributions(doc, { status: 'pending' }).map((r) => r.ok && r.value.id)).toEqual([newer]);
    expect(listContributions(doc, { status: 'hidden' })).toEqual([]);
  });

  it('moves a contribution between pending, published and hidden, stamping updatedAt', () => {
    const doc = board();
    const id = addContribution(doc, gap, community);
    expect(setContributionStatus(doc, id, 'published', mo)).toBe(true);
    expect(contribution(doc, id)).toMatchObject({ status: 'published', updatedAt: 2_000, createdBy: community.name });
    setContributionStatus(doc, id, 'hidden', mo);
    expect(contribution(doc, id).status).toBe('hidden');
    setContributionStatus(doc, id, 'pending', mo);
    expect(contribution(doc, id).status).toBe('pending');
    expect(setContributionStatus(doc, 'nope', 'published', mo)).toBe(false);
  });

  it('shows the public only published contributions, without who made them', () => {
    const doc = board();
    const shown = addContribution(doc, gap, community);
    addContribution(doc, { ...gap, text: 'Still pending' }, community);
    const hidden = addContribution(doc, { ...gap, text: 'Hidden' }, community);
    setContributionStatus(doc, shown, 'published', mo);
    setContributionStatus(doc, hidden, 'hidden', mo);
    expect(publishedContributions(doc)).toEqual([{ id: shown, point: gap.point, category: 'service-gap', text: gap.text, createdAt: 1_000 }]);
    expect(JSON.stringify(publishedContributions(doc))).not.toContain('Old Trafford group');
  });

  it('syncs a status change made on one replica to another', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const id = addContribution(a, gap, community);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    setContributionStatus(b, id, 'published', mo);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(contribution(a, id).status).toBe('published');
  });
});

describe('converting contributions', () => {
  it('adds a point feature to an asset layer with the text and category, and marks the contribution, in one transaction', () => {
    const doc = board();
    const layerId = addLayer(doc, { name: 'Community assets', kind: 'assets', style: { colour: '#005eb8' } }, mo);
    const id = addContribution(doc, { ...gap, category: 'helps', text: 'The library cafe is where people meet on Tuesdays' }, community);
    let transactions = 0;
    doc.on('afterTransaction', () => (transactions += 1));
    const featureId = contributionToFeature(doc, id, layerId, mo);
    expect(transactions).toBe(1);
    const feature = getFeature(doc, featureId);
    expect(feature?.ok && feature.value).toMatchObject({
      layerId,
      geometry: { type: 'Point', coordinates: gap.point },
      createdBy: 'Mo',
      properties: {
        name: 'Place that helps: The library cafe is where people meet on Tuesdays',
        category: 'Place that helps',
        description: 'The library cafe is where people meet on Tuesdays',
        source: 'Community contribution',
        contributed: '1970-01-01',
      },
    });
    expect(contribution(doc, id).convertedTo).toEqual({ kind: 'feature', id: featureId });
  });

  it('refuses a layer that is not an asset layer, an unknown contribution and a second conversion', () => {
    const doc = board();
    const areas = addLayer(doc, { name: 'Wards', kind: 'areas', style: { colour: '#005eb8' } }, mo);
    const assets = addLayer(doc, { name: 'Assets', kind: 'assets', style: { colour: '#005eb8' } }, mo);
    const id = addContribution(doc, gap, community);
    const refusal = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return error instanceof ContributionRefused ? error.reason : String(error);
      }
      return undefined;
    };
    expect(refusal(() => contributionToFeature(doc, id, areas, mo))).toBe('not_an_asset_layer');
    expect(refusal(() => contributionToFeature(doc, id, 'missing', mo))).toBe('not_an_asset_layer');
    expect(refusal(() => contributionToFeature(doc, 'missing', assets, mo))).toBe('not_found');
    expect(getRoots(doc).features.size).toBe(0);
    contributionToSticky(doc, id, mo);
    expect(refusal(() => contributionToFeature(doc, id, assets, mo))).toBe('already_converted');
    expect(refusal(() => contributionToSticky(doc, id, mo))).toBe('already_converted');
    expect(getRoots(doc).features.size).toBe(0);
    expect(getRoots(doc).canvas.size).toBe(1);
  });

  it('makes a pale blue sticky below everything on the canvas, and marks the contribution', () => {
    const doc = board();
    addCanvasItem(doc, { kind: 'outcome', x: 100, y: 50, h: 200 }, mo);
    addCanvasItem(doc, { kind: 'sticky', x: -20, y: 10 }, mo);
    const id = addContribution(doc, { ...gap, category: 'barrier', text: 'Steps but no ramp at the clinic' }, community);
    const stickyId = contributionToSticky(doc, id, mo);
    const sticky = getCanvasItem(doc, stickyId);
    expect(sticky?.ok && sticky.value).toMatchObject({
      kind: 'sticky',
      x: -20,
      y: 290,
      colour: '#d0ebff',
      text: 'Barrier to access (community): Steps but no ramp at the clinic',
      createdBy: 'Mo',
    });
    expect(contribution(doc, id).convertedTo).toEqual({ kind: 'sticky', id: stickyId });
  });

  it('puts the first sticky at the origin of an empty canvas', () => {
    const doc = board();
    const stickyId = contributionToSticky(doc, addContribution(doc, gap, community), mo);
    const sticky = getCanvasItem(doc, stickyId);
    expect(sticky?.ok && [sticky.value.x, sticky.value.y]).toEqual([0, 0]);
  });
});

describe('publishing layers on the community page', () => {
  it('keeps a new layer off the community page until an editor publishes it, and can take it off again', () => {
    const doc = board();
    const id = addLayer(doc, { name: 'GP practices', kind: 'assets', style: { colour: '#005eb8' } }, mo);
    const published = (): boolean | undefined => {
      const [result] = listLayers(doc);
      return result?.ok ? result.value.published : undefined;
    };
    expect(published()).toBe(false);
    setLayerPublished(doc, id, true, { name: 'Ed', now: () => 3_000 });
    expect(published()).toBe(true);
    expect(getRoots(doc).layers.get(id)?.get('updatedAt')).toBe(3_000);
    setLayerPublished(doc, id, false, mo);
    expect(published()).toBe(false);
  });
});

describe('communityCsv', () => {
  it('gives a moderator every contribution with its status, link and what it became; anyone else the published ones only', () => {
    const doc = board();
    const layerId = addLayer(doc, { name: 'GP practices', kind: 'assets', style: { colour: '#005eb8' } }, mo);
    addFeature(doc, { layerId, geometry: { type: 'Point', coordinates: [-2.28, 53.46] }, properties: { name: 'Old Trafford Medical Practice' } }, mo);
    const near = addContribution(doc, { point: [-2.28, 53.461], category: 'helps', text: 'Friendly receptionists' }, community);
    addContribution(doc, { point: [-2.3, 53.5], category: 'idea', text: 'Not yet looked at' }, community);
    setContributionStatus(doc, near, 'published', mo);
    contributionToSticky(doc, near, mo);

    const all = communityCsv(doc, true);
    expect(all.columns).toEqual(COMMUNITY_CSV_COLUMNS);
    expect(all.rows).toHaveLength(2);
    expect(all.rows.find((row) => row.id === near)).toEqual({
      kind: 'Place that helps',
      text: 'Friendly receptionists',
      where: 'About 100 m from Old Trafford Medical Practice (GP practices)',
      longitude: -2.28,
      latitude: 53.461,
      added: '1970-01-01T00:00:01.000Z',
      status: 'published',
      from: 'Community (Old Trafford group)',
      madeInto: 'sticky',
      id: near,
    });

    const published = communityCsv(doc, false);
    expect(published.columns).toEqual(['kind', 'text', 'where', 'longitude', 'latitude', 'added', 'id']);
    expect(published.rows.map((row) => row.text)).toEqual(['Friendly receptionists']);
    expect(Object.keys(published.rows[0]!)).not.toContain('from');
  });
});
