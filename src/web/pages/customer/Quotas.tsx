import { api } from '../../api.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { Table } from '../../components/Table.js';
import { useZone } from '../../facility.js';
import { useT } from '../../i18n/context.js';
import { addLocalDays, formatDate } from '../../time.js';
import { usePoll } from '../../usePoll.js';
import { segmentLabel, useOrganizationId, useSegments } from './hooks.js';
import { kindLabel } from './segments.js';
import type { QuotaUse } from './types.js';
import './customer.css';

/** Used of allowed minutes as a bar, with the numbers beside it. */
function UseBar({ quota }: { quota: QuotaUse }) {
  const t = useT();
  const { usedMinutes } = quota.current;
  const text = t('pages.quotas.used', { used: usedMinutes, max: quota.maxMinutes });
  const full = usedMinutes >= quota.maxMinutes;
  return (
    <div className="use-bar">
      <progress className={full ? 'full' : undefined} max={Math.max(quota.maxMinutes, 1)} value={Math.min(usedMinutes, quota.maxMinutes)} aria-label={text} />
      <span>{text}</span>
    </div>
  );
}

/** The organization's quotas and what this week's or month's bookings used of them (polled). */
export default function Quotas() {
  const t = useT();
  const zone = useZone();
  const organizationId = useOrganizationId();
  const segments = useSegments();
  const quotas = usePoll((signal) => api.get<{ quotas: QuotaUse[] }>(`/organizations/${organizationId}/quotas`, { signal }), 30_000, [organizationId]);
  const scopeOf = (q: QuotaUse) =>
    [q.segmentId && segmentLabel(segments.data, q.segmentId), q.kind && kindLabel(t, q.kind)].filter(Boolean).join(' · ') || t('pages.quotas.everySegment');
  // the period is half-open: its last local day is the one before its end
  const periodOf = (q: QuotaUse) => `${formatDate(q.current.start, zone)} – ${addLocalDays(formatDate(q.current.end, zone), -1)}`;
  return (
    <Page title={t('pages.quotas.title')}>
      <p className="lead">{t('pages.quotas.lead')}</p>
      <ErrorBanner error={quotas.error} onRetry={quotas.refresh} />
      {quotas.loading && <Loading />}
      {quotas.data && (
        <Table
          caption={t('pages.quotas.title')}
          rows={quotas.data.quotas}
          rowKey={(q) => q.id}
          empty={t('pages.quotas.none')}
          columns={[
            { header: t('pages.quotas.scope'), cell: scopeOf },
            { header: t('pages.quotas.period'), cell: (q) => `${t(`pages.quotas.periods.${q.period}`)} (${periodOf(q)})` },
            { header: t('pages.quotas.use'), cell: (q) => <UseBar quota={q} /> },
            { header: t('pages.quotas.left'), cell: (q) => t('pages.quotas.minutes', { minutes: Math.max(0, q.maxMinutes - q.current.usedMinutes) }), align: 'end' },
          ]}
        />
      )}
    </Page>
  );
}
