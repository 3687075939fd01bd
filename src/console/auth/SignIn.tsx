import { useState } from 'preact/hooks';
import { describeError } from '../api/errors';
import { Spinner } from '../ui/Spinner';

interface Props {
  notice: string | null;
  signIn: (token: string) => Promise<void>;
}

export function SignIn({ notice, signIn }: Props) {
  const [token, setToken] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (!token.trim()) return setError('Paste your API token first.');
    setPending(true);
    setError(null);
    try {
      await signIn(token);
    } catch (err) {
      setError(describeError(err));
      setPending(false);
    }
  }

  const message = error ?? notice;
  return (
    <main class="signin">
      <form noValidate class="card signin-card" onSubmit={submit} data-testid="signin-form" method="post" action="#" autocomplete="off">
        <h1>Parley console</h1>
        <p class="muted">Share datasets with partner organizations through differentially private aggregates only.</p>
        {message && (
          <p class="banner banner-error" role="alert" data-testid="error-banner">
            {message}
          </p>
        )}
        <label class="field">
          <span>API token</span>
          <input
            type="password"
            name="token"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
            required
            data-testid="signin-token"
          />
          <small class="muted">Kept in this browser tab only and forgotten when you close it or sign out.</small>
        </label>
        <button type="submit" class="primary" disabled={pending} data-testid="signin-submit">
          {pending ? <Spinner label="Signing in" /> : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
