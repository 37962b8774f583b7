import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CURRENT_SCHEMA_VERSION,
  DEMO_BOARD_TITLE,
  DEMO_COMMUNITY_GROUP,
  DEMO_PARTNER_NOTE,
  accountabilityOf,
  agreementSummary,
  governanceEntryProblems,
  listGovernanceEntries,
  listMapViews,
  listOutcomes,
  listPartners,
  IMD_DECILE_RAMP,
  getBoardMeta,
  getPurposeFragment,
  listCanvasItems,
  listContributions,
  publishedContributions,
  listFeatures,
  listLayers,
  listPurposes,
  seedDemoBoard,
  type DemoData,
  type FeatureCollectionInput,
  type MapLayer,
} from './index.js';

/**
 * The server's copy of the demo data (server/demo-data, byte-identical to the files in shared/data), read in
 * place. The tests read it with Node; the package source never does.
 */
const DATA_DIR = new URL('../../../server/demo-data/', import.meta.url);

function readJSON(name: string): FeatureCollectionInput {
  return JSON.parse(readFileSync(new URL(name, DATA_DIR), 'utf8')) as FeatureCollectionInput;
}

/** The IMD CSV has no quoted fields (checked below), so a plain split reads it. */
function readImd(): DemoData['imd'] {
  const text = readFileSync(new URL('imd2019_lsoa_trafford.csv', DATA_DIR), 'utf8');
  expect(text).not.toContain('"');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const code = columns.indexOf('lsoa11cd');
  const decile = columns.indexOf('imd_decile');
  expect(code).toBeGreaterThanOrEqual(0);
  expect(decile).toBeGreaterThanOrEqual(0);
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(columns.length);
    return { lsoa11cd: cells[code] as string, imd_decile: Number(cells[decile]) };
  });
}

function layerNamed(doc: Y.Doc, name: string): MapLayer {
  const layer = listLayers(doc).find((r) => r.ok && r.value.name === name);
  if (!layer?.ok) throw new Error(`no layer named ${name}`);
  return layer.value;
}

describe('seedDemoBoard with the Trafford open data', () => {
  let doc: Y.Doc;
  let data: DemoData;

  beforeAll(() => {
    expect(fileURLToPath(DATA_DIR)).toMatch(/server[\\/]demo-data[\\/]$/);
    data = {
      localities: readJSON('trafford_localities2023.geojson'),
      lsoa2011: readJSON('trafford_lsoa2011.geojson'),
      imd: readImd(),
      gpPractices: readJSON('gp_practices.geojson'),
      pharmacies: readJSON('pharmacies.geojson'),
      careHomes: readJSON('care_homes.geojson'),
    };
    doc = new Y.Doc();
    seedDemoBoard(doc, data, { name: 'Placeboard', now: () => 1_767_225_600_000 });
  });

  it('titles the board and leaves it at the current schema version', () => {
    const meta = getBoardMeta(doc);
    expect(meta.title).toBe(DEMO_BOARD_TITLE);
    expect(meta.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(meta.viewport).toBeDefined();
    expect(meta.attribution?.length).toBeGreaterThan(0);
  });

  it('has five valid layers with sources and attribution', () => {
    const layers = listLayers(doc);
    expect(layers.every((r) => r.ok)).toBe(true);
    expect(layers.map((r) => (r.ok ? r.value.name : ''))).toEqual([
      'Deprivation (IMD 2019 decile)',
      'Trafford localities',
      'GP practices',
      'Pharmacies',
      'Care homes',
    ]);
    for (const r of layers) if (r.ok) expect(r.value.attribution, r.value.name).toBeTruthy();
  });

  it('stores every feature as a valid record', () => {
    const features = listFeatures(doc);
    expect(features.filter((r) => !r.ok)).toEqual([]);
    expect(features).toHaveLength(4 + 138 + 26 + 57 + 56);
  });

  it('has the 4 localities', () => {
    const localities = listFeatures(doc, layerNamed(doc, 'Trafford localities').id);
    expect(localities).toHaveLength(4);
    for (const r of localities) expect(r.ok && typeof r.value.properties.name).toBe('string');
  });

  it('has 138 LSOAs, each with an IMD decile 1..10, in the Trafford distribution', () => {
    const layer = layerNamed(doc, 'Deprivation (IMD 2019 decile)');
    expect(layer.style.indicatorProperty).toBe('imd_decile');
    expect(layer.style.ramp).toEqual([...IMD_DECILE_RAMP]);
    const lsoas = listFeatures(doc, layer.id);
    expect(lsoas).toHaveLength(138);
    const histogram: Record<number, number> = {};
    for (const r of lsoas) {
      if (!r.ok) throw new Error(r.error);
      const decile = r.value.properties.imd_decile;
      expect(Number.isInteger(decile) && (decile as number) >= 1 && (decile as number) <= 10, `${r.value.properties.lsoa11cd}: ${String(decile)}`).toBe(true);
      histogram[decile as number] = (histogram[decile as number] ?? 0) + 1;
    }
    expect(histogram).toEqual({ 1: 7, 2: 5, 3: 12, 4: 10, 5: 13, 6: 8, 7: 14, 8: 21, 9: 17, 10: 31 });
  });

  it.each([
    ['GP practices', 26],
    ['Pharmacies', 57],
    ['Care homes', 56],
  ])('has %s (%i), each a named point', (name, count) => {
    const features = listFeatures(doc, layerNamed(doc, name).id);
    expect(features).toHaveLength(count);
    for (const r of features) {
      if (!r.ok) throw new Error(r.error);
      expect(r.value.geometry.type).toBe('Point');
      expect(typeof r.value.properties.name === 'string' && r.value.properties.name.length > 0).toBe(true);
    }
  });

  it('has a purpose with a defined cohort (who, where, how many) and non-empty rich text', () => {
    const purposes = listPurposes(doc);
    expect(purposes).toHaveLength(1);
    const [purpose] = purposes;
    if (!purpose?.ok) throw new Error('purpose is not readable');
    expect(purpose.value.cohort.length).toBeGreaterThan(0);
    for (const field of ['cohortWho', 'cohortWhere', 'cohortSize'] as const) expect(String(purpose.value[field] ?? '').trim(), field).not.toBe('');
    const fragment = getPurposeFragment(doc, purpose.value.id);
    expect(fragment).toBeInstanceOf(Y.XmlFragment);
    const text = fragment?.toString().replace(/<[^>]*>/g, '').trim() ?? '';
    expect(text.length).toBeGreaterThan(20);
  });

  it('has at least 3 outcome cards with text', () => {
    const items = listCanvasItems(doc);
    expect(items.every((r) => r.ok)).toBe(true);
    const outcomes = items.filter((r) => r.ok && r.value.kind === 'outcome');
    expect(outcomes.length).toBeGreaterThanOrEqual(3);
    for (const r of outcomes) expect(r.ok && r.value.text.length > 0).toBe(true);
  });

  it('has a saved map view showing every layer, and a frame holding the outcome cards', () => {
    const views = listMapViews(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(views).toHaveLength(1);
    const layerIds = listLayers(doc).flatMap((r) => (r.ok ? [r.value.id] : []));
    expect(new Set(views[0]?.visibleLayerIds)).toEqual(new Set(layerIds));
    const items = listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
    const frames = items.filter((item) => item.kind === 'frame');
    expect(frames).toHaveLength(1);
    const frame = frames[0]!;
    for (const card of items.filter((item) => item.kind === 'outcome')) {
      expect(card.x >= frame.x && card.y >= frame.y && card.x + card.w <= frame.x + frame.w && card.y + card.h <= frame.y + frame.h, card.text).toBe(true);
      expect(card.z > frame.z, 'the frame lies under its cards').toBe(true);
    }
  });

  it('has example partners in every sector, each saying it stands for a kind of organisation', () => {
    const partners = listPartners(doc);
    expect(partners.filter((r) => !r.ok)).toEqual([]);
    const values = partners.flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(values.map((p) => p.sector))).toEqual(new Set(['NHS', 'local authority', 'social care', 'VCSE', 'community']));
    for (const partner of values) expect(partner.notes, partner.organisation).toBe(DEMO_PARTNER_NOTE);
    // An honest partner map: not every partner is committed.
    expect(new Set(values.map((p) => p.commitment))).toEqual(new Set(['committed', 'engaged', 'unknown']));
  });

  it('shows outcomes part-way to agreement, each with exactly one accountable partner', () => {
    const partners = listPartners(doc).flatMap((r) => (r.ok ? [r.value] : []));
    const cards = listCanvasItems(doc).flatMap((r) => (r.ok && r.value.kind === 'outcome' ? [r.value] : []));
    const summaries = cards.map((card) => agreementSummary(card, partners));
    for (const summary of summaries) {
      expect(summary.agreed).toBeGreaterThan(0);
      expect(summary.agreed).toBeLessThan(summary.total);
    }
    const states = new Set(cards.flatMap((card) => Object.values(card.agreement).map((entry) => entry.state)));
    expect(states).toEqual(new Set(['agreed', 'concerns', 'not yet']));
    for (const outcome of listOutcomes(doc)) {
      const roles = Object.values(accountabilityOf(doc, outcome.id));
      expect(roles.filter((role) => role === 'A'), outcome.title).toHaveLength(1);
      expect(roles).toContain('R');
    }
  });

  it('has a governance log with a decision, a data flow and risks, each valid', () => {
    const entries = listGovernanceEntries(doc);
    expect(entries.filter((r) => !r.ok)).toEqual([]);
    const values = entries.flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(values.map((e) => e.kind))).toEqual(new Set(['decision', 'data-sharing', 'risk']));
    for (const entry of values) expect(governanceEntryProblems(entry), entry.title).toEqual([]);
    expect(values.find((e) => e.status === 'decided')?.decidedOn).toBe('2026-01-01');
  });

  it('has example community contributions inside Trafford, some pending and some published', () => {
    const contributions = listContributions(doc);
    expect(contributions.filter((r) => !r.ok)).toEqual([]);
    const values = contributions.flatMap((r) => (r.ok ? [r.value] : []));
    expect(values.filter((c) => c.status === 'pending')).toHaveLength(2);
    expect(values.filter((c) => c.status === 'published')).toHaveLength(2);
    expect(new Set(values.map((c) => c.category))).toEqual(new Set(['service-gap', 'helps', 'barrier', 'idea']));
    // Published ones reach the public community page, so each says it is an example, and none names who sent it.
    for (const contribution of publishedContributions(doc)) {
      expect(contribution.text).toMatch(/^Example: /);
      expect(contribution).not.toHaveProperty('createdBy');
    }
    for (const contribution of values) {
      expect(contribution.text).toMatch(/^Example: /);
      expect(contribution.createdBy).toBe(DEMO_COMMUNITY_GROUP);
    }
    // Each lies within the localities' bounds.
    const numbers = data.localities.features.flatMap((f) => ((f.geometry as { coordinates: unknown[] }).coordinates.flat(Infinity) as number[]));
    const xs = numbers.filter((_, index) => index % 2 === 0);
    const ys = numbers.filter((_, index) => index % 2 === 1);
    for (const { point } of values) {
      const [x, y] = point!;
      expect(x).toBeGreaterThan(Math.min(...xs));
      expect(x).toBeLessThan(Math.max(...xs));
      expect(y).toBeGreaterThan(Math.min(...ys));
      expect(y).toBeLessThan(Math.max(...ys));
    }
  });

  it('survives a round trip through an update unchanged', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(listFeatures(copy)).toEqual(listFeatures(doc));
    expect(getBoardMeta(copy)).toEqual(getBoardMeta(doc));
  });
});
