import { useEffect, useMemo, useReducer } from 'react';
import type * as Y from 'yjs';
import { getRoots, type RootName } from '@placeboard/board';

/**
 * Reads a value from a board doc and reads it again whenever any of `roots` changes (deeply), or only when
 * `relevant` says a change matters (e.g. not for every keystroke inside a rich-text fragment).
 * `read` runs during render, so keep it cheap or pass stable `deps`; `relevant` must be a stable function.
 */
export function useBoardValue<T>(
  doc: Y.Doc,
  roots: readonly RootName[],
  read: (doc: Y.Doc) => T,
  deps: readonly unknown[] = [],
  relevant?: (events: readonly Y.YEvent<Y.AbstractType<unknown>>[]) => boolean,
): T {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const rootKey = roots.join(',');
  useEffect(() => {
    const all = getRoots(doc);
    const types = rootKey.split(',').map((name) => all[name as RootName]);
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      if (!relevant || relevant(events)) bump();
    };
    for (const type of types) type.observeDeep(onChange);
    bump(); // catch changes between render and subscription
    return () => {
      for (const type of types) type.unobserveDeep(onChange);
    };
  }, [doc, rootKey, relevant]);
  // `version` is the change counter: a new value means the doc changed and `read` must run again.
  return useMemo(() => read(doc), [doc, version, ...deps]);
}
