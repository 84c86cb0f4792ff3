import { useState, type FormEvent } from 'react';
import { Button } from '../components/Button.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { Field } from '../components/Field.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { Page } from '../components/Page.js';
import { useT } from '../i18n/context.js';
import type { Role } from '../model.js';
import { useSession } from '../session.js';
import { useAction } from '../useAction.js';

/** The demo accounts the seed creates (README.md); their passwords are printed at start-up. */
const DEMO_ACCOUNTS: [Role, string][] = [
  ['admin', 'admin@dpg.example'],
  ['scheduler', 'scheduler@dpg.example'],
  ['finance', 'finance@dpg.example'],
  ['customer', 'customer@hyundai-demo.example'],
  ['customer', 'customer@kgm-demo.example'],
];

export function Login() {
  const t = useT();
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useAction(login);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(email, password);
  };
  return (
    <div className="login">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-name">{t('app.name')}</span>
          <LanguageSwitch />
        </div>
        <Page title={t('auth.title')}>
          <form onSubmit={onSubmit} noValidate>
            <ErrorBanner error={submit.error} />
            <Field label={t('auth.email')} name="email" error={submit.error} required>
              {(control) => (
                <input {...control} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
              )}
            </Field>
            <Field label={t('auth.password')} name="password" error={submit.error} required>
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
            <Button type="submit" variant="primary" busy={submit.busy}>
              {t('auth.submit')}
            </Button>
          </form>
          <details className="demo-accounts">
            <summary>{t('auth.demoTitle')}</summary>
            <p>{t('auth.demoHint')}</p>
            <ul>
              {DEMO_ACCOUNTS.map(([role, account]) => (
                <li key={account}>
                  <Button variant="link" onClick={() => setEmail(account)} aria-label={t('auth.useAccount', { email: account })}>
                    {account}
                  </Button>{' '}
                  ({t(`roles.${role}`)})
                </li>
              ))}
            </ul>
          </details>
        </Page>
      </div>
    </div>
  );
}
