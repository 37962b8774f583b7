import * as Y from 'yjs';
import { initBoard } from './board.js';
import { setAccountability, type RaciRole } from './accountability.js';
import { setAgreement } from './agreement.js';
import { addCanvasItem } from './canvas.js';
import { addContribution, setContributionStatus, type NewContribution } from './community.js';
import { addGovernanceEntry, type NewGovernanceEntry } from './governance.js';
import { addFeatures, addLayer, type NewMapFeature } from './map.js';
import { addMapView } from './map-views.js';
import { addPartner, type NewPartner } from './partners.js';
import { addPurpose, getPurposeFragment } from './purposes.js';
import { geometrySchema } from './records/feature.js';
import type { AgreementState } from './records/canvas-item.js';
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
 * Fills an empty doc with the Trafford demo board: boundaries, deprivation, three asset layers, a purpose,
 * outcomes with example partners' positions and RACI roles, and a governance log. Migrations run first, each in
 * its own transaction; the board's content is then one transaction.
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
    const assetLayerIds = assetLayers.map(([name, colour, source, collection, nameKey]) => {
      const layerId = addLayer(doc, { name, kind: 'assets', style: { colour }, source, attribution: OGL }, author);
      addFeatures(doc, toFeatures(collection, layerId, (p) => ({ ...p, name: p[nameKey] })), author);
      return layerId;
    });
    // A view to present and to print in the board pack.
    addMapView(doc, {
      name: 'Deprivation and services across Trafford',
      center: [-2.33, 53.42],
      zoom: 11,
      visibleLayerIds: [imdLayer, localityLayer, ...assetLayerIds],
    }, author);

    const purposeId = addPurpose(doc, {
      title: 'Why this neighbourhood team exists',
      // The cohort as the Purpose pane asks for it: who, where, how many (a number nobody has counted yet is said so).
      cohortWho: 'Over 65s with 2+ long-term conditions',
      cohortWhere: 'The two most deprived IMD deciles',
      cohortSize: 'Not yet counted',
      cohort: 'Example: start with people already known to two or more services (their practice, community pharmacy, adult social care); count them from the practice registers.',
    }, author);
    const fragment = getPurposeFragment(doc, purposeId);
    if (fragment) {
      fragment.insert(0, [
        paragraph('We will help older people with several long-term conditions stay well at home, by joining up ' +
          'general practice, community pharmacy, social care and voluntary groups around them.'),
        paragraph('We start where need is greatest: the neighbourhoods in the most deprived two deciles.'),
      ]);
    }

    // The frame first, so that it lies under the cards; cards tall enough for every partner's position.
    addCanvasItem(doc, { kind: 'frame', x: 20, y: 20, w: 920, h: 300, text: 'Shared outcomes: draft for agreement' }, author);
    const outcomeIds = DEMO_OUTCOMES.map((text, index) => addCanvasItem(doc, { kind: 'outcome', x: 50 + index * 300, y: 70, h: 210, text }, author));
    addCanvasItem(doc, { kind: 'sticky', x: 50, y: 350, text: 'Ask community groups which places people already trust' }, author);

    // A partnership part-way through agreeing its outcomes, so that each pane shows what it is for.
    for (const partner of DEMO_PARTNERS) {
      const partnerId = addPartner(doc, { ...partner.fields, notes: DEMO_PARTNER_NOTE }, author);
      const speaker: Author = { ...author, name: partner.fields.lead ?? partner.fields.organisation };
      partner.positions.forEach((state, index) => {
        const outcomeId = outcomeIds[index];
        if (state && outcomeId) setAgreement(doc, outcomeId, partnerId, state, speaker);
      });
      partner.raci.forEach((role, index) => {
        const outcomeId = outcomeIds[index];
        if (role && outcomeId) setAccountability(doc, outcomeId, partnerId, role);
      });
    }
    const today = new Date((author.now ?? Date.now)()).toISOString().slice(0, 10);
    for (const entry of demoGovernance(today)) addGovernanceEntry(doc, entry, author);

    // Local knowledge as a community link would bring it in: some waiting for a moderator, some published.
    for (const { status, ...contribution } of DEMO_CONTRIBUTIONS) {
      const id = addContribution(doc, contribution, { ...author, name: DEMO_COMMUNITY_GROUP });
      if (status === 'published') setContributionStatus(doc, id, 'published', author);
    }
  });
}

/** Who the demo's community contributions came from, as a community link's label would name them. */
export const DEMO_COMMUNITY_GROUP = 'Community (example residents’ group)';

/**
 * The demo's community contributions. Each text says it is an example, because published ones show on the board's
 * public community page, and none describes a named service.
 */
const DEMO_CONTRIBUTIONS: (NewContribution & { status: 'pending' | 'published' })[] = [
  {
    status: 'published',
    category: 'helps',
    point: [-2.2805, 53.4585],
    text: 'Example: the lunch club at the community centre is where many older people who live alone see others each week.',
  },
  {
    status: 'published',
    category: 'service-gap',
    point: [-2.3185, 53.4245],
    text: 'Example: there is nowhere near here to get help filling in forms for benefits or care.',
  },
  {
    status: 'pending',
    category: 'barrier',
    point: [-2.4265, 53.4185],
    text: 'Example: the last bus to the hospital leaves before evening clinics end, so people miss appointments.',
  },
  {
    status: 'pending',
    category: 'idea',
    point: [-2.3105, 53.4465],
    text: 'Example: a health check stall on market day would reach people who never go to the surgery.',
  },
];

/** The demo's outcome cards, left to right. */
const DEMO_OUTCOMES = [
  'Fewer unplanned hospital admissions for people over 65',
  'Every care home has a named GP and pharmacist',
  'People feel less isolated (ONS loneliness measure)',
] as const;

/** Said of every demo partner: they stand for kinds of organisation, and no real one's position is implied. */
export const DEMO_PARTNER_NOTE = 'Example partner for the demo board: a kind of organisation, not a real one’s position.';

/**
 * The demo's partners: kinds of organisation rather than named ones, each with its position on each outcome of
 * {@link DEMO_OUTCOMES} (null: none yet) and its RACI role there (null: none; one Accountable per outcome).
 */
const DEMO_PARTNERS: { fields: NewPartner; positions: (AgreementState | null)[]; raci: (RaciRole | null)[] }[] = [
  {
    fields: { organisation: 'Primary care network', sector: 'NHS', commitment: 'committed', lead: 'PCN clinical director', role: 'Clinical lead for the cohort' },
    positions: ['agreed', 'agreed', 'agreed'],
    raci: ['A', 'R', 'C'],
  },
  {
    fields: { organisation: 'Community health services', sector: 'NHS', commitment: 'engaged', lead: 'Neighbourhood nursing lead', role: 'Community nursing and therapies' },
    positions: ['agreed', 'concerns', null],
    raci: ['R', 'C', 'I'],
  },
  {
    fields: { organisation: 'Community pharmacy', sector: 'NHS', commitment: 'engaged', lead: 'Local pharmaceutical committee', role: 'Medicines reviews' },
    positions: [null, 'agreed', null],
    raci: ['C', 'R', null],
  },
  {
    fields: { organisation: 'Council adult social care', sector: 'local authority', commitment: 'committed', lead: 'Head of adult social care', role: 'Social work and reablement' },
    positions: ['agreed', 'agreed', 'agreed'],
    raci: ['R', 'A', 'R'],
  },
  {
    fields: { organisation: 'Care home providers', sector: 'social care', commitment: 'unknown', role: 'Care home managers' },
    positions: [null, 'not yet', null],
    raci: [null, 'C', null],
  },
  {
    fields: { organisation: 'Befriending and social prescribing charities', sector: 'VCSE', commitment: 'committed', lead: 'Voluntary sector alliance', role: 'Social prescribing and support' },
    positions: ['concerns', null, 'agreed'],
    raci: ['C', null, 'A'],
  },
  {
    fields: { organisation: 'Residents’ groups', sector: 'community', commitment: 'unknown' },
    positions: [null, null, null],
    raci: ['I', null, 'C'],
  },
];

/**
 * The demo's governance log: one decision taken (on `decidedOn`, YYYY-MM-DD), one open, a data flow awaiting its
 * DPIA, and two risks.
 */
function demoGovernance(decidedOn: string): NewGovernanceEntry[] {
  return [
    {
      kind: 'decision',
      title: 'Cohort: adults over 65 with two or more long-term conditions in the two most deprived IMD deciles',
      status: 'decided',
      decidedBy: 'Neighbourhood partnership board',
      decidedOn,
      rationale: 'Need is greatest there (IMD 2019 layer on the map), and every partner can name what it would do for them.',
    },
    {
      kind: 'decision',
      title: 'Outcomes: agree the three shared outcomes before any new service is designed',
      status: 'open',
      detail: 'Each partner records its position on the Outcomes canvas; the board takes the agreed set.',
    },
    {
      kind: 'data-sharing',
      title: 'Care home residents’ medication lists shared with their named GP practice and community pharmacy',
      status: 'open',
      purpose: 'Direct care: structured medication reviews for care home residents',
      dataItems: 'Name, NHS number, date of birth, current medication',
      includesHealthData: true,
      lawfulBasis: '6(1)(e)',
      article9Condition: '9(2)(h)',
      controllers: 'Each GP practice; each care home provider',
      dpiaStatus: 'in progress',
    },
    {
      kind: 'risk',
      title: 'Care home providers are not yet part of the partnership',
      status: 'open',
      likelihood: 3,
      impact: 4,
      owner: 'Council adult social care',
      mitigation: 'Invite the care home managers’ forum to the next workshop and give it a community link.',
    },
    {
      kind: 'risk',
      title: 'Medication lists shared before the DPIA is complete',
      status: 'open',
      likelihood: 2,
      impact: 5,
      owner: 'Primary care network',
      mitigation: 'No resident’s details leave the practice until the DPIA is signed off.',
    },
  ];
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
