import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

/** Key in `meta` of the Y.Map (view id -> Y.Map) that holds the saved map views. Created by migration 5. */
export const MAP_VIEWS_KEY = 'mapViews';

/** Longest name a saved map view may have. */
export const MAP_VIEW_NAME_MAX = 100;

/**
 * A saved map view: a named camera (centre, zoom, bearing, pitch) and the layers shown, so that a presenter and the
 * board pack show the map as the partnership agreed to look at it. `visibleLayerIds` are drawn in the board's
 * layer order, whatever order they are listed in; ids of layers deleted since are skipped, not an error.
 *
 * Stored in `meta` (under {@link MAP_VIEWS_KEY}) rather than in a root of its own: a view is a board setting, and
 * the nine roots are the permission sections, which a new kind of setting does not change.
 */
export const mapViewSchema = recordBaseSchema.extend({
  name: z.string().trim().min(1).max(MAP_VIEW_NAME_MAX),
  /** [longitude, latitude] of the centre, WGS84. */
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  /** Web Mercator zoom: at zoom z the world is 512·2^z pixels wide (MapLibre's tiles). */
  zoom: z.number().min(0).max(24),
  /** Degrees clockwise from north that the map is turned. */
  bearing: z.number().min(-360).max(360).default(0),
  /** Degrees the map is tilted away from looking straight down. */
  pitch: z.number().min(0).max(85).default(0),
  /** Ids of the layers shown, in the `layers` root. */
  visibleLayerIds: z.array(z.string()).default([]),
});
export type MapView = z.infer<typeof mapViewSchema> & { id: RecordId };
