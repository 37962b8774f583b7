import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useId } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { getPurposeFragment, type PresenceState } from '@placeboard/board';

interface PurposeEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  purposeId: string;
  title: string;
  user: PresenceState['user'];
}

/**
 * The shared rich text of one purpose: a Tiptap editor bound to the purpose's Y.XmlFragment, with
 * everyone's carets. It never gets `content`: the text comes only from the doc. Undo/redo is off
 * because Tiptap's history would undo other people's edits.
 */
export function PurposeEditor({ doc, provider, purposeId, title, user }: PurposeEditorProps) {
  const fragment = getPurposeFragment(doc, purposeId);
  const labelId = useId();
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false, heading: { levels: [3, 4] } }),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editorProps: {
        attributes: {
          class: 'purpose-editor__content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-labelledby': labelId,
        },
      },
    },
    [fragment, provider, user.name, user.color],
  );

  if (!fragment) {
    return (
      <p className="broken-item" data-testid="purpose-broken">
        The text of this purpose could not be read.
      </p>
    );
  }
  return (
    <div className="purpose-editor">
      <span id={labelId} className="label">
        Purpose statement<span className="visually-hidden">: {title}</span>
      </span>
      <EditorToolbar editor={editor} />
      <div className="purpose-editor__frame" data-testid={`purpose-editor-${purposeId}`}>
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}

/** Bold, italic, bullet list and heading, each showing whether it applies at the cursor. */
function EditorToolbar({ editor }: { editor: Editor }) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      bulletList: current.isActive('bulletList'),
      heading: current.isActive('heading', { level: 3 }),
    }),
  });
  const buttons = [
    { key: 'bold', label: 'Bold', text: 'B', run: () => editor.chain().focus().toggleBold().run() },
    { key: 'italic', label: 'Italic', text: 'I', run: () => editor.chain().focus().toggleItalic().run() },
    { key: 'bulletList', label: 'Bulleted list', text: '• List', run: () => editor.chain().focus().toggleBulletList().run() },
    { key: 'heading', label: 'Heading', text: 'Heading', run: () => editor.chain().focus().toggleHeading({ level: 3 }).run() },
  ] as const;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Text formatting">
      {buttons.map((button) => (
        <button
          key={button.key}
          type="button"
          className={`editor-toolbar__button editor-toolbar__button--${button.key}`}
          aria-pressed={active?.[button.key] ?? false}
          aria-label={button.label}
          title={button.label}
          onMouseDown={(event) => event.preventDefault()}
          onClick={button.run}
        >
          {button.text}
        </button>
      ))}
    </div>
  );
}
