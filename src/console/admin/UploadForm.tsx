import { useRef, useState } from 'preact/hooks';
import { describeError, toApiError } from '../api/errors';
import { uploadCsv, type UploadHandle, type UploadProgress } from '../api/upload';
import type { IngestMode, IngestReport } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatBytes } from '../ui/format';
import { ProgressBar } from '../ui/ProgressBar';
import { Spinner } from '../ui/Spinner';
import { QualityReport } from './QualityReport';

interface Props {
  datasetId: string;
  onIngested: (report: IngestReport) => void;
  columnOrder?: string[];
}

export function UploadForm({ datasetId, onIngested, columnOrder }: Props) {
  const { token, signOut } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<IngestMode>('APPEND');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [report, setReport] = useState<IngestReport | null>(null);
  const handle = useRef<UploadHandle | null>(null);
  const busy = progress !== null;

  async function submit(event: Event) {
    event.preventDefault();
    if (!file) return setError('Choose a CSV file first.');
    setError(undefined);
    setReport(null);
    setProgress({ loaded: 0, total: file.size, sent: false });
    handle.current = uploadCsv({ token, datasetId, mode, body: file, onProgress: setProgress });
    try {
      const result = await handle.current.promise;
      setReport(result);
      onIngested(result);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'UNAUTHENTICATED') signOut(describeError(apiError));
      else if (apiError.code !== 'ABORTED') setError(apiError);
    } finally {
      handle.current = null;
      setProgress(null);
    }
  }

  return (
    <form noValidate class="upload" onSubmit={submit} data-testid="upload-form">
      <h4>Upload rows (CSV)</h4>
      <div class="row">
        <label class="field grow">
          <span>CSV file, header row first</span>
          <input
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            data-testid="upload-file"
          />
        </label>
        <label class="field narrow">
          <span>Mode</span>
          <select value={mode} disabled={busy} onChange={(e) => setMode(e.currentTarget.value as IngestMode)} data-testid="upload-mode">
            <option value="APPEND">Append rows</option>
            <option value="REPLACE">Replace all rows</option>
          </select>
        </label>
      </div>
      <p class="muted small">
        All or nothing: if the upload fails, nothing changes. Rows that do not validate are skipped and listed.
        {mode === 'REPLACE' && <strong> Replace deletes every current row of this dataset.</strong>}
      </p>
      {progress && (
        <>
          <ProgressBar
            label="Uploading"
            value={progress.loaded}
            max={progress.total}
            testId="upload-progress"
            detail={`${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
          />
          {progress.sent && <Spinner label="The server is validating and loading the rows" />}
        </>
      )}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !file} data-testid="upload-submit">
          {busy ? 'Uploading…' : 'Upload'}
        </button>
        {busy && (
          <button type="button" onClick={() => handle.current?.abort()} data-testid="upload-cancel">
            Cancel
          </button>
        )}
      </div>
      {report && <QualityReport report={report} title="This upload" testId="upload-report" columnOrder={columnOrder} />}
    </form>
  );
}
