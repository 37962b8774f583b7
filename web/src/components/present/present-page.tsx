import { useCallback, useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { buildSlides, getBoardMeta, presenceColour, type PresenceState, type Slide } from '@placeboard/board';
import { useBoardDoc, type BoardConnection } from '../../hooks/use-board-doc';
import { useDisplayName } from '../../hooks/use-display-name';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useBoardAccess } from '../access/board-access';
import { PresenterNotes } from './presenter-notes';
import { PRESENTING_FIELD, usePresenter, type MapCamera, type PresentingState } from './presenting';
import { SLIDE_KIND_LABELS, SlideContent } from './slide-content';
import { useFitToBox } from './use-fit-to-box';
import './present.css';
import { FocusKeepingButton } from '../focus-keeping-button';

/** What opening present mode from the board's "Present" link carries: this person presents. */
interface PresentLinkState {
  present?: boolean;
}

/**
 * The `/b/:id/present` route: the board as full-screen slides. Whoever opened it with the board's "Present" link
 * presents: their slide (and map view) goes out in awareness. Anyone else who opens it follows the most recent
 * presenter, live and read-only, until they stop following.
 */
export function PresentPage() {
  const { id = '' } = useParams();
  const { name } = useDisplayName();
  const location = useLocation();
  const user = useMemo(() => ({ name, color: presenceColour(name) }), [name]);
  // No pane: someone presenting or following is on no pane of the board.
  const presence = useMemo<PresenceState>(() => ({ user }), [user]);
  const { sync } = useBoardAccess();
  const connection = useBoardDoc(id, presence, sync);
  const startPresenting = (location.state as PresentLinkState | null)?.present === true;

  if (!connection) return <p role="status">Opening present mode…</p>;
  return <PresentWorkspace key={`${id}:${connection.doc.guid}`} boardId={id} connection={connection} startPresenting={startPresenting} />;
}

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** True when `element` scrolls: it then needs to be reachable with the keyboard. */
function useScrollable(ref: RefObject<HTMLElement | null>, deps: readonly unknown[]): boolean {
  const [scrollable, setScrollable] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const check = (): void => setScrollable(element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    check();
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return scrollable;
}

/** Slides of text and tables: shrunk to fit their box (see useFitToBox). */
const TEXT_SLIDES: ReadonlySet<Slide['kind']> = new Set(['purpose', 'community', 'partners', 'governance']);

interface PresentWorkspaceProps {
  boardId: string;
  connection: BoardConnection;
  startPresenting: boolean;
}

function PresentWorkspace({ boardId, connection, startPresenting }: PresentWorkspaceProps) {
  const { doc, provider, synced } = connection;
  const awareness = provider.awareness;
  const access = useBoardAccess();
  const navigate = useNavigate();
  const slides = useBoardValue(doc, ['meta', 'purposes', 'canvas', 'community'], buildSlides);
  const meta = useBoardValue(doc, ['meta'], getBoardMeta);
  const presenter = usePresenter(awareness);

  const [presenting, setPresenting] = useState(startPresenting);
  const [stoppedFollowing, setStoppedFollowing] = useState(false);
  const [slideKey, setSlideKey] = useState<string | null>(null);
  const [camera, setCamera] = useState<MapCamera | null>(null);
  const [notesOpen, setNotesOpen] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const [fullscreen, setFullscreen] = useState(() => document.fullscreenElement !== null);
  const since = useRef(Date.now());
  const lastIndex = useRef(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const notesId = useId();

  const following = !presenting && !stoppedFollowing && presenter !== null;
  const followedKey = following ? presenter.presenting.slideKey : null;

  // Following: the presenter's slide becomes this page's slide (and stays when following stops).
  useEffect(() => {
    if (followedKey !== null) setSlideKey(followedKey);
  }, [followedKey]);

  const found = slideKey === null ? 0 : slides.findIndex((s) => s.key === slideKey);
  // A slide deleted (or not synced here yet) leaves the page where it was, as near as the slides allow.
  const index = Math.min(found >= 0 ? found : lastIndex.current, slides.length - 1);
  const slide = slides[index] ?? slides[0]!;
  lastIndex.current = index;
  const total = slides.length;

  // Presenting: everyone else sees this slide (and where this map looks).
  useEffect(() => {
    const state: PresentingState | null = presenting
      ? { slideKey: slide.key, mapView: slide.kind === 'map-view' ? camera : null, since: since.current }
      : null;
    awareness.setLocalStateField(PRESENTING_FIELD, state);
  }, [awareness, presenting, slide.key, slide.kind, camera]);
  useEffect(() => () => awareness.setLocalStateField(PRESENTING_FIELD, null), [awareness]);

  useEffect(() => {
    document.title = `${presenting ? 'Presenting' : 'Present mode'}: ${meta.title} – Placeboard`;
  }, [presenting, meta.title]);

  // Say which slide is showing (politely), whoever moved it.
  useEffect(() => {
    if (synced) setAnnouncement(`Slide ${index + 1} of ${total}: ${slide.title}`);
  }, [synced, index, total, slide.title]);

  const go = useCallback(
    (target: number) => {
      const next = slides[Math.max(0, Math.min(slides.length - 1, target))];
      if (!next) return;
      setSlideKey(next.key);
      setCamera(null);
    },
    [slides],
  );

  const leave = useCallback(() => navigate(`/b/${encodeURIComponent(boardId)}`), [navigate, boardId]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTextInput(event.target)) return;
      const { key } = event;
      if (key === 'Escape') {
        // In full screen, the browser takes Escape to leave full screen first.
        if (document.fullscreenElement) return;
        event.preventDefault();
        leave();
        return;
      }
      const moves: Record<string, number | undefined> = {
        ArrowRight: index + 1,
        PageDown: index + 1,
        ArrowLeft: index - 1,
        PageUp: index - 1,
        Home: 0,
        End: total - 1,
      };
      const target = moves[key];
      if (target === undefined) return;
      // The map of a map slide pans with the arrow keys while it has focus.
      if (key.startsWith('Arrow') && event.target instanceof Element && event.target.closest('.maplibregl-map')) return;
      event.preventDefault();
      if (following) {
        setAnnouncement(`You are following ${presenter?.name ?? 'the presenter'}. Choose Stop following to move through the slides yourself.`);
        return;
      }
      go(target);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [index, total, following, presenter?.name, go, leave]);

  useEffect(() => {
    const onChange = (): void => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleFullscreen = (): void => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void rootRef.current?.requestFullscreen().catch(() => setAnnouncement('This browser did not allow full screen.'));
  };

  // Text slides shrink to fit rather than hide rows below the fold; maps and frames scale themselves.
  useFitToBox(bodyRef, synced && TEXT_SLIDES.has(slide.kind), [slide.key]);
  const scrollable = useScrollable(bodyRef, [slide.key, synced]);
  const mode = presenting ? 'presenting' : following ? 'following' : 'browsing';
  const showNotes = presenting && notesOpen;
  const board = `/b/${encodeURIComponent(boardId)}`;

  let status: string;
  if (presenting) status = 'You are presenting';
  else if (following) status = `Following ${presenter.name}`;
  else if (presenter) status = `${presenter.name} is presenting`;
  else status = 'Nobody is presenting';

  return (
    <div ref={rootRef} className={`present present--${mode}${showNotes ? ' present--notes' : ''}`} data-testid="present-view" data-mode={mode} data-synced={synced ? 'true' : 'false'}>
      <header className="present__bar">
        <Link to={board} className="present__exit" data-testid="present-exit">
          <span aria-hidden="true">← </span>Leave present mode <span className="present__key">(Esc)</span>
        </Link>
        <h1 className="present__board">{meta.title}</h1>
        <p className="present__status" data-testid="follow-status" data-presenter={presenter?.name ?? ''} data-presenter-slide={presenter?.presenting.slideKey ?? ''}>
          {status}
        </p>
        <div className="present__controls">
          {!presenting && presenter && (
            <button type="button" className="present__button" onClick={() => setStoppedFollowing(following)} data-testid="follow-toggle">
              {following ? 'Stop following' : `Follow ${presenter.name}`}
            </button>
          )}
          {!following && (
            <button
              type="button"
              className="present__button"
              data-testid="present-toggle"
              onClick={() => {
                if (!presenting) since.current = Date.now();
                else setStoppedFollowing(true);
                setPresenting(!presenting);
              }}
            >
              {presenting ? 'Stop presenting' : 'Present to everyone'}
            </button>
          )}
          {presenting && (
            <button type="button" className="present__button" aria-expanded={notesOpen} aria-controls={notesId} onClick={() => setNotesOpen(!notesOpen)} data-testid="notes-toggle">
              {notesOpen ? 'Hide notes' : 'Show notes'}
            </button>
          )}
          {document.fullscreenEnabled && (
            <button type="button" className="present__button" onClick={toggleFullscreen} data-testid="fullscreen-toggle">
              {fullscreen ? 'Exit full screen' : 'Full screen'}
            </button>
          )}
        </div>
      </header>

      <div className="present__body">
        <main className="present__stage" aria-label="Slide">
          {!synced ? (
            <p role="status" className="present__loading">
              Loading board…
            </p>
          ) : (
            <section
              className={`slide slide--${slide.kind}`}
              aria-roledescription="slide"
              aria-labelledby={titleId}
              data-testid="slide"
              data-slide-key={slide.key}
              data-slide-kind={slide.kind}
              data-slide-index={index + 1}
            >
              <div className="slide__header">
                {SLIDE_KIND_LABELS[slide.kind].toLowerCase() !== slide.title.toLowerCase() && <p className="slide__kicker">{SLIDE_KIND_LABELS[slide.kind]}</p>}
                <h2 id={titleId} className="slide__title" data-testid="slide-title">
                  {slide.title}
                </h2>
              </div>
              <div ref={bodyRef} className="slide__body" tabIndex={scrollable ? 0 : undefined} aria-label={scrollable ? `${slide.title}, content` : undefined} role={scrollable ? 'group' : undefined}>
                <SlideContent
                  key={slide.key}
                  doc={doc}
                  boardId={boardId}
                  slide={slide}
                  camera={following ? (presenter.presenting.mapView ?? null) : null}
                  interactive={!following}
                  {...(presenting ? { onCamera: setCamera } : {})}
                />
              </div>
              <div className="slide__footer">
                <span>{meta.title}</span>
                <span aria-hidden="true">
                  {index + 1} / {total}
                </span>
              </div>
            </section>
          )}
        </main>
        {showNotes && synced && <PresenterNotes id={notesId} doc={doc} slide={slide} next={slides[index + 1]} canEdit={access.canEditPlan} />}
      </div>

      <nav className="present__nav" aria-label="Slides">
        <FocusKeepingButton className="present__button" onClick={() => go(index - 1)} unavailable={following || index === 0} data-testid="slide-prev">
          <span aria-hidden="true">← </span>Previous
        </FocusKeepingButton>
        <p className="present__counter" data-testid="slide-counter">
          Slide {index + 1} of {total}
        </p>
        <FocusKeepingButton className="present__button" onClick={() => go(index + 1)} unavailable={following || index >= total - 1} data-testid="slide-next">
          Next<span aria-hidden="true"> →</span>
        </FocusKeepingButton>
      </nav>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="present-announcer">
        {announcement}
      </p>
    </div>
  );
}
