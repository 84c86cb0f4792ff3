import type { Browser } from 'playwright-core';
import { ApiClient, seoul, seoulDay } from './support/api.js';
import { launch, logIn, newContext, screenshot } from './support/browser.js';

const HOUR = 3600_000;

/**
 * A scheduler approves a pending booking, drags another booking on the schedule board with the mouse onto taken
 * time and sees the refusal (the block goes back), and checks a vehicle in at the gate with one click.
 * The test's own segment is open day and night, so it runs at any hour.
 */
describe('scheduler: approve, a refused drag on the board, check-in at the gate', () => {
  let browser: Browser;
  let scheduler: ApiClient;
  let customer: ApiClient;
  let segmentId: string;
  let organizationId: string;
  const tomorrow = seoulDay(1);

  beforeAll(async () => {
    browser = await launch();
    scheduler = await ApiClient.as('scheduler');
    customer = await ApiClient.as('customer');
    organizationId = (await scheduler.organization('현대')).id;
    const segment = await scheduler.call('POST', '/segments', {
      code: `BRW-${Date.now().toString(36)}`,
      name: '브라우저 시험로',
      kind: 'test',
      capacityMode: 'exclusive',
      requiredDriverLevel: 0,
      slotMinutes: 30,
      minDurationMinutes: 30,
      approvalRequired: true,
      openingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '00:00', close: '24:00' }],
    });
    segmentId = segment.id;
  });
  afterAll(() => browser?.close());

  it('approves a customer booking in the approvals queue', async () => {
    const pending = await customer.call('POST', '/reservations', { segmentId, start: seoul(seoulDay(3), '09:00'), end: seoul(seoulDay(3), '10:00') });
    expect(pending.status).toBe('pending');
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logIn(page, 'scheduler');
      await page.goto('/staff/approvals');
      await page.getByTestId(`approve-${pending.id}`).click();
      await page.getByTestId(`approve-${pending.id}`).waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
    expect((await scheduler.call('GET', `/reservations/${pending.id}`)).status).toBe('confirmed');
  });

  it('drags a booking with the mouse onto taken time: refused, the block goes back', async () => {
    const moved = await scheduler.call('POST', '/reservations', { organizationId, segmentId, start: seoul(tomorrow, '10:00'), end: seoul(tomorrow, '11:00') });
    await scheduler.call('POST', '/reservations', { organizationId, segmentId, start: seoul(tomorrow, '13:00'), end: seoul(tomorrow, '14:00') });
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logIn(page, 'scheduler');
      await page.goto('/staff/schedule');
      await page.getByLabel('날짜', { exact: true }).fill(tomorrow);
      const block = page.locator(`[data-reservation-id="${moved.id}"]`);
      await block.waitFor();
      await block.scrollIntoViewIfNeeded();
      const before = (await block.boundingBox())!;
      // the other booking's block: the time it is dragged onto
      const target = (await page.locator(`[data-testid="reservation-block"]:not([data-reservation-id="${moved.id}"])`).first().boundingBox())!;
      await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(before.x + before.width / 2 + ((target.x - before.x) * i) / 10, before.y + before.height / 2);
      await page.mouse.up();
      await page.getByRole('alert').filter({ hasText: /되돌렸습니다|충돌|겹/ }).first().waitFor();
      await screenshot(page, 'schedule-board-refusal');
      await page.getByRole('button', { name: '닫기', exact: true }).first().click();
      await page.waitForTimeout(300);
      const after = (await block.boundingBox())!;
      expect(Math.abs(after.x - before.x)).toBeLessThan(2);
      await screenshot(page, 'schedule-board');
    } finally {
      await context.close();
    }
    const still = await scheduler.call('GET', `/reservations/${moved.id}`);
    expect(still.start).toBe(seoul(tomorrow, '10:00'));
  });

  it('checks a vehicle in at the gate with one click', async () => {
    const start = new Date(Math.floor(Date.now() / (30 * 60_000)) * 30 * 60_000);
    const arrival = await scheduler.call('POST', '/reservations', { organizationId, segmentId, start: start.toISOString(), end: new Date(start.getTime() + HOUR).toISOString() });
    const context = await newContext(browser, { width: 1024 });
    const page = await context.newPage();
    try {
      await logIn(page, 'scheduler');
      await page.goto('/staff/gate');
      await page.getByTestId(`check-in-${arrival.id}`).click();
      await page.getByTestId(`check-out-${arrival.id}`).waitFor();
    } finally {
      await context.close();
    }
    expect((await scheduler.call('GET', `/reservations/${arrival.id}`)).status).toBe('checked_in');
  });
});
