/**
 * Runs `task` when the page is idle, or after `timeoutMs` at the latest (after a second where the browser cannot
 * tell). Returns a cancel.
 */
export function whenIdle(task: () => void, timeoutMs = 5_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, Math.min(timeoutMs, 1_000));
  return () => clearTimeout(id);
}
