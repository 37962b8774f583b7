import {
  addCanvasItem,
  addConnector,
  addContribution,
  addFeatures,
  addGovernanceEntry,
  addLayer,
  addMapView,
  addPartner,
  addPurpose,
  getPurposeFragment,
  getRoots,
  initBoard,
  setAccountability,
  setAgreement,
  setContributionStatus,
  updateCanvasItem,
  type Geometry,
} from '@placeboard/board';
import * as Y from 'yjs';

/** A small square around (lng, lat), its outer ring counter-clockwise as RFC 7946 has it. */
export function squareAround(lng: number, lat: number, half = 0.002): Geometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
        [lng - half, lat - half],
      ],
    ],
  };
}

/** Ids of what {@link buildTestBoard} made. */
export interface TestBoard {
  doc: Y.Doc;
  viewId: string;
  frameId: string;
  layerIds: { areas: string; indicator: string; assets: string; hidden: string };
  partnerIds: string[];
  outcomeIds: string[];
}

/**
 * A board with something in every section of the pack, every text field set to `text(name)` so that a test can put
 * an attack in each (or plain words). Built through the model's own accessors, like a client would.
 */
export function buildTestBoard(text: (field: string) => string = (field) => field): TestBoard {
  const author = { name: text('author'), now: () => Date.UTC(2026, 2, 3, 14, 5) };
  const doc = new Y.Doc();
  initBoard(doc, { title: text('board title'), neighbourhood: text('neighbourhood'), viewport: { center: [-2.3, 53.45], zoom: 12 } });
  getRoots(doc).meta.set('attribution', [text('board attribution'), 'Basemap: OS Open Rivers © OpenStreetMap contributors']);

  const purposeId = addPurpose(doc, { title: text('purpose title'), cohort: text('cohort'), cohortWho: text('cohort who'), cohortSize: 1200 }, author);
  const fragment = getPurposeFragment(doc, purposeId) as Y.XmlFragment;
  const paragraph = new Y.XmlElement('paragraph');
  const body = new Y.XmlText();
  paragraph.insert(0, [body]);
  fragment.insert(0, [paragraph]);
  body.insert(0, text('purpose text'));
  body.insert(body.length, text('link text'), { link: { href: 'javascript:alert(1)' } });

  const areas = addLayer(doc, { name: text('areas layer'), kind: 'areas', style: { colour: '#005eb8' }, source: text('areas source'), attribution: text('areas attribution') }, author);
  const indicator = addLayer(
    doc,
    {
      name: text('indicator layer'),
      kind: 'indicator',
      // A ramp colour is not checked by the schema: the pack must not put it into a style unchecked.
      style: { colour: '#ce1256', indicatorProperty: 'decile', ramp: ['#67001f', 'red;background:url(http://example.invalid/x)', '#f7f4f9'], legend: { title: text('legend title'), lowLabel: text('low label') } },
      source: text('indicator source'),
    },
    author,
  );
  const assets = addLayer(
    doc,
    { name: text('assets layer'), kind: 'assets', style: { colour: '#007f3b', categoryProperty: 'type', categoryColours: { [text('category')]: '#7c2855' } }, source: text('assets source') },
    author,
  );
  const hidden = addLayer(doc, { name: 'Not in the view', kind: 'areas', style: { colour: '#330072' } }, author);
  addFeatures(
    doc,
    [
      { layerId: areas, geometry: squareAround(-2.3, 53.45), properties: { name: text('feature name') } },
      { layerId: indicator, geometry: squareAround(-2.31, 53.455, 0.001), properties: { decile: 1 } },
      { layerId: indicator, geometry: squareAround(-2.29, 53.445, 0.001), properties: {} },
      { layerId: assets, geometry: { type: 'Point', coordinates: [-2.3, 53.45] }, properties: { type: text('category') } },
      { layerId: assets, geometry: { type: 'Point', coordinates: [-2.5, 53.6] }, properties: { type: 'far away' } },
      { layerId: hidden, geometry: squareAround(-2.3, 53.45, 0.01), properties: {} },
    ],
    author,
  );
  const viewId = addMapView(doc, { name: text('view name').slice(0, 100), center: [-2.3, 53.45], zoom: 14, visibleLayerIds: [assets, areas, indicator] }, author);

  const partnerIds = [
    addPartner(doc, { organisation: text('partner A'), sector: 'NHS', lead: text('lead'), contact: text('contact'), role: text('role'), accountability: text('accountable to') }, author),
    addPartner(doc, { organisation: text('partner B'), sector: 'VCSE', notes: text('notes') }, author),
  ];
  const outcomeIds = [
    addCanvasItem(doc, { kind: 'outcome', x: 20, y: 40, text: text('outcome one') }, author),
    addCanvasItem(doc, { kind: 'outcome', x: 320, y: 40, text: text('outcome two') }, author),
  ];
  updateCanvasItem(
    doc,
    outcomeIds[0] as string,
    { indicator: text('indicator'), baseline: text('baseline'), target: text('target'), byWhen: '2027-03-31', description: text('description'), dataSource: text('data source'), ownerPartnerId: partnerIds[0] },
    author,
  );
  setAgreement(doc, outcomeIds[0] as string, partnerIds[0] as string, 'agreed', author);
  setAgreement(doc, outcomeIds[0] as string, partnerIds[1] as string, 'concerns', author);
  setAccountability(doc, outcomeIds[0] as string, partnerIds[0] as string, 'A');
  setAccountability(doc, outcomeIds[1] as string, partnerIds[1] as string, 'R');
  const frameId = addCanvasItem(doc, { kind: 'frame', x: 0, y: 0, w: 640, h: 360, text: text('frame name') }, author);
  const sticky = addCanvasItem(doc, { kind: 'sticky', x: 40, y: 220, text: text('sticky') }, author);
  addCanvasItem(doc, { kind: 'text', x: 300, y: 240, text: text('label') }, author);
  addCanvasItem(doc, { kind: 'sticky', x: 2000, y: 2000, text: 'Outside every frame' }, author);
  addConnector(doc, sticky, outcomeIds[0] as string, author, text('connector label').slice(0, 200));

  addGovernanceEntry(doc, { kind: 'decision', title: text('decision'), detail: text('decision detail'), decidedBy: text('decided by'), decidedOn: '2026-02-12', rationale: text('rationale') }, author);
  addGovernanceEntry(
    doc,
    { kind: 'data-sharing', title: text('data flow'), purpose: text('sharing purpose'), dataItems: text('data items'), lawfulBasis: '6(1)(e)', includesHealthData: true, article9Condition: '9(2)(h)', controllers: text('controllers'), igLead: text('ig lead'), dpiaStatus: 'complete', reviewDate: '2026-09-01' },
    author,
  );
  addGovernanceEntry(doc, { kind: 'risk', title: text('risk'), likelihood: 4, impact: 5, owner: text('risk owner'), mitigation: text('mitigation'), status: text('status') }, author);

  // Community knowledge: the barrier is the newer, yet the place that helps comes first in the pack (the page's order of kinds).
  const group = { ...author, name: text('contribution sender') };
  const helps = addContribution(doc, { point: [-2.31, 53.455], category: 'helps', text: text('community helps') }, { ...group, now: () => Date.UTC(2026, 2, 3, 9, 0) });
  const barrier = addContribution(doc, { point: [-2.3, 53.45], category: 'barrier', text: text('community barrier') }, group);
  addContribution(doc, { point: [-2.3, 53.45], category: 'idea', text: 'Waiting for a moderator' }, group);
  const hiddenPost = addContribution(doc, { point: [-2.3, 53.45], category: 'idea', text: 'Hidden by a moderator' }, group);
  for (const id of [barrier, helps]) setContributionStatus(doc, id, 'published', author);
  setContributionStatus(doc, hiddenPost, 'hidden', author);
  return { doc, viewId, frameId, layerIds: { areas, indicator, assets, hidden }, partnerIds, outcomeIds };
}
