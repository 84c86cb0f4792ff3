import type { User } from './model.js';
import { readStored, writeStored } from './storage.js';

/** Who is logged in: kept in localStorage, so a reload or another tab stays logged in (and a logout ends all tabs). */
export interface Session {
  token: string;
  user: User;
}

const KEY = 'pg.session';
const listeners = new Set<() => void>();

function parse(text: string | null): Session | null {
  try {
    const value = text === null ? null : (JSON.parse(text) as Session);
    return value && typeof value.token === 'string' && typeof value.user?.role === 'string' ? value : null;
  } catch {
    return null;
  }
}

let current = parse(readStored(KEY));

function changed(next: Session | null): void {
  current = next;
  listeners.forEach((listener) => listener());
}

window.addEventListener('storage', (event) => {
  if (event.key === KEY) changed(parse(event.newValue));
});

/** Read by the API client (the bearer token) and by SessionProvider (React, through useSyncExternalStore). */
export const sessionStore = {
  get: (): Session | null => current,
  set(next: Session | null): void {
    writeStored(KEY, next && JSON.stringify(next));
    changed(next);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
