import { Page } from '../components/Page.js';
import { useT } from '../i18n/context.js';
import { useUser } from '../session.js';

/** A screen of the menu of another role, reached by its address. */
export function Forbidden() {
  const t = useT();
  const { role } = useUser();
  return (
    <Page title={t('pages.forbidden.title')}>
      <p>{t('pages.forbidden.text', { role: t(`roles.${role}`) })}</p>
    </Page>
  );
}
