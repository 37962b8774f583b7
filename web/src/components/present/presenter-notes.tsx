import { useEffect, useId, useState } from 'react';
import type * as Y from 'yjs';
import { SLIDE_NOTES_MAX, getSlideNotes, setSlideNotes, type Slide } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';

/** Props of {@link PresenterNotes}. */
export interface PresenterNotesProps {
  id: string;
  doc: Y.Doc;
  slide: Slide;
  next: Slide | undefined;
  /** Plan editors write the notes; anyone else presenting reads them. */
  canEdit: boolean;
}

/**
 * The presenter's notes panel: the notes of the slide on screen (stored with the board under the slide's key, so
 * they are there next time and in the board pack), and what the next slide is. Followers never see it.
 */
export function PresenterNotes({ id, doc, slide, next, canEdit }: PresenterNotesProps) {
  const notes = useBoardValue(doc, ['meta'], (d) => getSlideNotes(d, slide.key), [slide.key]);
  // What is being typed, while the field has focus: blank notes are removed from the board, and the field must not
  // lose a space typed at the start.
  const [draft, setDraft] = useState<string | null>(null);
  const headingId = useId();
  const fieldId = useId();
  const hintId = useId();
  useEffect(() => setDraft(null), [slide.key]);

  return (
    <aside id={id} className="presenter-notes" aria-labelledby={headingId} data-testid="presenter-notes">
      <h2 id={headingId} className="presenter-notes__heading">
        Presenter notes
      </h2>
      {canEdit ? (
        <div className="field">
          <label htmlFor={fieldId}>Notes for “{slide.title}”</label>
          <p id={hintId} className="hint">
            Saved with the board as you type. People following you do not see them.
          </p>
          <textarea
            id={fieldId}
            className="presenter-notes__field"
            aria-describedby={hintId}
            maxLength={SLIDE_NOTES_MAX}
            value={draft ?? notes}
            data-testid="presenter-notes-field"
            onChange={(event) => {
              const value = event.target.value;
              setDraft(value);
              setSlideNotes(doc, slide.key, value.slice(0, SLIDE_NOTES_MAX));
            }}
            onBlur={() => setDraft(null)}
          />
        </div>
      ) : notes ? (
        <p className="presenter-notes__text" data-testid="presenter-notes-text">
          {notes}
        </p>
      ) : (
        <p className="hint">No notes for this slide.</p>
      )}
      <p className="presenter-notes__next">
        <span className="presenter-notes__next-label">Next:</span> {next ? next.title : 'End of the slides'}
      </p>
    </aside>
  );
}
