import { useEffect, useMemo, useReducer } from 'react';
import type * as Y from 'yjs';
import { getRoots, type RootName } from '@placeboard/board';

/**
 * Reads a value from a board doc and reads it again whenever any of `roots` changes (deeply).
 * `read` runs during render, so keep it cheap or pass stable `deps`.
 */
export function useBoardValue<T>(doc: Y.Doc, roots: readonly RootName[], read: (doc: Y.Doc) => T, deps: readonly unknown[] = []): T {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const rootKey = roots.join(',');
  useEffect(() => {
    const all = getRoots(doc);
    const types = rootKey.split(',').map((name) => all[name as RootName]);
    const onChange = (): void => bump();
    for (const type of types) type.observeDeep(onChange);
    bump(); // catch changes between render and subscription
    return () => {
      for (const type of types) type.unobserveDeep(onChange);
    };
  }, [doc, rootKey]);
  // `version` is the change counter: a new value means the doc changed and `read` must run again.
  return useMemo(() => read(doc), [doc, version, ...deps]);
}
