import './shared.css';

/** Which column a table is sorted by, and which way. */
export interface SortState<K extends string> {
  key: K;
  direction: 'ascending' | 'descending';
}

/** The next sort state after a click on `key`: a new column sorts ascending, the same one flips. */
export function nextSort<K extends string>(current: SortState<K>, key: K): SortState<K> {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/**
 * A sortable column header: a real button (keyboard and screen reader friendly) inside a `th` carrying
 * `aria-sort`, so the sort order is announced with the column.
 */
export function SortHeader<K extends string>({
  sortKey,
  label,
  sort,
  onSort,
  testIdPrefix,
  className,
}: {
  sortKey: K;
  label: string;
  sort: SortState<K>;
  onSort: (next: SortState<K>) => void;
  testIdPrefix: string;
  className?: string;
}) {
  const current = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={current ? sort.direction : 'none'} className={className}>
      <button
        type="button"
        className="table-sort"
        data-testid={`${testIdPrefix}-sort-${sortKey}`}
        onClick={() => onSort(nextSort(sort, sortKey))}
      >
        {label}
        <span aria-hidden="true">{current ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}
