import type { CircleLayerSpecification, DataDrivenPropertyValueSpecification, ExpressionSpecification } from 'maplibre-gl';
import { COMMUNITY_CATEGORIES, type CommunityCategory } from '@placeboard/board';

/**
 * Colour of each category's points on the maps (community page and the board's "Community knowledge" layer). Dark
 * enough for 3:1 against the pale basemap, with a white ring; the category is always written out beside the map too,
 * so colour is never the only way to tell them apart.
 */
export const CATEGORY_COLOURS: Record<CommunityCategory, string> = {
  'service-gap': '#d5281b',
  helps: '#007f3b',
  barrier: '#7c2855',
  idea: '#005eb8',
};

/** Colour of a stored category that is not one of today's (contributions made before the list). */
export const OTHER_CATEGORY_COLOUR = '#4c6272';

/** The colour of one category. */
export function categoryColour(category: string): string {
  return (CATEGORY_COLOURS as Record<string, string>)[category] ?? OTHER_CATEGORY_COLOUR;
}

/** A MapLibre expression colouring points by their `category` property. */
export function categoryColourExpression(): ExpressionSpecification {
  return ['match', ['get', 'category'], ...COMMUNITY_CATEGORIES.flatMap((c) => [c, CATEGORY_COLOURS[c]]), OTHER_CATEGORY_COLOUR] as unknown as ExpressionSpecification;
}

/** The dark ring round a contribution's point (the app's text colour). */
export const CONTRIBUTION_RING = '#212b32';

/**
 * The two circle layers a map draws contributions with, from `source`: a point in the category's colour with a dark
 * ring (`id`), and a white centre on it (`<id>-centre`). Asset points are solid with a white ring, and a board's
 * layer colours are chosen freely (the demo's are the same NHS colours as the categories), so contributions differ
 * from them by shape, not by colour alone. The keys draw the same marker (community.css, `.community-marker`).
 */
export function contributionLayers(
  id: string,
  source: string,
  radius: { point: DataDrivenPropertyValueSpecification<number>; centre: DataDrivenPropertyValueSpecification<number> },
): [CircleLayerSpecification, CircleLayerSpecification] {
  return [
    {
      id,
      type: 'circle',
      source,
      paint: { 'circle-color': categoryColourExpression(), 'circle-radius': radius.point, 'circle-stroke-color': CONTRIBUTION_RING, 'circle-stroke-width': 2.5 },
    },
    { id: `${id}-centre`, type: 'circle', source, paint: { 'circle-color': '#ffffff', 'circle-radius': radius.centre } },
  ];
}

/** "3 May 2026": how the community lane writes dates. */
export function formatContributionDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}
