import * as Y from 'yjs';

/**
 * The top-level shared types of a board document. Each root is one permission section
 * (see DESIGN.md): the server decides what a role may change by the root an update touches.
 */
export const ROOT_NAMES = [
  'meta',
  'purposes',
  'partners',
  'layers',
  'features',
  'canvas',
  'governance',
  'comments',
  'community',
] as const;

/** Name of one board root. */
export type RootName = (typeof ROOT_NAMES)[number];

/** True when `name` is one of the board roots. */
export function isRootName(name: string): name is RootName {
  return (ROOT_NAMES as readonly string[]).includes(name);
}

/** A record map: one Y.Map of fields per record, keyed by record id. */
export type RecordMap = Y.Map<Y.Map<unknown>>;

/** Typed handles on every root of a board document. */
export interface BoardRoots {
  meta: Y.Map<unknown>;
  purposes: RecordMap;
  partners: RecordMap;
  layers: RecordMap;
  features: RecordMap;
  canvas: RecordMap;
  governance: RecordMap;
  comments: RecordMap;
  community: RecordMap;
}

/** The roots of `doc`. Getting a root is idempotent and creates nothing in the update log. */
export function getRoots(doc: Y.Doc): BoardRoots {
  return {
    meta: doc.getMap('meta'),
    purposes: doc.getMap('purposes'),
    partners: doc.getMap('partners'),
    layers: doc.getMap('layers'),
    features: doc.getMap('features'),
    canvas: doc.getMap('canvas'),
    governance: doc.getMap('governance'),
    comments: doc.getMap('comments'),
    community: doc.getMap('community'),
  };
}
