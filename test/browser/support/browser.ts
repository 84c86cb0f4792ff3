import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ko } from '../../../src/web/i18n/ko.js';

/** The browser tests' view of the app the global setup started. */
export const APP_URL = process.env.BROWSER_APP_URL!;
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

/** The demo account of a role (the first customer: 현대자동차), with the password this data directory generated. */
export function account(role: 'admin' | 'scheduler' | 'finance' | 'customer', email?: string): { email: string; password: string } {
  const lines = process.env.BROWSER_CREDENTIALS!.split('\n').filter((l) => l && !l.startsWith('#'));
  const found = lines.map((l) => l.split(' ')).find(([r, e]) => r === role && (!email || e === email));
  if (!found) throw new Error(`no demo ${role} account${email ? ` ${email}` : ''}`);
  return { email: found[1], password: found[2] };
}

/**
 * Debian's Chromium, headless. The browser's zone is deliberately not the facility's (Asia/Seoul): every time the
 * app shows or takes must still be facility time.
 */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, options: { locale?: string; width?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: APP_URL,
    timezoneId: 'America/Los_Angeles',
    locale: options.locale ?? 'ko-KR',
    viewport: { width: options.width ?? 1280, height: 860 },
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Logs in through the login form and waits for the role's home screen. */
export async function logIn(page: Page, role: Parameters<typeof account>[0], email?: string): Promise<void> {
  const { email: address, password } = account(role, email);
  await page.goto('/');
  await page.getByLabel(ko.auth.email).fill(address);
  await page.getByLabel(ko.auth.password).fill(password);
  await page.getByRole('button', { name: ko.auth.submit, exact: true }).click();
  await page.getByRole('navigation').waitFor();
}

/** Saves a screenshot for the docs (docs/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** The roles a browser test logs in as, one of each. */
export const ROLES_MENU = ['customer', 'scheduler', 'finance', 'admin'] as const;
