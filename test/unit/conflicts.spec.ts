import fc from 'fast-check';
import { loadProfile, peakLoad, reservationObstacles, type LeafClaim, type OccupancyRow, type Span } from '../../src/reservations/conflicts.js';

/**
 * conflicts.ts is the pure half of every booking decision (product.md, "Reservations"): what is
 * in the way of a booking, given the occupancy rows the repository read under its locks.
 * Times here are whole minutes after a fixed base instant, so midpoints are exact.
 */

const BASE = Date.UTC(2031, 2, 3, 0, 0, 0);
const MIN = 60_000;
const m = (minutes: number) => new Date(BASE + minutes * MIN);
const span = (from: number, to: number): Span => ({ start: m(from), end: m(to) });
const ms = (d: Date) => d.getTime();

/** Load at one instant, by brute force: every row whose [start, end) contains it. */
const loadAt = (rows: { during: Span; vehicles: number }[], instant: number) =>
  rows.reduce((sum, r) => (ms(r.during.start) <= instant && instant < ms(r.during.end) ? sum + r.vehicles : sum), 0);

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

let rowSerial = 0;
/** A row as the repository gives it: booked [start, end), during [start, end + buffer). */
function row(leafId: string, from: number, to: number, opts: { buffer?: number; vehicles?: number; id?: string; org?: string; createdAt?: number } = {}): OccupancyRow {
  rowSerial += 1;
  return {
    reservationId: opts.id ?? `r${rowSerial}`,
    organizationId: opts.org ?? 'org-a',
    createdAt: new Date(BASE - 1_000_000 + (opts.createdAt ?? rowSerial)),
    leafId,
    during: span(from, to + (opts.buffer ?? 0)),
    booked: span(from, to),
    vehicles: opts.vehicles ?? 1,
  };
}

const exclusive = (leafId: string): LeafClaim => ({ leafId, exclusive: true, vehicles: 1, capacity: 1 });
const shared = (leafId: string, vehicles: number, capacity: number): LeafClaim => ({ leafId, exclusive: false, vehicles, capacity });

// ------------------------------------------------------------------ arbitraries

/** A span of whole minutes inside one day. */
const spanArb = (maxLen = 240) =>
  fc.record({ from: fc.integer({ min: 0, max: 1200 }), len: fc.integer({ min: 1, max: maxLen }) }).map(({ from, len }) => span(from, from + len));

const loadRowArb = fc.record({ during: spanArb(), vehicles: fc.integer({ min: 1, max: 4 }) });

/** Reservations (some composite, i.e. on several leaves) expanded into their occupancy rows. */
const LEAVES = ['leaf-a', 'leaf-b', 'leaf-c'];
const reservationArb = fc.record({
  from: fc.integer({ min: 0, max: 1200 }),
  len: fc.integer({ min: 1, max: 240 }),
  buffer: fc.constantFrom(0, 0, 15, 30, 60),
  vehicles: fc.integer({ min: 1, max: 3 }),
  leaves: fc.subarray(LEAVES, { minLength: 1 }),
  org: fc.constantFrom('org-a', 'org-b'),
});
const rowsArb = fc.array(reservationArb, { maxLength: 14 }).map((list) =>
  list.flatMap((r, i) =>
    r.leaves.map((leafId) => ({
      reservationId: `res-${i}`,
      organizationId: r.org,
      createdAt: new Date(BASE - 1_000_000 + i * 1000),
      leafId,
      during: span(r.from, r.from + r.len + r.buffer),
      booked: span(r.from, r.from + r.len),
      vehicles: r.vehicles,
    })),
  ),
);
/** A booking: booked [start, end) and occupied [start, end + buffer). */
const bookingArb = fc
  .record({ from: fc.integer({ min: 0, max: 1200 }), len: fc.integer({ min: 1, max: 240 }), buffer: fc.constantFrom(0, 0, 15, 30) })
  .map(({ from, len, buffer }) => ({ booked: span(from, from + len), occupied: span(from, from + len + buffer) }));

const RUNS = { numRuns: 400, seed: 20310303 };

// ------------------------------------------------------------------ loadProfile, peakLoad

describe('loadProfile', () => {
  it('is one zero piece over the window when nothing is there', () => {
    expect(loadProfile([], span(60, 120))).toEqual([{ start: m(60), end: m(120), load: 0 }]);
  });

  it('clips rows to the window and splits where the load changes', () => {
    const rows = [
      { during: span(0, 90), vehicles: 2 }, // starts before the window
      { during: span(90, 150), vehicles: 1 }, // touches the first: half-open, no overlap
      { during: span(100, 300), vehicles: 1 }, // ends after the window
      { during: span(500, 600), vehicles: 3 }, // outside
    ];
    expect(loadProfile(rows, span(60, 200))).toEqual([
      { start: m(60), end: m(90), load: 2 },
      { start: m(90), end: m(100), load: 1 },
      { start: m(100), end: m(150), load: 2 },
      { start: m(150), end: m(200), load: 1 },
    ]);
  });

  it('pieces cover the window contiguously and each load is the brute-force load at its midpoint', () => {
    fc.assert(
      fc.property(fc.array(loadRowArb, { maxLength: 20 }), spanArb(300), (rows, window) => {
        const pieces = loadProfile(rows, window);
        expect(pieces.length).toBeGreaterThan(0);
        expect(pieces[0].start).toEqual(window.start);
        expect(pieces[pieces.length - 1].end).toEqual(window.end);
        for (let i = 0; i < pieces.length; i++) {
          const p = pieces[i];
          expect(ms(p.start)).toBeLessThan(ms(p.end));
          if (i > 0) expect(ms(pieces[i - 1].end)).toBe(ms(p.start));
          const mid = (ms(p.start) + ms(p.end)) / 2;
          expect(p.load).toBe(loadAt(rows, mid));
          // constant over the piece: the load at its first instant is the same
          expect(p.load).toBe(loadAt(rows, ms(p.start)));
        }
      }),
      RUNS,
    );
  });
});

describe('peakLoad', () => {
  it('counts the peak, not the sum over time (product.md: capacity 2, 10–11 and 11–12 leave room for 10–12)', () => {
    const rows = [
      { during: span(600, 660), vehicles: 1 },
      { during: span(660, 720), vehicles: 1 },
    ];
    expect(peakLoad(rows, span(600, 720))).toBe(1);
    expect(peakLoad([...rows, { during: span(630, 690), vehicles: 1 }], span(600, 720))).toBe(2);
    expect(peakLoad(rows, span(720, 780))).toBe(0);
  });

  it('equals the maximum of brute-force loads sampled at every boundary inside the window', () => {
    fc.assert(
      fc.property(fc.array(loadRowArb, { maxLength: 20 }), spanArb(300), (rows, window) => {
        const lo = ms(window.start);
        const hi = ms(window.end);
        const instants = [lo, ...rows.flatMap((r) => [ms(r.during.start), ms(r.during.end)])].filter((x) => lo <= x && x < hi);
        const brute = Math.max(0, ...instants.map((x) => loadAt(rows, x)));
        expect(peakLoad(rows, window)).toBe(brute);
      }),
      RUNS,
    );
  });
});

// ------------------------------------------------------------------ exclusive claims

describe('reservationObstacles on exclusive leaves', () => {
  // existing: booked 10:00–12:00 with a 30-minute buffer, i.e. occupying 10:00–12:30
  const existing = row('L', 600, 720, { buffer: 30, id: 'existing', org: 'org-x' });

  it.each([
    ['overlapping the booked time', span(660, 780), 0, 'reservation', span(600, 720)],
    ['inside it', span(630, 690), 0, 'reservation', span(600, 720)],
    ['containing it', span(540, 780), 0, 'reservation', span(600, 720)],
    ['starting in its buffer', span(720, 780), 0, 'buffer', span(600, 750)],
    ['starting at the end of its buffer', span(750, 810), 0, null, null],
    ['ending at its start', span(540, 600), 0, null, null],
    ['whose own buffer runs into it', span(540, 600), 30, 'buffer', span(600, 750)],
  ] as const)('a booking %s', (_label, booked, buffer, type, where) => {
    const occupied = { start: booked.start, end: new Date(ms(booked.end) + buffer * MIN) };
    const { conflicts, inTheWay } = reservationObstacles([exclusive('L')], booked, occupied, [existing]);
    if (type === null) {
      expect(conflicts).toEqual([]);
      expect([...inTheWay]).toEqual([]);
    } else {
      expect(conflicts).toEqual([{ type, start: where!.start, end: where!.end, reservationId: 'existing', organizationId: 'org-x' }]);
      expect([...inTheWay]).toEqual(['existing']);
    }
  });

  it('names a composite reservation (one row per leaf) once, although it is in the way on several leaves', () => {
    const composite = ['L1', 'L2', 'L3'].map((leaf) => row(leaf, 600, 720, { id: 'composite' }));
    const onLeaf2 = row('L2', 720, 780, { id: 'child-2' });
    const onOtherLeaf = row('L9', 600, 720, { id: 'elsewhere' });
    const claims = ['L1', 'L2', 'L3'].map(exclusive);
    const { conflicts, inTheWay } = reservationObstacles(claims, span(630, 750), span(630, 750), [...composite, onLeaf2, onOtherLeaf]);
    expect(conflicts.map((c) => c.reservationId)).toEqual(['composite', 'child-2']);
    expect(conflicts.map((c) => c.type)).toEqual(['reservation', 'reservation']);
    expect(new Set(inTheWay)).toEqual(new Set(['composite', 'child-2']));
  });

  it('reports every overlapping reservation exactly once, classified by whether the booked times meet', () => {
    fc.assert(
      fc.property(rowsArb, bookingArb, fc.subarray(LEAVES, { minLength: 1 }), (rows, { booked, occupied }, leaves) => {
        const claims = leaves.map(exclusive);
        const { conflicts, inTheWay } = reservationObstacles(claims, booked, occupied, rows);
        const expected = new Map<string, OccupancyRow>();
        for (const r of rows) if (leaves.includes(r.leafId) && overlaps(r.during, occupied)) expected.set(r.reservationId, r);
        const named = conflicts.map((c) => c.reservationId!);
        expect(new Set(named).size).toBe(named.length); // once each
        expect(new Set(named)).toEqual(new Set(expected.keys()));
        expect(new Set(inTheWay)).toEqual(new Set(expected.keys()));
        for (const c of conflicts) {
          const r = expected.get(c.reservationId!)!;
          expect(c.organizationId).toBe(r.organizationId);
          if (overlaps(r.booked, booked)) expect(c).toEqual(expect.objectContaining({ type: 'reservation', start: r.booked.start, end: r.booked.end }));
          else expect(c).toEqual(expect.objectContaining({ type: 'buffer', start: r.during.start, end: r.during.end }));
        }
      }),
      RUNS,
    );
  });
});

// ------------------------------------------------------------------ shared claims

describe('reservationObstacles on shared leaves', () => {
  it('reports capacity exactly where load + claim exceeds capacity, merged into maximal pieces', () => {
    // capacity 3: load 2 on 10–11, 3 on 11–11:30, 1 on 11:30–12, 2 on 12–13
    const rows = [
      row('S', 600, 690, { vehicles: 2 }),
      row('S', 660, 690, { vehicles: 1 }),
      row('S', 690, 720, { vehicles: 1 }),
      row('S', 720, 780, { vehicles: 2 }),
    ];
    const claim = shared('S', 2, 3);
    const { conflicts } = reservationObstacles([claim], span(570, 810), span(570, 810), rows);
    // over capacity where load ≥ 2: 10:00–11:30 (pieces 10–11 and 11–11:30 merged) and 12:00–13:00
    expect(conflicts).toEqual([
      { type: 'capacity', start: m(600), end: m(690) },
      { type: 'capacity', start: m(720), end: m(780) },
    ]);
    expect(reservationObstacles([shared('S', 1, 3)], span(570, 810), span(570, 810), rows).conflicts).toEqual([{ type: 'capacity', start: m(660), end: m(690) }]);
    expect(reservationObstacles([shared('S', 1, 4)], span(570, 810), span(570, 810), rows)).toEqual({ conflicts: [], inTheWay: new Set() });
  });

  it('rows on other leaves do not count', () => {
    const rows = [row('other', 600, 720, { vehicles: 5 })];
    expect(reservationObstacles([shared('S', 1, 1)], span(600, 720), span(600, 720), rows).conflicts).toEqual([]);
  });

  it('a composite claim (whole capacity) conflicts with any vehicle on the leaf', () => {
    const rows = [row('S', 700, 710, { vehicles: 1, id: 'tiny' })];
    const { conflicts, inTheWay } = reservationObstacles([shared('S', 4, 4)], span(600, 720), span(600, 720), rows);
    expect(conflicts).toEqual([{ type: 'capacity', start: m(700), end: m(710) }]);
    expect([...inTheWay]).toEqual(['tiny']);
  });

  it('property: capacity conflicts cover exactly the instants over capacity, sorted, disjoint and not touching', () => {
    fc.assert(
      fc.property(rowsArb, bookingArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (rows, { booked, occupied }, capacity, v) => {
        const vehicles = Math.min(v, capacity);
        const { conflicts } = reservationObstacles([shared('leaf-a', vehicles, capacity)], booked, occupied, rows);
        const onLeaf = rows.filter((r) => r.leafId === 'leaf-a');
        for (const c of conflicts) {
          expect(c.type).toBe('capacity');
          expect(c.reservationId).toBeUndefined();
          expect(ms(c.start)).toBeGreaterThanOrEqual(ms(occupied.start));
          expect(ms(c.end)).toBeLessThanOrEqual(ms(occupied.end));
        }
        for (let i = 1; i < conflicts.length; i++) expect(ms(conflicts[i - 1].end)).toBeLessThan(ms(conflicts[i].start));
        // every minute (and half minute) of the occupied span: in a conflict iff over capacity there
        for (let x = ms(occupied.start); x < ms(occupied.end); x += MIN / 2) {
          const over = loadAt(onLeaf, x) + vehicles > capacity;
          const reported = conflicts.some((c) => ms(c.start) <= x && x < ms(c.end));
          if (over !== reported) throw new Error(`at +${(x - BASE) / MIN} min: over=${over} reported=${reported}`);
        }
      }),
      { ...RUNS, numRuns: 250 },
    );
  });

  it('property: removing the reservations in the way makes the claim fit; each meets an over-capacity instant; the last one taken is needed', () => {
    fc.assert(
      fc.property(rowsArb, bookingArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (rows, { booked, occupied }, capacity, v) => {
        const vehicles = Math.min(v, capacity);
        const { conflicts, inTheWay } = reservationObstacles([shared('leaf-a', vehicles, capacity)], booked, occupied, rows);
        const onLeaf = rows.filter((r) => r.leafId === 'leaf-a' && overlaps(r.during, occupied));
        const fits = (kept: OccupancyRow[]) => peakLoad(kept, occupied) + vehicles <= capacity;
        expect(inTheWay.size === 0).toBe(conflicts.length === 0);
        expect(inTheWay.size === 0).toBe(fits(onLeaf));
        // only reservations that are on the leaf in that time
        for (const id of inTheWay) expect(onLeaf.some((r) => r.reservationId === id)).toBe(true);
        // after removing them, the peak fits
        expect(fits(onLeaf.filter((r) => !inTheWay.has(r.reservationId)))).toBe(true);
        // each one taken out meets an instant that is over capacity (removing any other could not help)
        const over = loadProfile(onLeaf, occupied).filter((p) => p.load + vehicles > capacity);
        for (const id of inTheWay) {
          const r = onLeaf.find((x) => x.reservationId === id)!;
          expect(over.some((p) => overlaps(r.during, p))).toBe(true);
        }
        // minimal-ish: the oldest one taken out is needed (keeping it back does not fit)
        if (inTheWay.size) {
          const taken = onLeaf.filter((r) => inTheWay.has(r.reservationId)).sort((a, b) => ms(a.createdAt) - ms(b.createdAt));
          const oldest = taken[0];
          expect(fits([...onLeaf.filter((r) => !inTheWay.has(r.reservationId)), oldest])).toBe(false);
        }
      }),
      RUNS,
    );
  });

  // Was a bug, fixed in conflicts.ts (one line): fewestToDisplace popped the newest rows overlapping the
  // whole occupied span until the peak fitted, also rows that overlap no over-capacity instant, so a
  // priority booking displaced reservations that were not in its way. Here capacity 2, the new booking
  // takes 1 vehicle 10:00–14:00; A (old, 2 vehicles) fills 10:00–11:00, B (newest, 1 vehicle) is alone
  // at 13:00–14:00 where 1 + 1 ≤ 2: only A is in the way.
  it('does not displace a reservation that overlaps no over-capacity instant', () => {
    const a = row('S', 600, 660, { vehicles: 2, id: 'A', createdAt: 1 });
    const b = row('S', 780, 840, { vehicles: 1, id: 'B', createdAt: 2 });
    const { conflicts, inTheWay } = reservationObstacles([shared('S', 1, 2)], span(600, 840), span(600, 840), [a, b]);
    expect(conflicts).toEqual([{ type: 'capacity', start: m(600), end: m(660) }]);
    expect([...inTheWay]).toEqual(['A']);
  });
});
