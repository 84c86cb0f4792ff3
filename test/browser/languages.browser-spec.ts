import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/i18n/en.js';
import { ko } from '../../src/web/i18n/ko.js';
import { ROLES_MENU, launch, logIn, newContext } from './support/browser.js';

/** A text key shown as itself: what translate() falls back to when a language lacks it. */
const RAW_KEY = /\b(app|common|language|roles|auth|nav|pages|status|errors|fields)\.[A-Za-z_]+(\.[A-Za-z_]+)*\b/;

async function menuLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation').getByRole('link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
}

async function switchTo(page: Page, language: 'ko' | 'en'): Promise<void> {
  await page.getByLabel(new RegExp(`^(${ko.language.label}|${en.language.label})$`)).selectOption(language);
  await page.getByRole('button', { name: language === 'en' ? en.auth.logout : ko.auth.logout }).waitFor();
}

/**
 * Korean and English: every screen of every role, in both languages, shows no text key as itself (a key missing in
 * one language fails here), and switching to English and back changes the texts.
 */
describe('languages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(ROLES_MENU)('every %s screen in Korean and English, without a raw text key', async (role) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await logIn(page, role);
      for (const language of ['ko', 'en'] as const) {
        await switchTo(page, language);
        for (const href of await menuLinks(page)) {
          await page.goto(href);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          const text = await page.locator('body').innerText();
          const raw = RAW_KEY.exec(text);
          if (raw) problems.push(`${language} ${href}: "${raw[0]}"`);
        }
      }
      await switchTo(page, 'ko');
      expect(await page.getByRole('button', { name: ko.auth.logout }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
