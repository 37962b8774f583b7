import type * as Y from 'yjs';
import { COMMUNITY_CATEGORIES, COMMUNITY_CATEGORY_LABELS, listContributions } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { COMMUNITY_LAYER_NAME } from './community-map-layer';
import { CATEGORY_COLOURS } from './community-style';
import './community.css';

/**
 * The key of the board map's "Community knowledge" layer (see CommunityMapLayer), shown under the board's layers
 * while anything is published. The contributions themselves are listed in the Community tab.
 */
export function CommunityLayerKey({ doc }: { doc: Y.Doc }) {
  const published = useBoardValue(doc, ['community'], (d) => listContributions(d, { status: 'published' }).filter((r) => r.ok && r.value.point).length);
  if (published === 0) return null;
  return (
    <figure className="legend community-layer-key" data-testid="community-layer-key">
      <figcaption>
        <strong>{COMMUNITY_LAYER_NAME}</strong>: {published === 1 ? '1 published contribution' : `${published} published contributions`} (listed in the
        Community tab)
      </figcaption>
      <ul className="legend__items">
        {COMMUNITY_CATEGORIES.map((category) => (
          <li key={category} className="legend__item">
            <span className="community-key__dot" style={{ backgroundColor: CATEGORY_COLOURS[category] }} aria-hidden="true" />
            {COMMUNITY_CATEGORY_LABELS[category].label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
