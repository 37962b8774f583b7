import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { LAYER_KINDS, listFeatures, listLayers, type LayerKind, type MapLayer } from '@placeboard/board';
import { describeBytes, parseTable, type ImportReport, type SkipReason } from '@placeboard/geo';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useAnnounce } from '../../lib/announce';
import { apiUpload, ApiError, getClientConfig, type ImportLimits } from '../../lib/api';
import { KIND_LABELS } from './layer-list';

/** Skipped rows listed in the report; the rest are counted. */
const LISTED_SKIPS = 5;

const SKIP_REASONS: Record<SkipReason, string> = {
  no_coordinates: 'no coordinates',
  outside_uk: 'outside the UK',
  invalid_geometry: 'invalid geometry',
  unsupported_geometry: 'unsupported geometry',
};

function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function validLayers(doc: Y.Doc): MapLayer[] {
  return listLayers(doc)
    .flatMap((r) => (r.ok ? [r.value] : []))
    .reverse();
}

/** "Import data": a file goes to the server, which adds it to the board in one transaction and reports back. */
export function ImportPanel({ doc, boardId }: { doc: Y.Doc; boardId: string }) {
  const id = useId();
  const announce = useAnnounce();
  const layers = useBoardValue(doc, ['layers'], validLayers);
  const [file, setFile] = useState<File | null>(null);
  const [target, setTarget] = useState<'new' | 'existing'>('new');
  const [layerName, setLayerName] = useState('');
  /** The new layer's name follows the chosen file until the person types one. */
  const [nameTyped, setNameTyped] = useState(false);
  const [layerId, setLayerId] = useState('');
  const [kind, setKind] = useState<'' | LayerKind>('');
  const [source, setSource] = useState('');
  /** The layer of areas to keep features within, or '' for everything in the file. */
  const [within, setWithin] = useState('');
  const areaLayers = layers.filter((layer) => layer.kind === 'boundary' || layer.kind === 'areas');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ layerId: string; report: ImportReport } | null>(null);
  const [error, setError] = useState('');
  /** The server's limits, said beside the file field and checked before a file is sent (null until known). */
  const [limits, setLimits] = useState<ImportLimits | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (result || error) resultRef.current?.focus();
  }, [result, error]);

  useEffect(() => {
    let current = true;
    void getClientConfig().then((config) => {
      if (current && config.importLimits) setLimits(config.importLimits);
    });
    return () => {
      current = false;
    };
  }, []);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setResult(null);
    setError('');
    if (!file) {
      setError('Choose a file to import.');
      return;
    }
    if (limits && file.size > limits.bytes) {
      // The server would refuse it too, but only after the whole file had been sent.
      setError(`This file is ${describeBytes(file.size)}; the largest file you can import is ${describeBytes(limits.bytes)}.`);
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    if (target === 'existing') {
      if (!layerId) {
        setError('Choose the layer to add the features to.');
        return;
      }
      form.append('layerId', layerId);
    } else {
      form.append('layerName', (layerName.trim() || file.name.replace(/\.[^.]+$/, '')).slice(0, 200));
      if (kind) form.append('kind', kind);
    }
    if (source.trim()) form.append('source', source.trim());
    if (within && areaLayers.some((layer) => layer.id === within)) form.append('within', within);
    setBusy(true);
    announce(`Importing ${file.name}…`);
    try {
      const answer = await apiUpload<{ layerId: string; report: ImportReport }>(`/api/boards/${encodeURIComponent(boardId)}/import`, form);
      setResult(answer);
      announce(`Imported ${answer.report.featuresImported} features from ${file.name}.`);
      setFile(null);
      setLayerName('');
      setNameTyped(false);
      if (fileRef.current) fileRef.current.value = '';
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="import-panel">
      <form onSubmit={(e) => void onSubmit(e)} data-testid="import-form" noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor={`${id}-file`}>File</label>
          <p className="hint" id={`${id}-file-hint`}>
            GeoJSON, CSV with latitude/longitude or easting/northing columns, KML, or a zipped Shapefile.
            {limits && ` Up to ${describeBytes(limits.bytes)} and ${limits.features.toLocaleString('en-GB')} features.`}
          </p>
          <input
            ref={fileRef}
            id={`${id}-file`}
            type="file"
            accept=".geojson,.json,.csv,.kml,.zip"
            aria-describedby={`${id}-file-hint`}
            data-testid="import-file"
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              if (chosen && !nameTyped) setLayerName(chosen.name.replace(/\.[^.]+$/, ''));
            }}
          />
        </div>
        <fieldset className="field">
          <legend>Put the features in</legend>
          <div className="radio">
            <input id={`${id}-new`} type="radio" name={`${id}-target`} checked={target === 'new'} onChange={() => setTarget('new')} data-testid="import-target-new" />
            <label htmlFor={`${id}-new`}>A new layer</label>
          </div>
          <div className="radio">
            <input
              id={`${id}-existing`}
              type="radio"
              name={`${id}-target`}
              checked={target === 'existing'}
              disabled={layers.length === 0}
              onChange={() => setTarget('existing')}
              data-testid="import-target-existing"
            />
            <label htmlFor={`${id}-existing`}>An existing layer</label>
          </div>
        </fieldset>
        {target === 'new' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-name`}>New layer name</label>
              <input id={`${id}-name`} type="text" value={layerName} maxLength={200} onChange={(e) => {
                  setLayerName(e.target.value);
                  setNameTyped(e.target.value.trim() !== '');
                }}
                data-testid="import-layer-name"
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-kind`}>Kind of layer</label>
              <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as '' | LayerKind)} data-testid="import-kind">
                <option value="">Suggested from the data</option>
                {LAYER_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-layer`}>Layer</label>
            <LayerSelect id={`${id}-layer`} layers={layers} value={layerId} onChange={setLayerId} testId="import-layer-select" />
          </div>
        )}
        {areaLayers.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-within`}>Keep only what falls within</label>
            <p className="hint" id={`${id}-within-hint`}>
              For a file that covers more than the neighbourhood: features outside the chosen layer’s areas are left out.
            </p>
            <LayerSelect
              id={`${id}-within`}
              layers={areaLayers}
              value={within}
              onChange={setWithin}
              testId="import-within"
              emptyLabel="Everything in the file"
              describedBy={`${id}-within-hint`}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-source`}>Source and date (optional)</label>
          <input id={`${id}-source`} type="text" value={source} maxLength={500} placeholder="e.g. NHS ODS, Jan 2026" onChange={(e) => setSource(e.target.value)} data-testid="import-source" />
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="import-submit">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      <div ref={resultRef} tabIndex={-1} className="import-panel__result">
        {error && (
          <div className="error-summary" role="alert" data-testid="import-error">
            <h4>The file was not imported</h4>
            <p>{error}</p>
            <p className="hint">Nothing on the board has changed.</p>
          </div>
        )}
        {result && <ImportReportView report={result.report} />}
      </div>
    </div>
  );
}

/** What an import did, as the server reported it. */
function ImportReportView({ report }: { report: ImportReport }) {
  const listed = report.skipped.slice(0, LISTED_SKIPS);
  return (
    <section className="import-report" aria-label="Import report" data-testid="import-report">
      <h4>Import report</h4>
      <dl className="summary-list">
        <div>
          <dt>Features imported</dt>
          <dd data-testid="import-report-imported">{report.featuresImported}</dd>
        </div>
        <div>
          <dt>Rows skipped</dt>
          <dd data-testid="import-report-skipped-count">{report.skippedCount}</dd>
        </div>
        <div>
          <dt>Suggested kind</dt>
          <dd data-testid="import-report-kind">{KIND_LABELS[report.suggestedKind] ?? report.suggestedKind}</dd>
        </div>
        {report.within && (
          <div>
            <dt>Left out, outside {report.within.area}</dt>
            <dd data-testid="import-report-outside">{report.within.leftOut}</dd>
          </div>
        )}
        {report.coordinates && (
          <div>
            <dt>Coordinates</dt>
            <dd>{report.coordinates}</dd>
          </div>
        )}
        <div>
          <dt>Properties found</dt>
          <dd data-testid="import-report-properties">{report.properties.length > 0 ? report.properties.join(', ') : 'none'}</dd>
        </div>
      </dl>
      {listed.length > 0 && (
        <>
          <p>
            {report.skippedCount > listed.length ? `First ${listed.length} of ${report.skippedCount} skipped:` : 'Skipped:'}
          </p>
          <ul data-testid="import-report-skipped">
            {listed.map((row) => (
              <li key={`${row.index}-${row.reason}`} data-testid="import-report-skipped-row" data-reason={row.reason}>
                {report.format === 'csv' ? `Row ${row.index}` : `Feature ${row.index + 1}`}: {SKIP_REASONS[row.reason] ?? row.reason}
                {row.detail ? ` (${row.detail})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface JoinResult {
  layerId: string;
  matched: number;
  unmatchedRowKeys: string[];
  unmatchedCount: number;
  featuresWithoutMatch: number;
}

function propertyNames(doc: Y.Doc, layerId: string): string[] {
  const names = new Set<string>();
  let seen = 0;
  for (const r of listFeatures(doc, layerId)) {
    if (!r.ok) continue;
    for (const key of Object.keys(r.value.properties)) names.add(key);
    if (++seen > 200) break;
  }
  return [...names];
}

/** "Join a table": values from a CSV joined by key onto a boundary or areas layer, making an indicator layer. */
export function JoinPanel({ doc, boardId }: { doc: Y.Doc; boardId: string }) {
  const id = useId();
  const announce = useAnnounce();
  const layers = useBoardValue(doc, ['layers'], (d) => validLayers(d).filter((l) => l.kind === 'boundary' || l.kind === 'areas'));
  const [layerId, setLayerId] = useState('');
  const keys = useBoardValue(doc, ['features'], (d) => (layerId ? propertyNames(d, layerId) : []), [layerId]);
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [featureKey, setFeatureKey] = useState('');
  const [rowKey, setRowKey] = useState('');
  const [indicator, setIndicator] = useState('');
  const [layerName, setLayerName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState<JoinResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (result || error) resultRef.current?.focus();
  }, [result, error]);

  const onFile = async (chosen: File | null): Promise<void> => {
    setFile(chosen);
    setColumns([]);
    setError('');
    if (!chosen) return;
    try {
      // Read only the header (and a little more) to offer the column names.
      const head = await chosen.slice(0, 64 * 1024).text();
      const firstLines = head.split(/\r?\n/).slice(0, 2).join('\n');
      const table = parseTable(firstLines);
      setColumns(table.columns);
      const guess = table.columns.find((c) => keys.some((k) => k.toLowerCase() === c.toLowerCase())) ?? table.columns[0] ?? '';
      setRowKey(guess);
      const match = keys.find((k) => k.toLowerCase() === guess.toLowerCase()) ?? keys.find((k) => /(code|cd)$/i.test(k));
      if (match && !featureKey) setFeatureKey(match);
    } catch (caught) {
      setError(`The table's columns could not be read: ${errorMessage(caught)}`);
    }
  };

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError('');
    setResult(null);
    if (!layerId || !file || !featureKey || !rowKey) {
      setError('Choose a layer, a CSV file and the key column on each side.');
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('layerId', layerId);
    form.append('featureKey', featureKey);
    form.append('rowKey', rowKey);
    if (indicator) form.append('indicator', indicator);
    if (layerName.trim()) form.append('layerName', layerName.trim().slice(0, 200));
    setBusy(true);
    try {
      const answer = await apiUpload<JoinResult>(`/api/boards/${encodeURIComponent(boardId)}/join`, form);
      setResult(answer);
      announce(`Joined: ${answer.matched} areas matched, ${answer.unmatchedCount} rows unmatched.`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  if (layers.length === 0) return <p className="hint">Add a boundary or areas layer first; a table is joined onto its areas.</p>;

  return (
    <div className="join-panel">
      <form onSubmit={(e) => void onSubmit(e)} data-testid="join-form" noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor={`${id}-layer`}>Areas to join onto</label>
          <LayerSelect id={`${id}-layer`} layers={layers} value={layerId} onChange={setLayerId} testId="join-layer" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>Table (CSV)</label>
          <input id={`${id}-file`} type="file" accept=".csv,text/csv" data-testid="join-file" onChange={(e) => void onFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-fkey`}>Key on the areas</label>
          <select id={`${id}-fkey`} value={featureKey} onChange={(e) => setFeatureKey(e.target.value)} data-testid="join-feature-key" disabled={!layerId}>
            <option value="">Choose a property…</option>
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-rkey`}>Key column in the table</label>
          <select id={`${id}-rkey`} value={rowKey} onChange={(e) => setRowKey(e.target.value)} data-testid="join-row-key" disabled={columns.length === 0}>
            <option value="">Choose a column…</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-indicator`}>Column to map (optional)</label>
          <select id={`${id}-indicator`} value={indicator} onChange={(e) => setIndicator(e.target.value)} data-testid="join-indicator" disabled={columns.length === 0}>
            <option value="">Let Placeboard choose</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>New layer name (optional)</label>
          <input id={`${id}-name`} type="text" value={layerName} maxLength={200} onChange={(e) => setLayerName(e.target.value)} data-testid="join-layer-name" />
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="join-submit">
          {busy ? 'Joining…' : 'Join table'}
        </button>
      </form>
      <div ref={resultRef} tabIndex={-1}>
        {error && (
          <div className="error-summary" role="alert" data-testid="join-error">
            <p>{error}</p>
          </div>
        )}
        {result && (
          <section aria-label="Join result" className="import-report" data-testid="join-result">
            <dl className="summary-list">
              <div>
                <dt>Areas matched</dt>
                <dd data-testid="join-matched">{result.matched}</dd>
              </div>
              <div>
                <dt>Table rows with no area</dt>
                <dd data-testid="join-unmatched-count">{result.unmatchedCount}</dd>
              </div>
              <div>
                <dt>Areas with no row</dt>
                <dd data-testid="join-features-without-match">{result.featuresWithoutMatch}</dd>
              </div>
            </dl>
            {result.unmatchedRowKeys.length > 0 && (
              <p data-testid="join-unmatched-keys">
                Unmatched keys{result.unmatchedCount > 10 ? ` (first 10 of ${result.unmatchedCount})` : ''}: {result.unmatchedRowKeys.slice(0, 10).join(', ')}
              </p>
            )}
          </section>
        )}
      </div>
    </div>
  );
}

/** A layer picker with a "Choose a layer…" prompt. */
function LayerSelect({
  id,
  layers,
  value,
  onChange,
  testId,
  emptyLabel = 'Choose a layer…',
  describedBy,
}: {
  id: string;
  layers: readonly { id: string; name: string }[];
  value: string;
  onChange: (layerId: string) => void;
  testId: string;
  /** What the empty choice reads. */
  emptyLabel?: string;
  /** Id of the hint that describes the choice. */
  describedBy?: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} data-testid={testId}>
      <option value="">{emptyLabel}</option>
      {layers.map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </select>
  );
}
