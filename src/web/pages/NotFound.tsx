import { Page } from '../components/Page.js';
import { useT } from '../i18n/context.js';

export function NotFound() {
  const t = useT();
  return (
    <Page title={t('pages.notFound.title')}>
      <p>{t('pages.notFound.text')}</p>
    </Page>
  );
}
