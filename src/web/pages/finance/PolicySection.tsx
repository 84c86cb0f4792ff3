import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { useToast } from '../../components/Toast.js';
import { useT } from '../../i18n/context.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { EditableRow } from './EditableRow.js';
import { numberOrUndefined } from './figures.js';
import { Section } from './layout.js';
import type { CancellationPolicy, CancellationTier, PolicyChange } from './model.js';
import { useRows } from './useRows.js';

type TierDraft = { [K in keyof CancellationTier]: string };

const blankTier = (): TierDraft => ({ minNoticeHours: '', percent: '' });
const draftsOf = (policy: CancellationPolicy): TierDraft[] =>
  policy.tiers.map((tier) => ({ minNoticeHours: String(tier.minNoticeHours), percent: String(tier.percent) }));

/** The tiers (notice → fee percent) and the no-show fee, edited as loaded and saved as a whole. */
function PolicyForm({ policy }: { policy: CancellationPolicy }) {
  const t = useT();
  const toast = useToast();
  const tiers = useRows(() => draftsOf(policy), blankTier);
  const [noShowPercent, setNoShowPercent] = useState(String(policy.noShowPercent));
  const save = useAction((body: PolicyChange) => api.put<CancellationPolicy>('/cancellation-policy', body));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: PolicyChange = {
      tiers: tiers.rows.map((tier) => ({ minNoticeHours: numberOrUndefined(tier.minNoticeHours), percent: numberOrUndefined(tier.percent) })),
      noShowPercent: numberOrUndefined(noShowPercent),
    };
    void save.run(body).then((saved) => {
      if (!saved) return;
      tiers.reset(draftsOf(saved));
      setNoShowPercent(String(saved.noShowPercent));
      toast(t('pages.rates.policySaved'), 'success');
    });
  };

  const numberField = (label: string, name: string, value: string, onChange: (value: string) => void, max?: number) => (
    <Field label={label} name={name} error={save.error} required>
      {(control) => <input {...control} type="number" min={0} max={max} step={1} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="policy-form">
      <ErrorBanner error={save.error} />
      {tiers.rows.map((tier, i) => (
        <EditableRow key={i} legend={t('pages.rates.tier', { n: i + 1 })} removeLabel={t('pages.rates.removeTier', { n: i + 1 })} onRemove={() => tiers.remove(i)}>
          {numberField(t('pages.rates.minNoticeHours'), `tiers.${i}.minNoticeHours`, tier.minNoticeHours, (v) => tiers.update(i, { minNoticeHours: v }))}
          {numberField(t('pages.rates.tierPercent'), `tiers.${i}.percent`, tier.percent, (v) => tiers.update(i, { percent: v }), 100)}
        </EditableRow>
      ))}
      <div className="fin-grid">{numberField(t('pages.rates.noShowPercent'), 'noShowPercent', noShowPercent, setNoShowPercent, 100)}</div>
      <div className="fin-form-actions">
        <Button onClick={tiers.add}>{t('pages.rates.addTier')}</Button>
        <Button type="submit" variant="primary" busy={save.busy}>
          {t('pages.rates.savePolicy')}
        </Button>
      </div>
    </form>
  );
}

export function PolicySection() {
  const t = useT();
  const policy = usePoll((signal) => api.get<CancellationPolicy>('/cancellation-policy', { signal }), null);
  return (
    <Section title={t('pages.rates.policyTitle')}>
      <p className="fin-note">{t('pages.rates.policyHint')}</p>
      <ErrorBanner error={policy.error} onRetry={policy.refresh} />
      {policy.loading ? <Loading /> : policy.data && <PolicyForm policy={policy.data} />}
    </Section>
  );
}
