import { useRef, useState } from 'preact/hooks';
import { toApiError } from '../api/errors';
import type { AuditFilter } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { ProgressBar } from '../ui/ProgressBar';
import { downloadBlob, toNdjsonLine } from './ndjson';
import { pageAuditEvents, type PageProgress } from './pageEvents';

export function ExportButton({ filter }: { filter: AuditFilter }) {
  const { request } = useSession();
  const [progress, setProgress] = useState<PageProgress | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<number | null>(null);
  const controller = useRef<AbortController | null>(null);
  const filtered = Object.keys(filter).length > 0;

  async function run() {
    controller.current = new AbortController();
    setError(undefined);
    setDone(null);
    setProgress({ loaded: 0, total: 0 });
    const lines: string[] = [];
    try {
      for await (const page of pageAuditEvents(request, filter, controller.current.signal, setProgress)) {
        for (const event of page) lines.push(toNdjsonLine(event));
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      downloadBlob(lines, `parley-audit-${stamp}.ndjson`, 'application/x-ndjson');
      setDone(lines.length);
    } catch (err) {
      if (toApiError(err).code !== 'ABORTED') setError(err);
    } finally {
      setProgress(null);
    }
  }

  return (
    <div class="export" data-testid="audit-export-panel">
      {progress ? (
        <div class="row">
          <ProgressBar
            label="Exporting"
            value={progress.loaded}
            max={progress.total}
            testId="audit-export-progress"
            detail={`${progress.loaded} of ${progress.total} events`}
          />
          <button type="button" onClick={() => controller.current?.abort()} data-testid="audit-export-cancel">
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={run} data-testid="audit-export">
          Export NDJSON{filtered ? ' (matching the filters)' : ''}
        </button>
      )}
      {done !== null && (
        <p class="muted small" role="status" data-testid="audit-export-done">
          Exported {done.toLocaleString()} events. {filtered ? 'A filtered export cannot be re-verified as a chain on its own.' : ''}
        </p>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
