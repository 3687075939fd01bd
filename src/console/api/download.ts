// GET a CSV the API serves with the bearer token (GET /v1/synthetic/:id.csv) and hand it to the
// browser as a file. The token goes in the Authorization header, never in a URL.
import { ApiError } from './errors';

export async function downloadWithToken(token: string, path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    let body: { error?: { code?: string; message?: string } } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    const code = body.error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : response.status === 404 ? 'NOT_FOUND' : 'INTERNAL_SERVER_ERROR');
    throw new ApiError(code, body.error?.message ?? `HTTP ${response.status}`, {});
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
