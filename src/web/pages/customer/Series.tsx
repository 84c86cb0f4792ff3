import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Segment, Weekday } from '../../model.js';
import { formatSpan, fromLocal, todayAt, addLocalDays } from '../../time.js';
import { useAction } from '../../useAction.js';
import { rruleOf, type Recurrence } from './booking.js';
import { CheckGroup } from './CheckGroup.js';
import { DriverPicker } from './DriverPicker.js';
import { useSubmitKey } from '../../useSubmitKey.js';
import { segmentLabel, useDrivers, useSegments } from './hooks.js';
import { OccurrenceList } from './OccurrenceList.js';
import { SeriesView } from './SeriesView.js';
import { CONFLICT_POLICIES, type ConflictPolicy, type OccurrenceConflicts, type SeriesCreated } from './types.js';
import './customer.css';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const FREQUENCIES = ['weekly', 'daily', 'custom'] as const;
type Frequency = (typeof FREQUENCIES)[number];

interface SeriesForm {
  segmentId: string;
  date: string;
  time: string;
  durationMinutes: number;
  frequency: Frequency;
  weekdays: Weekday[];
  count: number;
  customRule: string;
  vehicles: number;
  driverIds: string[];
  purpose: string;
  conflictPolicy: ConflictPolicy;
  maxConflictPercent: number;
}

const ruleOf = (form: SeriesForm): string =>
  form.frequency === 'custom' ? form.customRule.trim() : rruleOf({ frequency: form.frequency, weekdays: form.weekdays, count: form.count } satisfies Recurrence);

/** The occurrences a 409 all-or-nothing refusal lists. */
const refusedOccurrences = (error: unknown): OccurrenceConflicts[] =>
  error instanceof ApiError && Array.isArray(error.details.occurrences) ? (error.details.occurrences as OccurrenceConflicts[]) : [];

function Created({ result, segments, onOpen }: { result: SeriesCreated; segments: readonly Segment[]; onOpen(): void }) {
  const t = useT();
  const zone = useZone();
  return (
    <section className="card outcome" role="status" data-testid="series-result">
      <h2>{t('pages.series.createdTitle', { created: result.created.length, skipped: result.skipped.length })}</h2>
      <p>
        <strong>{segmentLabel(segments, result.series.segmentId)}</strong> · <code>{result.series.rrule}</code>
      </p>
      <Table
        caption={t('pages.series.created')}
        rows={result.created}
        rowKey={(r) => r.id}
        columns={[
          { header: t('pages.myReservations.when'), cell: (r) => formatSpan(r.start, r.end, zone) },
          { header: t('pages.myReservations.status'), cell: (r) => t(`status.reservation.${r.status}`) },
        ]}
      />
      <OccurrenceList title={t('pages.series.skipped')} occurrences={result.skipped} testId="series-skipped" />
      <Button onClick={onOpen}>{t('pages.series.open')}</Button>
    </section>
  );
}

function SeriesBookingForm({ segments, onCreated }: { segments: readonly Segment[]; onCreated(result: SeriesCreated): void }) {
  const t = useT();
  const zone = useZone();
  const drivers = useDrivers();
  const [form, setForm] = useState<SeriesForm>({
    segmentId: '',
    date: addLocalDays(todayAt(zone), 7),
    time: '09:00',
    durationMinutes: 120,
    frequency: 'weekly',
    weekdays: ['tue', 'thu'],
    count: 8,
    customRule: '',
    vehicles: 1,
    driverIds: [],
    purpose: '',
    conflictPolicy: 'all_or_nothing',
    maxConflictPercent: 100,
  });
  const set = (change: Partial<SeriesForm>) => setForm((f) => ({ ...f, ...change }));
  const [checked, setChecked] = useState(false);
  const firstStart = fromLocal(form.date, form.time, zone);
  const rrule = ruleOf(form);
  const body = {
    segmentId: form.segmentId,
    firstStart,
    durationMinutes: form.durationMinutes,
    rrule,
    vehicles: form.vehicles,
    driverIds: form.driverIds,
    purpose: form.purpose,
    conflictPolicy: form.conflictPolicy,
    ...(form.conflictPolicy === 'skip_conflicts' ? { maxConflictPercent: form.maxConflictPercent } : {}),
  };
  const keyed = useSubmitKey();
  const create = useAction(() => keyed((idempotencyKey) => api.post<SeriesCreated>('/reservation-series', body, { idempotencyKey })));
  const problems = checked
    ? {
        segmentId: form.segmentId ? undefined : t('pages.series.segmentProblem'),
        firstStart: firstStart ? undefined : t('pages.series.startProblem'),
        rrule: rrule ? undefined : t('pages.series.ruleProblem'),
      }
    : {};
  const segment = segments.find((s) => s.id === form.segmentId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (form.segmentId && firstStart && rrule) void create.run().then((made) => made && onCreated(made));
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="series-form">
      <ErrorBanner error={create.error} />
      <OccurrenceList title={t('pages.series.refused')} occurrences={refusedOccurrences(create.error)} testId="series-refused" />
      <div className="form-grid">
        <Field label={t('pages.findTime.segment')} name="segmentId" error={create.error} problem={problems.segmentId} required>
          {(control) => (
            <select {...control} value={form.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
              <option value="">{t('pages.series.chooseSegment')}</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {segmentLabel(segments, s.id)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pages.series.firstDate')} name="firstStart" error={create.error} problem={problems.firstStart} required>
          {(control) => <input {...control} type="date" value={form.date} onChange={(e) => set({ date: e.target.value })} />}
        </Field>
        <Field label={t('pages.series.time')} name="time" required>
          {(control) => <input {...control} type="time" step={60} value={form.time} onChange={(e) => set({ time: e.target.value })} />}
        </Field>
        <Field label={t('pages.series.duration')} name="durationMinutes" error={create.error} required>
          {(control) => <input {...control} type="number" min={1} step={30} value={form.durationMinutes} onChange={(e) => set({ durationMinutes: Number(e.target.value) })} />}
        </Field>
        <Field label={t('pages.series.frequency')} name="frequency" required>
          {(control) => (
            <select {...control} value={form.frequency} onChange={(e) => set({ frequency: e.target.value as Frequency })}>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {t(`pages.series.frequencies.${f}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.frequency === 'custom' ? (
          <Field label={t('pages.series.rrule')} name="rrule" error={create.error} problem={problems.rrule} hint={t('pages.series.rruleHint')} required>
            {(control) => <input {...control} value={form.customRule} placeholder="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8" onChange={(e) => set({ customRule: e.target.value })} />}
          </Field>
        ) : (
          <Field label={t('pages.series.count')} name="count" required>
            {(control) => <input {...control} type="number" min={1} max={500} value={form.count} onChange={(e) => set({ count: Number(e.target.value) })} />}
          </Field>
        )}
      </div>
      {form.frequency === 'weekly' && (
        <CheckGroup
          legend={t('pages.series.weekdays')}
          name="rrule"
          error={create.error}
          options={WEEKDAYS.map((day) => ({ value: day, label: t(`weekdays.${day}`) }))}
          checked={form.weekdays}
          onChange={(weekdays) => set({ weekdays })}
          hint={t('pages.series.weekdaysHint')}
        />
      )}
      <p className="muted" data-testid="series-rrule">
        {t('pages.series.rulePreview')}: <code>{rrule || '—'}</code>
      </p>
      {segment?.capacityMode === 'shared' && (
        <Field label={t('pages.findTime.vehicles')} name="vehicles" error={create.error} required>
          {(control) => <input {...control} type="number" min={1} value={form.vehicles} onChange={(e) => set({ vehicles: Number(e.target.value) })} />}
        </Field>
      )}
      <ErrorBanner error={drivers.error} onRetry={drivers.refresh} />
      <DriverPicker drivers={drivers.data ?? []} segment={segment} checked={form.driverIds} onChange={(driverIds) => set({ driverIds })} error={create.error} />
      <Field label={t('pages.findTime.purpose')} name="purpose" error={create.error}>
        {(control) => <textarea {...control} rows={2} maxLength={2000} value={form.purpose} onChange={(e) => set({ purpose: e.target.value })} />}
      </Field>
      <fieldset className="check-group">
        <legend>{t('pages.series.policyTitle')}</legend>
        {CONFLICT_POLICIES.map((policy) => (
          <label key={policy} className="check-option">
            <input type="radio" name="conflictPolicy" value={policy} checked={form.conflictPolicy === policy} onChange={() => set({ conflictPolicy: policy })} />
            {t(`pages.series.policy.${policy}`)} <span className="muted">{t(`pages.series.policyHint.${policy}`)}</span>
          </label>
        ))}
      </fieldset>
      {form.conflictPolicy === 'skip_conflicts' && (
        <Field label={t('pages.series.maxConflictPercent')} name="maxConflictPercent" error={create.error}>
          {(control) => <input {...control} type="number" min={0} max={100} value={form.maxConflictPercent} onChange={(e) => set({ maxConflictPercent: Number(e.target.value) })} />}
        </Field>
      )}
      <Button type="submit" variant="primary" busy={create.busy} data-testid="series-submit">
        {t('pages.series.submit')}
      </Button>
    </form>
  );
}

/** Recurring bookings: a rule from presets (or RRULE), the occurrences booked and skipped; a series' occurrences and cancelling from a date. */
export default function Series() {
  const t = useT();
  const segments = useSegments();
  const [params, setParams] = useSearchParams();
  const [result, setResult] = useState<SeriesCreated | null>(null);
  const seriesId = params.get('id');
  const all = segments.data ?? [];
  return (
    <Page title={t('pages.series.title')}>
      <p className="lead">{t('pages.series.lead')}</p>
      <ErrorBanner error={segments.error} onRetry={segments.refresh} />
      {seriesId && <SeriesView id={seriesId} segments={all} />}
      {result && <Created result={result} segments={all} onOpen={() => setParams({ id: result.series.id })} />}
      {segments.data ? <SeriesBookingForm segments={all} onCreated={setResult} /> : !segments.error && <Loading />}
    </Page>
  );
}
