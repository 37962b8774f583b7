import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** What a map layer holds, which decides how it is drawn and analysed. */
export const LAYER_KINDS = ['boundary', 'assets', 'areas', 'indicator', 'drawing'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** How a layer is drawn. */
export const layerStyleSchema = z.object({
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** For indicator layers: the numeric property that drives the choropleth. */
  indicatorProperty: z.string().optional(),
  /** For indicator layers: colours for each class, lowest value first. */
  ramp: z.array(z.string()).optional(),
  /** For indicator layers: what the legend calls the measure and its two ends. */
  legend: z
    .object({
      title: z.string().max(200).optional(),
      lowLabel: z.string().max(100).optional(),
      highLabel: z.string().max(100).optional(),
    })
    .optional(),
  /** Colour features by the value of this property (a category such as "type"), with `categoryColours`. */
  categoryProperty: z.string().max(200).optional(),
  /** For category styling: colour per value of `categoryProperty`; other values use `colour`. */
  categoryColours: z.record(z.string(), z.string().regex(/^#[0-9a-fA-F]{6}$/)).optional(),
  /** Symbol shown for an assets layer's points in lists and the legend, e.g. "+" for GP practices. */
  icon: z.string().max(8).optional(),
});
export type LayerStyle = z.infer<typeof layerStyleSchema>;

/** A map layer: a named group of features with a kind, a style and the provenance of its data. */
export const layerSchema = recordBaseSchema.extend({
  name: z.string().min(1).max(200),
  kind: z.enum(LAYER_KINDS),
  style: layerStyleSchema,
  visible: z.boolean(),
  /** Fractional index: layers sort by it, later on top. */
  order: z.string(),
  /** Where the data came from and when, e.g. "NHS ODS, Jan 2026". */
  source: z.string().max(500).optional(),
  /** Attribution that must be shown while the layer is visible. */
  attribution: z.string().max(1000).optional(),
  /**
   * Shown on the board's public community page (`/c/:token`) as well as on the board. Off unless an editor turns it
   * on; layers stored before the field existed read as false, so no migration is needed.
   */
  published: z.boolean().default(false),
});
export type MapLayer = z.infer<typeof layerSchema> & { id: RecordId };
