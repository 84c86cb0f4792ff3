import { useId, useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Segment, Slot } from '../../model.js';
import { formatSpan } from '../../time.js';
import { useAction } from '../../useAction.js';
import { startsWithin, type Span } from './booking.js';
import { segmentLabel } from './hooks.js';
import { kindLabel } from './segments.js';
import { SlotChoices } from './SlotChoices.js';
import type { FreeInterval } from './types.js';

const MINUTE = 60_000;

export interface Wanted {
  lengthMinutes: number;
  vehicles: number;
  /** The first instant of the dates asked for. */
  from: string;
}

/** What a segment's rules are, in a line. */
function SegmentFacts({ segment }: { segment: Segment }) {
  const t = useT();
  const facts = [
    kindLabel(t, segment.kind),
    segment.capacityMode === 'shared' ? t('pages.findTime.shared', { max: segment.maxVehicles ?? 0 }) : t('pages.findTime.exclusive'),
    t('pages.findTime.slot', { minutes: segment.slotMinutes }),
    t('pages.findTime.durations', { min: segment.minDurationMinutes, max: segment.maxDurationMinutes }),
    ...(segment.requiredDriverLevel > 0 ? [t('pages.findTime.driverLevel', { level: segment.requiredDriverLevel })] : []),
    ...(segment.approvalRequired ? [t('pages.findTime.approval')] : []),
  ];
  return <p className="muted">{facts.join(' · ')}</p>;
}

/** One free interval: its span, what is left of a shared segment, and a start to pick on the segment's grid. */
function IntervalRow({ segment, free, starts, onChoose }: { segment: Segment; free: FreeInterval; starts: Span[]; onChoose(slot: Slot): void }) {
  const t = useT();
  const zone = useZone();
  const id = useId();
  const [picked, setPicked] = useState('');
  // the starts change as others book (polling): keep the one picked while it is offered
  const chosen = starts.find((s) => s.start === picked) ?? starts[0];
  const span = formatSpan(free.start, free.end, zone);
  return (
    <li className="interval" data-testid="free-interval">
      <span className="interval-span">{span}</span>
      {segment.capacityMode === 'shared' && <span className="muted">{t('pages.findTime.remaining', { vehicles: free.remainingVehicles })}</span>}
      <label htmlFor={id} className="visually-hidden">
        {t('pages.findTime.startIn', { span })}
      </label>
      <select id={id} value={chosen.start} onChange={(e) => setPicked(e.target.value)} data-testid="start-select">
        {starts.map((s) => (
          <option key={s.start} value={s.start}>
            {formatSpan(s.start, s.end, zone)}
          </option>
        ))}
      </select>
      <Button onClick={() => onChoose({ segmentId: segment.id, ...chosen })} data-testid="choose-start">
        {t('pages.findTime.choose')}
      </Button>
    </li>
  );
}

/** One segment's free time for the wanted length, and the API's nearest suggestions on request. */
function SegmentFreeTime({ segment, free, wanted, segments, onChoose }: { segment: Segment; free: FreeInterval[]; wanted: Wanted; segments: readonly Segment[]; onChoose(slot: Slot): void }) {
  const t = useT();
  const zone = useZone();
  // what a customer may book: from now + the segment's notice, up to its horizon
  const now = Date.now();
  const notBefore = new Date(Math.max(Date.parse(wanted.from), now + segment.minNoticeMinutes * MINUTE)).toISOString();
  const horizon = now + segment.maxAdvanceDays * 24 * 60 * MINUTE;
  const options = { lengthMinutes: wanted.lengthMinutes, slotMinutes: segment.slotMinutes, zone, notBefore };
  const fitting = free
    .filter((f) => f.remainingVehicles >= wanted.vehicles)
    .map((f) => ({ free: f, starts: startsWithin(f, options).filter((s) => Date.parse(s.start) <= horizon) }))
    .filter((f) => f.starts.length > 0);
  const suggest = useAction(() =>
    api.get<{ items: Slot[] }>('/availability/suggestions', {
      query: { segmentId: segment.id, durationMinutes: wanted.lengthMinutes, notBefore, vehicles: wanted.vehicles, limit: 5 },
    }),
  );
  // suggestions are for the free time they were asked with: when others book, they are asked for again
  const freeNow = JSON.stringify(free);
  const [asked, setAsked] = useState<{ free: string; items: Slot[] } | null>(null);
  const suggestions = asked?.free === freeNow ? asked.items : null;
  const label = segmentLabel(segments, segment.id);
  return (
    <section className="card segment-free" data-testid="segment-free" aria-label={label}>
      <div className="card-header">
        <h3>{label}</h3>
        <Button busy={suggest.busy} onClick={() => void suggest.run().then((answer) => answer && setAsked({ free: freeNow, items: answer.items }))} data-testid="suggest">
          {t('pages.findTime.suggest')}
        </Button>
      </div>
      <SegmentFacts segment={segment} />
      <ErrorBanner error={suggest.error} />
      {suggestions && (suggestions.length > 0 ? <SlotChoices title={t('pages.findTime.suggestions')} slots={suggestions} segments={segments} onChoose={onChoose} testId="suggestions" /> : <p className="empty">{t('pages.findTime.noSuggestions')}</p>)}
      {fitting.length > 0 ? (
        <ul className="intervals">
          {fitting.map((f) => (
            <IntervalRow key={f.free.start} segment={segment} free={f.free} starts={f.starts} onChoose={onChoose} />
          ))}
        </ul>
      ) : (
        <p className="empty">{t('pages.findTime.nothingFree')}</p>
      )}
    </section>
  );
}

interface FreeTimeProps {
  availability: { segmentId: string; free: FreeInterval[] }[];
  segments: readonly Segment[];
  wanted: Wanted;
  onChoose(slot: Slot): void;
}

/** The free time of every segment searched, for the wanted length and vehicles. */
export function FreeTime({ availability, segments, wanted, onChoose }: FreeTimeProps) {
  const t = useT();
  return (
    <section className="free-time" aria-label={t('pages.findTime.results')}>
      <h2>{t('pages.findTime.results')}</h2>
      {availability.length === 0 && <p className="empty">{t('common.empty')}</p>}
      {availability.flatMap(({ segmentId, free }) => {
        const segment = segments.find((s) => s.id === segmentId);
        return segment ? [<SegmentFreeTime key={segmentId} segment={segment} free={free} wanted={wanted} segments={segments} onChoose={onChoose} />] : [];
      })}
    </section>
  );
}
