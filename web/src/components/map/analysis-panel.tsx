import { useId, useMemo, useState, type ReactNode } from 'react';
import { countByArea, sumByArea, withinDistance } from '@placeboard/geo';
import { useAnnounce } from '../../lib/announce';
import type { FeatureEntry } from './feature-index';

interface LayerChoice {
  id: string;
  name: string;
  kind: string;
}

interface AnalysisPanelProps {
  features: FeatureEntry[];
  /**
   * False while the panel is out of sight (its section closed): it then works out nothing, so that a change to the
   * board costs it nothing, and keeps what was chosen for when it is opened again.
   */
  active: boolean;
  /**
   * Lets the person choose a point on the map: resolves with it, or null when they cancel. With `focusMap`, the
   * keyboard goes to the map, where Enter chooses its centre.
   */
  pickPoint: (options?: { focusMap?: boolean }) => Promise<[number, number] | null>;
}

/** What the panel reads while it is closed. */
const NO_FEATURES: FeatureEntry[] = [];

function layersOf(features: FeatureEntry[], kinds?: string[]): LayerChoice[] {
  const seen = new Map<string, LayerChoice>();
  for (const f of features) {
    if (kinds && !kinds.includes(f.layerKind)) continue;
    if (!seen.has(f.layerId)) seen.set(f.layerId, { id: f.layerId, name: f.layerName, kind: f.layerKind });
  }
  return [...seen.values()];
}

function propertiesOf(features: FeatureEntry[], layerId: string, numericOnly = false): string[] {
  const names = new Map<string, number>();
  let n = 0;
  for (const f of features) {
    if (f.layerId !== layerId) continue;
    for (const [key, value] of Object.entries(f.properties)) {
      if (numericOnly && !(typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))))) continue;
      names.set(key, (names.get(key) ?? 0) + 1);
    }
    if (++n > 300) break;
  }
  return [...names.keys()];
}

function guessLabel(names: string[]): string {
  return (
    names.find((n) => /^(name|area_name|locality|ward_name|lsoa\d*nm)$/i.test(n)) ??
    names.find((n) => /name/i.test(n)) ??
    names[0] ??
    ''
  );
}

/** A captioned table with a "Copy table" button (tab-separated, pastes into a spreadsheet). */
function CopyableTable({ caption, headers, rows, testId }: { caption: string; headers: string[]; rows: (string | number)[][]; testId: string }) {
  const announce = useAnnounce();
  const copy = async (): Promise<void> => {
    const text = [headers, ...rows].map((r) => r.join('\t')).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      announce('Table copied.');
    } catch {
      announce('The table could not be copied; select it and copy instead.');
    }
  };
  return (
    <div className="analysis__result">
      <div className="table-scroll">
        <table className="data-table" data-testid={testId}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {headers.map((h, i) => (
                <th key={h} scope="col" className={i > 0 && typeof rows[0]?.[i] === 'number' ? 'num' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  c === 0 ? (
                    <th key={c} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={c} className={typeof cell === 'number' ? 'num' : undefined}>
                      {typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="button button--secondary" onClick={() => void copy()} data-testid={`${testId}-copy`}>
        Copy table
      </button>
    </div>
  );
}

function Select({ label, value, onChange, options, testId, empty }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; testId: string; empty?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="analysis__section" aria-labelledby={id}>
      <h4 id={id}>{title}</h4>
      {children}
    </section>
  );
}

/**
 * Quick analysis as small tables: assets of each category per area (countByArea), a numeric property summed
 * per area (sumByArea) and features within a distance of a clicked point (withinDistance).
 */
export function AnalysisPanel({ features: allFeatures, active, pickPoint }: AnalysisPanelProps) {
  // Counting 10,000 points into 2,000 areas again on every change of the board, open or not, held the page up for a
  // tenth of a second after each remote edit.
  const features = active ? allFeatures : NO_FEATURES;
  const pointLayers = layersOf(features, ['assets', 'drawing']);
  const areaLayers = layersOf(features, ['boundary', 'areas', 'indicator']);
  const allLayers = layersOf(features);
  const toOptions = (layers: LayerChoice[]) => layers.map((l) => ({ value: l.id, label: l.name }));

  // Count and sum share their choice of points and areas.
  const [pointsId, setPointsId] = useState('');
  const [areasId, setAreasId] = useState('');
  const [category, setCategory] = useState('');
  const [valueProperty, setValueProperty] = useState('');
  const points = pointsId || pointLayers[0]?.id || '';
  const areas = areasId || areaLayers[0]?.id || '';
  const areaProps = useMemo(() => propertiesOf(features, areas), [features, areas]);
  const [areaLabelChoice, setAreaLabel] = useState('');
  const areaLabel = areaLabelChoice && areaProps.includes(areaLabelChoice) ? areaLabelChoice : guessLabel(areaProps);
  const pointProps = useMemo(() => propertiesOf(features, points), [features, points]);
  const numericProps = useMemo(() => propertiesOf(features, points, true), [features, points]);

  const pointName = pointLayers.find((l) => l.id === points)?.name ?? '';
  const areaName = areaLayers.find((l) => l.id === areas)?.name ?? '';

  const counts = useMemo(() => {
    if (!points || !areas || !areaLabel) return null;
    const p = features.filter((f) => f.layerId === points);
    const a = features.filter((f) => f.layerId === areas);
    return countByArea(p, a, { areaLabel, ...(category ? { category } : {}) });
  }, [features, points, areas, areaLabel, category]);

  const sums = useMemo(() => {
    if (!points || !areas || !areaLabel || !valueProperty) return null;
    const p = features.filter((f) => f.layerId === points);
    const a = features.filter((f) => f.layerId === areas);
    return sumByArea(p, a, { areaLabel, value: valueProperty });
  }, [features, points, areas, areaLabel, valueProperty]);

  // Near a point.
  const [nearId, setNearId] = useState('');
  const near = nearId || pointLayers[0]?.id || allLayers[0]?.id || '';
  const [distance, setDistance] = useState('1000');
  const [centre, setCentre] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const metres = Number(distance);
  const nearby = useMemo(() => {
    if (!centre || !near || !Number.isFinite(metres) || metres <= 0) return null;
    return withinDistance(centre, features.filter((f) => f.layerId === near), metres);
  }, [features, near, centre, metres]);
  const announce = useAnnounce();

  if (!active) return null;
  if (allLayers.length === 0) return <p className="hint">Add or import layers to analyse them.</p>;

  return (
    <div className="analysis" data-testid="analysis-panel">
      <Section title="Assets per area">
        {pointLayers.length === 0 || areaLayers.length === 0 ? (
          <p className="hint">Needs a layer of assets and a layer of areas.</p>
        ) : (
          <>
            <Select label="Assets" value={points} onChange={setPointsId} options={toOptions(pointLayers)} testId="analysis-points-layer" />
            <Select label="Areas" value={areas} onChange={setAreasId} options={toOptions(areaLayers)} testId="analysis-areas-layer" />
            <Select label="Name areas by" value={areaLabel} onChange={setAreaLabel} options={areaProps.map((p) => ({ value: p, label: p }))} testId="analysis-area-label" />
            <Select label="Split by category (optional)" value={category} onChange={setCategory} options={pointProps.map((p) => ({ value: p, label: p }))} testId="analysis-category" empty="No split" />
            {counts && (
              <CopyableTable
                caption={`${pointName} per area of ${areaName}${category ? `, by ${category}` : ''}`}
                headers={category ? ['Area', category, 'Count'] : ['Area', 'Count']}
                rows={counts.map((r) => (category ? [r.area, r.category ?? '(none)', r.count] : [r.area, r.count]))}
                testId="analysis-count-table"
              />
            )}
            <Select label="Sum a number per area" value={valueProperty} onChange={setValueProperty} options={numericProps.map((p) => ({ value: p, label: p }))} testId="analysis-sum-property" empty="Choose a numeric property…" />
            {sums && (
              <CopyableTable
                caption={`Total ${valueProperty} of ${pointName} per area of ${areaName}`}
                headers={['Area', `Total ${valueProperty}`, 'Assets with a value']}
                rows={sums.map((r) => [r.area, r.total, r.counted])}
                testId="analysis-sum-table"
              />
            )}
          </>
        )}
      </Section>
      <Section title="Near a point">
        <Select label="Features of" value={near} onChange={setNearId} options={toOptions(allLayers)} testId="analysis-near-layer" />
        <div className="field">
          <label htmlFor="analysis-distance">Within (metres)</label>
          <input id="analysis-distance" type="number" min={1} step={100} inputMode="numeric" value={distance} onChange={(e) => setDistance(e.target.value)} data-testid="analysis-distance" className="input--short" />
        </div>
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={picking}
          data-testid="analysis-pick-point"
          onClick={(event) => {
            // Pressed with Enter or Space (a click has a count): the keyboard goes to the map and comes back here.
            const byKeyboard = event.detail === 0;
            const button = event.currentTarget;
            setPicking(true);
            announce(
              byKeyboard
                ? 'Move the map with the arrow keys and press Enter to choose its centre. Escape cancels.'
                : 'Click a point on the map. Escape cancels.',
            );
            void pickPoint({ focusMap: byKeyboard }).then((point) => {
              setPicking(false);
              if (point) {
                setCentre(point);
                announce(`Point chosen at ${point[1].toFixed(4)}, ${point[0].toFixed(4)}.`);
              }
              if (byKeyboard) button.focus();
            });
          }}
        >
          {picking ? 'Click the map…' : centre ? 'Choose another point' : 'Choose a point on the map'}
        </button>
        {centre && <p className="hint" data-testid="analysis-centre">Point: {centre[1].toFixed(5)}, {centre[0].toFixed(5)}</p>}
        {nearby && (
          <CopyableTable
            caption={`${nearby.length} ${nearby.length === 1 ? 'feature' : 'features'} within ${metres.toLocaleString('en-GB')} m`}
            headers={['Name', 'Distance (m)']}
            rows={nearby.map((n) => [n.feature.name, Math.round(n.metres)])}
            testId="analysis-near-table"
          />
        )}
      </Section>
    </div>
  );
}
