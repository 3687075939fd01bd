// Live, debounced previewAggregate: costs nothing, so it runs on every settled change.
import { useEffect, useState } from 'preact/hooks';
import type { Request } from '../api/client';
import { PREVIEW_AGGREGATE } from '../api/queries';
import type { AggregatePreview, AggregateQueryInput } from '../api/queryTypes';

const DEBOUNCE_MS = 400;

export interface PreviewState { preview?: AggregatePreview; error?: unknown; loading: boolean }

export function usePreview(request: Request, input: AggregateQueryInput | null, refreshKey: number): PreviewState {
  const [state, setState] = useState<PreviewState>({ loading: false });
  const key = input ? JSON.stringify(input) : '';

  useEffect(() => {
    if (!input) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(() => {
      request<{ previewAggregate: AggregatePreview }>(PREVIEW_AGGREGATE, { input }, { signal: controller.signal })
        .then((data) => setState({ preview: data.previewAggregate, loading: false }))
        .catch((error) => !controller.signal.aborted && setState({ error, loading: false }));
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, refreshKey]);

  return state;
}
