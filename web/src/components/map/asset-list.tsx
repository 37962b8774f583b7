import type { Map as MapLibreMap } from 'maplibre-gl';
import { memo, useState } from 'react';
import type * as Y from 'yjs';
import { featuresByLayer, listLayers, type Geometry } from '@placeboard/board';
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
  const byLayer = featuresByLayer(doc);
  for (const result of listLayers(doc)) {
    if (!result.ok || result.value.kind !== 'assets' || !result.value.visible) continue;
    const layer = result.value;
    const inLayer: ListedAsset[] = [];
    for (const feature of byLayer.get(layer.id) ?? []) {
      const name = feature.properties.name;
      inLayer.push({
        id: feature.id,
        name: typeof name === 'string' && name.trim() ? name : 'Unnamed place',
        layerName: layer.name,
        colour: layer.style.colour,
        point: firstPoint(feature.geometry),
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

/**
 * "Places in asset layers", beside the map: a text alternative to the map listing every place in the visible asset
 * layers, each able to centre the map on itself. Closed at first; its list is read and built only while it is open,
 * because a board's asset layers may hold thousands of places, and every change to a feature would otherwise rebuild
 * thousands of hidden rows.
 */
export function PlacesSection({ doc, map }: { doc: Y.Doc; map: MapLibreMap | null }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="side-section" data-testid="places-section" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Places in asset layers</summary>
      {open && <AssetList doc={doc} map={map} />}
    </details>
  );
}

function AssetList({ doc, map }: { doc: Y.Doc; map: MapLibreMap | null }) {
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
            <AssetRow
              key={asset.id}
              map={map}
              id={asset.id}
              name={asset.name}
              layerName={asset.layerName}
              colour={asset.colour}
              lng={asset.point?.[0] ?? null}
              lat={asset.point?.[1] ?? null}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface AssetRowProps {
  map: MapLibreMap | null;
  id: string;
  name: string;
  layerName: string;
  colour: string;
  lng: number | null;
  lat: number | null;
}

/** One place. Plain props, so that a change to one feature re-renders its row alone. */
const AssetRow = memo(function AssetRow({ map, id, name, layerName, colour, lng, lat }: AssetRowProps) {
  const centre = (): void => {
    if (map && lng !== null && lat !== null) map.flyTo({ center: [lng, lat], zoom: Math.max(map.getZoom(), 14) });
  };
  return (
    <li className="asset-list__item" data-testid="asset-list-item" data-feature-id={id}>
      <button type="button" className="asset-list__button" disabled={!map || lng === null || lat === null} onClick={centre}>
        <span className="layer-list__swatch" style={{ backgroundColor: colour }} aria-hidden="true" />
        <span className="asset-list__name">{name}</span>
        <span className="asset-list__layer">{layerName}</span>
      </button>
    </li>
  );
});
