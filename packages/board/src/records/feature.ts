import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4);

/** A GeoJSON geometry (RFC 7946, WGS84). Stored whole and replaced whole on edit. */
export const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position).min(2)) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)) }),
]);
export type Geometry = z.infer<typeof geometrySchema>;

/** A map feature: a geometry in one layer, with free-form properties held in a Y.Map. */
export const featureSchema = recordBaseSchema.extend({
  layerId: z.string().min(1),
  geometry: geometrySchema,
  properties: z.record(z.string(), z.unknown()).default({}),
});
export type MapFeature = z.infer<typeof featureSchema> & { id: RecordId };
