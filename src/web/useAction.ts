import { useCallback, useEffect, useRef, useState } from 'react';

export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or to undefined when it failed (then `error` says why). Never rejects. */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  reset(): void;
}

/**
 * A form submit or a button's API call, with its busy flag and error for <Button busy>, <ErrorBanner> and <Field>.
 *
 *   const save = useAction((body: NewBlackout) => api.post<Blackout>('/blackouts', body, { idempotencyKey }));
 *   <form onSubmit={(e) => { e.preventDefault(); void save.run(body).then((made) => made && onSaved(made)); }}>
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const actionRef = useRef(action);
  useEffect(() => {
    actionRef.current = action;
  });

  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await actionRef.current(...args);
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, busy, error, reset };
}
