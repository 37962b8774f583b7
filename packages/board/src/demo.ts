import * as Y from 'yjs';
import { initBoard } from './board.js';
import { addCanvasItem } from './canvas.js';
import { addFeatures, addLayer, type NewMapFeature } from './map.js';
import { addPurpose, getPurposeFragment } from './purposes.js';
import { geometrySchema } from './records/feature.js';
import type { Author } from './records/record.js';
import { getRoots } from './roots.js';

/** A GeoJSON FeatureCollection as read from disk: not yet trusted. */
export interface FeatureCollectionInput {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> | null }[];
}

/** The open data the demo board is made from (see `server/demo-data/`). */
export interface DemoData {
  localities: FeatureCollectionInput;
  lsoa2011: FeatureCollectionInput;
  /** IMD 2019 rows: LSOA 2011 code and decile (1 = most deprived 10%). */
  imd: { lsoa11cd: string; imd_decile: number }[];
  gpPractices: FeatureCollectionInput;
  pharmacies: FeatureCollectionInput;
  careHomes: FeatureCollectionInput;
}

/** Title of the board created on first start. */
export const DEMO_BOARD_TITLE = 'Trafford neighbourhood plan (demo)';

/** Ten classes from most deprived (decile 1, dark) to least deprived (decile 10, pale). */
export const IMD_DECILE_RAMP = [
  '#67001f', '#980043', '#ce1256', '#e7298a', '#df65b0',
  '#c994c7', '#d4b9da', '#e7e1ef', '#f1eef6', '#f7f4f9',
] as const;

const OGL = 'Contains public sector information licensed under the OGL v3.0';

/**
 * Fills an empty doc with the Trafford demo board: boundaries, deprivation, three asset layers, a purpose and
 * outcomes. Migrations run first, each in its own transaction; the board's content is then one transaction.
 */
export function seedDemoBoard(doc: Y.Doc, data: DemoData, author: Author): void {
  initBoard(doc, {
    title: DEMO_BOARD_TITLE,
    neighbourhood: 'Trafford (four localities)',
    viewport: { center: [-2.33, 53.42], zoom: 11 },
  });
  doc.transact(() => {
    getRoots(doc).meta.set('attribution', [
      'Contains National Statistics and OS data © Crown copyright and database right 2025',
      `${OGL}; MHCLG English Indices of Deprivation 2019`,
      `${OGL}; NHS ODS, NHSBSA, CQC`,
      'Basemap: OS Open Rivers, OS Open Greenspace, ONS Built-Up Areas, TfGM; Metrolink lines © OpenStreetMap contributors',
    ]);

    const deciles = new Map(data.imd.map((row) => [row.lsoa11cd, Number(row.imd_decile)]));
    const imdLayer = addLayer(doc, {
      name: 'Deprivation (IMD 2019 decile)',
      kind: 'indicator',
      style: {
        colour: '#ce1256',
        indicatorProperty: 'imd_decile',
        ramp: [...IMD_DECILE_RAMP],
        legend: { title: 'IMD 2019 decile', lowLabel: 'most deprived 10%', highLabel: 'least deprived 10%' },
      },
      source: 'MHCLG English Indices of Deprivation 2019; ONS LSOA 2011 boundaries',
      attribution: `${OGL}; MHCLG English Indices of Deprivation 2019. Contains National Statistics and OS data © Crown copyright and database right 2025`,
    }, author);
    addFeatures(doc, toFeatures(data.lsoa2011, imdLayer, (p) => ({
      lsoa11cd: p.area_code,
      name: p.area_name,
      imd_decile: deciles.get(String(p.area_code)),
    })), author);

    const localityLayer = addLayer(doc, {
      name: 'Trafford localities',
      kind: 'boundary',
      style: { colour: '#212b32' },
      source: 'Trafford Council localities 2023 (ONS wards)',
      attribution: 'Contains National Statistics and OS data © Crown copyright and database right 2025',
    }, author);
    addFeatures(doc, toFeatures(data.localities, localityLayer, (p) => ({ name: p.area_name })), author);

    const assetLayers: [string, string, string, FeatureCollectionInput, string][] = [
      ['GP practices', '#005eb8', 'NHS ODS epraccur, Jan 2026', data.gpPractices, 'name'],
      ['Pharmacies', '#007f3b', 'NHSBSA pharmaceutical list, 2025 Q1', data.pharmacies, 'pharmacy_name'],
      ['Care homes', '#7c2855', 'CQC care directory, Feb 2026', data.careHomes, 'name'],
    ];
    for (const [name, colour, source, collection, nameKey] of assetLayers) {
      const layerId = addLayer(doc, { name, kind: 'assets', style: { colour }, source, attribution: OGL }, author);
      addFeatures(doc, toFeatures(collection, layerId, (p) => ({ ...p, name: p[nameKey] })), author);
    }

    const purposeId = addPurpose(doc, {
      title: 'Why this neighbourhood team exists',
      cohort: 'Adults over 65 living with two or more long-term conditions in the most deprived LSOAs',
    }, author);
    const fragment = getPurposeFragment(doc, purposeId);
    if (fragment) {
      fragment.insert(0, [
        paragraph('We will help older people with several long-term conditions stay well at home, by joining up ' +
          'general practice, community pharmacy, social care and voluntary groups around them.'),
        paragraph('We start where need is greatest: the neighbourhoods in the most deprived two deciles.'),
      ]);
    }

    const outcomes = [
      'Fewer unplanned hospital admissions for people over 65',
      'Every care home has a named GP and pharmacist',
      'People feel less isolated (ONS loneliness measure)',
    ];
    outcomes.forEach((text, index) => {
      addCanvasItem(doc, { kind: 'outcome', x: 40 + index * 300, y: 40, text }, author);
    });
    addCanvasItem(doc, { kind: 'sticky', x: 40, y: 240, text: 'Ask community groups which places people already trust' }, author);
  });
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function toFeatures(
  collection: FeatureCollectionInput,
  layerId: string,
  properties: (input: Record<string, unknown>) => Record<string, unknown>,
): NewMapFeature[] {
  const out: NewMapFeature[] = [];
  for (const feature of collection.features) {
    const geometry = geometrySchema.safeParse(feature.geometry);
    if (!geometry.success) continue;
    out.push({ layerId, geometry: geometry.data, properties: properties(feature.properties ?? {}) });
  }
  return out;
}
