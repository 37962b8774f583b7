import { useEffect, useState } from 'react';
import { Link } from 'react-router';

/** The name a saved page copy is downloaded under: the board, and when (local time, to the minute). */
function undoneCopyFileName(boardId: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  const board = boardId.replace(/[^A-Za-z0-9_-]/g, '');
  return `placeboard-${board}-undone-${stamp}.yjs`;
}

/**
 * Offers the board as this page had it when the server refused its edits (see `onRefused` in use-board-doc.ts), as a
 * file: the page's doc and the browser's copy have been thrown away, so this is the last place the edits that went
 * are held. The file is a Yjs update of the whole board, which "Open a saved copy" on the Boards page
 * (open-copy-form.tsx) or `pnpm cli import-board` opens as a separate board, from which the changes can be made again.
 * Nothing is sent anywhere: the file is made in the browser.
 */
export function UndoneCopyLink({ boardId, pageCopy, discarded }: { boardId: string; pageCopy: Uint8Array; discarded: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [fileName] = useState(() => undoneCopyFileName(boardId, new Date()));
  useEffect(() => {
    const objectUrl = URL.createObjectURL(new Blob([pageCopy as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [pageCopy]);
  if (!url) return null;
  const what = discarded === 1 ? 'the undone change' : `the ${discarded} undone changes`;
  return (
    <p className="access-notice__keep">
      <a href={url} download={fileName} data-testid="undone-copy">
        Save this page’s copy of the board
      </a>
      , with {what}, so that what you wrote is not lost. Then open it as a new board of your own with “Open a saved
      copy” on the <Link to="/">Boards page</Link>, and make the changes again from there; or send it to someone who can.
    </p>
  );
}
