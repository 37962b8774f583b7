import type * as Y from 'yjs';
import { addCanvasItem } from './canvas.js';
import type { RecordId } from './ids.js';
import { addFeature } from './map.js';
import { canvasItemSchema } from './records/canvas-item.js';
import {
  communityContributionSchema,
  type CommunityContribution,
  type ContributionStatus,
} from './records/community-contribution.js';
import { locationNote, readNamedPlaces } from './location-note.js';
import { layerSchema } from './records/layer.js';
import { createRecordMap, patchRecordMap, readRecord, recordIn, type Author, type ReadResult } from './records/record.js';
import { getRoots } from './roots.js';

/**
 * The kinds of local knowledge a community group can add, in the order the community page offers them. Stored by id;
 * the labels are what people read.
 */
export const COMMUNITY_CATEGORIES = ['service-gap', 'helps', 'barrier', 'idea'] as const;
/** One kind of local knowledge. */
export type CommunityCategory = (typeof COMMUNITY_CATEGORIES)[number];

/** What each category is called, in plain English, with a line of help for the community page. */
export const COMMUNITY_CATEGORY_LABELS: Record<CommunityCategory, { label: string; hint: string }> = {
  'service-gap': { label: 'Service gap', hint: 'Something people need here that is missing or hard to get' },
  helps: { label: 'Place that helps', hint: 'A place, group or service that makes a difference' },
  barrier: { label: 'Barrier to access', hint: 'Something that stops people reaching help: steps, buses, opening hours' },
  idea: { label: 'Idea', hint: 'Something that would make things better' },
};

/** True when `value` is the id of a community category. */
export function isCommunityCategory(value: unknown): value is CommunityCategory {
  return typeof value === 'string' && (COMMUNITY_CATEGORIES as readonly string[]).includes(value);
}

/** What people read for a stored category: its label, or the stored text for a category from before the list. */
export function communityCategoryLabel(category: string): string {
  return isCommunityCategory(category) ? COMMUNITY_CATEGORY_LABELS[category].label : category;
}

/**
 * The longest text a community group may send. Stored contributions may be longer (up to the schema's 2000), so the
 * limit can be relaxed later without a migration.
 */
export const CONTRIBUTION_TEXT_MAX = 1000;

/** What it takes to add a contribution: a place, a category and some text. Nothing about who sent it. */
export interface NewContribution {
  /** `[longitude, latitude]` in WGS84. */
  point: [number, number];
  category: CommunityCategory;
  text: string;
}

/** A contribution as anyone with the community link may see it once published: never who sent it. */
export interface PublicContribution {
  id: string;
  point: [number, number] | null;
  category: string;
  text: string;
  createdAt: number;
}

/** Thrown when a contribution cannot be converted: it is gone, has no point, was converted already, or the layer is wrong. */
export class ContributionRefused extends Error {
  constructor(
    readonly reason: 'not_found' | 'no_point' | 'already_converted' | 'not_an_asset_layer',
    message: string,
  ) {
    super(message);
    this.name = 'ContributionRefused';
  }
}

/**
 * Adds a contribution in the `community` root, always `pending` until a moderator publishes it, and returns its id.
 * `author.name` becomes `createdBy`: the server passes the share link's label ("Community (Old Trafford group)"),
 * never anything about the person.
 */
export function addContribution(doc: Y.Doc, contribution: NewContribution, author: Author, id?: RecordId): RecordId {
  const { community } = getRoots(doc);
  let created!: RecordId;
  doc.transact(() => {
    const record = createRecordMap(
      author,
      { point: [...contribution.point], category: contribution.category, text: contribution.text, status: 'pending' },
      id,
    );
    community.set(record.id, record.map);
    created = record.id;
  });
  return created;
}

/** Reads one contribution. */
export function getContribution(doc: Y.Doc, id: string): ReadResult<CommunityContribution> | undefined {
  const record = getRoots(doc).community.get(id);
  return record !== undefined ? (readRecord(communityContributionSchema, id, record) as ReadResult<CommunityContribution>) : undefined;
}

/**
 * Every contribution, newest first (ties by id, so every replica lists them alike), optionally only those with one
 * status; broken records come last, reported rather than dropped (and only when no status is asked for).
 */
export function listContributions(doc: Y.Doc, filter: { status?: ContributionStatus } = {}): ReadResult<CommunityContribution>[] {
  const valid: CommunityContribution[] = [];
  const broken: ReadResult<CommunityContribution>[] = [];
  for (const [id, record] of getRoots(doc).community.entries()) {
    const result = readRecord(communityContributionSchema, id, record) as ReadResult<CommunityContribution>;
    if (!result.ok) broken.push(result);
    else if (filter.status === undefined || result.value.status === filter.status) valid.push(result.value);
  }
  valid.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ok = valid.map((value): ReadResult<CommunityContribution> => ({ ok: true, value }));
  return filter.status === undefined ? [...ok, ...broken] : ok;
}

/** The published contributions as the public community page shows them: no `createdBy`, nothing identifying. */
export function publishedContributions(doc: Y.Doc): PublicContribution[] {
  return listContributions(doc, { status: 'published' }).flatMap((result) =>
    result.ok ? [toPublicContribution(result.value)] : [],
  );
}

/** The public fields of a contribution (see {@link PublicContribution}). */
export function toPublicContribution(contribution: CommunityContribution): PublicContribution {
  return {
    id: contribution.id,
    point: contribution.point ? [contribution.point[0], contribution.point[1]] : null,
    category: contribution.category,
    text: contribution.text,
    createdAt: contribution.createdAt,
  };
}

/** Columns of the community CSV for someone who moderates; others get these without `status`, `from` and `madeInto`. */
export const COMMUNITY_CSV_COLUMNS = ['kind', 'text', 'where', 'longitude', 'latitude', 'added', 'status', 'from', 'madeInto', 'id'] as const;
const PUBLIC_CSV_COLUMNS = COMMUNITY_CSV_COLUMNS.filter((column) => column !== 'status' && column !== 'from' && column !== 'madeInto');

/**
 * The board's community knowledge as CSV rows, newest first, each with where it is as the moderation list says it
 * ("About 120 m from …"). Someone who moderates gets every contribution, with its status, the community link it came
 * through and what it was made into; anyone else gets what they see in the Community pane: the published ones, without
 * those three. Times are ISO 8601; broken records are left out.
 */
export function communityCsv(doc: Y.Doc, moderates: boolean): { columns: readonly string[]; rows: Record<string, string | number>[] } {
  const places = readNamedPlaces(doc);
  const contributions = listContributions(doc, moderates ? {} : { status: 'published' }).flatMap((r) => (r.ok ? [r.value] : []));
  const rows = contributions.map((c) => ({
    kind: communityCategoryLabel(c.category),
    text: c.text,
    where: locationNote(c.point, places),
    longitude: c.point?.[0] ?? '',
    latitude: c.point?.[1] ?? '',
    added: new Date(c.createdAt).toISOString(),
    id: c.id,
    ...(moderates ? { status: c.status, from: c.createdBy, madeInto: c.convertedTo?.kind ?? '' } : {}),
  }));
  return { columns: moderates ? COMMUNITY_CSV_COLUMNS : PUBLIC_CSV_COLUMNS, rows };
}

/**
 * Publishes, hides or returns a contribution to pending. Returns false (changing nothing) when there is no such
 * contribution. Only moderators and owners may do this: the server refuses the update from anyone else.
 */
export function setContributionStatus(doc: Y.Doc, id: string, status: ContributionStatus, author: Author): boolean {
  const record = recordIn(getRoots(doc).community, id);
  if (!record) return false;
  doc.transact(() => patchRecordMap(record, { status }, author));
  return true;
}

/** The contribution that is about to be converted, checked. */
function convertible(doc: Y.Doc, id: string): { record: Y.Map<unknown>; contribution: CommunityContribution } {
  const record = recordIn(getRoots(doc).community, id);
  const result = getContribution(doc, id);
  if (!record || !result?.ok) throw new ContributionRefused('not_found', `No readable contribution "${id}".`);
  if (result.value.convertedTo) {
    throw new ContributionRefused('already_converted', `This contribution was already made into a ${result.value.convertedTo.kind}.`);
  }
  return { record, contribution: result.value };
}

/**
 * Adds a contribution to the map as a point feature on an asset layer (its text as the feature's `description`, its
 * category label as `category`, its date as `contributed`), and marks the contribution `convertedTo: {kind:
 * 'feature', id}`, in one transaction. Throws {@link ContributionRefused} when it cannot.
 */
export function contributionToFeature(doc: Y.Doc, id: string, layerId: string, author: Author): RecordId {
  const { record, contribution } = convertible(doc, id);
  const layer = readRecord(layerSchema, layerId, getRoots(doc).layers.get(layerId));
  if (!layer.ok || layer.value.kind !== 'assets') {
    throw new ContributionRefused('not_an_asset_layer', 'Choose an asset layer to add the contribution to.');
  }
  if (!contribution.point) throw new ContributionRefused('no_point', 'This contribution has no place on the map.');
  const [lng, lat] = contribution.point;
  const label = communityCategoryLabel(contribution.category);
  let featureId!: RecordId;
  doc.transact(() => {
    featureId = addFeature(
      doc,
      {
        layerId,
        geometry: { type: 'Point', coordinates: [lng, lat] },
        properties: {
          name: `${label}: ${shorten(contribution.text, 60)}`,
          category: label,
          description: contribution.text,
          source: 'Community contribution',
          contributed: new Date(contribution.createdAt).toISOString().slice(0, 10),
        },
      },
      author,
    );
    patchRecordMap(record, { convertedTo: { kind: 'feature', id: featureId } }, author);
  });
  return featureId;
}

/** Gap left between the lowest canvas item and a sticky made from a contribution. */
const STICKY_GAP = 40;
/** Pale blue: community stickies stand apart from the partners' yellow ones. */
const COMMUNITY_STICKY_COLOUR = '#d0ebff';

/**
 * Makes a contribution into a sticky on the shared-outcome canvas, below everything already there, lined up
 * with its left edge (so it never covers anyone's work), and marks the contribution `convertedTo: {kind: 'sticky', id}`, in one transaction. Throws
 * {@link ContributionRefused} when it cannot.
 */
export function contributionToSticky(doc: Y.Doc, id: string, author: Author): RecordId {
  const { record, contribution } = convertible(doc, id);
  let left: number | null = null;
  let bottom: number | null = null;
  for (const [itemId, item] of getRoots(doc).canvas.entries()) {
    const parsed = readRecord(canvasItemSchema, itemId, item);
    if (!parsed.ok || parsed.value.kind === 'connector') continue;
    const { x, y, h } = parsed.value;
    left = left === null ? x : Math.min(left, x);
    bottom = bottom === null ? y + h : Math.max(bottom, y + h);
  }
  let stickyId!: RecordId;
  doc.transact(() => {
    stickyId = addCanvasItem(
      doc,
      {
        kind: 'sticky',
        x: left ?? 0,
        y: bottom === null ? 0 : bottom + STICKY_GAP,
        text: `${communityCategoryLabel(contribution.category)} (community): ${contribution.text}`,
        colour: COMMUNITY_STICKY_COLOUR,
      },
      author,
    );
    patchRecordMap(record, { convertedTo: { kind: 'sticky', id: stickyId } }, author);
  });
  return stickyId;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}
