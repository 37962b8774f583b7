import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { bboxesIntersect, type Bbox } from '../../lib/geometry';
import type { FeatureEntry } from './feature-index';

/** Most rows the features-in-view table shows at once; zoom in to see the rest. */
const MAX_ROWS = 300;
/** Most search results listed. */
const MAX_RESULTS = 20;

interface FinderProps {
  features: FeatureEntry[];
  map: MapLibreMap | null;
  selectedId: string | null;
  onChoose: (entry: FeatureEntry) => void;
}

/** Search features by name across every layer. */
export function FeatureSearch({ features, onChoose }: Omit<FinderProps, 'map' | 'selectedId'>) {
  const id = useId();
  const [query, setQuery] = useState('');
  const trimmed = query.trim().toLowerCase();
  const results = useMemo(() => {
    if (!trimmed) return [];
    const starts: FeatureEntry[] = [];
    const contains: FeatureEntry[] = [];
    for (const entry of features) {
      if (!entry.named) continue;
      const name = entry.name.toLowerCase();
      if (name.startsWith(trimmed)) starts.push(entry);
      else if (name.includes(trimmed)) contains.push(entry);
    }
    return [...starts, ...contains];
  }, [features, trimmed]);
  const shown = results.slice(0, MAX_RESULTS);

  return (
    <div className="feature-search" role="search">
      <label htmlFor={`${id}-q`} className="label">
        Search features by name
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        autoComplete="off"
        aria-describedby={`${id}-count`}
        data-testid="feature-search"
        onChange={(e) => setQuery(e.target.value)}
      />
      <p id={`${id}-count`} className="hint" aria-live="polite" data-testid="feature-search-count">
        {trimmed
          ? results.length === 0
            ? 'No features match.'
            : results.length > MAX_RESULTS
              ? `${results.length} matches, first ${MAX_RESULTS} shown.`
              : `${results.length} ${results.length === 1 ? 'match' : 'matches'}.`
          : ''}
      </p>
      {shown.length > 0 && (
        <ul className="feature-search__results" data-testid="feature-search-results">
          {shown.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                className="asset-list__button"
                data-testid="feature-search-result"
                data-feature-id={entry.id}
                onClick={() => onChoose(entry)}
              >
                <span className="layer-list__swatch" style={{ backgroundColor: entry.colour }} aria-hidden="true" />
                <span className="asset-list__name">{entry.name}</span>
                <span className="asset-list__layer">
                  {entry.layerName}
                  {!entry.layerVisible && ' (hidden layer)'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type SortKey = 'name' | 'layer';

function boundsOf(map: MapLibreMap): Bbox {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

/**
 * The features of visible layers whose geometry meets the current view, as a sortable table: the
 * accessible alternative to the map. Arrow keys move between rows (one tab stop), Enter opens a feature.
 */
export function FeaturesInView({ features, map, selectedId, onChoose }: FinderProps) {
  const captionId = useId();
  const [bounds, setBounds] = useState<Bbox | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'name', ascending: true });
  const [active, setActive] = useState(0);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  useEffect(() => {
    if (!map) return undefined;
    const update = (): void => setBounds(boundsOf(map));
    update();
    map.on('moveend', update);
    map.on('resize', update);
    return () => {
      map.off('moveend', update);
      map.off('resize', update);
    };
  }, [map]);

  const inView = useMemo(() => {
    if (!bounds) return [];
    const rows = features.filter((f) => f.layerVisible && f.bbox && bboxesIntersect(f.bbox, bounds));
    const factor = sort.ascending ? 1 : -1;
    rows.sort((a, b) => {
      const primary = sort.key === 'name' ? a.name.localeCompare(b.name) : a.layerName.localeCompare(b.layerName);
      const secondary = sort.key === 'name' ? a.layerName.localeCompare(b.layerName) : a.name.localeCompare(b.name);
      return factor * (primary || secondary) || a.id.localeCompare(b.id);
    });
    return rows;
  }, [features, bounds, sort]);
  const shown = inView.slice(0, MAX_ROWS);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));

  const focusRow = (index: number): void => {
    const clamped = Math.max(0, Math.min(shown.length - 1, index));
    setActive(clamped);
    rowRefs.current[clamped]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, entry: FeatureEntry): void => {
    const page = 10;
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: shown.length - 1, PageDown: index + page, PageUp: index - page };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key] as number);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onChoose(entry);
    }
  };

  const header = (key: SortKey, label: string) => {
    const current = sort.key === key;
    return (
      <th scope="col" aria-sort={current ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="table-sort"
          data-testid={`features-in-view-sort-${key}`}
          onClick={() => setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }))}
        >
          {label}
          <span aria-hidden="true">{current ? (sort.ascending ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };

  return (
    <div className="features-in-view">
      {shown.length === 0 ? (
        <p className="hint" data-testid="features-in-view-empty">
          No features of the shown layers are in view. Zoom out or show more layers.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table data-table--rows" data-testid="features-in-view" aria-describedby={`${captionId}-help`}>
            <caption id={captionId}>
              Features in view ({inView.length}
              {inView.length > MAX_ROWS ? `, first ${MAX_ROWS} shown` : ''})
            </caption>
            <thead>
              <tr>
                {header('name', 'Name')}
                {header('layer', 'Layer')}
              </tr>
            </thead>
            <tbody>
              {shown.map((entry, index) => (
                <tr
                  key={entry.id}
                  ref={(el) => {
                    rowRefs.current[index] = el;
                  }}
                  tabIndex={index === activeIndex ? 0 : -1}
                  aria-current={entry.id === selectedId ? 'true' : undefined}
                  className={entry.id === selectedId ? 'is-selected' : undefined}
                  data-testid="features-in-view-row"
                  data-feature-id={entry.id}
                  onKeyDown={(e) => onKeyDown(e, index, entry)}
                  onClick={() => {
                    setActive(index);
                    onChoose(entry);
                  }}
                  onFocus={() => setActive(index)}
                >
                  <td>
                    <span className="layer-list__swatch" style={{ backgroundColor: entry.colour }} aria-hidden="true" /> {entry.name}
                  </td>
                  <td>{entry.layerName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p id={`${captionId}-help`} className="hint">
        Up and down arrows move between rows; Enter shows the feature on the map and opens its details.
      </p>
    </div>
  );
}
