import type { TextDiffPart } from '@placeboard/board';

/**
 * A text diff as `<ins>` and `<del>`: added words underlined, removed words struck through (not colour alone),
 * and each run named for screen readers, which mostly do not announce `<ins>` and `<del>` themselves.
 */
export function DiffText({ ops, testId }: { ops: readonly TextDiffPart[]; testId?: string }) {
  if (ops.length === 0) return <span className="hint">(empty)</span>;
  return (
    <span className="diff-text" data-testid={testId}>
      {ops.map((op, index) => {
        if (op.op === 'added') {
          return (
            <ins key={index} className="diff-text__added">
              <span className="visually-hidden">(added: </span>
              {op.text}
              <span className="visually-hidden">)</span>
            </ins>
          );
        }
        if (op.op === 'removed') {
          return (
            <del key={index} className="diff-text__removed">
              <span className="visually-hidden">(removed: </span>
              {op.text}
              <span className="visually-hidden">)</span>
            </del>
          );
        }
        return <span key={index}>{op.text}</span>;
      })}
    </span>
  );
}

/** How added and removed text look, said once above the diffs. */
export function DiffLegend() {
  return (
    <p className="diff-legend hint" data-testid="diff-legend">
      In the text below, <ins className="diff-text__added">added words are underlined</ins> and{' '}
      <del className="diff-text__removed">removed words are struck through</del>.
    </p>
  );
}
