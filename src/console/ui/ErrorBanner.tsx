import { describeError } from '../api/errors';

interface Props {
  error: unknown;
  onDismiss?: () => void;
}

/** The one place errors are rendered, so tests and people find them in the same spot. */
export function ErrorBanner({ error, onDismiss }: Props) {
  if (error === undefined || error === null) return null;
  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner">
      <span>{typeof error === 'string' ? error : describeError(error)}</span>
      {onDismiss && (
        <button type="button" class="link" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}
