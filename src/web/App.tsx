import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { Layout } from './components/Layout.js';
import { ToastProvider } from './components/Toast.js';
import { FacilityProvider } from './facility.js';
import { I18nProvider } from './i18n/context.js';
import { Forbidden } from './pages/Forbidden.js';
import { Login } from './pages/Login.js';
import { NotFound } from './pages/NotFound.js';
import { homeOf, ROUTES, type AppRoute } from './routes.js';
import { SessionProvider, useSession, useUser } from './session.js';

/** The pages behind the login: without a session, the login page, which comes back here afterwards. */
function RequireLogin({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  return user ? children : <Navigate to="/login" replace state={{ from: location }} />;
}

function LoginOrBack() {
  const { user } = useSession();
  const from = (useLocation().state as { from?: { pathname: string; search: string } } | null)?.from;
  if (!user) return <Login />;
  return <Navigate to={from ? from.pathname + from.search : homeOf(user.role)} replace />;
}

function Screen({ route }: { route: AppRoute }) {
  const { role } = useUser();
  return route.roles.includes(role) ? <route.component /> : <Forbidden />;
}

function Home() {
  return <Navigate to={homeOf(useUser().role)} replace />;
}

export function App() {
  return (
    <ErrorBoundary>
      <I18nProvider>
        <ToastProvider>
          <FacilityProvider>
            <SessionProvider>
              <BrowserRouter>
                <Routes>
                  <Route path="/login" element={<LoginOrBack />} />
                  <Route
                    element={
                      <RequireLogin>
                        <Layout />
                      </RequireLogin>
                    }
                  >
                    <Route index element={<Home />} />
                    {ROUTES.map((route) => (
                      <Route key={route.path} path={route.path} element={<Screen route={route} />} />
                    ))}
                    <Route path="*" element={<NotFound />} />
                  </Route>
                </Routes>
              </BrowserRouter>
            </SessionProvider>
          </FacilityProvider>
        </ToastProvider>
      </I18nProvider>
    </ErrorBoundary>
  );
}
