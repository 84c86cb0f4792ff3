/** Classifies errors raised by `pg` / TypeORM by their SQLSTATE or socket error code. */

interface WithCode {
  code?: string;
  driverError?: { code?: string };
}

export function sqlState(error: unknown): string | undefined {
  const e = error as WithCode | undefined;
  return e?.driverError?.code ?? e?.code;
}

/** 40001 serialization_failure and 40P01 deadlock_detected: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40001' || code === '40P01';
}

export const UNIQUE_VIOLATION = '23505';
export const EXCLUSION_VIOLATION = '23P01';

const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** The database cannot be reached or is shutting down: the request may succeed later (503). */
export function isUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (code && (UNAVAILABLE_SOCKET.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')) {
    return true;
  }
  const message = (error as Error | undefined)?.message ?? '';
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|terminating connection/i.test(message);
}
