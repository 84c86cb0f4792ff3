import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Poll<T> {
  /** The last answer; kept while a later poll fails. */
  data: T | undefined;
  /** What the last poll failed with (an ApiError for the API's answers), cleared by the next success. */
  error: unknown;
  /** True until the first answer for the current deps. */
  loading: boolean;
  /** Loads again now, e.g. after a change this screen made (after the poll in flight, if there is one). */
  refresh(): void;
}

/**
 * Loads now and again every `intervalMs` while the tab is visible, so that others' changes appear without a reload
 * (null: load once). A hidden tab stops polling and loads at once when it is shown again; loads never overlap.
 * A change of `deps` (e.g. the day shown) starts over.
 *
 *   const list = usePoll((signal) => api.get<Page<Reservation>>('/reservations', { query, signal }), 10_000, [day]);
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number | null, deps: DependencyList = []): Poll<T> {
  const [state, setState] = useState<Omit<Poll<T>, 'refresh'>>({ data: undefined, error: undefined, loading: true });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const runRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let again = false;
    setState({ data: undefined, error: undefined, loading: true });

    const run = async (): Promise<void> => {
      clearTimeout(timer);
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const data = await loadRef.current(signal);
        if (!signal.aborted) setState({ data, error: undefined, loading: false });
      } catch (error) {
        if (!signal.aborted) setState((previous) => ({ ...previous, error, loading: false }));
      } finally {
        inFlight = false;
      }
      if (signal.aborted) return;
      if (again) {
        again = false;
        return run();
      }
      if (intervalMs !== null) timer = setTimeout(() => !document.hidden && void run(), intervalMs);
    };
    const onVisibility = () => !document.hidden && void run();

    runRef.current = () => void run();
    if (intervalMs !== null) document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, ...deps]); // the caller's deps decide when to start over; `load` is read fresh from loadRef

  const refresh = useCallback(() => runRef.current(), []);
  return { ...state, refresh };
}
