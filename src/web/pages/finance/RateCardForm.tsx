import { useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';
import { useT } from '../../i18n/context.js';
import type { Segment, Weekday } from '../../model.js';
import { parseWon } from '../../money.js';
import { useAction } from '../../useAction.js';
import { WEEKDAYS } from '../../../segments/local-time.js';
import { SegmentOptions } from './data.js';
import { EditableRow } from './EditableRow.js';
import { numberOrUndefined } from './figures.js';
import { Section } from './layout.js';
import type { NewRateCard, RateCard } from './model.js';
import { useRows } from './useRows.js';
import { useSubmitKey } from '../../useSubmitKey.js';

interface SurchargeDraft {
  name: string;
  days: Weekday[];
  from: string;
  to: string;
  percent: string;
}

const blankSurcharge = (): SurchargeDraft => ({ name: '', days: [], from: '', to: '', percent: '' });

/** The server's defaults (api.md), shown so that finance sees what a card gets. */
const DEFAULT_TERMS = { memberDiscountPercent: '0', billingIncrementMinutes: '30', minimumBillableMinutes: '60' };
type Terms = typeof DEFAULT_TERMS;

/** The weekdays a surcharge applies on: a group of checkboxes, marked with the problems the server names for it. */
function DaysField({ name, days, onChange, error }: { name: string; days: Weekday[]; onChange(days: Weekday[]): void; error: unknown }) {
  const t = useT();
  const problemId = useId();
  const problems = error instanceof ApiError ? error.problemsOf(name) : [];
  const toggle = (day: Weekday, on: boolean) => onChange(WEEKDAYS.filter((d) => (d === day ? on : days.includes(d))));
  return (
    <fieldset className={problems.length > 0 ? 'fin-days field-invalid' : 'fin-days'} aria-describedby={problems.length > 0 ? problemId : undefined}>
      <legend>{t('pages.rates.days')}</legend>
      {WEEKDAYS.map((day) => (
        <label key={day}>
          <input type="checkbox" name={name} value={day} checked={days.includes(day)} onChange={(e) => toggle(day, e.target.checked)} />
          {t(`weekdays.${day}`)}
        </label>
      ))}
      {problems.length > 0 && (
        <p id={problemId} className="field-problem">
          {t('problems.invalid')}
          <span lang="en">: {problems.join('; ')}</span>
        </p>
      )}
    </fieldset>
  );
}

/** A new rate card: segment, effective date, rate, terms and surcharge windows. */
export function RateCardForm({ segments, onCreated }: { segments: readonly Segment[]; onCreated(): void }) {
  const t = useT();
  const toast = useToast();
  const [segmentId, setSegmentId] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [rate, setRate] = useState('');
  const [terms, setTerms] = useState(DEFAULT_TERMS);
  const surcharges = useRows<SurchargeDraft>([], blankSurcharge);
  const keyed = useSubmitKey();
  const create = useAction((body: NewRateCard) => keyed((idempotencyKey) => api.post<RateCard>('/rate-cards', body, { idempotencyKey })));

  const shared = segments.find((s) => s.id === segmentId)?.capacityMode === 'shared';
  const rateField = shared ? 'perVehicleHourlyRate' : 'hourlyRate';
  const won = parseWon(rate);
  const rateProblem = rate.trim() !== '' && won === null ? t('pages.rates.wholeWon') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rateProblem) return;
    const body: NewRateCard = {
      segmentId,
      effectiveFrom,
      [rateField]: won ?? undefined,
      memberDiscountPercent: numberOrUndefined(terms.memberDiscountPercent),
      billingIncrementMinutes: numberOrUndefined(terms.billingIncrementMinutes),
      minimumBillableMinutes: numberOrUndefined(terms.minimumBillableMinutes),
      surcharges: surcharges.rows.map((s) => ({ ...s, percent: numberOrUndefined(s.percent) })),
    };
    void create.run(body).then((made) => {
      if (!made) return;
      toast(t('pages.rates.created'), 'success');
      setEffectiveFrom('');
      setRate('');
      surcharges.reset([]);
      onCreated();
    });
  };

  const termField = (name: keyof Terms, min: number) => (
    <Field label={t(`pages.rates.${name}`)} name={name} error={create.error}>
      {(control) => <input {...control} type="number" min={min} step={1} value={terms[name]} onChange={(e) => setTerms({ ...terms, [name]: e.target.value })} />}
    </Field>
  );

  return (
    <Section title={t('pages.rates.newTitle')}>
      <form onSubmit={submit} noValidate data-testid="rate-card-form">
        <ErrorBanner error={create.error} />
        <div className="fin-grid">
          <Field label={t('pages.rates.segment')} name="segmentId" error={create.error} required>
            {(control) => (
              <select {...control} value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
                <option value="">{t('pages.rates.chooseSegment')}</option>
                <SegmentOptions segments={segments} />
              </select>
            )}
          </Field>
          <Field label={t('pages.rates.effectiveFrom')} name="effectiveFrom" error={create.error} hint={t('pages.rates.effectiveHint')} required>
            {(control) => <input {...control} type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />}
          </Field>
          <Field
            label={t(`pages.rates.${rateField}`)}
            name={rateField}
            error={create.error}
            problem={rateProblem}
            hint={t(shared ? 'pages.rates.sharedHint' : 'pages.rates.exclusiveHint')}
            required
          >
            {(control) => <input {...control} inputMode="numeric" autoComplete="off" value={rate} onChange={(e) => setRate(e.target.value)} />}
          </Field>
          {termField('memberDiscountPercent', 0)}
          {termField('billingIncrementMinutes', 1)}
          {termField('minimumBillableMinutes', 0)}
        </div>
        {surcharges.rows.map((s, i) => {
          const field = (part: keyof SurchargeDraft) => `surcharges.${i}.${part}`;
          return (
            <EditableRow
              key={i}
              legend={t('pages.rates.surcharge', { n: i + 1 })}
              removeLabel={t('pages.rates.removeSurcharge', { n: i + 1 })}
              onRemove={() => surcharges.remove(i)}
            >
              <Field label={t('pages.rates.surchargeName')} name={field('name')} error={create.error}>
                {(control) => <input {...control} value={s.name} onChange={(e) => surcharges.update(i, { name: e.target.value })} />}
              </Field>
              <Field label={t('pages.rates.from')} name={field('from')} error={create.error}>
                {(control) => <input {...control} type="time" value={s.from} onChange={(e) => surcharges.update(i, { from: e.target.value })} />}
              </Field>
              <Field label={t('pages.rates.to')} name={field('to')} error={create.error} hint={t('pages.rates.toHint')}>
                {(control) => (
                  <input {...control} className="fin-clock" placeholder="24:00" value={s.to} onChange={(e) => surcharges.update(i, { to: e.target.value })} />
                )}
              </Field>
              <Field label={t('pages.rates.surchargePercent')} name={field('percent')} error={create.error}>
                {(control) => (
                  <input {...control} type="number" min={0} step={1} value={s.percent} onChange={(e) => surcharges.update(i, { percent: e.target.value })} />
                )}
              </Field>
              <DaysField name={field('days')} days={s.days} onChange={(days) => surcharges.update(i, { days })} error={create.error} />
            </EditableRow>
          );
        })}
        <div className="fin-form-actions">
          <Button onClick={surcharges.add}>{t('pages.rates.addSurcharge')}</Button>
          <Button type="submit" variant="primary" busy={create.busy}>
            {t('pages.rates.create')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
