import type * as Y from 'yjs';
import { listLayers, updateLayer, type Author, type MapLayer } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { NO_DATA_COLOUR } from './layer-style';

/** The board's layers, top first, each with a show/hide checkbox, its source and (for indicators) a legend. */
export function LayerList({ doc, author }: { doc: Y.Doc; author: Author }) {
  const layers = useBoardValue(doc, ['layers'], listLayers);
  const valid = layers.flatMap((result) => (result.ok ? [result.value] : [])).reverse();
  const broken = layers.filter((result) => !result.ok).length;

  return (
    <section className="layer-list" aria-labelledby="layer-list-heading" data-testid="layer-list">
      <h3 id="layer-list-heading">Layers</h3>
      {valid.length === 0 && <p className="hint">This board has no map layers yet.</p>}
      <ul className="layer-list__items">
        {valid.map((layer) => (
          <li key={layer.id} className="layer-list__item" data-layer-id={layer.id}>
            <div className="checkbox">
              <input
                id={`layer-visible-${layer.id}`}
                type="checkbox"
                checked={layer.visible}
                data-testid="layer-toggle"
                onChange={(event) => updateLayer(doc, layer.id, { visible: event.target.checked }, author)}
              />
              <label htmlFor={`layer-visible-${layer.id}`}>
                <span className="layer-list__swatch" style={{ backgroundColor: layer.style.colour }} aria-hidden="true" />
                {layer.name}
              </label>
            </div>
            {layer.source && <p className="layer-list__source">Source: {layer.source}</p>}
            {layer.kind === 'indicator' && layer.visible && <IndicatorLegend layer={layer} />}
          </li>
        ))}
      </ul>
      {broken > 0 && (
        <p className="hint" data-testid="broken-layers">
          {broken === 1 ? '1 layer could not be read and is not shown.' : `${broken} layers could not be read and are not shown.`}
        </p>
      )}
    </section>
  );
}

/** Key to an indicator layer's colours: one swatch per value, lowest first. */
function IndicatorLegend({ layer }: { layer: MapLayer }) {
  const ramp = layer.style.ramp ?? [];
  if (ramp.length === 0) return null;
  const legend = layer.style.legend ?? {};
  const title = legend.title ?? (layer.style.indicatorProperty ? `Colour by ${layer.style.indicatorProperty}` : 'Key');
  const labelOf = (index: number): string => {
    const value = index === ramp.length - 1 && ramp.length > 1 ? `${index + 1} or more` : String(index + 1);
    if (index === 0 && legend.lowLabel) return `${value} (${legend.lowLabel})`;
    if (index === ramp.length - 1 && legend.highLabel) return `${index + 1} (${legend.highLabel})`;
    return value;
  };
  return (
    <figure className="legend" data-testid="legend">
      <figcaption>
        {title}
      </figcaption>
      <ol className="legend__items">
        {ramp.map((colour, index) => (
          <li key={index} className="legend__item">
            <span className="legend__swatch" style={{ backgroundColor: colour }} aria-hidden="true" />
            {labelOf(index)}
          </li>
        ))}
        <li className="legend__item">
          <span className="legend__swatch" style={{ backgroundColor: NO_DATA_COLOUR }} aria-hidden="true" />
          No data
        </li>
      </ol>
    </figure>
  );
}
