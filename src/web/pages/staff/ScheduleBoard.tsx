/**
 * The schedule board: segments as rows in their tree, a day or a week of reservations as blocks coloured by status,
 * blackouts, buffers and the time blocked through the tree shaded behind them. Drag or resize a block to
 * reschedule it (a refusal puts it back and says why); pick a free range to book for an organization.
 */
import type { Calendar } from '@event-calendar/core';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Loading } from '../../components/Loading.js';
import { Page } from '../../components/Page.js';
import { useToast } from '../../components/Toast.js';
import { useZone } from '../../facility.js';
import { useI18n } from '../../i18n/context.js';
import type { Reservation } from '../../model.js';
import { addLocalDays, dayRange, formatTime, mondayOf, toDateTimeLocal, todayAt } from '../../time.js';
import { useAction } from '../../useAction.js';
import { usePoll } from '../../usePoll.js';
import { addMinutes, fromCalendarDate, offsetAt } from '../../wall-clock.js';
import { BoardLegend } from './BoardLegend.js';
import { boardEvents, boardResources, hoursShown, itemOf } from './board-events.js';
import { BookingDialog, type Booked } from './BookingDialog.js';
import { fetchAll, useDirectory } from './directory.js';
import { ReservationDialog } from './ReservationDialog.js';
import { segmentTree } from './segment-tree.js';
import type { SlotValue } from './SlotFields.js';
import type { Blackout } from './staff-model.js';
import { Timeline, type TimelineMove, type TimelinePick, type TimelineView } from './Timeline.js';
import './staff.css';

const BOARD_POLL_MS = 10_000;
const VIEW_DAYS: Record<TimelineView, number> = { resourceTimelineDay: 1, resourceTimelineWeek: 7 };
/** A plain click books this long (or the segment's minimum, if longer). */
const CLICK_MINUTES = 60;

/** Text lines as the calendar's content (DOM nodes: nothing of the data is ever read as HTML). */
function lines(...texts: string[]): Calendar.Content {
  return {
    domNodes: texts.map((text, i) => {
      const line = document.createElement(i === 0 ? 'strong' : 'span');
      line.className = 'board-line';
      line.textContent = text;
      return line;
    }),
  };
}

export default function ScheduleBoard() {
  const { t, language } = useI18n();
  const zone = useZone();
  const toast = useToast();
  const [view, setView] = useState<TimelineView>('resourceTimelineDay');
  const [date, setDate] = useState(() => todayAt(zone));
  const [draft, setDraft] = useState<SlotValue | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const directory = useDirectory();
  const dir = directory.data;
  const first = view === 'resourceTimelineDay' ? date : mondayOf(date);
  const range = dayRange(first, zone, VIEW_DAYS[view]);
  const board = usePoll(
    (signal) => Promise.all([fetchAll<Reservation>('/reservations', range, signal), fetchAll<Blackout>('/blackouts', range, signal)]),
    BOARD_POLL_MS,
    [range.from, range.to],
  );
  const move = useAction((id: string, body: { start: string; end: string; segmentId?: string }) => api.patch<Reservation>(`/reservations/${id}`, body));

  const resources = useMemo(() => (dir ? boardResources(segmentTree(dir.segments), language, t('pages.schedule.inactive')) : []), [dir, language, t]);
  const events = useMemo(() => (dir && board.data ? boardEvents(board.data[0], board.data[1], dir.segments, zone) : []), [dir, board.data, zone]);
  const hours = useMemo(() => hoursShown(dir?.segments ?? []), [dir]);
  const expanderLabels = useMemo(() => ({ expand: t('pages.schedule.expand'), collapse: t('pages.schedule.collapse') }), [t]);
  const reservations = board.data?.[0];
  const opened = reservations?.find((r) => r.id === openId);

  /** How a block reads: on the board, and to a screen reader or a pointer resting on it. */
  const describe = useCallback(
    (r: Reservation) => ({
      who: dir?.organizationName(r.organizationId) ?? '…',
      what: [
        `${formatTime(r.start, zone)}–${formatTime(r.end, zone)}`,
        t(`status.reservation.${r.status}`),
        t('pages.schedule.vehiclesShort', { count: r.vehicles }),
        t('pages.schedule.driversShort', { count: r.driverIds.length }),
      ].join(' · '),
    }),
    [dir, zone, t],
  );
  const eventContent = useCallback(
    (event: Calendar.Event): Calendar.Content => {
      const item = itemOf(event);
      if (item?.kind === 'reservation') {
        const { who, what } = describe(item.reservation);
        return lines(who, what);
      }
      return item?.kind === 'blackout' ? lines(item.reason ?? '') : '';
    },
    [describe],
  );
  const eventDidMount = useCallback(
    (event: Calendar.Event, el: HTMLElement) => {
      const item = itemOf(event);
      if (!item) return;
      if (item.kind !== 'reservation') {
        el.title = `${t(`pages.schedule.legend.${item.kind}`)}${item.reason ? `: ${item.reason}` : ''}`;
        return;
      }
      const r = item.reservation;
      const { who, what } = describe(r);
      const label = `${who} · ${dir?.segmentName(r.segmentId) ?? ''} · ${what}`;
      el.dataset.reservationId = r.id;
      el.dataset.status = r.status;
      el.setAttribute('data-testid', 'reservation-block');
      el.setAttribute('aria-label', label);
      el.title = label;
    },
    [describe, dir, t],
  );

  const onMove = async ({ id, start, end, resourceId }: TimelineMove): Promise<boolean> => {
    const moved = await move.run(id, { start: fromCalendarDate(start, zone), end: fromCalendarDate(end, zone), segmentId: resourceId });
    if (moved) toast(t('pages.schedule.moved'), 'success');
    board.refresh();
    return moved !== undefined;
  };
  const onPick = ({ start, end, resourceId }: TimelinePick) => {
    const from = fromCalendarDate(start, zone);
    const minutes = Math.max(CLICK_MINUTES, dir?.segment(resourceId)?.minDurationMinutes ?? 0);
    const to = end ? fromCalendarDate(end, zone) : addMinutes(from, minutes);
    setDraft({ segmentId: resourceId, start: toDateTimeLocal(from, zone), end: toDateTimeLocal(to, zone) });
  };
  const newBooking = () => {
    setDraft({ segmentId: String(resources[0]?.id ?? ''), start: `${date}T09:00`, end: `${date}T10:00` });
  };
  const booked = (made: Booked) => {
    setDraft(null);
    toast(made.displaced?.length ? t('pages.schedule.bookedDisplacing', { count: made.displaced.length }) : t('pages.schedule.booked'), 'success');
    board.refresh();
  };
  const step = (days: number) => setDate((d) => addLocalDays(d, days * VIEW_DAYS[view]));

  return (
    <Page
      title={t('pages.schedule.title')}
      actions={
        <Button variant="primary" onClick={newBooking} disabled={!dir}>
          {t('pages.schedule.newBooking')}
        </Button>
      }
    >
      <div className="board-toolbar" role="toolbar" aria-label={t('pages.schedule.navigation')}>
        <div className="staff-button-group">
          <Button onClick={() => step(-1)} aria-label={t(view === 'resourceTimelineDay' ? 'pages.schedule.previousDay' : 'pages.schedule.previousWeek')}>
            ‹
          </Button>
          <Button onClick={() => setDate(todayAt(zone))}>{t('pages.schedule.today')}</Button>
          <Button onClick={() => step(1)} aria-label={t(view === 'resourceTimelineDay' ? 'pages.schedule.nextDay' : 'pages.schedule.nextWeek')}>
            ›
          </Button>
        </div>
        <label className="staff-inline-field">
          <span>{t('pages.schedule.date')}</span>
          <input type="date" value={date} required onChange={(e) => e.target.value && setDate(e.target.value)} />
        </label>
        <div className="staff-button-group" role="group" aria-label={t('pages.schedule.view')}>
          {(['resourceTimelineDay', 'resourceTimelineWeek'] as const).map((v) => (
            <Button key={v} aria-pressed={view === v} variant={view === v ? 'primary' : 'secondary'} onClick={() => setView(v)}>
              {t(v === 'resourceTimelineDay' ? 'pages.schedule.day' : 'pages.schedule.week')}
            </Button>
          ))}
        </div>
        <p className="board-range" aria-live="polite">
          {VIEW_DAYS[view] === 1 ? first : `${first} – ${addLocalDays(first, 6)}`}
        </p>
      </div>
      <BoardLegend />
      <p className="field-hint">{t('pages.schedule.howTo')}</p>
      <ErrorBanner error={directory.error} onRetry={directory.refresh} />
      <ErrorBanner error={board.error} onRetry={board.refresh} />
      {move.error !== undefined && (
        <div className="board-refusal">
          <p>{t('pages.schedule.putBack')}</p>
          <ErrorBanner error={move.error} />
          <Button onClick={move.reset}>{t('common.close')}</Button>
        </div>
      )}
      {dir ? (
        <Timeline
          view={view}
          date={date}
          timeZone={offsetAt(zone)}
          locale={language === 'ko' ? 'ko-KR' : 'en-GB'}
          expanderLabels={expanderLabels}
          {...hours}
          resources={resources}
          events={events}
          eventContent={eventContent}
          eventDidMount={eventDidMount}
          onEventClick={setOpenId}
          onMove={onMove}
          onPick={onPick}
        />
      ) : (
        !directory.error && <Loading />
      )}
      {dir && draft && <BookingDialog draft={draft} directory={dir} onClose={() => setDraft(null)} onBooked={booked} />}
      {dir && opened && (
        <ReservationDialog
          reservation={opened}
          directory={dir}
          onClose={() => setOpenId(null)}
          onMoved={() => {
            setOpenId(null);
            toast(t('pages.schedule.moved'), 'success');
            board.refresh();
          }}
        />
      )}
    </Page>
  );
}
