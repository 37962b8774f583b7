import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { RelativePositionJSON } from '@placeboard/board';

/** An open comment thread's range in the purpose's Y.XmlFragment (Yjs relative positions, as stored). */
export interface CommentRange {
  id: string;
  from: RelativePositionJSON;
  to: RelativePositionJSON;
  /** Resolved threads are tracked (to know whether their text is still there) but not highlighted. */
  resolved: boolean;
}

/** Where a thread's range is in the current editor document: a ProseMirror range, or 'removed' when its text is gone. */
export type CommentPosition = { from: number; to: number } | 'removed';

/** Plugin state: the threads, which one is active, where each is now and the highlight decorations. */
export interface CommentHighlightState {
  ranges: readonly CommentRange[];
  activeId: string | null;
  positions: ReadonlyMap<string, CommentPosition>;
  decorations: DecorationSet;
}

/** The key to read `CommentHighlightState` from an editor state. */
export const commentHighlightKey = new PluginKey<CommentHighlightState>('commentHighlights');

/** Class and test hook of a highlighted (commented) range; the active thread's range also gets the `--active` class. */
export const COMMENT_HIGHLIGHT_CLASS = 'comment-highlight';

interface Meta {
  ranges?: readonly CommentRange[];
  activeId?: string | null;
}

/** y-tiptap's map from Yjs types to the ProseMirror nodes it rendered them as. */
type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

interface YSyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: ProsemirrorMapping } | null;
}

function syncState(state: EditorState): YSyncState | undefined {
  const ystate = ySyncPluginKey.getState(state) as YSyncState | undefined;
  return ystate && ystate.binding ? ystate : undefined;
}

/** Resolves every range from its relative positions through y-tiptap's Yjs-to-ProseMirror mapping. */
function resolveAll(state: EditorState, ranges: readonly CommentRange[]): Map<string, CommentPosition> {
  const positions = new Map<string, CommentPosition>();
  const ystate = syncState(state);
  if (!ystate || !ystate.binding || ystate.binding.mapping.size === 0) return positions;
  const size = state.doc.content.size;
  for (const range of ranges) {
    let from: number | null = null;
    let to: number | null = null;
    try {
      from = relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(range.from), ystate.binding.mapping);
      to = relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(range.to), ystate.binding.mapping);
    } catch {
      // A position from a malformed record: treat the text as gone rather than break the editor.
    }
    if (from === null || to === null) {
      positions.set(range.id, 'removed');
      continue;
    }
    const start = Math.max(0, Math.min(from, size));
    const end = Math.max(0, Math.min(to, size));
    positions.set(range.id, end > start && state.doc.textBetween(start, end, '\n', ' ').trim() !== '' ? { from: start, to: end } : 'removed');
  }
  return positions;
}

/** Moves known ranges through a local edit (the Yjs mapping is only brought up to date after it). */
function mapAll(tr: Transaction, previous: ReadonlyMap<string, CommentPosition>): Map<string, CommentPosition> {
  const positions = new Map<string, CommentPosition>();
  for (const [id, position] of previous) {
    if (position === 'removed') {
      positions.set(id, position);
      continue;
    }
    const from = tr.mapping.map(position.from, 1);
    const to = tr.mapping.map(position.to, -1);
    positions.set(id, to > from ? { from, to } : 'removed');
  }
  return positions;
}

function decorate(
  state: EditorState,
  ranges: readonly CommentRange[],
  positions: ReadonlyMap<string, CommentPosition>,
  activeId: string | null,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const range of ranges) {
    const id = range.id;
    const position = positions.get(id);
    if (range.resolved || !position || position === 'removed') continue;
    const active = id === activeId;
    decorations.push(
      Decoration.inline(
        position.from,
        position.to,
        {
          class: active ? `${COMMENT_HIGHLIGHT_CLASS} ${COMMENT_HIGHLIGHT_CLASS}--active` : COMMENT_HIGHLIGHT_CLASS,
          'data-testid': COMMENT_HIGHLIGHT_CLASS,
          'data-thread-id': id,
        },
        { threadId: id },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Options of the comment highlight extension. */
export interface CommentHighlightOptions {
  /** Called when someone clicks a highlighted range: the pane focuses that thread. @default no-op */
  onActivate: (threadId: string) => void;
  /** Called for Mod-Alt-m (start a comment on the selection). @default no-op */
  onCommentShortcut: () => void;
}

/**
 * Highlights the text ranges of open comment threads. The ranges are Yjs relative positions; they are turned
 * into ProseMirror positions through y-tiptap's mapping on every transaction that came from Yjs (a remote
 * edit or the first render) and whenever the threads change. A local edit is mapped through the transaction
 * instead, because y-tiptap updates its Yjs-to-ProseMirror mapping only after the transaction is applied.
 */
export const CommentHighlights = Extension.create<CommentHighlightOptions>({
  name: 'commentHighlights',

  addOptions() {
    return { onActivate: () => {}, onCommentShortcut: () => {} };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        this.options.onCommentShortcut();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<CommentHighlightState>({
        key: commentHighlightKey,
        state: {
          init: (_config, state) => ({ ranges: [], activeId: null, positions: new Map(), decorations: DecorationSet.create(state.doc, []) }),
          apply: (tr, previous, _oldState, newState) => {
            const meta = tr.getMeta(commentHighlightKey) as Meta | undefined;
            const ranges = meta?.ranges ?? previous.ranges;
            const activeId = meta && 'activeId' in meta ? (meta.activeId ?? null) : previous.activeId;
            const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
            let positions: ReadonlyMap<string, CommentPosition>;
            if (meta?.ranges || fromYjs) positions = resolveAll(newState, ranges);
            else if (tr.docChanged) positions = mapAll(tr, previous.positions);
            else positions = previous.positions;
            if (positions === previous.positions && activeId === previous.activeId && ranges === previous.ranges) return previous;
            return { ranges, activeId, positions, decorations: decorate(newState, ranges, positions, activeId) };
          },
        },
        props: {
          decorations: (state) => commentHighlightKey.getState(state)?.decorations,
          handleClick: (view, pos, event) => {
            const target = event.target instanceof Element ? event.target.closest(`.${COMMENT_HIGHLIGHT_CLASS}`) : null;
            let threadId = target?.getAttribute('data-thread-id') ?? null;
            if (!threadId) {
              const found = commentHighlightKey.getState(view.state)?.decorations.find(pos, pos);
              threadId = (found?.[0]?.spec as { threadId?: string } | undefined)?.threadId ?? null;
            }
            if (threadId) options.onActivate(threadId);
            return false;
          },
        },
      }),
    ];
  },
});

/** Gives the highlight plugin the current open threads and the active one (call when the comments root changes). */
export function setCommentRanges(editor: Editor, ranges: readonly CommentRange[], activeId: string | null): void {
  if (editor.isDestroyed) return;
  const tr = editor.state.tr.setMeta(commentHighlightKey, { ranges, activeId } satisfies Meta).setMeta('addToHistory', false);
  editor.view.dispatch(tr);
}

/**
 * The editor's selection as Yjs relative positions in the purpose's fragment (what a text anchor stores),
 * plus the selected words; undefined when nothing is selected or the editor is not bound to Yjs yet.
 */
export function selectionAnchor(editor: Editor): { from: RelativePositionJSON; to: RelativePositionJSON; quote: string } | undefined {
  const { state } = editor;
  const { from, to, empty } = state.selection;
  const ystate = syncState(state);
  if (empty || !ystate?.binding) return undefined;
  const quote = state.doc.textBetween(from, to, ' ', ' ').replace(/\s+/g, ' ').trim();
  if (quote === '') return undefined;
  const relFrom = absolutePositionToRelativePosition(from, ystate.type, ystate.binding.mapping) as Y.RelativePosition;
  const relTo = absolutePositionToRelativePosition(to, ystate.type, ystate.binding.mapping) as Y.RelativePosition;
  return {
    from: Y.relativePositionToJSON(relFrom) as RelativePositionJSON,
    to: Y.relativePositionToJSON(relTo) as RelativePositionJSON,
    quote: quote.length > 500 ? `${quote.slice(0, 497)}…` : quote,
  };
}
