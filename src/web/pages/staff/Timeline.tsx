/**
 * A resource timeline (@event-calendar/core, MIT) mounted in React: created once, then every prop change is a
 * setOption. It knows nothing of reservations: it is given resources, events and what to do on a move or a
 * selection. Dates in and out are facility wall clocks (see wall-clock.ts): the calendar's `timeZone` is the
 * facility's current offset, which only places "now" and "today".
 */
import { createCalendar, destroyCalendar, Interaction, ResourceTimeline, type Calendar } from '@event-calendar/core';
import '@event-calendar/core/index.css';
import { useEffect, useRef, useState } from 'react';

export type TimelineView = 'resourceTimelineDay' | 'resourceTimelineWeek';

/** A block dragged or resized: its new span and, when it changed rows, its new resource. */
export interface TimelineMove {
  id: string;
  start: Date;
  end: Date;
  resourceId?: string;
}

/** A free range picked with the mouse; a plain click gives no end. */
export interface TimelinePick {
  start: Date;
  end?: Date;
  resourceId: string;
}

interface TimelineProps {
  view: TimelineView;
  /** The facility-local day shown (day view) or within the week shown ('YYYY-MM-DD'). */
  date: string;
  /** '+09:00' */
  timeZone: string;
  locale: string;
  /** The names of the buttons that fold a composite's rows away and back, in the user's language. */
  expanderLabels: { expand: string; collapse: string };
  /** 'HH:MM' bounds of the hours shown each day. */
  slotMinTime: string;
  slotMaxTime: string;
  resources: Calendar.ResourceInput[];
  events: Calendar.EventInput[];
  eventContent(event: Calendar.Event): Calendar.Content;
  /** Called for every block element put on the page: names it for screen readers and tests. */
  eventDidMount(event: Calendar.Event, el: HTMLElement): void;
  onEventClick(id: string): void;
  /** Saves a move; false puts the block back where it was. */
  onMove(move: TimelineMove): Promise<boolean>;
  onPick(pick: TimelinePick): void;
}

/** Per view: the grid's step and how far a drag snaps. */
const VIEWS: Calendar.Options['views'] = {
  resourceTimelineDay: { slotDuration: '00:30', slotLabelInterval: '01:00', snapDuration: '00:30' },
  resourceTimelineWeek: {
    slotDuration: '02:00',
    slotLabelInterval: '06:00',
    snapDuration: '00:30',
    dayHeaderFormat: { weekday: 'short', month: 'numeric', day: 'numeric' },
  },
};
/** Per view: days shown, minutes per slot, and the narrowest slot (px) before the grid scrolls sideways instead. */
const GRID: Record<TimelineView, { days: number; slotMinutes: number; minWidth: number }> = {
  resourceTimelineDay: { days: 1, slotMinutes: 30, minWidth: 20 },
  resourceTimelineWeek: { days: 7, slotMinutes: 120, minWidth: 14 },
};
const MAX_SLOT_WIDTH = 64;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false };

export function Timeline(props: TimelineProps) {
  const { view, date, timeZone, locale, expanderLabels, slotMinTime, slotMaxTime, resources, events, eventContent } = props;
  const host = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  // New events wait while a block is dragged or its move is being saved: replacing them would lose the drag.
  const busy = useRef({ dragging: false, saving: 0 });
  // What was last given, as JSON: a poll that brings nothing new leaves the blocks (and the keyboard focus) alone.
  const applied = useRef<Partial<Record<'events' | 'resources', string>>>({});
  const apply = (name: 'events' | 'resources', value: Calendar.EventInput[] | Calendar.ResourceInput[]) => {
    const json = JSON.stringify(value);
    if (applied.current[name] === json) return;
    applied.current[name] = json;
    calendar.current?.setOption(name, value);
  };
  const flush = () => {
    if (!busy.current.dragging && busy.current.saving === 0) apply('events', latest.current.events);
  };

  useEffect(() => {
    const p = latest.current;
    const move = async (event: Calendar.Event, revert: () => void, resourceId?: string) => {
      busy.current.saving++;
      try {
        const saved = await latest.current.onMove({ id: String(event.id), start: event.start, end: event.end, resourceId });
        if (!saved) revert();
      } finally {
        busy.current.saving--;
        flush();
      }
    };
    const dragging = (on: boolean) => () => {
      busy.current.dragging = on;
      if (!on) queueMicrotask(flush); // the drop, if any, is reported right after the stop
    };
    const made = createCalendar(host.current!, [ResourceTimeline, Interaction], {
      view: p.view,
      date: p.date,
      timeZone: p.timeZone,
      locale: p.locale,
      slotMinTime: p.slotMinTime,
      slotMaxTime: p.slotMaxTime,
      eventContent: (info) => p.eventContent(info.event),
      views: VIEWS,
      headerToolbar: { start: '', center: '', end: '' },
      firstDay: 1,
      slotLabelFormat: CLOCK,
      eventTimeFormat: CLOCK,
      nowIndicator: true,
      customScrollbars: true,
      editable: true,
      eventResizableFromStart: true,
      selectable: true,
      selectMinDistance: 8,
      eventDidMount: (info) => latest.current.eventDidMount(info.event, info.el),
      eventClick: (info) => {
        const open = () => latest.current.onEventClick(String(info.event.id));
        // Opened by Enter or Space: wait for the key to come up, or it would also press the dialog's first button.
        if (info.jsEvent instanceof KeyboardEvent) window.addEventListener('keyup', open, { once: true });
        else open();
      },
      eventDragStart: dragging(true),
      eventDragStop: dragging(false),
      eventResizeStart: dragging(true),
      eventResizeStop: dragging(false),
      eventDrop: (info) => void move(info.event, info.revert, info.newResource?.id),
      eventResize: (info) => void move(info.event, info.revert),
      select: (info) => {
        latest.current.onPick({ start: info.start, end: info.end, resourceId: String(info.resource.id) });
        made.unselect();
      },
      dateClick: (info) => {
        if (info.resource) latest.current.onPick({ start: info.date, resourceId: String(info.resource.id) });
      },
    });
    calendar.current = made;
    apply('resources', p.resources);
    apply('events', p.events);
    return () => {
      calendar.current = null;
      applied.current = {};
      void destroyCalendar(made);
    };
  }, []); // created once; the effects below pass every change on

  useEffect(() => void calendar.current?.setOption('view', view), [view]);
  useEffect(() => void calendar.current?.setOption('date', date), [date]);
  useEffect(() => void calendar.current?.setOption('timeZone', timeZone), [timeZone]);
  useEffect(() => void calendar.current?.setOption('locale', locale), [locale]);
  useEffect(() => void calendar.current?.setOption('buttonText', (texts) => ({ ...texts, ...expanderLabels })), [expanderLabels]);
  useEffect(() => void calendar.current?.setOption('slotMinTime', slotMinTime), [slotMinTime]);
  useEffect(() => void calendar.current?.setOption('slotMaxTime', slotMaxTime), [slotMaxTime]);
  useEffect(() => apply('resources', resources), [resources]);
  useEffect(() => void calendar.current?.setOption('eventContent', (info) => eventContent(info.event)), [eventContent]);
  useEffect(flush, [events]);

  // Slots as wide as fit the space beside the row titles, so that a day shows whole without scrolling sideways.
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width));
    observer.observe(host.current!);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const grid = GRID[view];
    const slots = (grid.days * (minutesOf(slotMaxTime) - minutesOf(slotMinTime))) / grid.slotMinutes;
    // measured once the calendar has drawn its row titles
    const frame = requestAnimationFrame(() => {
      const sidebar = host.current?.querySelector('.ec-sidebar')?.getBoundingClientRect().width ?? 0;
      const fit = Math.floor((width - sidebar - 2) / slots);
      calendar.current?.setOption('slotWidth', Math.min(MAX_SLOT_WIDTH, Math.max(grid.minWidth, fit)));
    });
    return () => cancelAnimationFrame(frame);
  }, [width, view, slotMinTime, slotMaxTime, resources]);

  return <div ref={host} className="board-timeline" />;
}
