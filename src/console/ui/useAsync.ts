// Loading and action state for components: one pattern for spinners, errors and reloads.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { toApiError } from '../api/errors';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Runs `load` on mount and whenever `deps` change; stale answers are dropped. */
export function useQuery<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef
      .current(controller.signal)
      .then((value) => !controller.signal.aborted && setData(value))
      .catch((err) => !controller.signal.aborted && setError(err))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload, setData };
}

export interface ActionState<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  pending: boolean;
  error: unknown;
  clearError: () => void;
}

/** Wraps a user-triggered call: `pending` disables its button, `error` feeds an ErrorBanner. */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>): ActionState<A, T> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const actionRef = useRef(action);
  actionRef.current = action;

  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(undefined);
    try {
      return await actionRef.current(...args);
    } catch (err) {
      setError(toApiError(err));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  const clearError = useCallback(() => setError(undefined), []);
  return { run, pending, error, clearError };
}
