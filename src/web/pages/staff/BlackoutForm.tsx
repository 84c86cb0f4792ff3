/**
 * A new blackout, one-off or recurring, on chosen segments or the whole facility. "Check" asks the API for a dry
 * run and lists the occurrences and the reservations it would displace; only a checked blackout can be created.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { useZone } from '../../facility.js';
import { useI18n } from '../../i18n/context.js';
import type { Reservation, Weekday } from '../../model.js';
import { formatSpan, fromDateTimeLocal, todayAt } from '../../time.js';
import { useAction } from '../../useAction.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { ReservationLines } from './ReservationParts.js';
import type { Directory } from './directory.js';
import { ruleOf, type Frequency, type Repeat } from './rrule.js';
import { flattenTree, segmentLabel, segmentTree } from './segment-tree.js';
import type { BlackoutCreated } from './staff-model.js';

interface NewBlackout {
  segmentIds?: string[];
  start: string;
  end: string;
  rrule?: string;
  reason: string;
}

interface Checked {
  /** The body checked, as JSON: a change after the check needs a new one. */
  body: string;
  result: BlackoutCreated;
  reservations: Reservation[];
}

const FREQUENCIES: Frequency[] = ['none', 'daily', 'weekly', 'monthly', 'custom'];
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** The occurrences listed after a check; the count says how many there are in all. */
const OCCURRENCES_SHOWN = 8;

export function BlackoutForm({ directory, onCreated }: { directory: Directory; onCreated(): void }) {
  const { t, language } = useI18n();
  const zone = useZone();
  const keyed = useSubmitKey();
  const today = todayAt(zone);
  const [wholeFacility, setWholeFacility] = useState(false);
  const [segmentIds, setSegmentIds] = useState<string[]>([]);
  const [start, setStart] = useState(`${today}T08:00`);
  const [end, setEnd] = useState(`${today}T12:00`);
  const [repeat, setRepeat] = useState<Repeat>({ frequency: 'none', days: [], ends: 'count', count: '4', until: today, custom: '' });
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [created, setCreated] = useState<BlackoutCreated | null>(null);
  const check = useAction(async (body: NewBlackout): Promise<Checked> => {
    const result = await api.post<BlackoutCreated>('/blackouts', { ...body, dryRun: true });
    const reservations = await Promise.all(result.displaced.map((id) => api.get<Reservation>(`/reservations/${id}`)));
    return { body: JSON.stringify(body), result, reservations };
  });
  const create = useAction((body: NewBlackout) => keyed((idempotencyKey) => api.post<BlackoutCreated>('/blackouts', body, { idempotencyKey })));

  const startAt = fromDateTimeLocal(start, zone);
  const endAt = fromDateTimeLocal(end, zone);
  const body: NewBlackout = {
    segmentIds: wholeFacility ? undefined : segmentIds,
    start: startAt ?? '',
    end: endAt ?? '',
    rrule: ruleOf(repeat),
    reason: reason.trim(),
  };
  const current = checked?.body === JSON.stringify(body) ? checked : null;
  const error = create.error ?? check.error;

  const problems = () => [
    ...(startAt ? [] : ['start']),
    ...(endAt ? [] : ['end']),
    ...(wholeFacility || segmentIds.length ? [] : ['segmentIds']),
    ...(body.reason ? [] : ['reason']),
  ];
  const onCheck = (event: FormEvent) => {
    event.preventDefault();
    const found = problems();
    setInvalid(found);
    setCreated(null);
    if (found.length === 0) void check.run(body).then((done) => done && setChecked(done));
  };
  const onCreate = async () => {
    const made = await create.run(body);
    if (!made) return;
    setCreated(made);
    setChecked(null);
    setReason('');
    onCreated();
  };
  const problem = (name: string) => (invalid.includes(name) ? t('problems.invalid') : undefined);
  const setRepeatPart = (part: Partial<Repeat>) => setRepeat((r) => ({ ...r, ...part }));
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <form className="staff-card" onSubmit={onCheck} noValidate aria-labelledby="new-blackout">
      <h2 id="new-blackout" className="staff-card-title">
        {t('pages.blackouts.newTitle')}
      </h2>
      <ErrorBanner error={error} />
      <fieldset className="staff-checks">
        <legend>{t('pages.blackouts.where')}</legend>
        <label className="staff-check">
          <input type="checkbox" name="wholeFacility" checked={wholeFacility} onChange={(e) => setWholeFacility(e.target.checked)} />
          {t('pages.blackouts.wholeFacility')}
        </label>
        {!wholeFacility && (
          <div className={`staff-segment-checks${invalid.includes('segmentIds') ? ' field-invalid' : ''}`}>
            {flattenTree(segmentTree(directory.segments)).map(({ segment, depth }) => (
              <label key={segment.id} className="staff-check" style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
                <input
                  type="checkbox"
                  name="segmentIds"
                  checked={segmentIds.includes(segment.id)}
                  onChange={(e) => setSegmentIds((ids) => toggle(ids, segment.id, e.target.checked))}
                />
                {segmentLabel(segment, language)}
              </label>
            ))}
          </div>
        )}
        <p className="field-hint">{t('pages.blackouts.whereHint')}</p>
        {problem('segmentIds') && <p className="field-problem">{t('pages.blackouts.chooseSegments')}</p>}
      </fieldset>
      <div className="staff-form-row">
        <Field label={t('pages.staffCommon.start')} name="start" error={error} problem={problem('start')} required>
          {(control) => <input {...control} type="datetime-local" step={1800} value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={t('pages.staffCommon.end')} name="end" error={error} problem={problem('end')} required>
          {(control) => <input {...control} type="datetime-local" step={1800} value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <Field label={t('pages.blackouts.repeat')} name="frequency">
          {(control) => (
            <select {...control} value={repeat.frequency} onChange={(e) => setRepeatPart({ frequency: e.target.value as Frequency })}>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {t(`pages.blackouts.frequency.${f}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {repeat.frequency === 'weekly' && (
        <fieldset className="staff-checks staff-checks-inline">
          <legend>{t('pages.blackouts.onDays')}</legend>
          {WEEKDAYS.map((d) => (
            <label key={d} className="staff-check">
              <input type="checkbox" checked={repeat.days.includes(d)} onChange={(e) => setRepeatPart({ days: toggle(repeat.days, d, e.target.checked) })} />
              {t(`weekdays.${d}`)}
            </label>
          ))}
        </fieldset>
      )}
      {repeat.frequency !== 'none' && repeat.frequency !== 'custom' && (
        <div className="staff-form-row">
          <Field label={t('pages.blackouts.ends')} name="ends">
            {(control) => (
              <select {...control} value={repeat.ends} onChange={(e) => setRepeatPart({ ends: e.target.value === 'until' ? 'until' : 'count' })}>
                <option value="count">{t('pages.blackouts.endsAfter')}</option>
                <option value="until">{t('pages.blackouts.endsOn')}</option>
              </select>
            )}
          </Field>
          {repeat.ends === 'count' ? (
            <Field label={t('pages.blackouts.count')} name="count">
              {(control) => (
                <input {...control} type="number" min={1} max={500} value={repeat.count} onChange={(e) => setRepeatPart({ count: e.target.value })} />
              )}
            </Field>
          ) : (
            <Field label={t('pages.blackouts.until')} name="until">
              {(control) => <input {...control} type="date" value={repeat.until} onChange={(e) => setRepeatPart({ until: e.target.value })} />}
            </Field>
          )}
        </div>
      )}
      {repeat.frequency !== 'none' && (
        <Field label={t('pages.blackouts.rule')} name="rrule" error={error} hint={t('pages.blackouts.ruleHint')}>
          {(control) =>
            repeat.frequency === 'custom' ? (
              <input
                {...control}
                value={repeat.custom}
                placeholder="FREQ=WEEKLY;BYDAY=MO;COUNT=10"
                onChange={(e) => setRepeatPart({ custom: e.target.value })}
              />
            ) : (
              <input {...control} value={body.rrule ?? ''} readOnly />
            )
          }
        </Field>
      )}
      <Field label={t('pages.staffCommon.reason')} name="reason" error={error} problem={problem('reason')} required>
        {(control) => <input {...control} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="staff-actions">
        <Button type="submit" busy={check.busy}>
          {t('pages.blackouts.check')}
        </Button>
        <Button variant={current?.result.displaced.length ? 'danger' : 'primary'} disabled={!current} busy={create.busy} onClick={() => void onCreate()}>
          {current?.result.displaced.length ? t('pages.blackouts.createDisplacing', { count: current.result.displaced.length }) : t('pages.blackouts.create')}
        </Button>
      </div>
      {!current && <p className="field-hint">{t('pages.blackouts.checkFirst')}</p>}
      {current && <CheckResult checked={current} directory={directory} />}
      {created && (
        <p className="banner staff-banner-success" role="status">
          {t('pages.blackouts.created', { count: created.displaced.length })}{' '}
          {created.displaced.length > 0 && <Link to="/staff/conflicts">{t('pages.blackouts.toConflicts')}</Link>}
        </p>
      )}
    </form>
  );
}

function CheckResult({ checked: { result, reservations }, directory }: { checked: Checked; directory: Directory }) {
  const { t } = useI18n();
  const zone = useZone();
  const { occurrences } = result.blackout;
  return (
    <div className="staff-check-result" role="status">
      <p className="staff-card-subtitle">{t('pages.blackouts.occurrences', { count: occurrences.length })}</p>
      <ul>
        {occurrences.slice(0, OCCURRENCES_SHOWN).map((o) => (
          <li key={o.start}>{formatSpan(o.start, o.end, zone)}</li>
        ))}
        {occurrences.length > OCCURRENCES_SHOWN && <li>…</li>}
      </ul>
      <p className="staff-card-subtitle">
        {reservations.length ? t('pages.blackouts.wouldDisplace', { count: reservations.length }) : t('pages.blackouts.displacesNothing')}
      </p>
      {reservations.length > 0 && (
        <ReservationLines reservations={reservations} directory={directory} />
      )}
    </div>
  );
}
