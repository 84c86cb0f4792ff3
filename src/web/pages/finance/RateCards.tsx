import { useState } from 'react';
import { api } from '../../api.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import type { Page, Segment } from '../../model.js';
import { formatWon } from '../../money.js';
import { todayAt } from '../../time.js';
import { usePoll } from '../../usePoll.js';
import { SegmentOptions, segmentLabel, useSegments } from './data.js';
import { FinancePage, Section } from './layout.js';
import type { RateCard } from './model.js';
import { PolicySection } from './PolicySection.js';
import { RateCardForm } from './RateCardForm.js';

type CardState = 'current' | 'scheduled' | 'superseded';

/** Per segment, the card in force today is the latest one effective on or before today; later ones are scheduled. */
function statesOf(cards: readonly RateCard[], today: string): Map<string, CardState> {
  const inForce = new Map<string, string>();
  for (const card of cards) {
    if (card.effectiveFrom <= today && card.effectiveFrom > (inForce.get(card.segmentId) ?? '')) inForce.set(card.segmentId, card.effectiveFrom);
  }
  const stateOf = (card: RateCard): CardState =>
    card.effectiveFrom > today ? 'scheduled' : card.effectiveFrom === inForce.get(card.segmentId) ? 'current' : 'superseded';
  return new Map(cards.map((card) => [card.id, stateOf(card)]));
}

function RateCardTable({ cards, segments }: { cards: readonly RateCard[]; segments: readonly Segment[] }) {
  const t = useT();
  const today = todayAt(useZone());
  const names = new Map(segments.map((s) => [s.id, segmentLabel(s)]));
  const nameOf = (card: RateCard) => names.get(card.segmentId) ?? card.segmentId;
  const rows = [...cards].sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || b.effectiveFrom.localeCompare(a.effectiveFrom));
  const states = statesOf(cards, today);
  const minutes = (n: number) => t('pages.rates.minutes', { minutes: n });
  return (
    <Table
      caption={t('pages.rates.cardsTitle')}
      rows={rows}
      rowKey={(card) => card.id}
      columns={[
        { header: t('pages.rates.segment'), cell: nameOf },
        { header: t('pages.rates.effectiveFrom'), cell: (card) => <span className="fin-nowrap">{card.effectiveFrom}</span> },
        {
          header: t('pages.rates.rate'),
          align: 'end',
          cell: (card) =>
            card.hourlyRate !== null
              ? t('pages.rates.perHour', { amount: formatWon(card.hourlyRate) })
              : t('pages.rates.perVehicleHour', { amount: formatWon(card.perVehicleHourlyRate ?? 0) }),
        },
        { header: t('pages.rates.memberDiscount'), align: 'end', cell: (card) => `${card.memberDiscountPercent}%` },
        { header: t('pages.rates.increment'), align: 'end', cell: (card) => minutes(card.billingIncrementMinutes) },
        { header: t('pages.rates.minimum'), align: 'end', cell: (card) => minutes(card.minimumBillableMinutes) },
        {
          header: t('pages.rates.surcharges'),
          cell: (card) =>
            card.surcharges.length === 0 ? (
              t('pages.rates.none')
            ) : (
              <ul className="fin-plain-list">
                {card.surcharges.map((s, i) => (
                  <li key={i}>
                    {t('pages.rates.surchargeSummary', { ...s, days: s.days.map((d) => t(`weekdays.${d}`)).join(',') })}
                  </li>
                ))}
              </ul>
            ),
        },
        {
          header: t('pages.rates.state'),
          cell: (card) => {
            const state = states.get(card.id) ?? 'superseded';
            return <span className={`fin-badge fin-badge-${state}`}>{t(`pages.rates.states.${state}`)}</span>;
          },
        },
      ]}
    />
  );
}

export default function RateCards() {
  const t = useT();
  const segments = useSegments();
  const [segmentId, setSegmentId] = useState('');
  const cards = usePoll(
    (signal) => api.get<Page<RateCard>>('/rate-cards', { query: { segmentId: segmentId || undefined, limit: 500 }, signal }),
    60_000,
    [segmentId],
  );
  return (
    <FinancePage title={t('pages.rates.title')}>
      <ErrorBanner error={segments.error} onRetry={segments.refresh} />
      <Section title={t('pages.rates.cardsTitle')}>
        <div className="fin-toolbar">
          <Field label={t('pages.rates.segment')} name="segmentId" error={cards.error}>
            {(control) => (
              <select {...control} value={segmentId} onChange={(e) => setSegmentId(e.target.value)} data-testid="rate-segment-filter">
                <option value="">{t('pages.rates.allSegments')}</option>
                <SegmentOptions segments={segments.data} />
              </select>
            )}
          </Field>
        </div>
        <ErrorBanner error={cards.error} onRetry={cards.refresh} />
        {cards.loading ? <Loading /> : cards.data && <RateCardTable cards={cards.data.items} segments={segments.data ?? []} />}
      </Section>
      <RateCardForm segments={segments.data ?? []} onCreated={cards.refresh} />
      <PolicySection />
    </FinancePage>
  );
}
