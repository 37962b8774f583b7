import { useRef, type KeyboardEvent } from 'react';
import { BOARD_PANES, type BoardPane } from '@placeboard/board';

/** Visible names of the board panes. */
export const PANE_LABELS: Record<BoardPane, string> = { map: 'Map', purpose: 'Purpose', outcomes: 'Outcomes' };

/** Id of the tab button for `pane`, referenced by its panel's aria-labelledby. */
export function tabId(pane: BoardPane): string {
  return `tab-${pane}`;
}

/** Id of the panel for `pane`, referenced by its tab's aria-controls. */
export function panelId(pane: BoardPane): string {
  return `panel-${pane}`;
}

/** ARIA tabs choosing the board pane: arrow keys, Home and End move between tabs (automatic activation). */
export function BoardTabs({ active, onSelect }: { active: BoardPane; onSelect: (pane: BoardPane) => void }) {
  const refs = useRef<Partial<Record<BoardPane, HTMLButtonElement | null>>>({});

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = BOARD_PANES.indexOf(active);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % BOARD_PANES.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + BOARD_PANES.length) % BOARD_PANES.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = BOARD_PANES.length - 1;
    if (next === null) return;
    event.preventDefault();
    const pane = BOARD_PANES[next] as BoardPane;
    onSelect(pane);
    refs.current[pane]?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label="Board panes">
      {BOARD_PANES.map((pane) => (
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
