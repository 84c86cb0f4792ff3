/**
 * What the schedule board draws, from the API's objects: the segment tree as the timeline's rows, reservations as
 * blocks, and as shaded backgrounds their buffers, the time they block up and down the segment tree, and blackouts.
 * Pure (no React, no browser): times are facility wall clocks for the calendar (wall-clock.ts).
 */
import type { Calendar } from '@event-calendar/core';
import type { Language } from '../../i18n/translate.js';
import type { Reservation, ReservationStatus } from '../../model.js';
import { addMinutes, toFloating } from '../../wall-clock.js';
import { descendantIds, relatedSegmentIds, segmentLabel, type SegmentNode } from './segment-tree.js';
import { holds, movable, type Blackout, type Span, type StaffSegment } from './staff-model.js';

/** The statuses the board shows: what holds time, and what happened on the day (done, no-show). */
export const BOARD_STATUSES: readonly ReservationStatus[] = ['pending', 'confirmed', 'checked_in', 'completed', 'no_show'];

/** The kinds of background the board shades, each with its CSS class `board-bg-<kind>`. */
export const BACKGROUNDS = ['blackout', 'buffer', 'tree'] as const;
type Background = (typeof BACKGROUNDS)[number];

/** What a board event stands for, in its extendedProps. */
type BoardItem = { kind: 'reservation'; reservation: Reservation } | { kind: Background; reason?: string };

/** What an event stands for; undefined for the calendar's own helpers (the range being picked). */
export const itemOf = (event: Calendar.Event): BoardItem | undefined => event.extendedProps.item as BoardItem | undefined;

/** The rows: each composite with its children under it. */
export function boardResources(nodes: readonly SegmentNode[], language: Language, inactive: string): Calendar.ResourceInput[] {
  return nodes.map(({ segment, children }) => ({
    id: segment.id,
    title: segment.active ? segmentLabel(segment, language) : `${segmentLabel(segment, language)} (${inactive})`,
    expanded: true,
    children: boardResources(children, language, inactive),
  }));
}

function background(id: string, kind: Background, resourceIds: string[], span: Span, zone: string, reason?: string): Calendar.EventInput {
  const item: BoardItem = { kind, reason };
  return {
    id,
    resourceIds,
    start: toFloating(span.start, zone),
    end: toFloating(span.end, zone),
    display: 'background',
    classNames: [`board-bg-${kind}`],
    extendedProps: { item },
  };
}

function reservationEvents(r: Reservation, segments: readonly StaffSegment[], zone: string): Calendar.EventInput[] {
  const item: BoardItem = { kind: 'reservation', reservation: r };
  const block: Calendar.EventInput = {
    id: r.id,
    resourceIds: [r.segmentId],
    start: toFloating(r.start, zone),
    end: toFloating(r.end, zone),
    editable: movable(r),
    classNames: ['board-block', `staff-status-${r.status}`],
    extendedProps: { item },
  };
  if (!holds(r)) return [block];
  const occupiedEnd = addMinutes(r.end, r.bufferMinutes);
  const related = relatedSegmentIds(segments, r.segmentId);
  return [
    block,
    ...(r.bufferMinutes > 0 ? [background(`buffer-${r.id}`, 'buffer', [r.segmentId], { start: r.end, end: occupiedEnd }, zone)] : []),
    ...(related.length ? [background(`tree-${r.id}`, 'tree', related, { start: r.start, end: occupiedEnd }, zone)] : []),
  ];
}

function blackoutEvents(b: Blackout, segments: readonly StaffSegment[], zone: string): Calendar.EventInput[] {
  const covered = b.segmentIds
    ? [...new Set(b.segmentIds.flatMap((id) => [id, ...descendantIds(segments, id)]))]
    : segments.map((s) => s.id);
  return b.occurrences.map((o, i) => background(`blackout-${b.id}-${i}`, 'blackout', covered, o, zone, b.reason));
}

export function boardEvents(
  reservations: readonly Reservation[],
  blackouts: readonly Blackout[],
  segments: readonly StaffSegment[],
  zone: string,
): Calendar.EventInput[] {
  return [
    ...blackouts.flatMap((b) => blackoutEvents(b, segments, zone)),
    ...reservations.filter((r) => BOARD_STATUSES.includes(r.status)).flatMap((r) => reservationEvents(r, segments, zone)),
  ];
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The hours the board shows each day: from an hour before the earliest opening to an hour after the latest close. */
export function hoursShown(segments: readonly StaffSegment[]): { slotMinTime: string; slotMaxTime: string } {
  const hours = segments.flatMap((s) => s.openingHours);
  if (hours.length === 0) return { slotMinTime: '06:00', slotMaxTime: '22:00' };
  const open = Math.min(...hours.map((h) => minutesOf(h.open)));
  const close = Math.max(...hours.map((h) => minutesOf(h.close)));
  return { slotMinTime: clock(Math.max(0, Math.floor(open / 60) * 60 - 60)), slotMaxTime: clock(Math.min(1440, Math.ceil(close / 60) * 60 + 60)) };
}
