// The signed-in session: the token lives in this tab's sessionStorage (never in a URL),
// so a reload keeps you signed in and closing the tab signs you out.
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { createClient, type Request } from '../api/client';
import { describeError } from '../api/errors';
import { ME } from '../api/queries';
import type { User } from '../api/types';

const STORAGE_KEY = 'parley.console.token';

export interface Session {
  token: string;
  me: User;
  request: Request;
  signOut: (notice?: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token) return sessionStorage.setItem(STORAGE_KEY, token);
    // Signing out also forgets everything else this console kept for the tab (query history).
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('parley.console.')) sessionStorage.removeItem(key);
  } catch {
    // storage disabled: the session simply lasts as long as the page
  }
}

export interface SessionController {
  session: Session | null;
  /** True while a stored token is being checked at start-up. */
  restoring: boolean;
  /** Why the user was signed out, shown on the sign-in form. */
  notice: string | null;
  signIn: (token: string) => Promise<void>;
}

export function useSessionController(): SessionController {
  const [state, setState] = useState<{ token: string; me: User } | null>(null);
  const [restoring, setRestoring] = useState(() => readStoredToken() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why?: string) => {
    storeToken(null);
    setState(null);
    setNotice(why ?? null);
  }, []);

  const signIn = useCallback(async (rawToken: string) => {
    const token = rawToken.trim();
    const request = createClient({ token });
    const { me } = await request<{ me: User }>(ME);
    storeToken(token);
    setNotice(null);
    setState({ token, me });
  }, []);

  useEffect(() => {
    const stored = readStoredToken();
    if (!stored) return;
    signIn(stored)
      .catch((err) => signOut(describeError(err)))
      .finally(() => setRestoring(false));
  }, [signIn, signOut]);

  const session = useMemo<Session | null>(() => {
    if (!state) return null;
    const request = createClient({
      token: state.token,
      onUnauthenticated: (err) => signOut(describeError(err)),
    });
    return { ...state, request, signOut };
  }, [state, signOut]);

  return { session, restoring, notice, signIn };
}
