import { formatWon } from '../billing/invoice-documents.js';
import type { EventType } from '../outbox/events.js';

export type Locale = 'ko' | 'en';

/** What an e-mail is made from: the event as written to the outbox, and names it mentions. */
export interface MessageInput {
  type: EventType;
  /** The outbox's JSON, shaped by its type (see docs/notifications.md). */
  data: Record<string, any>;
  locale: Locale;
  zone: string;
  /** Names of the segments the data mentions, by id. */
  segmentNames: Map<string, string>;
}

export interface Message {
  subject: string;
  text: string;
}

const SITE: Record<Locale, string> = { ko: '대구 주행시험장', en: 'Daegu Proving Ground' };

const STATUS: Record<Locale, Record<string, string>> = {
  ko: { pending: '승인 대기', confirmed: '확정', waitlisted: '대기자 명단', open: '접수', triaged: '검토', in_progress: '진행 중', resolved: '해결', declined: '반려' },
  en: { pending: 'awaiting approval', confirmed: 'confirmed', waitlisted: 'on the waitlist', open: 'open', triaged: 'triaged', in_progress: 'in progress', resolved: 'resolved', declined: 'declined' },
};

/** A half-open span in the facility zone, e.g. "2026. 12. 1. (화) 09:00–11:00 (Asia/Seoul)". */
export function formatSpan(start: string | Date, end: string | Date, zone: string, locale: Locale): string {
  const day = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' });
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const s = new Date(start);
  const e = new Date(end);
  const sameDay = day.format(s) === day.format(e);
  const to = sameDay ? clock.format(e) : `${day.format(e)} ${clock.format(e)}`;
  return `${day.format(s)} ${clock.format(s)}–${to} (${zone})`;
}

type Render = (d: MessageInput['data'], f: Formatters) => [subject: string, body: string[]];

interface Formatters {
  span(start: string, end: string): string;
  what(): string;
  status(s: string): string;
  won(amount: number): string;
}

const TEMPLATES: Record<EventType, Record<Locale, Render>> = {
  'reservation.created': {
    ko: (d, f) => [`예약 접수 (${f.status(d.reservation.status)}): ${f.what()}`, [`예약이 접수되었습니다. 상태: ${f.status(d.reservation.status)}.`]],
    en: (d, f) => [`Booking received (${f.status(d.reservation.status)}): ${f.what()}`, [`Your booking was received. Status: ${f.status(d.reservation.status)}.`]],
  },
  'reservation.confirmed': {
    ko: (_, f) => [`예약 확정: ${f.what()}`, ['예약이 확정되었습니다.']],
    en: (_, f) => [`Booking confirmed: ${f.what()}`, ['Your booking is confirmed.']],
  },
  'reservation.approved': {
    ko: (_, f) => [`예약 승인: ${f.what()}`, ['예약이 승인되어 확정되었습니다.']],
    en: (_, f) => [`Booking approved: ${f.what()}`, ['Your booking was approved and is confirmed.']],
  },
  'reservation.rejected': {
    ko: (d, f) => [`예약 거절: ${f.what()}`, [`예약이 거절되었습니다. 사유: ${d.reservation.statusReason ?? '-'}`]],
    en: (d, f) => [`Booking rejected: ${f.what()}`, [`Your booking was rejected. Reason: ${d.reservation.statusReason ?? '-'}`]],
  },
  'reservation.cancelled': {
    ko: (d, f) => [`예약 취소: ${f.what()}`, ['예약이 취소되었습니다.', `취소 수수료: ${f.won(d.cancellationFee ?? 0)}`]],
    en: (d, f) => [`Booking cancelled: ${f.what()}`, ['Your booking was cancelled.', `Cancellation fee: ${f.won(d.cancellationFee ?? 0)}`]],
  },
  'reservation.displaced': {
    ko: (d, f) => [
      `예약 변경 필요: ${f.what()}`,
      [`예약한 시간을 더 이상 사용할 수 없습니다. 사유: ${d.reservation.statusReason ?? '-'}`, '옮길 수 있는 시간 (수수료 없음):', ...suggestionLines(d, f)],
    ],
    en: (d, f) => [
      `Booking displaced: ${f.what()}`,
      [`Your booked time is no longer available. Reason: ${d.reservation.statusReason ?? '-'}`, 'Times you can move to (free of charge):', ...suggestionLines(d, f)],
    ],
  },
  'reservation.relocated': {
    ko: (_, f) => [`예약 이동: ${f.what()}`, ['예약이 새 시간으로 옮겨져 확정되었습니다.']],
    en: (_, f) => [`Booking moved: ${f.what()}`, ['Your booking was moved to a new time and is confirmed.']],
  },
  'reservation.waitlist_promoted': {
    ko: (d, f) => [`대기 예약 배정: ${f.what()}`, [`대기 중이던 시간이 비어 예약이 배정되었습니다. 상태: ${f.status(d.reservation.status)}.`]],
    en: (d, f) => [`Waitlisted booking promoted: ${f.what()}`, [`The time you waited for came free. Status: ${f.status(d.reservation.status)}.`]],
  },
  'reservation.no_show': {
    ko: (d, f) => [`노쇼 처리: ${f.what()}`, ['시작 시간까지 입장 기록이 없어 노쇼로 처리되었습니다.', `노쇼 수수료: ${f.won(d.noShowFee ?? 0)}`]],
    en: (d, f) => [`No-show: ${f.what()}`, ['Nobody checked in by the start, so the booking was marked a no-show.', `No-show fee: ${f.won(d.noShowFee ?? 0)}`]],
  },
  'reservation.expired': {
    ko: (d, f) => [`예약 만료: ${f.what()}`, [`예약이 만료되었습니다. 사유: ${d.reservation.statusReason ?? '-'}`]],
    en: (d, f) => [`Booking expired: ${f.what()}`, [`Your booking expired. Reason: ${d.reservation.statusReason ?? '-'}`]],
  },
  'reservation.reminder': {
    ko: (d, f) => [`예약 알림: ${f.what()}`, [`예약 시작 ${d.hoursBefore}시간 전 알림입니다. 운전자 자격증과 차량 서류를 준비해 주세요.`]],
    en: (d, f) => [`Reminder: ${f.what()}`, [`Your booking starts within ${d.hoursBefore} hours. Please bring driver certificates and vehicle papers.`]],
  },
  'series.created': {
    ko: (d, f) => [
      `반복 예약 생성: ${d.created}건`,
      [`반복 예약 ${d.created}건이 생성되었습니다.`, ...(d.skipped.length ? [`제외된 ${d.skipped.length}건:`, ...spanLines(d.skipped, f)] : ['제외된 일정은 없습니다.'])],
    ],
    en: (d, f) => [
      `Recurring booking created: ${d.created} occurrences`,
      [`${d.created} occurrences were booked.`, ...(d.skipped.length ? [`${d.skipped.length} skipped:`, ...spanLines(d.skipped, f)] : ['None was skipped.'])],
    ],
  },
  'invoice.issued': {
    ko: (d, f) => [`청구서 발행 ${d.invoice.number}`, [`${d.invoice.period} 청구서 ${d.invoice.number}가 발행되었습니다.`, `합계: ${f.won(d.invoice.total)} (부가세 ${f.won(d.invoice.vat)} 포함)`, 'PDF를 첨부합니다.']],
    en: (d, f) => [`Invoice issued ${d.invoice.number}`, [`Invoice ${d.invoice.number} for ${d.invoice.period} was issued.`, `Total: ${f.won(d.invoice.total)} (VAT ${f.won(d.invoice.vat)} included)`, 'The PDF is attached.']],
  },
  'invoice.voided': {
    ko: (d, f) => [
      `청구서 취소 ${d.invoice.number}`,
      [`청구서 ${d.invoice.number}가 취소되었습니다. 사유: ${d.invoice.voidReason ?? '-'}`, `대변전표 ${d.creditNote.number}: ${f.won(d.creditNote.total)} (PDF 첨부)`],
    ],
    en: (d, f) => [
      `Invoice voided ${d.invoice.number}`,
      [`Invoice ${d.invoice.number} was voided. Reason: ${d.invoice.voidReason ?? '-'}`, `Credit note ${d.creditNote.number}: ${f.won(d.creditNote.total)} (PDF attached)`],
    ],
  },
  'support_request.updated': {
    ko: (d, f) => [`지원 요청 상태 변경: ${d.supportRequest.title}`, [`상태: ${f.status(d.from)} → ${f.status(d.to)}`, `담당자: ${d.supportRequest.assignee ?? '-'}`]],
    en: (d, f) => [`Support request updated: ${d.supportRequest.title}`, [`Status: ${f.status(d.from)} → ${f.status(d.to)}`, `Assignee: ${d.supportRequest.assignee ?? '-'}`]],
  },
};

function spanLines(spans: { start: string; end: string }[], f: Formatters): string[] {
  return spans.map((s) => `  - ${f.span(s.start, s.end)}`);
}

function suggestionLines(d: MessageInput['data'], f: Formatters): string[] {
  const list = (d.suggestions ?? []) as { segmentId: string; start: string; end: string }[];
  return list.length ? spanLines(list, f) : ['  -'];
}

/** The e-mail of an event in the recipient's language: times in the facility zone, money in won. */
export function renderMessage(input: MessageInput): Message {
  const { data, locale, zone } = input;
  const r = data.reservation as { segmentId: string; start: string; end: string } | undefined;
  const f: Formatters = {
    span: (start, end) => formatSpan(start, end, zone, locale),
    what: () => (r ? `${input.segmentNames.get(r.segmentId) ?? r.segmentId}, ${formatSpan(r.start, r.end, zone, locale)}` : ''),
    status: (s) => STATUS[locale][s] ?? s,
    won: formatWon,
  };
  const [subject, body] = TEMPLATES[input.type][locale](data, f);
  const where = r ? [locale === 'ko' ? `시험로: ${f.what()}` : `Track: ${f.what()}`] : [];
  return { subject: `[${SITE[locale]}] ${subject}`, text: [...body, ...where, '', `— ${SITE[locale]}`].join('\n') + '\n' };
}
