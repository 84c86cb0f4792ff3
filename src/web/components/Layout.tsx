import { Suspense } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useZone } from '../facility.js';
import { useT } from '../i18n/context.js';
import { menuOf } from '../routes.js';
import { useSession, useUser } from '../session.js';
import { Button } from './Button.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { Loading } from './Loading.js';

function Menu() {
  const t = useT();
  const { role } = useUser();
  return (
    <nav className="menu" aria-label={t('nav.label')}>
      {menuOf(role).map(({ section, routes }) => (
        <div key={section} className="menu-section">
          <p className="menu-heading">{t(`nav.${section}`)}</p>
          <ul>
            {routes.map((route) => (
              <li key={route.path}>
                <NavLink to={route.path}>{t(`pages.${route.page}.title`)}</NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** The frame of every page behind the login: top bar, the role's menu, the page, the zone note. */
export function Layout() {
  const t = useT();
  const user = useUser();
  const { logout } = useSession();
  const zone = useZone();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-product">{t('app.product')}</span>
        </div>
        <p className="topbar-user">{t('auth.signedInAs', { name: user.name, role: t(`roles.${user.role}`) })}</p>
        <LanguageSwitch />
        <Button onClick={logout}>{t('auth.logout')}</Button>
      </header>
      <div className="columns">
        <Menu />
        <main id="main" tabIndex={-1}>
          <ErrorBoundary resetKey={pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
      <footer className="footer">{t('app.zoneNote', { zone })}</footer>
    </div>
  );
}
