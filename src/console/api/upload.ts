// CSV bulk ingest through PUT /v1/datasets/:id/rows. XMLHttpRequest rather than fetch,
// because only XHR reports upload progress in browsers.
import { ApiError } from './errors';
import type { IngestMode, IngestReport } from './types';

export interface UploadProgress { loaded: number; total: number; sent: boolean }

export interface UploadHandle { promise: Promise<IngestReport>; abort: () => void }

interface UploadOptions {
  token: string;
  datasetId: string;
  mode: IngestMode;
  body: Blob;
  onProgress: (progress: UploadProgress) => void;
}

function errorFrom(xhr: XMLHttpRequest): ApiError {
  try {
    const parsed = JSON.parse(xhr.responseText) as { error?: { code?: string; message?: string } };
    if (parsed.error?.code) return new ApiError(parsed.error.code, parsed.error.message ?? '', {});
  } catch {
    // not JSON: fall through to the status
  }
  if (xhr.status === 401) return new ApiError('UNAUTHENTICATED', 'Unauthorized');
  if (xhr.status === 403) return new ApiError('FORBIDDEN', 'Forbidden');
  if (xhr.status === 404) return new ApiError('NOT_FOUND', 'Not found');
  return new ApiError('INTERNAL_SERVER_ERROR', `HTTP ${xhr.status}`);
}

export function uploadCsv({ token, datasetId, mode, body, onProgress }: UploadOptions): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<IngestReport>((resolve, reject) => {
    xhr.open('PUT', `/v1/datasets/${encodeURIComponent(datasetId)}/rows?mode=${mode}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size, sent: false });
    xhr.upload.onload = () => onProgress({ loaded: body.size, total: body.size, sent: true });
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(errorFrom(xhr));
      try {
        resolve(JSON.parse(xhr.responseText) as IngestReport);
      } catch {
        reject(new ApiError('INTERNAL_SERVER_ERROR', 'The server answered with something other than an ingest report.'));
      }
    };
    xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', 'Network error'));
    xhr.onabort = () => reject(new ApiError('ABORTED', 'Cancelled'));
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}
