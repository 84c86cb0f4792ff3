import { useCallback, useRef } from 'react';
import { ApiError, newIdempotencyKey } from './api.js';

/** Answers after which the same request may be sent again with the same key: none came, or it is still running. */
const UNANSWERED = new Set(['NETWORK', 'IDEMPOTENCY_IN_PROGRESS']);

/**
 * Sends a form's create request with an Idempotency-Key: the same key while a submit got no answer (so its retry
 * creates one thing), a new one once the server answered, refusals included (the server keeps a refused request
 * under its key, so a corrected form must be a new request).
 *
 *   const keyed = useSubmitKey();
 *   const save = useAction((body: NewThing) => keyed((idempotencyKey) => api.post('/things', body, { idempotencyKey })));
 */
export function useSubmitKey(): <T>(send: (idempotencyKey: string) => Promise<T>) => Promise<T> {
  const key = useRef(newIdempotencyKey());
  return useCallback(async <T,>(send: (idempotencyKey: string) => Promise<T>) => {
    try {
      const answer = await send(key.current);
      key.current = newIdempotencyKey();
      return answer;
    } catch (error) {
      if (!(error instanceof ApiError && UNANSWERED.has(error.code))) key.current = newIdempotencyKey();
      throw error;
    }
  }, []);
}
