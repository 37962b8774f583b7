import { Link } from 'react-router';
import './versions.css';

/**
 * The board header's links to its versions and to present mode, shown to every role (what each may do there is
 * decided on those pages). "Present" opens present mode as the presenter: everyone else who opens it follows.
 */
export function BoardToolLinks({ boardId }: { boardId: string }) {
  const base = `/b/${encodeURIComponent(boardId)}`;
  return (
    <nav aria-label="Board versions and presenting" className="board-tool-links">
      <Link to={`${base}/versions`} data-testid="versions-link">
        Versions
      </Link>
      <Link to={`${base}/present`} state={{ present: true }} data-testid="present-link">
        Present
      </Link>
    </nav>
  );
}
