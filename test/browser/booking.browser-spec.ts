import type { Browser, Page } from 'playwright-core';
import { ApiClient, seoul, seoulDay } from './support/api.js';
import { launch, logIn, newContext, screenshot } from './support/browser.js';

/** The next weekday at least `days` ahead (the demo tracks open Monday to Friday 08:00–20:00). */
function weekdayFrom(days: number): string {
  for (let d = days; ; d++) {
    const day = seoulDay(d);
    const weekday = new Date(`${day}T12:00:00+09:00`).getUTCDay();
    if (weekday >= 1 && weekday <= 5) return day;
  }
}

/**
 * A customer finds time, sees the quote, loses the slot to another company meanwhile (409), takes one of the
 * suggested times, sees its quote and books it. The wet braking track needs a scheduler's approval here, so the
 * booking waits as pending (the scheduler's test approves it).
 */
describe('customer: find time, a conflict, a suggestion booked after its quote', () => {
  let browser: Browser;
  let scheduler: ApiClient;
  let wbr: { id: string; name: string };
  const day = weekdayFrom(3);

  beforeAll(async () => {
    browser = await launch();
    scheduler = await ApiClient.as('scheduler');
    wbr = await scheduler.segment('WBR');
    await scheduler.call('PATCH', `/segments/${wbr.id}`, { approvalRequired: true });
  });
  afterAll(async () => {
    await scheduler?.call('PATCH', `/segments/${wbr.id}`, { approvalRequired: false });
    await browser?.close();
  });

  async function quoteShown(page: Page): Promise<void> {
    await page.getByTestId('get-quote').click();
    await page.getByTestId('confirm-booking').waitFor();
  }

  it('books a suggested time after the one it chose was taken', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logIn(page, 'customer');
      await page.goto('/find-time');
      const form = page.getByTestId('find-time-form');
      await form.getByLabel('구간', { exact: true }).selectOption(wbr.id);
      await form.getByLabel(/이용 시간/).fill('120');
      const dates = form.locator('input[type="date"]');
      await dates.nth(0).fill(day);
      await dates.nth(1).fill(day);
      await page.getByTestId('search').click();
      await page.getByTestId('free-interval').first().waitFor();
      await page.getByTestId('choose-start').first().click();
      const booking = page.getByTestId('booking-form');
      await booking.waitFor();
      await booking.getByLabel(/한도윤/).check();
      await quoteShown(page);
      await screenshot(page, 'booking-form');

      // meanwhile another company takes the track for the first two hours of that day
      const kgm = await scheduler.organization('KG');
      const [kgmDriver] = (await scheduler.drivers(kgm.id)).filter((d) => d.level >= 2);
      await scheduler.call('POST', '/reservations', { organizationId: kgm.id, segmentId: wbr.id, start: seoul(day, '08:00'), end: seoul(day, '12:00'), driverIds: [kgmDriver.id] });

      await page.getByTestId('confirm-booking').click();
      const suggestion = page.getByTestId('conflict-suggestions-item').first();
      await suggestion.waitFor();
      await suggestion.click();
      await quoteShown(page);
      await page.getByTestId('confirm-booking').click();
      const outcome = page.getByTestId('booking-outcome');
      await outcome.waitFor();
      expect(await outcome.getAttribute('data-status')).toBe('pending');
    } finally {
      await context.close();
    }
    const { items } = await scheduler.call<{ items: { status: string; segmentId: string }[] }>('GET', `/reservations?status=pending&segmentId=${wbr.id}`);
    expect(items).toHaveLength(1);
  });
});
