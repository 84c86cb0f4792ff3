import { boardEvents, boardResources, hoursShown } from '../../../src/web/pages/staff/board-events.js';
import { ruleOf, type Repeat } from '../../../src/web/pages/staff/rrule.js';
import { flattenTree, relatedSegmentIds, segmentTree } from '../../../src/web/pages/staff/segment-tree.js';
import { peakVehicles, type Blackout, type StaffSegment } from '../../../src/web/pages/staff/staff-model.js';
import type { Reservation } from '../../../src/web/model.js';

const SEOUL = 'Asia/Seoul';

const segment = (id: string, parentId: string | null, extra: Partial<StaffSegment> = {}): StaffSegment =>
  ({
    id,
    code: id.toUpperCase(),
    name: `${id} 한국어`,
    nameEn: `${id} English`,
    parentId,
    capacityMode: 'exclusive',
    maxVehicles: null,
    bufferMinutes: 0,
    openingHours: [{ days: ['mon'], open: '08:00', close: '20:00' }],
    active: true,
    isComposite: false,
    ...extra,
  }) as StaffSegment;

// the API's order is not the tree's: a child may come before its composite
const SEGMENTS = [segment('wbr', 'dpg', { bufferMinutes: 15 }), segment('spr', 'dpg'), segment('salt', 'spr'), segment('dpg', null), segment('bel', 'spr')];

const reservation = (id: string, segmentId: string, start: string, end: string, extra: Partial<Reservation> = {}): Reservation =>
  ({ id, segmentId, organizationId: 'org', start, end, status: 'confirmed', vehicles: 1, driverIds: [], bufferMinutes: 0, ...extra }) as Reservation;

describe('schedule board (web)', () => {
  it('orders the segments as a tree: composites above their children, siblings by code', () => {
    expect(flattenTree(segmentTree(SEGMENTS)).map(({ segment: s, depth }) => `${depth}:${s.id}`)).toEqual(['0:dpg', '1:spr', '2:bel', '2:salt', '1:wbr']);
    const [root] = boardResources(segmentTree(SEGMENTS), 'en', 'inactive');
    expect(root.title).toBe('DPG dpg English');
    expect(root.children?.map((c) => c.id)).toEqual(['spr', 'wbr']);
  });

  it('finds what a booking competes with up and down the tree', () => {
    expect(relatedSegmentIds(SEGMENTS, 'salt')).toEqual(['spr', 'dpg']);
    expect(relatedSegmentIds(SEGMENTS, 'spr').sort()).toEqual(['bel', 'dpg', 'salt']);
  });

  it('draws a block on the facility wall clock, its buffer, and the time it blocks in the tree', () => {
    const r = reservation('r1', 'wbr', '2026-03-02T00:00:00Z', '2026-03-02T02:00:00Z', { bufferMinutes: 15 });
    const events = boardEvents([r, reservation('gone', 'wbr', '2026-03-02T03:00:00Z', '2026-03-02T04:00:00Z', { status: 'cancelled' })], [], SEGMENTS, SEOUL);
    expect(events.map((e) => [e.id, e.start, e.end, e.resourceIds, e.display ?? 'auto'])).toEqual([
      ['r1', '2026-03-02T09:00:00', '2026-03-02T11:00:00', ['wbr'], 'auto'],
      ['buffer-r1', '2026-03-02T11:00:00', '2026-03-02T11:15:00', ['wbr'], 'background'],
      ['tree-r1', '2026-03-02T09:00:00', '2026-03-02T11:15:00', ['dpg'], 'background'],
    ]);
    expect(events[0].editable).toBe(true);
    expect(boardEvents([{ ...r, status: 'checked_in' }], [], SEGMENTS, SEOUL)[0].editable).toBe(false);
  });

  it('shades a blackout on its segments and everything below them, or on all of them', () => {
    const blackout = (segmentIds: string[] | null): Blackout => ({
      id: 'b',
      segmentIds,
      start: '2026-03-02T00:00:00Z',
      end: '2026-03-02T01:00:00Z',
      rrule: null,
      reason: 'resurfacing',
      occurrences: [{ start: '2026-03-02T00:00:00Z', end: '2026-03-02T01:00:00Z' }],
      createdAt: null,
    });
    expect(boardEvents([], [blackout(['spr'])], SEGMENTS, SEOUL)[0].resourceIds).toEqual(['spr', 'salt', 'bel']);
    expect(boardEvents([], [blackout(null)], SEGMENTS, SEOUL)[0].resourceIds).toHaveLength(SEGMENTS.length);
  });

  it('shows the hours around the opening hours', () => {
    expect(hoursShown(SEGMENTS)).toEqual({ slotMinTime: '07:00', slotMaxTime: '21:00' });
    const late = segment('x', null, { openingHours: [{ days: ['sat'], open: '00:30', close: '23:30' }] });
    expect(hoursShown([late])).toEqual({ slotMinTime: '00:00', slotMaxTime: '24:00' });
  });

  it('counts the most vehicles at once, not their sum', () => {
    const span = { start: '2026-03-02T01:00:00Z', end: '2026-03-02T03:00:00Z' };
    const a = { start: '2026-03-02T01:00:00Z', end: '2026-03-02T02:00:00Z', vehicles: 2 };
    const b = { start: '2026-03-02T02:00:00Z', end: '2026-03-02T03:00:00Z', vehicles: 1 };
    const c = { start: '2026-03-02T00:00:00Z', end: '2026-03-02T01:30:00Z', vehicles: 1 };
    expect(peakVehicles([a, b], span)).toBe(2);
    expect(peakVehicles([a, b, c], span)).toBe(3);
    expect(peakVehicles([], span)).toBe(0);
  });

  it('writes the blackout form as an RRULE', () => {
    const repeat: Repeat = { frequency: 'weekly', days: ['mon', 'thu'], ends: 'count', count: '10', until: '2026-12-31', custom: '' };
    expect(ruleOf(repeat)).toBe('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10');
    expect(ruleOf({ ...repeat, frequency: 'daily', ends: 'until' })).toBe('FREQ=DAILY;UNTIL=20261231');
    expect(ruleOf({ ...repeat, frequency: 'none' })).toBeUndefined();
    expect(ruleOf({ ...repeat, frequency: 'custom', custom: ' FREQ=MONTHLY;COUNT=3 ' })).toBe('FREQ=MONTHLY;COUNT=3');
  });
});
