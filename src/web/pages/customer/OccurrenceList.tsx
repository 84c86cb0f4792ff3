import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { formatSpan } from '../../time.js';
import type { OccurrenceConflicts } from './types.js';

/** Occurrences of a series that could not be booked, each with what is in its way. */
export function OccurrenceList({ title, occurrences, testId }: { title: string; occurrences: readonly OccurrenceConflicts[]; testId: string }) {
  const t = useT();
  const zone = useZone();
  if (occurrences.length === 0) return null;
  return (
    <section className="occurrences" data-testid={testId}>
      <h3>{title}</h3>
      <ul>
        {occurrences.map((o) => (
          <li key={o.start}>
            <strong>{formatSpan(o.start, o.end, zone)}</strong>
            {o.conflicts.length > 0 && (
              <ul>
                {o.conflicts.map((c, i) => (
                  <li key={i}>
                    {t(`problems.conflict.${c.type}`)}: {formatSpan(c.start, c.end, zone)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
