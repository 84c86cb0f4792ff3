import { useCallback, useState } from 'react';

export interface Rows<T> {
  rows: T[];
  /** Replaces every row (e.g. with what the server saved). */
  reset(rows: T[]): void;
  update(index: number, patch: Partial<T>): void;
  add(): void;
  remove(index: number): void;
}

/** The rows of a list a form edits (surcharges, cancellation tiers): add, change one, remove one. */
export function useRows<T>(initial: T[] | (() => T[]), blank: () => T): Rows<T> {
  const [rows, setRows] = useState(initial);
  const update = useCallback(
    (index: number, patch: Partial<T>) => setRows((all) => all.map((row, i) => (i === index ? { ...row, ...patch } : row))),
    [],
  );
  const add = useCallback(() => setRows((all) => [...all, blank()]), [blank]);
  const remove = useCallback((index: number) => setRows((all) => all.filter((_, i) => i !== index)), []);
  return { rows, reset: setRows, update, add, remove };
}
