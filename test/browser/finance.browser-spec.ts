import type { Browser } from 'playwright-core';
import { ApiClient, seoul, seoulMonth, weekdays } from './support/api.js';
import { launch, logIn, newContext, screenshot } from './support/browser.js';

/**
 * Finance generates a month's drafts, issues an invoice and downloads its PDF — in the browser. The month's track
 * time is recorded first through the API, as the gate would have: a scheduler's back-office entries, checked in
 * and out.
 */
describe('finance: generate, issue and download an invoice', () => {
  let browser: Browser;
  const month = seoulMonth(-1);

  beforeAll(async () => {
    browser = await launch();
    const scheduler = await ApiClient.as('scheduler');
    const org = await scheduler.organization('현대');
    const [driver] = (await scheduler.drivers(org.id)).filter((d) => d.level >= 2);
    const segment = await scheduler.segment('WBR');
    for (const day of weekdays(month).slice(0, 2)) {
      const start = seoul(`${month}-${day}`, '09:00');
      const end = seoul(`${month}-${day}`, '11:00');
      const r = await scheduler.call('POST', '/reservations', { organizationId: org.id, segmentId: segment.id, start, end, driverIds: [driver.id], purpose: 'ABS 시험' });
      await scheduler.call('POST', `/reservations/${r.id}/check-in`, { at: start });
      await scheduler.call('POST', `/reservations/${r.id}/check-out`, { at: end });
    }
  });
  afterAll(() => browser?.close());

  it('generates the drafts, issues one (it gets its number) and downloads its PDF', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logIn(page, 'finance');
      await page.goto(`/finance/invoices?period=${month}`);
      await page.getByTestId('invoice-generate').click();
      const open = page.getByRole('button', { name: /현대/ }).and(page.getByTestId('invoice-open')).first();
      await open.click();
      const detail = page.getByTestId('invoice-detail');
      await detail.waitFor();
      await page.getByTestId('invoice-issue').click();
      await page.getByRole('dialog').getByRole('button', { name: /^(발행|Issue)$/ }).click();
      await detail.getByText(/DPG-\d{4}-\d{6}/).first().waitFor();
      await screenshot(page, 'invoice');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-pdf').click()]);
      const pdf = await download.createReadStream().then(async (stream) => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(download.suggestedFilename()).toMatch(/^DPG-\d{4}-\d{6}\.pdf$/);
    } finally {
      await context.close();
    }
  });
});
