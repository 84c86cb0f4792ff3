import { useCallback, useRef } from 'react';
import { newIdempotencyKey } from '../../api.js';

/**
 * One Idempotency-Key per request body: sending the same body again (a retry after a lost answer) reuses the key,
 * so one thing is created; an edited form gets a new key (the API refuses a key reused with another body).
 */
export function useKeyFor(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return useCallback((body: unknown) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
}
