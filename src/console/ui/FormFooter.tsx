import { ErrorBanner } from './ErrorBanner';
import { Spinner } from './Spinner';

interface Props {
  /** Client-side problems, shown once the user has tried to submit. */
  problems: string[];
  touched: boolean;
  /** The submit action's state (from useAction). */
  action: { pending: boolean; error: unknown; clearError: () => void };
  submitLabel: string;
  pendingLabel: string;
  submitTestId: string;
  onCancel: () => void;
}

/** The end of every form: what is wrong with it, the server's answer, submit and cancel. */
export function FormFooter({ problems, touched, action, submitLabel, pendingLabel, submitTestId, onCancel }: Props) {
  return (
    <>
      {touched && problems.length > 0 && (
        <ul class="problems" role="alert" data-testid="form-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <ErrorBanner error={action.error} onDismiss={action.clearError} />
      <div class="actions">
        <button type="submit" class="primary" disabled={action.pending} data-testid={submitTestId}>
          {action.pending ? <Spinner label={pendingLabel} /> : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
