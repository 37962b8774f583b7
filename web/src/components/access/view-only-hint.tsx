import type { ReactNode } from 'react';

/**
 * Where a form that changes the plan would be, for a role that cannot change it (see `canEditPlan`): says in words
 * that this part is view only, and who changes it. The server refuses such an edit anyway, and the board would then
 * throw the local copy away, so the form is not offered.
 */
export function ViewOnlyHint({ children }: { children: ReactNode }) {
  return (
    <p className="hint" data-testid="view-only-hint">
      <strong>View only:</strong> {children}
    </p>
  );
}
