import { ApiError } from '../api.js';
import { useZone } from '../facility.js';
import { useT } from '../i18n/context.js';
import { errorKey } from '../i18n/translate.js';
import type { Conflict, Slot } from '../model.js';
import { formatSpan } from '../time.js';
import { Button } from './Button.js';

const list = <T,>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** What is in the way of a booking and the nearest free slots (details of 409 RESERVATION_CONFLICT). */
function ConflictDetails({ conflicts, suggestions }: { conflicts: Conflict[]; suggestions: Slot[] }) {
  const t = useT();
  const zone = useZone();
  return (
    <>
      {conflicts.length > 0 && (
        <>
          <p className="banner-subtitle">{t('problems.conflicts')}</p>
          <ul>
            {conflicts.map((c, i) => (
              <li key={i}>
                {t(`problems.conflict.${c.type}`)}: {formatSpan(c.start, c.end, zone)}
              </li>
            ))}
          </ul>
        </>
      )}
      {suggestions.length > 0 && (
        <>
          <p className="banner-subtitle">{t('problems.suggestions')}</p>
          <ul>
            {suggestions.map((s, i) => (
              <li key={i}>{formatSpan(s.start, s.end, zone)}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The details of an error that a person can act on, in their language. */
function Details({ error }: { error: ApiError }) {
  const t = useT();
  const { details } = error;
  const occurrences = list<{ conflicts?: Conflict[] }>(details.occurrences);
  const conflicts = [...list<Conflict>(details.conflicts), ...occurrences.flatMap((o) => list<Conflict>(o.conflicts))];
  const suggestions = list<Slot>(details.suggestions);
  const quota = details.quota as { maxMinutes?: unknown } | undefined;
  return (
    <>
      {error.fields.length > 0 && (
        <>
          <p className="banner-subtitle">{t('problems.title')}</p>
          <ul lang="en">
            {error.fields.map((f) => (
              <li key={f.field}>
                <code>{f.field}</code>: {f.problems.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {(conflicts.length > 0 || suggestions.length > 0) && <ConflictDetails conflicts={conflicts} suggestions={suggestions} />}
      {error.code === 'QUOTA_EXCEEDED' && typeof quota?.maxMinutes === 'number' && (
        <p>{t('problems.quota', { max: quota.maxMinutes, used: String(details.usedMinutes), requested: String(details.requestedMinutes) })}</p>
      )}
      {typeof details.retryAfterSeconds === 'number' && <p>{t('problems.retryAfter', { seconds: details.retryAfterSeconds })}</p>}
    </>
  );
}

/**
 * Any failure in words in the user's language: the text of the API's error code, then the details a person can
 * act on (the fields to fix, what is in the way, a quota, when to retry). Renders nothing without an error.
 */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
  return (
    <div className="banner banner-error" role="alert">
      <p className="banner-title">{t(errorKey(apiError.code))}</p>
      <Details error={apiError} />
      {onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    </div>
  );
}
