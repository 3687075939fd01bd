import { useState } from 'preact/hooks';
import type { IssuedToken } from '../api/types';

interface Props {
  issued: IssuedToken;
  onDismiss: () => void;
}

/** The secret exists only in this component's memory; it is gone once dismissed. */
export function IssuedTokenNotice({ issued, onDismiss }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div class="banner banner-warn issued-token" role="alert" data-testid="issued-token">
      <p>
        <strong>Copy this token now — it will not be shown again.</strong> Token “{issued.apiToken.name}” for {issued.apiToken.user.email}. Hand it over
        through a secure channel; anyone holding it acts as this user.
      </p>
      <div class="row">
        <label class="field grow">
          <span>Secret token</span>
          <input type="text" readOnly value={issued.token} onFocus={(e) => e.currentTarget.select()} data-testid="issued-token-value" />
        </label>
        <div class="actions">
          <button type="button" onClick={copy} data-testid="issued-token-copy">
            Copy
          </button>
          <button type="button" onClick={onDismiss} data-testid="issued-token-dismiss">
            I have stored it
          </button>
        </div>
      </div>
      {copied === 'yes' && <p class="small">Copied to the clipboard.</p>}
      {copied === 'failed' && <p class="small">The browser refused clipboard access: select the text and copy it by hand.</p>}
    </div>
  );
}
