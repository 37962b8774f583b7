import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { TextSelection } from '@tiptap/pm/state';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import {
  addCommentThread,
  getPurposeFragment,
  listThreads,
  type Author,
  type PresenceState,
  type RelativePositionJSON,
} from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useBoardAccess } from '../access/board-access';
import { CommentColumn, type ThreadPlace } from './comment-threads';
import { CommentHighlights, commentHighlightKey, selectionAnchor, setCommentRanges, type CommentRange } from './comment-highlights';
import { EditorToolbar } from './editor-toolbar';
import { checkLink, LinkDialog } from './link-dialog';

interface PurposeEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  purposeId: string;
  title: string;
  user: PresenceState['user'];
  author: Author;
}

/** Mod-k opens the link dialog (the Link extension has no dialog of its own). */
const LinkShortcut = Extension.create<{ onLink: () => void }>({
  name: 'linkShortcut',
  addOptions: () => ({ onLink: () => {} }),
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        this.options.onLink();
        return true;
      },
    };
  },
});

interface Draft {
  from: RelativePositionJSON;
  to: RelativePositionJSON;
  quote: string;
}

/**
 * The shared rich text of one purpose: a Tiptap editor bound to the purpose's Y.XmlFragment, with
 * everyone's carets, and its comment threads beside it. It never gets `content`: the text comes only from
 * the doc. Undo/redo is off because Tiptap's history would undo other people's edits.
 */
export function PurposeEditor({ doc, provider, purposeId, title, user, author }: PurposeEditorProps) {
  const fragment = getPurposeFragment(doc, purposeId);
  // Only plan editors change the text; contributors may still comment on it, viewers only read.
  const { canEditPlan, canContribute } = useBoardAccess();
  const editableRef = useRef(canEditPlan);
  editableRef.current = canEditPlan;
  const labelId = useId();
  const statusId = useId();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusActive, setFocusActive] = useState(0);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [linkHref, setLinkHref] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  // The extensions are created once per editor; they call the latest handlers through this ref.
  const handlers = useRef({ activate: (_id: string) => {}, comment: () => {}, link: () => {} });

  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          undoRedo: false,
          heading: { levels: [3, 4] },
          link: {
            openOnClick: false,
            autolink: true,
            defaultProtocol: 'https',
            // No `protocols`: linkify knows mailto: already, and registering a scheme again once a second editor
            // opens only makes linkify warn in the console.
            isAllowedUri: (url) => checkLink(url).ok,
            HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
          },
        }),
        TableKit.configure({ table: { resizable: false } }),
        TaskList,
        TaskItem.configure({ nested: true }),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider, user }),
        CommentHighlights.configure({
          onActivate: (id) => handlers.current.activate(id),
          onCommentShortcut: () => handlers.current.comment(),
        }),
        LinkShortcut.configure({ onLink: () => handlers.current.link() }),
      ],
      editable: canEditPlan,
      editorProps: {
        attributes: () => ({
          class: 'purpose-editor__content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-readonly': editableRef.current ? 'false' : 'true',
          'aria-labelledby': labelId,
          'aria-describedby': statusId,
        }),
      },
    },
    [fragment, provider, user.name, user.color],
  );

  useEffect(() => {
    if (editor.isEditable !== canEditPlan) editor.setEditable(canEditPlan);
  }, [editor, canEditPlan]);

  const threads = useBoardValue(doc, ['comments'], (d) => listThreads(d, { kind: 'text', id: purposeId }), [purposeId]);
  const ranges = useMemo<CommentRange[]>(
    () =>
      threads.flatMap((t) =>
        t.ok && t.value.anchor.from && t.value.anchor.to
          ? [{ id: t.value.id, from: t.value.anchor.from, to: t.value.anchor.to, resolved: t.value.resolved }]
          : [],
      ),
    [threads],
  );
  useEffect(() => {
    setCommentRanges(editor, ranges, activeId);
  }, [editor, ranges, activeId]);

  // Where each thread's words are now, read from the highlight plugin (plain objects so equality is by value).
  const places = useEditorState({
    editor,
    selector: ({ editor: e }): Record<string, ThreadPlace> => {
      const out: Record<string, ThreadPlace> = {};
      const positions = commentHighlightKey.getState(e.state)?.positions;
      if (!positions) return out;
      for (const [id, position] of positions) {
        out[id] = position === 'removed' ? 'removed' : { text: e.state.doc.textBetween(position.from, position.to, ' ', ' ') };
      }
      return out;
    },
  });

  const startComment = (): void => {
    const anchor = selectionAnchor(editor);
    if (!anchor) {
      setStatus('Select some text first, then choose Comment.');
      return;
    }
    setStatus('');
    setDraft(anchor);
  };
  const openLink = (): void => {
    setLinkHref((editor.getAttributes('link').href as string | undefined) ?? '');
  };
  handlers.current = {
    activate: (id) => {
      setActiveId(id);
      setFocusActive((n) => n + 1);
    },
    comment: startComment,
    link: openLink,
  };

  const showInText = (threadId: string): void => {
    const position = commentHighlightKey.getState(editor.state)?.positions.get(threadId);
    if (!position || position === 'removed') return;
    setActiveId(threadId);
    const tr = editor.state.tr.setSelection(TextSelection.create(editor.state.doc, position.from, position.to)).scrollIntoView();
    editor.view.dispatch(tr);
    editor.view.focus();
  };

  if (!fragment) {
    return (
      <p className="broken-item" data-testid="purpose-broken">
        The text of this purpose could not be read.
      </p>
    );
  }
  return (
    <div className="purpose-editor">
      <div className="purpose-editor__main">
        <span id={labelId} className="label">
          Purpose statement<span className="visually-hidden">: {title}</span>
        </span>
        {canEditPlan ? (
          <EditorToolbar editor={editor} onLink={openLink} onComment={startComment} label={`Text formatting for ${title || 'this purpose'}`} />
        ) : (
          canContribute && (
            <div className="button-row">
              <button type="button" className="button button--secondary" onMouseDown={(event) => event.preventDefault()} onClick={startComment} data-testid="comment-button">
                Comment on selected text
              </button>
            </div>
          )
        )}
        <div className="purpose-editor__frame" data-testid={`purpose-editor-${purposeId}`}>
          <EditorContent editor={editor} />
        </div>
        <p id={statusId} className="purpose-editor__status hint" role="status" aria-live="polite">
          {status}
        </p>
      </div>
      <CommentColumn
        doc={doc}
        author={author}
        title={title}
        threads={threads}
        places={places ?? {}}
        activeId={activeId}
        focusActive={focusActive}
        onActivate={setActiveId}
        onShowInText={showInText}
        draft={draft}
        onSubmitDraft={(text) => {
          if (!draft) return;
          const id = addCommentThread(doc, { kind: 'text', id: purposeId, from: draft.from, to: draft.to, quote: draft.quote.slice(0, 500) }, text, author);
          setDraft(null);
          setActiveId(id);
          setStatus('Comment added.');
        }}
        onCancelDraft={() => {
          setDraft(null);
          editor.commands.focus();
        }}
      />
      {linkHref !== null && (
        <LinkDialog
          initialHref={linkHref}
          onApply={(href) => {
            setLinkHref(null);
            editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
          }}
          onRemove={() => {
            setLinkHref(null);
            editor.chain().focus().extendMarkRange('link').unsetLink().run();
          }}
          onClose={() => {
            setLinkHref(null);
            editor.commands.focus();
          }}
        />
      )}
    </div>
  );
}
