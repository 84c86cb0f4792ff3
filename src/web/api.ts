/**
 * The one way the web app talks to its back end, the HTTP contract under /api/v1 (api.md, /docs).
 *
 *   const page = await api.get<Page<Reservation>>('/reservations', { query: { from, to, status: 'pending' } });
 *   const made = await api.post<Reservation>('/reservations', body, { idempotencyKey });
 *   await api.download('/invoices/export', { query: { period, format: 'csv' } });
 *
 * Every failure is an ApiError carrying the envelope `{ statusCode, code, message, details }`; a 401 on a call
 * that sent a token ends the session, which sends the user back to the login page.
 */
import { sessionStore } from './session-store.js';

const BASE = '/api/v1';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** `code` is one of api.md's error codes, or NETWORK (no answer) or UNKNOWN (an answer without the envelope). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** `details.fields` of a 400 VALIDATION_FAILED: each field and what is wrong with it. */
  get fields(): FieldProblem[] {
    return Array.isArray(this.details.fields) ? (this.details.fields as FieldProblem[]) : [];
  }

  /** The problems of one form field, including those of its parts ('openingHours' has 'openingHours.0.close'). */
  problemsOf(field: string): string[] {
    return this.fields
      .filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`))
      .flatMap((f) => f.problems);
  }
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  /** Appended as ?a=1&b=x; null and undefined are left out, lists are joined with commas (segmentIds=a,b). */
  query?: Query;
  /** Sent as Idempotency-Key: make one per form (newIdempotencyKey) so a retried submit creates one thing. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const search = params.toString();
  return `${BASE}${path}${search ? `?${search}` : ''}`;
}

/** A UUID v4 from getRandomValues (crypto.randomUUID needs a secure context; the gate tablet may use plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isEnvelope(body: unknown): body is { code: string; message: string; details?: Record<string, unknown> } {
  const b = body as { code?: unknown; message?: unknown } | null;
  return typeof b?.code === 'string' && typeof b.message === 'string';
}

async function send(method: string, path: string, body: unknown, options: RequestOptions, accept: string): Promise<Response> {
  const token = sessionStore.get()?.token;
  const headers: Record<string, string> = { accept };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  const envelope: unknown = await response.json().catch(() => null);
  if (response.status === 401 && token) sessionStore.set(null);
  throw isEnvelope(envelope)
    ? new ApiError(response.status, envelope.code, envelope.message, envelope.details)
    : new ApiError(response.status, 'UNKNOWN', response.statusText);
}

async function json<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, body, options, 'application/json');
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The file name of a Content-Disposition header (`filename="invoices-2026-03.csv"`). */
function fileNameOf(disposition: string | null): string | undefined {
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1];
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => json<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => json<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => json<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => json<T>('PATCH', path, body, options),
  del: (path: string, options?: RequestOptions) => json<void>('DELETE', path, undefined, options),

  /** Saves a file the API answers (invoice PDF, CSV export) under the server's file name; the token goes along. */
  async download(path: string, options: RequestOptions = {}): Promise<void> {
    const response = await send('GET', path, undefined, options, '*/*');
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = fileNameOf(response.headers.get('content-disposition')) ?? path.split('/').pop() ?? 'download';
    link.click();
    setTimeout(() => URL.revokeObjectURL(href), 0);
  },
};
