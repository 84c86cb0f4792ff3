import { EVENT_TYPES } from '../../../src/outbox/events.js';
import { formatSpan, renderMessage, type Locale } from '../../../src/notifications/messages.js';

const reservation = {
  id: 'r1',
  segmentId: 's1',
  organizationId: 'o1',
  start: '2026-12-01T00:00:00.000Z',
  end: '2026-12-01T02:00:00.000Z',
  status: 'confirmed',
  statusReason: 'displaced by a priority booking',
};
const invoice = { id: 'i1', number: 'DPG-2026-000007', period: '2026-11', total: 1_234_000, vat: 112_182, voidReason: '금액 정정' };
/** A payload of every shape the outbox writes (docs/notifications.md). */
const DATA: Record<string, any> = {
  reservation,
  cancellationFee: 55_000,
  noShowFee: 110_000,
  hoursBefore: 24,
  suggestions: [{ segmentId: 's1', start: '2026-12-01T03:00:00.000Z', end: '2026-12-01T05:00:00.000Z' }],
  series: { id: 'x1' },
  created: 3,
  skipped: [{ start: '2026-12-02T00:00:00.000Z', end: '2026-12-02T01:00:00.000Z' }],
  invoice,
  creditNote: { ...invoice, id: 'i2', number: 'DPG-2026-000008', total: -1_234_000 },
  supportRequest: { title: '수출 상담', assignee: null },
  from: 'open',
  to: 'triaged',
};

describe('renderMessage: e-mails in Korean and English', () => {
  const names = new Map([['s1', '고속주회로 High-speed oval']]);

  it.each(EVENT_TYPES.flatMap((type) => (['ko', 'en'] as Locale[]).map((locale) => [type, locale] as const)))('%s in %s: a subject with the site, a body with no holes', (type, locale) => {
    const { subject, text } = renderMessage({ type, data: DATA, locale, zone: 'Asia/Seoul', segmentNames: names });
    expect(subject.startsWith(locale === 'ko' ? '[대구 주행시험장] ' : '[Daegu Proving Ground] ')).toBe(true);
    expect(`${subject}\n${text}`).not.toMatch(/undefined|null|NaN|\[object/);
    if (type.startsWith('reservation.')) expect(text).toContain('고속주회로 High-speed oval');
  });

  it('money is whole won with separators; times are facility-local', () => {
    const cancelled = renderMessage({ type: 'reservation.cancelled', data: DATA, locale: 'ko', zone: 'Asia/Seoul', segmentNames: names });
    expect(cancelled.text).toContain('취소 수수료: ₩55,000');
    expect(cancelled.text).toContain('09:00–11:00 (Asia/Seoul)');
    const issued = renderMessage({ type: 'invoice.issued', data: DATA, locale: 'en', zone: 'Asia/Seoul', segmentNames: names });
    expect(issued.text).toContain('Total: ₩1,234,000 (VAT ₩112,182 included)');
    const voided = renderMessage({ type: 'invoice.voided', data: DATA, locale: 'en', zone: 'Asia/Seoul', segmentNames: names });
    expect(voided.text).toContain('-₩1,234,000');
  });

  it('an unknown segment is named by its id rather than left out', () => {
    const { text } = renderMessage({ type: 'reservation.approved', data: DATA, locale: 'en', zone: 'Asia/Seoul', segmentNames: new Map() });
    expect(text).toContain('Track: s1, ');
  });
});

describe('formatSpan', () => {
  it('shows the local day once when start and end share it, both days otherwise', () => {
    expect(formatSpan('2026-12-01T00:00:00Z', '2026-12-01T02:00:00Z', 'Asia/Seoul', 'en')).toBe('Tue, 1 Dec 2026 09:00–11:00 (Asia/Seoul)');
    expect(formatSpan('2026-12-01T14:00:00Z', '2026-12-01T16:00:00Z', 'Asia/Seoul', 'en')).toBe('Tue, 1 Dec 2026 23:00–Wed, 2 Dec 2026 01:00 (Asia/Seoul)');
    expect(formatSpan('2026-12-01T00:00:00Z', '2026-12-01T02:00:00Z', 'Asia/Seoul', 'ko')).toMatch(/^2026년 12월 1일 \(화\) 09:00–11:00 \(Asia\/Seoul\)$/);
  });

  it('follows the zone across a daylight-saving change', () => {
    // Europe/Berlin leaves summer time on 2026-10-25 at 03:00 local
    expect(formatSpan('2026-10-25T00:30:00Z', '2026-10-25T02:30:00Z', 'Europe/Berlin', 'en')).toBe('Sun, 25 Oct 2026 02:30–03:30 (Europe/Berlin)');
  });
});
