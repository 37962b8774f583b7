import type { Map as MapLibreMap } from 'maplibre-gl';
import type * as Y from 'yjs';
import { listFeatures, listLayers, type Geometry } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';

/** A place from a visible asset layer, as listed beside the map. */
interface ListedAsset {
  id: string;
  name: string;
  layerName: string;
  colour: string;
  point: [number, number] | null;
}

function readAssets(doc: Y.Doc): ListedAsset[] {
  const assets: ListedAsset[] = [];
  for (const result of listLayers(doc)) {
    if (!result.ok || result.value.kind !== 'assets' || !result.value.visible) continue;
    const layer = result.value;
    const inLayer: ListedAsset[] = [];
    for (const feature of listFeatures(doc, layer.id)) {
      if (!feature.ok) continue;
      const name = feature.value.properties.name;
      inLayer.push({
        id: feature.value.id,
        name: typeof name === 'string' && name.trim() ? name : 'Unnamed place',
        layerName: layer.name,
        colour: layer.style.colour,
        point: firstPoint(feature.value.geometry),
      });
    }
    assets.push(...inLayer.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return assets;
}

function firstPoint(geometry: Geometry): [number, number] | null {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  if (geometry.type === 'MultiPoint' && geometry.coordinates[0]) return [geometry.coordinates[0][0], geometry.coordinates[0][1]];
  return null;
}

/** Text alternative to the map: every place in the visible asset layers, each able to centre the map on itself. */
export function AssetList({ doc, map }: { doc: Y.Doc; map: MapLibreMap | null }) {
  const assets = useBoardValue(doc, ['layers', 'features'], readAssets);
  return (
    <section className="asset-list" aria-labelledby="asset-list-heading">
      <h3 id="asset-list-heading">
        Places on the map <span className="asset-list__count">({assets.length})</span>
      </h3>
      {assets.length === 0 ? (
        <p className="hint">No asset layers are shown.</p>
      ) : (
        <ul className="asset-list__items" role="list" tabIndex={0} aria-labelledby="asset-list-heading" data-testid="asset-list">
          {assets.map((asset) => (
            <li key={asset.id} className="asset-list__item" data-testid="asset-list-item" data-feature-id={asset.id}>
              <button
                type="button"
                className="asset-list__button"
                disabled={!map || !asset.point}
                onClick={() => asset.point && map?.flyTo({ center: asset.point, zoom: Math.max(map.getZoom(), 14) })}
              >
                <span className="layer-list__swatch" style={{ backgroundColor: asset.colour }} aria-hidden="true" />
                <span className="asset-list__name">{asset.name}</span>
                <span className="asset-list__layer">{asset.layerName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
