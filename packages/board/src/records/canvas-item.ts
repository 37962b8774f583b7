import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** Kinds of item on the shared-outcome canvas. */
export const CANVAS_ITEM_KINDS = ['sticky', 'outcome', 'indicator', 'frame', 'connector', 'text'] as const;
export type CanvasItemKind = (typeof CANVAS_ITEM_KINDS)[number];

/** A partner's position on an outcome. */
export const AGREEMENT_STATES = ['agreed', 'concerns', 'not yet'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/**
 * One partner's recorded position on an outcome card: the state, who set it (display name) and when
 * (milliseconds since the epoch; 0 when unknown, as for positions recorded before schema version 3).
 */
export const agreementEntrySchema = z.object({
  state: z.enum(AGREEMENT_STATES),
  by: z.string().max(200),
  at: z.number().int().nonnegative(),
});
export type AgreementEntry = z.infer<typeof agreementEntrySchema>;

/** Colours offered for stickies (pale, so dark text keeps a contrast of at least 4.5:1). */
export const STICKY_COLOURS = ['#fff3a3', '#ffd8a8', '#ffc9de', '#d0ebff', '#d3f9d8', '#e5dbff', '#f1f3f5'] as const;

/** A calendar date, `YYYY-MM-DD`, or empty when not set. */
const isoDateOrEmpty = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);

/**
 * An item on the shared-outcome canvas: a sticky, an outcome card, a frame, a connector or a text label.
 *
 * Every kind shares position, size, z and colour. `text` is a sticky's or label's text, an outcome card's
 * title and a frame's name. Outcome fields (description ... layerIds) default to empty so that every kind
 * parses with one schema. A connector draws a line between the items `from` and `to`; a connector whose end
 * has been deleted is hidden, not broken. A frame's members are computed (items whose centre lies inside it),
 * never stored.
 */
export const canvasItemSchema = recordBaseSchema.extend({
  kind: z.enum(CANVAS_ITEM_KINDS),
  x: z.number().finite(),
  y: z.number().finite(),
  w: z.number().finite().positive(),
  h: z.number().finite().positive(),
  /** Fractional index: items sort by it, later on top. */
  z: z.string(),
  text: z.string().max(10_000),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Votes per user (user name -> count), held in a nested Y.Map. */
  votes: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /** Agreement per partner id, held in a nested Y.Map (schema version 3 and later: an entry with who and when). */
  agreement: z.record(z.string(), agreementEntrySchema).default({}),
  /** Ids of map features this item refers to. */
  featureIds: z.array(z.string()).default([]),
  /** Ids of map layers this item refers to. */
  layerIds: z.array(z.string()).default([]),
  /** Outcome: what change is wanted, in a sentence or two. */
  description: z.string().max(5_000).default(''),
  /** Outcome: how progress is measured (e.g. "Emergency admissions for falls, over 65s"). */
  indicator: z.string().max(500).default(''),
  /** Outcome: where the indicator stands now. */
  baseline: z.string().max(200).default(''),
  /** Outcome: where the partnership wants it to be. */
  target: z.string().max(200).default(''),
  /** Outcome: the date the target should be met by (`YYYY-MM-DD`), or empty. */
  byWhen: isoDateOrEmpty.default(''),
  /** Outcome: where the figures come from (e.g. "SUS, monthly"). */
  dataSource: z.string().max(500).default(''),
  /** Outcome: id of the partner (in the `partners` root) that owns it, or null. */
  ownerPartnerId: z.string().nullable().default(null),
  /** Connector: id of the item it starts at. */
  from: z.string().optional(),
  /** Connector: id of the item it ends at. */
  to: z.string().optional(),
  /** Connector: an optional label drawn at its middle. */
  label: z.string().max(200).optional(),
});
export type CanvasItem = z.infer<typeof canvasItemSchema> & { id: RecordId };
/** An outcome card is a canvas item of kind `outcome`. */
export type OutcomeCard = CanvasItem & { kind: 'outcome' };

/** Sensible defaults for a new item of each kind. */
export const CANVAS_ITEM_DEFAULTS: Record<CanvasItemKind, { w: number; h: number; colour: string }> = {
  sticky: { w: 160, h: 120, colour: '#fff3a3' },
  outcome: { w: 260, h: 150, colour: '#e6f0fa' },
  indicator: { w: 220, h: 110, colour: '#e8f5e9' },
  frame: { w: 600, h: 400, colour: '#f5f5f5' },
  connector: { w: 1, h: 1, colour: '#4c6272' },
  text: { w: 240, h: 40, colour: '#ffffff' },
};
