import type * as maplibregl from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { communityCategoryLabel } from '@placeboard/board';
import { CommunityApiError, getCommunityBoard, type CommunityBoardView } from './community-api';
import { CommunityMap } from './community-map';
import { categoryColour, formatContributionDate } from './community-style';
import { ContributionForm } from './contribution-form';
import './community.css';

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; view: CommunityBoardView }
  | { kind: 'expired'; message: string }
  | { kind: 'failed'; message: string };

/**
 * The community page, `/c/:token`: a light, phone-first page for community groups. No account, no name, no contact
 * details: the board's title, what to do, a map with what the board published, a form to add local knowledge, and
 * everything on the map written out below it.
 */
export function CommunityView() {
  const { token = '' } = useParams();
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const [pin, setPin] = useState<[number, number] | null>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let cancelled = false;
    getCommunityBoard(token).then(
      (view) => !cancelled && setState({ kind: 'ready', view }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof CommunityApiError && error.kind === 'expired') setState({ kind: 'expired', message: error.message });
        else setState({ kind: 'failed', message: error instanceof CommunityApiError ? error.message : 'This page could not be loaded.' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  const title = state.kind === 'ready' ? state.view.title : state.kind === 'expired' ? 'This link no longer works' : 'Community page';
  useEffect(() => {
    document.title = `${title} – community page – Placeboard`;
  }, [title]);
  // A link that stopped working while the page was open replaces the page: its heading takes focus.
  useEffect(() => {
    if (state.kind === 'expired') headingRef.current?.focus();
  }, [state.kind]);

  const onExpired = useCallback((message: string) => setState({ kind: 'expired', message }), []);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="community-header">
        <span className="community-header__brand">Placeboard</span>
        <span className="community-header__what">Community page</span>
      </header>
      <main id="main" className="community" tabIndex={-1} data-testid="community-page" data-state={state.kind}>
        {state.kind === 'loading' && <p role="status">Loading…</p>}
        {state.kind === 'expired' && (
          <>
            <h1 ref={headingRef} tabIndex={-1} data-testid="community-expired">
              This link no longer works
            </h1>
            <p>{state.message}</p>
          </>
        )}
        {state.kind === 'failed' && (
          <>
            <h1>This page could not be loaded</h1>
            <p role="alert">{state.message}</p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Try again
            </button>
          </>
        )}
        {state.kind === 'ready' && <Ready token={token} view={state.view} pin={pin} onPin={setPin} map={map} onMap={setMap} onExpired={onExpired} />}
      </main>
    </>
  );
}

interface ReadyProps {
  token: string;
  view: CommunityBoardView;
  pin: [number, number] | null;
  onPin: (point: [number, number] | null) => void;
  map: maplibregl.Map | null;
  onMap: (map: maplibregl.Map | null) => void;
  onExpired: (message: string) => void;
}

function Ready({ token, view, pin, onPin, map, onMap, onExpired }: ReadyProps) {
  const placesIn = view.layers.filter((layer) => layer.data.features.length > 0);
  return (
    <>
      <h1 data-testid="community-title">{view.title}</h1>
      <p className="community__lead">Add what you know about this area. Don't include names, phone numbers or email addresses.</p>
      <p className="hint">
        We don't ask who you are. A moderator checks everything before it appears on this page.
      </p>

      <section className="community__section" aria-labelledby="community-add-heading">
        <h2 id="community-add-heading">Add local knowledge</h2>
        <CommunityMap view={view} pin={pin} onPick={onPin} onMap={onMap} />
        <MapKey view={view} />
        <ContributionForm token={token} view={view} pin={pin} onPin={onPin} map={map} onExpired={onExpired} />
      </section>

      <section className="community__section" aria-labelledby="community-shared-heading">
        <h2 id="community-shared-heading">Local knowledge already shared</h2>
        {view.contributions.length === 0 ? (
          <p data-testid="community-none">Nothing has been published yet. Yours could be the first.</p>
        ) : (
          <ul className="community-list" data-testid="community-published-list">
            {view.contributions.map((contribution) => (
              <li key={contribution.id} className="community-list__item" data-testid="community-published-item">
                <p className="community-list__category">
                  <span className="community-form__swatch" style={{ backgroundColor: categoryColour(contribution.category) }} aria-hidden="true" />
                  {communityCategoryLabel(contribution.category)}
                </p>
                <p className="community-list__text">{contribution.text}</p>
                <p className="hint">Added {formatContributionDate(contribution.createdAt)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {placesIn.length > 0 && (
        <section className="community__section" aria-labelledby="community-places-heading">
          <h2 id="community-places-heading">Also on the map</h2>
          {placesIn.map((layer) => (
            <details key={layer.id} className="community-places">
              <summary>
                {layer.name} ({layer.data.features.length} {layer.data.features.length === 1 ? 'place' : 'places'})
              </summary>
              {layer.source && <p className="hint">Source: {layer.source}</p>}
              <ul>
                {layer.data.features.map((feature, index) => (
                  <li key={feature.id ?? index}>{placeName(feature.properties)}</li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      )}
    </>
  );
}

/** What the colours on the map mean: categories, then the published layers. */
function MapKey({ view }: { view: CommunityBoardView }) {
  return (
    <div className="community-key">
      <p className="community-key__title">On the map</p>
      <ul className="community-key__items">
        {view.categories.map((category) => (
          <li key={category.id}>
            <span className="community-key__dot" style={{ backgroundColor: categoryColour(category.id) }} aria-hidden="true" />
            {category.label}
          </li>
        ))}
        {view.layers.map((layer) => (
          <li key={layer.id}>
            <span className="community-key__square" style={{ backgroundColor: layer.colour }} aria-hidden="true" />
            {layer.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

function placeName(properties: Record<string, unknown>): string {
  const key = Object.keys(properties).find((k) => k.toLowerCase() === 'name');
  const value = key ? properties[key] : undefined;
  return typeof value === 'string' && value.trim() ? value : 'Unnamed place';
}
