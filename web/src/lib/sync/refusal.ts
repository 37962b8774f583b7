import type { RefusalCause } from '../../hooks/use-board-doc';

/**
 * What the person is told when the server refused an edit and the page's doc was thrown away (see `onRefused` in
 * use-board-doc.ts): why, and what went with it. Edits made offline reach the server in one message, taken or
 * refused whole, so when `discarded` (the edits the server had not had) is more than one, they all went, and the
 * message says how many rather than "your last change".
 */
export function refusalMessage(reason: string, cause: RefusalCause, discarded: number): string {
  const why = cause === 'role' ? `A change was not allowed for your role (${reason})` : `A change made on this page could not be saved (${reason})`;
  if (discarded > 1) {
    const others = `${discarded - 1} other ${discarded === 2 ? 'change' : 'changes'}`;
    return `${why}. It was sent with ${others} made on this page that had not been saved yet, and all ${discarded} have been undone; the board was loaded again from the server.`;
  }
  return cause === 'role'
    ? `Your last change was not allowed for your role (${reason}) and has been undone.`
    : `${why} and has been undone; the board was loaded again from the server.`;
}
