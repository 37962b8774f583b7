import { useRef, type KeyboardEvent } from 'react';
import { BOARD_PANES } from '@placeboard/board';
import './board-tabs.css';

/**
 * The panes of the board view: the shared BOARD_PANES (which presence also names) plus Partners, Governance and
 * Community.
 * (Partners and Governance live here rather than in BOARD_PANES, whose list is pinned by its tests; presence
 * carries the pane as a plain string, so others still see "in Partners".)
 */
export const VIEW_PANES = [...BOARD_PANES, 'partners', 'governance', 'community'] as const;
/** One pane of the board view. */
export type ViewPane = (typeof VIEW_PANES)[number];

/** True when `value` names a pane of the board view. */
export function isViewPane(value: string): value is ViewPane {
  return (VIEW_PANES as readonly string[]).includes(value);
}

/** Visible names of the board panes. */
export const PANE_LABELS: Record<ViewPane, string> = {
  map: 'Map',
  purpose: 'Purpose',
  outcomes: 'Outcomes',
  partners: 'Partners',
  governance: 'Governance',
  community: 'Community',
};

/** Id of the tab button for `pane`, referenced by its panel's aria-labelledby. */
export function tabId(pane: ViewPane): string {
  return `tab-${pane}`;
}

/** Id of the panel for `pane`, referenced by its tab's aria-controls. */
export function panelId(pane: ViewPane): string {
  return `panel-${pane}`;
}

/** ARIA tabs choosing the board pane: arrow keys, Home and End move between tabs (automatic activation). */
export function BoardTabs({ active, onSelect }: { active: ViewPane; onSelect: (pane: ViewPane) => void }) {
  const refs = useRef<Partial<Record<ViewPane, HTMLButtonElement | null>>>({});

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = VIEW_PANES.indexOf(active);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % VIEW_PANES.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + VIEW_PANES.length) % VIEW_PANES.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = VIEW_PANES.length - 1;
    if (next === null) return;
    event.preventDefault();
    const pane = VIEW_PANES[next] as ViewPane;
    onSelect(pane);
    refs.current[pane]?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label="Board panes">
      {VIEW_PANES.map((pane) => (
        <button
          key={pane}
          ref={(element) => {
            refs.current[pane] = element;
          }}
          id={tabId(pane)}
          type="button"
          role="tab"
          className="tabs__tab"
          aria-selected={pane === active}
          aria-controls={panelId(pane)}
          tabIndex={pane === active ? 0 : -1}
          data-testid={`tab-${pane}`}
          onClick={() => onSelect(pane)}
          onKeyDown={onKeyDown}
        >
          {PANE_LABELS[pane]}
        </button>
      ))}
    </div>
  );
}
