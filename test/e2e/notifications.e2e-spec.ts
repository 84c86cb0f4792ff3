import { LifecycleService } from '../../src/jobs/lifecycle.service.js';
import { MailWorker } from '../../src/notifications/mail-worker.js';
import { Outbox } from '../../src/outbox/outbox.service.js';
import { createRateCard, draftFor, issue, monthFromNow, usedTrack } from '../support/billing.js';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { SmtpReceiver } from '../support/smtp.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Issue 8, e-mail: the outbox is written in the changing transaction, and a worker sends it
 * through a real SMTP server (smtp-server on a loopback port) once, in the user's language.
 */
describe('notifications: outbox and e-mail', () => {
  let smtp: SmtpReceiver;
  let t: TestApp;
  let scheduler: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: '0', REMINDER_HOURS: '24' });
    scheduler = await t.createUser('scheduler');
    alice = await t.createCustomer({ billingEmail: `billing-${Date.now()}@alice.example.kr` });
    bob = await t.createCustomer();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const send = () => t.app.get(MailWorker).runOnce();
  const notifications = async (user: TestUser, query = '') => (await t.http.get(`/api/v1/notifications?limit=500${query}`).set(bearer(user)).expect(200)).body.items as Record<string, any>[];
  const count = async (table: string) => Number((await t.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('a booking e-mails the user who booked, in Korean by default, with the segment and the facility-local time; the row becomes sent', async () => {
    const seg = await createSegment(t, scheduler, { name: '고속주회로 High-speed oval' });
    const day = localDay(5);
    const res = await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '11:00') }).expect(201);
    const [row] = await notifications(alice, `&kind=reservation.created`);
    expect(row).toEqual(
      expect.objectContaining({ kind: 'reservation.created', organizationId: alice.organizationId, reservationId: res.body.id, invoiceId: null, recipient: alice.email, channel: 'email', status: 'pending', attempts: 0, lastError: null, sentAt: null }),
    );
    expect(await send()).toBeGreaterThanOrEqual(1);
    const [mail] = smtp.to(alice.email);
    expect(mail.subject).toContain('[대구 주행시험장] 예약 접수 (확정)');
    expect(mail.text).toContain('고속주회로 High-speed oval');
    expect(mail.text).toContain('09:00–11:00 (Asia/Seoul)');
    expect(mail.headers.get('x-notification-id')).toBe(row.id);
    const [sent] = await notifications(alice, `&kind=reservation.created`);
    expect(sent).toEqual(expect.objectContaining({ status: 'sent', attempts: 1, lastError: null, sentAt: expect.any(String) }));
    // reservation.confirmed goes to webhooks only: one e-mail per change
    expect(await notifications(alice, '&kind=reservation.confirmed')).toEqual([]);
  });

  it('a user whose locale is English gets English text, times still in the facility zone', async () => {
    const en = await t.createUser('customer', alice.organizationId);
    await t.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [en.id]);
    const seg = await createSegment(t, scheduler);
    const day = localDay(6);
    await book(t, en, { segmentId: seg.id, start: at(day, '23:00'), end: at(localDay(7), '01:00') }).expect(201);
    await send();
    const [mail] = smtp.to(en.email);
    expect(mail.subject).toMatch(/^\[Daegu Proving Ground\] Booking received \(confirmed\)/);
    expect(mail.text).toContain('23:00–');
    expect(mail.text).toContain('01:00 (Asia/Seoul)');
  });

  it('a refused or rolled-back change writes and sends nothing', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(8);
    await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201);
    await send();
    const before = { events: await count('events'), notifications: await count('notifications'), mails: smtp.mails.length };
    await book(t, bob, { segmentId: seg.id, start: at(day, '09:30'), end: at(day, '10:30') }).expect(409);
    await book(t, bob, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '09:00') }).expect(400);
    await t.db
      .transaction(async (manager) => {
        await t.app.get(Outbox).emit(manager, { type: 'reservation.created', organizationId: bob.organizationId!, data: {}, mailTo: { userId: bob.id } });
        throw new Error('the change failed after its event was written');
      })
      .catch(() => undefined);
    await send();
    expect({ events: await count('events'), notifications: await count('notifications'), mails: smtp.mails.length }).toEqual(before);
  });

  it('without SMTP_URL nothing is sent and the outbox still fills', async () => {
    const quiet = await TestApp.start();
    try {
      const sched = await quiet.createUser('scheduler');
      const carol = await quiet.createCustomer();
      const seg = await createSegment(quiet, sched);
      await book(quiet, carol, { segmentId: seg.id, start: at(localDay(3), '09:00'), end: at(localDay(3), '10:00') }).expect(201);
      expect(await quiet.app.get(MailWorker).runOnce()).toBe(0);
      expect(await quiet.query(`SELECT kind, status, attempts FROM notifications`)).toEqual([{ kind: 'reservation.created', status: 'pending', attempts: 0 }]);
    } finally {
      await quiet.close();
    }
  });

  it('a refusing mail server is retried by the schedule; the row keeps the last error until it is sent', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(9);
    const dave = await t.createUser('customer', bob.organizationId);
    await book(t, dave, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201);
    smtp.refuse(2);
    await send();
    let [row] = await t.query<Record<string, any>>(`SELECT status, attempts, last_error FROM notifications WHERE recipient = $1`, [dave.email]);
    expect(row).toEqual({ status: 'pending', attempts: 1, last_error: expect.stringContaining('mailbox busy') });
    await send();
    await send();
    [row] = await t.query<Record<string, any>>(`SELECT status, attempts, last_error FROM notifications WHERE recipient = $1`, [dave.email]);
    expect(row).toEqual({ status: 'sent', attempts: 3, last_error: null });
    expect(smtp.to(dave.email)).toHaveLength(1);
  });

  it('a message still failing after its retry window is marked failed with the last error', async () => {
    const strict = await t.alongside({ SMTP_URL: 'smtp://127.0.0.1:1', MAIL_RETRY_WINDOW_SECONDS: '0' });
    try {
      const erin = await t.createUser('customer', bob.organizationId);
      const seg = await createSegment(t, scheduler);
      await book(t, erin, { segmentId: seg.id, start: at(localDay(10), '09:00'), end: at(localDay(10), '10:00') }).expect(201);
      await strict.app.get(MailWorker).runOnce();
      const [row] = await t.query<Record<string, any>>(`SELECT status, attempts, last_error FROM notifications WHERE recipient = $1`, [erin.email]);
      expect(row).toEqual({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED|connect/) });
      const [listed] = await notifications(scheduler, `&status=failed&organizationId=${bob.organizationId}`);
      expect(listed).toEqual(expect.objectContaining({ recipient: erin.email, status: 'failed', lastError: expect.any(String) }));
    } finally {
      await strict.close();
    }
  });

  it('cancelling tells the fee in won; a priority booking tells the displaced owner where it could move', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(11);
    const mine = await book(t, alice, { segmentId: seg.id, start: at(day, '13:00'), end: at(day, '14:00') }).expect(201);
    await t.http.post(`/api/v1/reservations/${mine.body.id}/cancel`).set(bearer(alice)).send({ reason: '일정 변경' }).expect(200);
    const victim = await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201);
    await book(t, scheduler, { organizationId: bob.organizationId, segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00'), priority: true }).expect(201);
    await send();
    const cancelled = smtp.to(alice.email).find((m) => m.subject?.includes('예약 취소'));
    expect(cancelled?.text).toMatch(/취소 수수료: ₩[\d,]+/);
    const displaced = smtp.to(alice.email).find((m) => m.subject?.includes('예약 변경 필요'));
    expect(displaced?.text).toContain('displaced by a priority booking');
    expect(displaced?.text).toMatch(/옮길 수 있는 시간[^\n]*\n {2}- .*\(Asia\/Seoul\)/);
    const [event] = await t.query<{ data: any }>(`SELECT data FROM events WHERE type = 'reservation.displaced' AND data->'reservation'->>'id' = $1`, [victim.body.id]);
    expect(event.data.suggestions.length).toBeGreaterThan(0);
    // the suggestions were computed after the priority booking was written: none overlaps it
    const taken = { start: Date.parse(at(day, '09:00')), end: Date.parse(at(day, '10:00')) };
    for (const s of event.data.suggestions) expect(Date.parse(s.start) >= taken.end || Date.parse(s.end) <= taken.start).toBe(true);
  });

  it('a series is told once, listing what was skipped; each occurrence still emits its events', async () => {
    const seg = await createSegment(t, scheduler);
    const first = localDay(12);
    await book(t, bob, { segmentId: seg.id, start: at(localDay(13), '09:00'), end: at(localDay(13), '10:00') }).expect(201);
    const frank = await t.createUser('customer', alice.organizationId);
    const res = await t.http
      .post('/api/v1/reservation-series')
      .set(bearer(frank))
      .send({ segmentId: seg.id, firstStart: at(first, '09:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=3', conflictPolicy: 'skip_conflicts' });
    expect(res.status).toBe(201);
    await send();
    const mails = smtp.to(frank.email);
    expect(mails.map((m) => m.subject)).toEqual(['[대구 주행시험장] 반복 예약 생성: 2건']);
    expect(mails[0].text).toContain('제외된 1건:');
    const types = await t.query<{ type: string; n: string }>(
      `SELECT type, count(*) AS n FROM events WHERE data->'reservation'->>'seriesId' = $1 GROUP BY type ORDER BY type`,
      [res.body.series.id],
    );
    expect(types).toEqual([
      { type: 'reservation.confirmed', n: '2' },
      { type: 'reservation.created', n: '2' },
    ]);
  });

  it('a reminder goes out REMINDER_HOURS before a held reservation starts, once', async () => {
    const seg = await createSegment(t, scheduler);
    const soon = new Date(Date.now() + 3 * 3600_000);
    soon.setUTCMinutes(0, 0, 0);
    const r = await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, start: soon.toISOString(), end: new Date(soon.getTime() + 3600_000).toISOString() }).expect(201);
    const later = await book(t, alice, { segmentId: seg.id, start: at(localDay(20), '09:00'), end: at(localDay(20), '10:00') }).expect(201);
    expect((await t.app.get(LifecycleService).sweep()).reminder).toBeGreaterThanOrEqual(1);
    expect((await t.app.get(LifecycleService).sweep()).reminder).toBe(0);
    const reminders = await t.query<{ reservation_id: string }>(`SELECT reservation_id FROM notifications WHERE kind = 'reservation.reminder'`);
    expect(reminders.map((n) => n.reservation_id)).toContain(r.body.id);
    expect(reminders.map((n) => n.reservation_id)).not.toContain(later.body.id);
    await send();
    expect(smtp.to(scheduler.email).some((m) => m.subject?.includes('예약 알림'))).toBe(true);
  });

  it('an issued invoice goes to the billing address with its PDF; voiding sends the credit note', async () => {
    const finance = await t.createUser('finance');
    const seg = await createSegment(t, scheduler);
    await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 100000 }).expect(201);
    const month = monthFromNow(-1);
    await usedTrack(t, scheduler, { organizationId: alice.organizationId!, segmentId: seg.id, start: at(`${month}-10`, '09:00'), end: at(`${month}-10`, '11:00') });
    const draft = await draftFor(t, finance, month, alice.organizationId!);
    const issued = await issue(t, finance, draft.id);
    await t.http.post(`/api/v1/invoices/${issued.id}/void`).set(bearer(finance)).send({ reason: '금액 정정' }).expect(200);
    await send();
    const [billing] = await t.query<{ billing_email: string }>(`SELECT billing_email FROM organizations WHERE id = $1`, [alice.organizationId]);
    const mails = smtp.to(billing.billing_email);
    const issuedMail = mails.find((m) => m.subject?.includes(`청구서 발행 ${issued.number}`));
    expect(issuedMail?.text).toContain('₩');
    expect(issuedMail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`${issued.number}.pdf`, 'application/pdf']]);
    expect(issuedMail?.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    const voidMail = mails.find((m) => m.subject?.includes(`청구서 취소 ${issued.number}`));
    expect(voidMail?.text).toContain('금액 정정');
    expect(voidMail?.attachments).toHaveLength(1);
    expect(await notifications(alice, '&kind=invoice.issued')).toEqual([expect.objectContaining({ invoiceId: issued.id, recipient: billing.billing_email, status: 'sent' })]);
  });

  it('a support request whose status moves e-mails the requester', async () => {
    const filed = await t.http.post('/api/v1/support-requests').set(bearer(alice)).send({ category: 'market', title: '수출 상담', description: '해외 OEM 연결' }).expect(201);
    await t.http.patch(`/api/v1/support-requests/${filed.body.id}`).set(bearer(scheduler)).send({ status: 'triaged', assignee: '김담당' }).expect(200);
    await send();
    const mail = smtp.to(alice.email).find((m) => m.subject?.includes('지원 요청 상태 변경'));
    expect(mail?.text).toContain('접수 → 검토');
  });

  it('GET /notifications: customers see only their organization, staff everything; filters and cursors follow the list conventions', async () => {
    const mine = await notifications(alice);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((n) => n.organizationId === alice.organizationId)).toBe(true);
    expect((await notifications(bob)).every((n) => n.organizationId === bob.organizationId)).toBe(true);
    const all = await notifications(scheduler);
    expect(new Set(all.map((n) => n.organizationId))).toEqual(new Set([alice.organizationId, bob.organizationId]));
    expect((await notifications(scheduler, '&status=sent')).every((n) => n.status === 'sent')).toBe(true);
    // a customer naming another organization is answered like an unknown one
    expectError(await t.http.get(`/api/v1/notifications?organizationId=${bob.organizationId}`).set(bearer(alice)), 404, 'NOT_FOUND');
    // pages of one, in creation order, cover the same rows
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Record<string, any> = (await t.http.get(`/api/v1/notifications?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(alice)).expect(200)).body;
      seen.push(...page.items.map((n: Record<string, any>) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(mine.map((n) => n.id));
    for (const bad of ['status=read', 'kind=reservation.exploded', 'limit=0', 'cursor=nope', 'organizationId=1', 'other=1']) {
      expectError(await t.http.get(`/api/v1/notifications?${bad}`).set(bearer(scheduler)), 400, 'VALIDATION_FAILED');
    }
    expectError(await t.http.get('/api/v1/notifications'), 401, 'UNAUTHENTICATED');
  });

  it('two app instances sending from one outbox send each message once', async () => {
    const second = await t.alongside({ SMTP_URL: smtp.url });
    try {
      const seg = await createSegment(t, scheduler);
      const gina = await t.createUser('customer', bob.organizationId);
      for (let i = 0; i < 12; i++) {
        const day = localDay(30 + i);
        await book(t, gina, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201);
      }
      await Promise.all([send(), second.app.get(MailWorker).runOnce(), send(), second.app.get(MailWorker).runOnce()]);
      const ids = smtp.to(gina.email).map((m) => m.headers.get('x-notification-id'));
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    } finally {
      await second.close();
    }
  });
});
