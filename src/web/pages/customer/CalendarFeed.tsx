import { useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/Modal.js';
import { Page } from '../../components/Page.js';
import { useT } from '../../i18n/context.js';
import { useAction } from '../../useAction.js';
import { CopyBox } from './CopyBox.js';
import { useOrganizationId } from './hooks.js';
import type { FeedToken } from './types.js';
import './customer.css';

/** The organization's iCalendar feed: a secret URL to subscribe to; a new one replaces the old. */
export default function CalendarFeed() {
  const t = useT();
  const organizationId = useOrganizationId();
  const [asking, setAsking] = useState(false);
  const [feed, setFeed] = useState<FeedToken | null>(null);
  const rotate = useAction(() => api.post<FeedToken>(`/organizations/${organizationId}/feed-token`));
  const confirm = () =>
    void rotate.run().then((made) => {
      if (!made) return;
      setFeed(made);
      setAsking(false);
    });
  return (
    <Page title={t('pages.calendarFeed.title')}>
      <p className="lead">{t('pages.calendarFeed.lead')}</p>
      <p className="warning">{t('pages.calendarFeed.replaces')}</p>
      {feed && (
        <section className="card" role="status" data-testid="feed-url">
          <CopyBox label={t('pages.calendarFeed.url')} value={feed.url} testId="feed-url-value" />
          <p className="muted">{t('pages.calendarFeed.keepSecret')}</p>
        </section>
      )}
      <Button variant="primary" onClick={() => setAsking(true)} data-testid="feed-create">
        {t(feed ? 'pages.calendarFeed.again' : 'pages.calendarFeed.create')}
      </Button>
      <ConfirmDialog
        open={asking}
        title={t('pages.calendarFeed.confirmTitle')}
        confirmLabel={t('pages.calendarFeed.confirm')}
        busy={rotate.busy}
        error={rotate.error}
        onConfirm={confirm}
        onCancel={() => {
          rotate.reset();
          setAsking(false);
        }}
      >
        <p>{t('pages.calendarFeed.replaces')}</p>
      </ConfirmDialog>
    </Page>
  );
}
