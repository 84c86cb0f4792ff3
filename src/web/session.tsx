import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { api } from './api.js';
import type { LoginResult, User } from './model.js';
import { sessionStore } from './session-store.js';

interface SessionValue {
  /** The logged-in user, or null (then the app shows the login page). */
  user: User | null;
  /** POST /auth/login, then GET /me; throws the ApiError of a refused login. */
  login(email: string, password: string): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

async function refreshUser(token: string): Promise<void> {
  const user = await api.get<User>('/me');
  if (sessionStore.get()?.token === token) sessionStore.set({ token, user });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(sessionStore.subscribe, sessionStore.get);

  // A session kept from an earlier visit: read the user again (a 401 ends it; no network keeps it as it was).
  useEffect(() => {
    const kept = sessionStore.get();
    if (kept) refreshUser(kept.token).catch(() => undefined);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      user: session?.user ?? null,
      async login(email, password) {
        const result = await api.post<LoginResult>('/auth/login', { email, password });
        sessionStore.set({ token: result.accessToken, user: result.user });
        await refreshUser(result.accessToken);
      },
      logout: () => sessionStore.set(null),
    }),
    [session],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}

/** The logged-in user, in the pages behind the login: `const { role, organizationId } = useUser();`. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser() on a page that does not require a login');
  return user;
}
