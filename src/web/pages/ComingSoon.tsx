import { Page } from '../components/Page.js';
import { useT } from '../i18n/context.js';
import type { PageId } from '../i18n/translate.js';

/** A screen that is not built yet: its title and a note. */
export function ComingSoon({ page }: { page: PageId }) {
  const t = useT();
  return (
    <Page title={t(`pages.${page}.title`)}>
      <p className="empty">{t('common.comingSoon')}</p>
    </Page>
  );
}
