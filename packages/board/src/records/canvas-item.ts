import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** Kinds of item on the shared-outcome canvas. */
export const CANVAS_ITEM_KINDS = ['sticky', 'outcome', 'indicator', 'frame', 'connector', 'text'] as const;
export type CanvasItemKind = (typeof CANVAS_ITEM_KINDS)[number];

/** A partner's position on an outcome. */
export const AGREEMENT_STATES = ['agreed', 'concerns', 'not yet'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** An item on the shared-outcome canvas: a sticky, an outcome card, a frame... */
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
  /** Agreement per partner id, held in a nested Y.Map. */
  agreement: z.record(z.string(), z.enum(AGREEMENT_STATES)).default({}),
  /** Ids of map features this item refers to. */
  featureIds: z.array(z.string()).default([]),
});
export type CanvasItem = z.infer<typeof canvasItemSchema> & { id: RecordId };

/** Sensible defaults for a new item of each kind. */
export const CANVAS_ITEM_DEFAULTS: Record<CanvasItemKind, { w: number; h: number; colour: string }> = {
  sticky: { w: 160, h: 120, colour: '#fff3a3' },
  outcome: { w: 260, h: 150, colour: '#e6f0fa' },
  indicator: { w: 220, h: 110, colour: '#e8f5e9' },
  frame: { w: 600, h: 400, colour: '#f5f5f5' },
  connector: { w: 1, h: 1, colour: '#4c6272' },
  text: { w: 240, h: 40, colour: '#ffffff' },
};
