import { useId, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type * as Y from 'yjs';
import { listLayers, type MapLayer } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useAnnounce } from '../../lib/announce';

function validLayers(doc: Y.Doc): MapLayer[] {
  return listLayers(doc).flatMap((r) => (r.ok ? [r.value] : [])).reverse();
}

function safeName(text: string): string {
  return text.replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-').toLowerCase() || 'board';
}

/**
 * Captures the map as a PNG. Render-then-capture: the canvas is read inside MapLibre's 'render' event,
 * while the frame just drawn is still in the drawing buffer, so the map needs no `preserveDrawingBuffer`
 * (which would slow every frame).
 */
export function captureMapPng(map: MapLibreMap): Promise<Blob> {
  return new Promise((resolve, reject) => {
    map.once('render', () => {
      map.getCanvas().toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The map could not be captured.'))), 'image/png');
    });
    map.triggerRepaint();
  });
}

/** Export: GeoJSON of a layer or the whole board, CSV of a layer, PNG of the current view. */
export function ExportMenu({ doc, boardId, map, title }: { doc: Y.Doc; boardId: string; map: MapLibreMap | null; title: string }) {
  const id = useId();
  const announce = useAnnounce();
  const layers = useBoardValue(doc, ['layers'], validLayers);
  const [layerId, setLayerId] = useState('');
  const chosen = layers.find((l) => l.id === layerId) ?? layers[0];
  const base = `/api/boards/${encodeURIComponent(boardId)}`;
  const [busy, setBusy] = useState(false);

  const savePng = async (): Promise<void> => {
    if (!map) return;
    setBusy(true);
    try {
      const blob = await captureMapPng(map);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${safeName(title)}-map.png`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce('Map image saved.');
    } catch (error) {
      announce(error instanceof Error ? error.message : 'The map could not be saved.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-menu" data-testid="export-menu">
      <ul className="export-menu__links">
        <li>
          <a href={`${base}/export.geojson`} download={`${safeName(title)}.geojson`} data-testid="export-board-geojson">
            Whole board as GeoJSON
          </a>
        </li>
      </ul>
      {layers.length > 0 && chosen && (
        <>
          <div className="field">
            <label htmlFor={`${id}-layer`}>Layer</label>
            <select id={`${id}-layer`} value={chosen.id} onChange={(e) => setLayerId(e.target.value)} data-testid="export-layer">
              {layers.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <ul className="export-menu__links">
            <li>
              <a
                href={`${base}/export.geojson?layer=${encodeURIComponent(chosen.id)}`}
                download={`${safeName(chosen.name)}.geojson`}
                data-testid="export-layer-geojson"
              >
                {chosen.name} as GeoJSON
              </a>
            </li>
            <li>
              <a href={`${base}/export.csv?layer=${encodeURIComponent(chosen.id)}`} download={`${safeName(chosen.name)}.csv`} data-testid="export-layer-csv">
                {chosen.name} as CSV (with latitude and longitude)
              </a>
            </li>
          </ul>
        </>
      )}
      <button type="button" className="button button--secondary" disabled={!map || busy} onClick={() => void savePng()} data-testid="export-png">
        Save the map view as PNG
      </button>
    </div>
  );
}
