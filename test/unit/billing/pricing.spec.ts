/**
 * The pricing engine against hand-worked examples (facility.md demo prices: member discount 20 %, night 18:00–20:00
 * +30 %, Saturday +50 %, increment 30 min, minimum 60 min). Every expected amount has its arithmetic in a comment.
 * Property tests live in pricing.property.spec.ts.
 */
import {
  billableMinutes,
  cancellationPercent,
  feeOf,
  fundingAmount,
  priceAddOn,
  priceTrack,
  roundHalfUp,
  totalsOf,
  vatOf,
  type CancellationTier,
  type RateCard,
  type Surcharge,
  type TrackPricingInput,
  type UsageInput,
} from '../../../src/billing/pricing.js';
import { atLocal, localMinuteOfDay, localWeekday } from '../../../src/segments/local-time.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const NIGHT: Surcharge = { name: 'night', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '18:00', to: '20:00', percent: 30 };
const SATURDAY: Surcharge = { name: 'saturday', days: ['sat'], from: '00:00', to: '24:00', percent: 50 };

/** A demo rate card (facility.md): member 20 %, increment 30, minimum 60, night +30 %, Saturday +50 %. */
const card = (over: Partial<RateCard> = {}): RateCard => ({
  hourlyRate: null,
  perVehicleHourlyRate: null,
  memberDiscountPercent: 20,
  billingIncrementMinutes: 30,
  minimumBillableMinutes: 60,
  surcharges: [NIGHT, SATURDAY],
  ...over,
});
/** WBR, wet braking track: exclusive, ₩250,000 per hour. */
const WBR = card({ hourlyRate: 250_000 });
/** HSC, ITS high-speed circuit: shared, ₩120,000 per vehicle-hour. */
const HSC = card({ perVehicleHourlyRate: 120_000 });

/** Seoul wall clock → instant. 2026-03-03 is a Tuesday, 2026-03-07 a Saturday. */
const seoul = (local: string) => new Date(`${local}:00+09:00`);
const TUE = '2026-03-03';
const SAT = '2026-03-07';

const track = (over: Partial<TrackPricingInput> & Pick<TrackPricingInput, 'start' | 'minutes'>): TrackPricingInput => ({
  card: WBR,
  shared: false,
  vehicles: 1,
  member: false,
  zone: SEOUL,
  ...over,
});

const usage = (over: Partial<UsageInput> & Pick<UsageInput, 'start' | 'end'>): UsageInput => ({
  status: 'confirmed',
  actualStart: null,
  actualEnd: null,
  ...over,
});

describe('roundHalfUp', () => {
  it.each<[bigint, bigint, bigint, string]>([
    [5n, 2n, 3n, '2.5 → 3 (half goes up)'],
    [7n, 2n, 4n, '3.5 → 4'],
    [249_999n, 100_000n, 2n, '2.49999 → 2'],
    [1n, 3n, 0n, '0.333… → 0'],
    [2n, 3n, 1n, '0.666… → 1'],
    [0n, 7n, 0n, '0 → 0'],
    [6n, 3n, 2n, 'exact quotient stays'],
    [-5n, 2n, -3n, '−2.5 → −3 (half away from zero)'],
    [-7n, 2n, -4n, '−3.5 → −4'],
    [-249_999n, 100_000n, -2n, '−2.49999 → −2'],
    [-1n, 3n, 0n, '−0.333… → 0'],
    [-2n, 3n, -1n, '−0.666… → −1'],
    [5n, -2n, -3n, 'a negative denominator moves the sign: 5/−2 = −2.5 → −3'],
    [-5n, -2n, 3n, '−5/−2 = 2.5 → 3'],
    [10n ** 30n + 5n, 10n, 10n ** 29n + 1n, 'beyond 2^53: (10^30 + 5)/10 → 10^29 + 1'],
  ])('%p / %p = %p (%s)', (n, d, expected) => {
    expect(roundHalfUp(n, d)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('is symmetric: roundHalfUp(−n, d) = −roundHalfUp(n, d)', () => {
    for (const [n, d] of [[5n, 2n], [1n, 2n], [3n, 2n], [123_456_789n, 1000n], [1n, 3n]] as const) {
      expect(roundHalfUp(-n, d)).toBe(-roundHalfUp(n, d));
    }
  });
});

describe('billableMinutes', () => {
  const start = seoul(`${TUE}T10:00`);
  const after = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

  it.each<[string, number, number]>([
    // [case, booked minutes, billable]
    ['a 30-minute booking pays the 60-minute minimum', 30, 60],
    ['a 60-minute booking is exactly the minimum', 60, 60],
    ['70 minutes round UP to 90 with increment 30', 70, 90],
    ['90 minutes stay 90', 90, 90],
    ['91 minutes round up to 120', 91, 120],
    ['0 minutes still pay the minimum', 0, 60],
  ])('%s', (_case, booked, expected) => {
    expect(billableMinutes(usage({ start, end: after(booked) }), WBR)).toBe(expected);
  });

  it('rounds up first, then applies the minimum (minimum 75 is not rounded to the increment)', () => {
    // 30 → ceil(30/30)·30 = 30 → max(30, 75) = 75; 80 → 90 → max(90, 75) = 90
    const c = card({ hourlyRate: 1, minimumBillableMinutes: 75 });
    expect(billableMinutes(usage({ start, end: after(30) }), c)).toBe(75);
    expect(billableMinutes(usage({ start, end: after(80) }), c)).toBe(90);
  });

  it('with minimum 0 and increment 1 bills the booked minutes themselves', () => {
    const c = card({ hourlyRate: 1, minimumBillableMinutes: 0, billingIncrementMinutes: 1 });
    expect(billableMinutes(usage({ start, end: after(0) }), c)).toBe(0);
    expect(billableMinutes(usage({ start, end: after(77) }), c)).toBe(77);
  });

  it('completed with an overrun bills the actual time: booked 60, actual 09:55–11:40 = 105 → 120', () => {
    const u = usage({ status: 'completed', start, end: after(60), actualStart: after(-5), actualEnd: after(100) });
    expect(billableMinutes(u, WBR)).toBe(120);
  });

  it('completed shorter than booked still bills the booking: booked 120, actual 40 → 120', () => {
    const u = usage({ status: 'completed', start, end: after(120), actualStart: after(10), actualEnd: after(50) });
    expect(billableMinutes(u, WBR)).toBe(120);
  });

  it('completed: durations are whole minutes, seconds dropped (checked out 40 s after end is no overrun)', () => {
    const end = after(60);
    const u = usage({ status: 'completed', start, end, actualStart: start, actualEnd: new Date(end.getTime() + 40_000) });
    expect(billableMinutes(u, WBR)).toBe(60);
    // one whole minute over is an overrun: 61 → 90
    const late = usage({ status: 'completed', start, end, actualStart: start, actualEnd: after(61) });
    expect(billableMinutes(late, WBR)).toBe(90);
  });

  it('completed without recorded actual instants bills the booked time', () => {
    expect(billableMinutes(usage({ status: 'completed', start, end: after(90), actualStart: start }), WBR)).toBe(90);
  });

  it('checked in, never checked out after end, bills the booked time', () => {
    // booked 10:00–11:30, checked in 09:50, no check-out although it is long past 11:30
    const u = usage({ status: 'checked_in', start, end: after(90), actualStart: after(-10), actualEnd: null });
    expect(billableMinutes(u, WBR)).toBe(90);
  });

  it.each(['pending', 'confirmed', 'cancelled', 'no_show', 'displaced'])('%s bills the booked time', (status) => {
    // actual instants are ignored unless completed
    const u = usage({ status, start, end: after(70), actualStart: start, actualEnd: after(200) });
    expect(billableMinutes(u, WBR)).toBe(90);
  });

  it('refuses an end before the start and a bad increment or minimum', () => {
    expect(() => billableMinutes(usage({ start, end: after(-30) }), WBR)).toThrow(RangeError);
    const completedBackwards = usage({ status: 'completed', start, end: after(60), actualStart: after(60), actualEnd: start });
    expect(() => billableMinutes(completedBackwards, WBR)).toThrow(RangeError);
    expect(() => billableMinutes(usage({ start, end: after(60) }), card({ billingIncrementMinutes: 0 }))).toThrow(RangeError);
    expect(() => billableMinutes(usage({ start, end: after(60) }), card({ billingIncrementMinutes: 7.5 }))).toThrow(RangeError);
    expect(() => billableMinutes(usage({ start, end: after(60) }), card({ minimumBillableMinutes: -1 }))).toThrow(RangeError);
  });
});

describe('priceTrack: demo figures in Asia/Seoul', () => {
  it('WBR exclusive, member, Tue 10:00–11:30: 1.5 h × 250,000 × 0.8 = 300,000', () => {
    expect(priceTrack(track({ start: seoul(`${TUE}T10:00`), minutes: 90, member: true }))).toEqual({
      quantityHours: '1.5',
      unitPrice: 200_000, // 250,000 × 0.8
      amount: 300_000,
      surchargeNames: [],
    });
  });

  it('WBR non-member, Tue 10:00–11:30: 1.5 h × 250,000 = 375,000', () => {
    const priced = priceTrack(track({ start: seoul(`${TUE}T10:00`), minutes: 90 }));
    expect(priced).toMatchObject({ quantityHours: '1.5', unitPrice: 250_000, amount: 375_000 });
  });

  it('WBR non-member, Tue 17:30–19:00 with night 18:00–20:00 +30 %: 30 min base + 60 min at +30 %', () => {
    // 17:30 increment: 0.5 h × 250,000        = 125,000
    // 18:00, 18:30:    1.0 h × 250,000 × 1.3  = 325,000
    //                                   total = 450,000
    expect(priceTrack(track({ start: seoul(`${TUE}T17:30`), minutes: 90 }))).toEqual({
      quantityHours: '1.5',
      unitPrice: 250_000, // the base rate: surcharges are in the amount, not the unit price
      amount: 450_000,
      surchargeNames: ['night'],
    });
  });

  it('the same evening for a member: (125,000 + 325,000) × 0.8 = 360,000', () => {
    const priced = priceTrack(track({ start: seoul(`${TUE}T17:30`), minutes: 90, member: true }));
    expect(priced).toMatchObject({ unitPrice: 200_000, amount: 360_000, surchargeNames: ['night'] });
  });

  it('an increment starting at 19:30 is night, one starting at 20:00 is not (half-open window)', () => {
    // 19:30: 0.5 × 250,000 × 1.3 = 162,500; 20:00: 0.5 × 250,000 = 125,000; total 287,500
    expect(priceTrack(track({ start: seoul(`${TUE}T19:30`), minutes: 60 })).amount).toBe(287_500);
  });

  it('Saturday evening 17:30–19:00: Saturday +50 % beats night +30 %, the highest counts', () => {
    // every increment is in "saturday" (+50 %); 18:00 and 18:30 are also in "night" (+30 %) → 50 % wins
    // 1.5 h × 250,000 × 1.5 = 562,500 (not 0.5 × 375,000 + 1 × 250,000 × 1.8 or × 1.3)
    expect(priceTrack(track({ start: seoul(`${SAT}T17:30`), minutes: 90 }))).toEqual({
      quantityHours: '1.5',
      unitPrice: 250_000,
      amount: 562_500,
      surchargeNames: ['saturday'], // night never won, so it is not named
    });
  });

  it('the highest percent wins whatever the order of windows on the card', () => {
    const reversed = card({ hourlyRate: 250_000, surcharges: [SATURDAY, NIGHT] });
    expect(priceTrack(track({ card: reversed, start: seoul(`${SAT}T17:30`), minutes: 90 })).amount).toBe(562_500);
    // night at 80 % beats Saturday's 50 % for the 18:00 and 18:30 increments:
    // 0.5 × 250,000 × 1.5 + 1 × 250,000 × 1.8 = 187,500 + 450,000 = 637,500
    const strongNight = card({ hourlyRate: 250_000, surcharges: [{ ...NIGHT, percent: 80 }, SATURDAY] });
    expect(priceTrack(track({ card: strongNight, start: seoul(`${SAT}T17:30`), minutes: 90 }))).toMatchObject({
      amount: 637_500,
      surchargeNames: ['saturday', 'night'],
    });
  });

  it('names the windows in order of first use, not in card order', () => {
    const evening: Surcharge = { name: 'evening', days: ['tue'], from: '18:00', to: '20:00', percent: 10 };
    const early: Surcharge = { name: 'early', days: ['tue'], from: '08:00', to: '09:00', percent: 20 };
    const c = card({ hourlyRate: 100_000, surcharges: [evening, early] });
    // Tue 08:30–18:30: 08:30 early (+20 %), 09:00–17:30 base, 18:00 evening (+10 %)
    // 0.5 × 120,000 + 9 × 100,000 + 0.5 × 110,000 = 60,000 + 900,000 + 55,000 = 1,015,000
    expect(priceTrack(track({ card: c, start: seoul(`${TUE}T08:30`), minutes: 600 }))).toMatchObject({
      quantityHours: '10',
      amount: 1_015_000,
      surchargeNames: ['early', 'evening'],
    });
  });

  it('HSC shared: ₩120,000 per vehicle-hour × 3 vehicles, Tue 10:00–12:00', () => {
    // non-member: 2 h × 120,000 × 3 = 720,000, unit 360,000
    expect(priceTrack(track({ card: HSC, shared: true, vehicles: 3, start: seoul(`${TUE}T10:00`), minutes: 120 }))).toEqual({
      quantityHours: '2',
      unitPrice: 360_000,
      amount: 720_000,
      surchargeNames: [],
    });
    // member: 720,000 × 0.8 = 576,000, unit 360,000 × 0.8 = 288,000
    expect(
      priceTrack(track({ card: HSC, shared: true, vehicles: 3, member: true, start: seoul(`${TUE}T10:00`), minutes: 120 })),
    ).toMatchObject({ unitPrice: 288_000, amount: 576_000 });
  });

  it('HSC shared, member, 3 vehicles, Tue 19:00–20:00 at night: 1 h × 360,000 × 1.3 × 0.8 = 374,400', () => {
    const priced = priceTrack(track({ card: HSC, shared: true, vehicles: 3, member: true, start: seoul(`${TUE}T19:00`), minutes: 60 }));
    expect(priced).toMatchObject({ quantityHours: '1', unitPrice: 288_000, amount: 374_400, surchargeNames: ['night'] });
  });

  it('an exclusive segment ignores `vehicles`', () => {
    expect(priceTrack(track({ vehicles: 5, start: seoul(`${TUE}T10:00`), minutes: 60 })).amount).toBe(250_000);
  });

  it('a 30-minute booking pays the 60-minute minimum: billable 60 → 250,000', () => {
    const start = seoul(`${TUE}T10:00`);
    const minutes = billableMinutes(usage({ start, end: seoul(`${TUE}T10:30`) }), WBR);
    expect(minutes).toBe(60);
    expect(priceTrack(track({ start, minutes }))).toMatchObject({ quantityHours: '1', amount: 250_000 });
  });

  it('70 booked minutes → 90 billable → 1.5 h × 250,000 = 375,000', () => {
    const start = seoul(`${TUE}T10:00`);
    const minutes = billableMinutes(usage({ start, end: seoul(`${TUE}T11:10`) }), WBR);
    expect(minutes).toBe(90);
    expect(priceTrack(track({ start, minutes })).amount).toBe(375_000);
  });

  it('overrun: booked Tue 17:00–18:00, checked out 18:40 → 120 billable, increments run past the booked end into night', () => {
    const start = seoul(`${TUE}T17:00`);
    const u = usage({ status: 'completed', start, end: seoul(`${TUE}T18:00`), actualStart: start, actualEnd: seoul(`${TUE}T18:40`) });
    const minutes = billableMinutes(u, WBR); // 100 → 120
    expect(minutes).toBe(120);
    // 17:00, 17:30: 1 h × 250,000 = 250,000; 18:00, 18:30 (after the booked end): 1 h × 250,000 × 1.3 = 325,000
    expect(priceTrack(track({ start, minutes }))).toEqual({
      quantityHours: '2',
      unitPrice: 250_000,
      amount: 575_000,
      surchargeNames: ['night'],
    });
  });

  it('checked in, never checked out after end: booked Tue 17:00–18:00 bills 60 minutes, no night', () => {
    const start = seoul(`${TUE}T17:00`);
    const u = usage({ status: 'checked_in', start, end: seoul(`${TUE}T18:00`), actualStart: seoul(`${TUE}T16:55`) });
    const minutes = billableMinutes(u, WBR);
    expect(minutes).toBe(60);
    expect(priceTrack(track({ start, minutes }))).toMatchObject({ amount: 250_000, surchargeNames: [] });
  });

  it('a last, shorter increment is priced by its own start: minimum 75 from Tue 17:00', () => {
    const c = card({ hourlyRate: 250_000, minimumBillableMinutes: 75 });
    // increments 17:00 (30), 17:30 (30), 18:00 (15, night)
    // 1 h × 250,000 + 0.25 h × 250,000 × 1.3 = 250,000 + 81,250 = 331,250
    expect(priceTrack(track({ card: c, start: seoul(`${TUE}T17:00`), minutes: 75 }))).toMatchObject({
      quantityHours: '1.25',
      amount: 331_250,
      surchargeNames: ['night'],
    });
  });

  it('an increment that straddles a window edge is priced wholly by its start', () => {
    // 60-minute increments from Tue 17:30: 17:30 (base, though 18:00–18:30 is night), 18:30 (night)
    // 1 × 250,000 + 1 × 325,000 = 575,000
    const c = card({ hourlyRate: 250_000, billingIncrementMinutes: 60 });
    expect(priceTrack(track({ card: c, start: seoul(`${TUE}T17:30`), minutes: 120 })).amount).toBe(575_000);
  });

  it('windows use the local weekday: Sat 23:30–Sun 00:30 Seoul (all Saturday in UTC)', () => {
    // 23:30 Sat: 0.5 × 250,000 × 1.5 = 187,500; 00:00 Sun (= Sat 15:00Z): 0.5 × 250,000 = 125,000 → 312,500
    const start = seoul(`${SAT}T23:30`);
    expect(localWeekday(new Date(start.getTime() + 30 * MINUTE), 'UTC')).toBe('sat');
    expect(priceTrack(track({ start, minutes: 60 }))).toMatchObject({ amount: 312_500, surchargeNames: ['saturday'] });
  });

  it('windows use the facility zone, never UTC or the process zone', () => {
    // Tue 18:00 Seoul is 09:00Z: night in Seoul, not in UTC
    const start = seoul(`${TUE}T18:00`);
    expect(priceTrack(track({ start, minutes: 60 })).amount).toBe(325_000);
    expect(priceTrack(track({ start, minutes: 60, zone: 'UTC' })).amount).toBe(250_000);
  });

  it('a surcharge over 100 %: +150 % → 1 h × 100,000 × 2.5 = 250,000', () => {
    const c = card({ hourlyRate: 100_000, surcharges: [{ name: 'holiday', days: ['tue'], from: '00:00', to: '24:00', percent: 150 }] });
    expect(priceTrack(track({ card: c, start: seoul(`${TUE}T10:00`), minutes: 60 })).amount).toBe(250_000);
  });

  it('a winning 0 % window changes nothing and is not named', () => {
    const c = card({ hourlyRate: 100_000, surcharges: [{ name: 'promo', days: ['tue'], from: '00:00', to: '24:00', percent: 0 }] });
    expect(priceTrack(track({ card: c, start: seoul(`${TUE}T10:00`), minutes: 60 }))).toMatchObject({ amount: 100_000, surchargeNames: [] });
  });

  it('0 minutes price to 0', () => {
    expect(priceTrack(track({ start: seoul(`${TUE}T10:00`), minutes: 0 }))).toEqual({
      quantityHours: '0',
      unitPrice: 250_000,
      amount: 0,
      surchargeNames: [],
    });
  });

  it('member discount 100 % makes the line free', () => {
    const c = card({ hourlyRate: 250_000, memberDiscountPercent: 100 });
    expect(priceTrack(track({ card: c, member: true, start: seoul(`${TUE}T17:30`), minutes: 90 }))).toMatchObject({ unitPrice: 0, amount: 0 });
  });
});

describe('priceTrack: one rounding per line', () => {
  const c = card({ hourlyRate: 99_999, memberDiscountPercent: 33, surcharges: [] });

  it('33 % member discount, ₩99,999/h, 90 min: exact 100,498.995 → 100,499 (per increment would give 100,500)', () => {
    // one increment exactly: 0.5 h × 99,999 × 0.67 = 33,499.665
    // the line, rounded once: 3 × 33,499.665 = 100,498.995 → 100,499
    // rounding each increment first: 33,500 × 3 = 100,500 — one won too much
    // unit price: 99,999 × 0.67 = 66,999.33 → 66,999
    const priced = priceTrack(track({ card: c, member: true, start: seoul(`${TUE}T10:00`), minutes: 90 }));
    expect(priced).toMatchObject({ quantityHours: '1.5', unitPrice: 66_999, amount: 100_499 });
    const perIncrement = 3 * priceTrack(track({ card: c, member: true, start: seoul(`${TUE}T10:00`), minutes: 30 })).amount;
    expect(perIncrement).toBe(100_500);
    expect(perIncrement).not.toBe(priced.amount);
  });

  it('an exact half won rounds up: ₩250,001/h for 30 min = 125,000.5 → 125,001', () => {
    const odd = card({ hourlyRate: 250_001 });
    expect(priceTrack(track({ card: odd, start: seoul(`${TUE}T10:00`), minutes: 30 })).amount).toBe(125_001);
  });

  it('below half rounds down: ₩250,001/h × 0.8 for 30 min = 100,000.4 → 100,000', () => {
    const odd = card({ hourlyRate: 250_001 });
    // 0.5 × 250,001 × 0.8 = 100,000.4; unit 250,001 × 0.8 = 200,000.8 → 200,001
    expect(priceTrack(track({ card: odd, member: true, start: seoul(`${TUE}T10:00`), minutes: 30 }))).toMatchObject({
      unitPrice: 200_001,
      amount: 100_000,
    });
  });

  it('no binary float drift: ₩100/h × 10 min × 1.1 (+10 %) × 0.9 (10 % off) = 16.5 exactly → 17', () => {
    // 10/60 × 100 × 1.1 × 0.9 = 16.5; in binary floats 10/60*100*110/100*90/100 = 16.499999999999996 → 16
    expect(Math.round(((((10 / 60) * 100 * 110) / 100) * 90) / 100)).toBe(16); // the trap
    const c2 = card({
      hourlyRate: 100,
      memberDiscountPercent: 10,
      billingIncrementMinutes: 10,
      surcharges: [{ name: 'all', days: ['tue'], from: '00:00', to: '24:00', percent: 10 }],
    });
    expect(priceTrack(track({ card: c2, member: true, start: seoul(`${TUE}T10:00`), minutes: 10 })).amount).toBe(17);
    // and 20 minutes: 33 exactly
    expect(priceTrack(track({ card: c2, member: true, start: seoul(`${TUE}T10:00`), minutes: 20 })).amount).toBe(33);
  });

  it('large amounts stay exact: DPG ₩2,500,000/h for 7 days, member → 168 × 2,500,000 × 0.8 = 336,000,000', () => {
    const dpg = card({ hourlyRate: 2_500_000, surcharges: [] });
    expect(priceTrack(track({ card: dpg, member: true, start: seoul(`${TUE}T00:00`), minutes: 7 * 24 * 60 })).amount).toBe(336_000_000);
  });
});

describe('priceTrack: quantityHours text', () => {
  it.each<[number, string]>([
    [90, '1.5'],
    [120, '2'],
    [15, '0.25'],
    [45, '0.75'],
    [6, '0.1'],
    [3, '0.05'],
    [0, '0'],
    [600, '10'],
    [20, '0.3333'], // 1/3 h, not terminating: half up to 4 decimals
    [40, '0.6667'],
    [10, '0.1667'],
    [1, '0.0167'],
    [61, '1.0167'],
    [10_080, '168'],
  ])('%p minutes → %p', (minutes, text) => {
    const c = card({ hourlyRate: 60, billingIncrementMinutes: 1, surcharges: [] });
    expect(priceTrack(track({ card: c, start: seoul(`${TUE}T10:00`), minutes })).quantityHours).toBe(text);
  });
});

describe('priceTrack: DST in Europe/Berlin (increments in real minutes, windows by local wall time)', () => {
  const flat = (surcharges: Surcharge[]) =>
    card({ hourlyRate: 60_000, memberDiscountPercent: 0, minimumBillableMinutes: 0, surcharges });

  it('spring forward, Sun 2027-03-28: 01:00 CET → 04:00 CEST is 2 real hours, not 3', () => {
    const start = atLocal('2027-03-28', 60, BERLIN);
    const end = atLocal('2027-03-28', 240, BERLIN);
    expect(start.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(end.toISOString()).toBe('2027-03-28T02:00:00.000Z');
    const c = flat([{ name: 'early-sunday', days: ['sun'], from: '03:00', to: '04:00', percent: 100 }]);
    const minutes = billableMinutes(usage({ start, end }), c);
    expect(minutes).toBe(120);
    // increments start at 00:00Z (01:00 CET), 00:30Z (01:30 CET), 01:00Z (03:00 CEST), 01:30Z (03:30 CEST)
    expect([0, 30, 60, 90].map((m) => localMinuteOfDay(new Date(start.getTime() + m * MINUTE), BERLIN))).toEqual([60, 90, 180, 210]);
    // 1 h × 60,000 + 1 h × 60,000 × 2 = 180,000
    expect(priceTrack(track({ card: c, start, minutes, zone: BERLIN }))).toEqual({
      quantityHours: '2',
      unitPrice: 60_000,
      amount: 180_000,
      surchargeNames: ['early-sunday'],
    });
  });

  it('spring forward: a window in the skipped hour 02:00–03:00 never applies', () => {
    const c = flat([{ name: 'gap', days: ['sun'], from: '02:00', to: '03:00', percent: 100 }]);
    const start = atLocal('2027-03-28', 60, BERLIN);
    // 2 real hours, no increment starts at a wall time 02:xx: 2 × 60,000 = 120,000
    expect(priceTrack(track({ card: c, start, minutes: 120, zone: BERLIN }))).toMatchObject({ amount: 120_000, surchargeNames: [] });
  });

  it('fall back, Sun 2027-10-31: 01:00 CEST → 03:30 CET is 3.5 real hours; the repeated 02:00–03:00 is surcharged twice', () => {
    const start = atLocal('2027-10-31', 60, BERLIN);
    const end = atLocal('2027-10-31', 210, BERLIN);
    expect(start.toISOString()).toBe('2027-10-30T23:00:00.000Z');
    expect(end.toISOString()).toBe('2027-10-31T02:30:00.000Z');
    const c = flat([{ name: 'witching-hour', days: ['sun'], from: '02:00', to: '03:00', percent: 50 }]);
    const minutes = billableMinutes(usage({ start, end }), c);
    expect(minutes).toBe(210);
    // increments: 01:00, 01:30 CEST | 02:00, 02:30 CEST | 02:00, 02:30 CET | 03:00 CET
    expect([0, 30, 60, 90, 120, 150, 180].map((m) => localMinuteOfDay(new Date(start.getTime() + m * MINUTE), BERLIN))).toEqual([
      60, 90, 120, 150, 120, 150, 180,
    ]);
    // 1.5 h × 60,000 = 90,000 base; 2 h × 60,000 × 1.5 = 180,000 surcharged; total 270,000
    expect(priceTrack(track({ card: c, start, minutes, zone: BERLIN }))).toEqual({
      quantityHours: '3.5',
      unitPrice: 60_000,
      amount: 270_000,
      surchargeNames: ['witching-hour'],
    });
  });

  it('fall back: the demo Saturday/night card across a Berlin Saturday evening is unaffected by DST on Sunday', () => {
    // Sat 2027-10-30 17:30–19:00 CEST: 1.5 h × 250,000 × 1.5 = 562,500 (Saturday beats night)
    const start = atLocal('2027-10-30', 17 * 60 + 30, BERLIN);
    expect(priceTrack(track({ start, minutes: 90, zone: BERLIN })).amount).toBe(562_500);
  });

  it('a Saturday window ends at local midnight even on the DST night (Sat 23:00 CEST → Sun)', () => {
    // Sat 2027-10-30 23:00 CEST = 21:00Z; 120 real minutes: 23:00, 23:30 Sat (+50 %), 00:00, 00:30 Sun
    // 1 h × 250,000 × 1.5 + 1 h × 250,000 = 375,000 + 250,000 = 625,000
    const start = atLocal('2027-10-30', 23 * 60, BERLIN);
    expect(start.toISOString()).toBe('2027-10-30T21:00:00.000Z');
    expect(priceTrack(track({ start, minutes: 120, zone: BERLIN })).amount).toBe(625_000);
  });
});

describe('priceTrack: refuses invalid input', () => {
  const start = seoul(`${TUE}T10:00`);
  it.each<[string, Partial<TrackPricingInput>]>([
    ['an exclusive card without hourlyRate', { card: HSC }],
    ['a shared card without perVehicleHourlyRate', { shared: true, card: WBR }],
    ['0 vehicles on a shared segment', { shared: true, card: HSC, vehicles: 0 }],
    ['fractional vehicles', { shared: true, card: HSC, vehicles: 1.5 }],
    ['negative minutes', { minutes: -30 }],
    ['fractional minutes', { minutes: 30.5 }],
    ['a negative rate', { card: card({ hourlyRate: -1 }) }],
    ['a fractional rate', { card: card({ hourlyRate: 1.5 }) }],
    ['member discount over 100', { card: card({ hourlyRate: 1, memberDiscountPercent: 101 }) }],
    ['a fractional member discount', { card: card({ hourlyRate: 1, memberDiscountPercent: 12.5 }) }],
    ['a surcharge over 1000 %', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, percent: 1001 }] }) }],
    ['a negative surcharge', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, percent: -10 }] }) }],
    ['an overnight window', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, from: '22:00', to: '06:00' }] }) }],
    ['an empty window', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, from: '18:00', to: '18:00' }] }) }],
    ['a window from 24:00', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, from: '24:00', to: '24:00' }] }) }],
    ['a bad clock', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, to: '8pm' }] }) }],
    ['an unknown weekday', { card: card({ hourlyRate: 1, surcharges: [{ ...NIGHT, days: ['monday' as never] }] }) }],
    ['an unknown zone', { zone: 'Mars/Olympus_Mons' }],
    ['an invalid start', { start: new Date(Number.NaN) }],
    ['increment 0', { card: card({ hourlyRate: 1, billingIncrementMinutes: 0 }) }],
  ])('%s', (_case, over) => {
    expect(() => priceTrack(track({ start, minutes: 60, ...over }))).toThrow(RangeError);
  });
});

describe('priceAddOn', () => {
  it.each<[number, number, number, string]>([
    [3, 150_000, 450_000, '3 days × 150,000'],
    [1, 80_000, 80_000, '1 × 80,000'],
    [0, 80_000, 0, 'nothing ordered'],
    [2, 0, 0, 'a free add-on'],
    [1.5, 70_001, 105_002, '1.5 h × 70,001 = 105,001.5 → 105,002 (half up, once)'],
    [0.1, 5, 1, '0.1 × 5 = 0.5 exactly (decimal, not binary) → 1'],
    [0.3, 10, 3, '0.3 × 10 = 3 exactly (a float product would be 3.0000000000000004)'],
    [1000, 9_000_000_000, 9_000_000_000_000, 'large but safe'],
  ])('%p × %p = %p (%s)', (quantity, unitPrice, expected) => {
    expect(priceAddOn(quantity, unitPrice)).toBe(expected);
  });

  it('refuses a negative quantity, a non-integer or negative price, and an unsafe result', () => {
    expect(() => priceAddOn(-1, 100)).toThrow(RangeError);
    expect(() => priceAddOn(1, 99.5)).toThrow(RangeError);
    expect(() => priceAddOn(1, -100)).toThrow(RangeError);
    expect(() => priceAddOn(Number.NaN, 100)).toThrow(RangeError);
    expect(() => priceAddOn(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});

describe('feeOf', () => {
  it.each<[number, number, number, string]>([
    [450_000, 50, 225_000, '50 % of 450,000'],
    [450_001, 50, 225_001, '225,000.5 → 225,001 (half up)'],
    [450_000, 100, 450_000, '100 % (no-show default)'],
    [450_000, 0, 0, 'waived / 0 % tier'],
    [10, 33, 3, '3.3 → 3'],
    [10, 15, 2, '1.5 → 2'],
    [10, 14, 1, '1.4 → 1'],
  ])('%p × %p %% = %p (%s)', (charge, percent, expected) => {
    expect(feeOf(charge, percent)).toBe(expected);
  });

  it('the charge is track time plus add-ons: (375,000 + 3 × 50,000) × 50 % = 262,500', () => {
    const charge = priceTrack(track({ start: seoul(`${TUE}T10:00`), minutes: 90 })).amount + priceAddOn(3, 50_000);
    expect(feeOf(charge, 50)).toBe(262_500);
  });

  it('refuses a percent outside 0..100 or a fractional one', () => {
    expect(() => feeOf(100, 101)).toThrow(RangeError);
    expect(() => feeOf(100, -1)).toThrow(RangeError);
    expect(() => feeOf(100, 50.5)).toThrow(RangeError);
    expect(() => feeOf(100.5, 50)).toThrow(RangeError);
  });
});

describe('cancellationPercent', () => {
  const DEFAULT: CancellationTier[] = [
    { minNoticeHours: 168, percent: 0 },
    { minNoticeHours: 48, percent: 50 },
    { minNoticeHours: 0, percent: 100 },
  ];
  const start = seoul('2026-03-20T10:00');
  const before = (ms: number) => new Date(start.getTime() - ms);

  it.each<[string, number, number]>([
    ['200 h notice', 200 * HOUR, 0],
    ['exactly 168 h', 168 * HOUR, 0],
    ['168 h less 1 ms', 168 * HOUR - 1, 50],
    ['167.99 h', 167.99 * HOUR, 50],
    ['100 h', 100 * HOUR, 50],
    ['exactly 48 h', 48 * HOUR, 50],
    ['48 h less 1 ms', 48 * HOUR - 1, 100],
    ['47 h', 47 * HOUR, 100],
    ['1 minute', MINUTE, 100],
    ['0 (cancelled at the start)', 0, 100],
    ['negative: 2 h after the start', -2 * HOUR, 100],
  ])('%s → %p %%', (_case, noticeMs, expected) => {
    expect(cancellationPercent(DEFAULT, start, before(noticeMs))).toBe(expected);
  });

  it('does not depend on the order the tiers are given in', () => {
    const shuffled = [DEFAULT[2], DEFAULT[0], DEFAULT[1]];
    for (const notice of [200 * HOUR, 168 * HOUR, 100 * HOUR, 48 * HOUR, 47 * HOUR, -HOUR]) {
      expect(cancellationPercent(shuffled, start, before(notice))).toBe(cancellationPercent(DEFAULT, start, before(notice)));
    }
    expect(shuffled[0]).toBe(DEFAULT[2]); // the input is not sorted in place
  });

  it('negative notice below every tier → the lowest tier (smallest minNoticeHours)', () => {
    const noZeroTier: CancellationTier[] = [
      { minNoticeHours: 48, percent: 50 },
      { minNoticeHours: 168, percent: 0 },
    ];
    expect(cancellationPercent(noZeroTier, start, before(-5 * HOUR))).toBe(50);
    expect(cancellationPercent(noZeroTier, start, before(10 * HOUR))).toBe(50);
    // negative thresholds are honoured exactly: up to 1 h after the start → 90 %, later → 100 %
    const late: CancellationTier[] = [...DEFAULT.slice(0, 2), { minNoticeHours: 0, percent: 80 }, { minNoticeHours: -1, percent: 90 }, { minNoticeHours: -24, percent: 100 }];
    expect(cancellationPercent(late, start, before(-30 * MINUTE))).toBe(90);
    expect(cancellationPercent(late, start, before(-HOUR))).toBe(90);
    expect(cancellationPercent(late, start, before(-HOUR - 1))).toBe(100);
    expect(cancellationPercent(late, start, before(-48 * HOUR))).toBe(100);
  });

  it('fractional thresholds are compared exactly: 0.1 h = 6 minutes', () => {
    const tiers: CancellationTier[] = [
      { minNoticeHours: 0.1, percent: 10 },
      { minNoticeHours: 0, percent: 100 },
    ];
    expect(cancellationPercent(tiers, start, before(6 * MINUTE))).toBe(10);
    expect(cancellationPercent(tiers, start, before(6 * MINUTE - 1))).toBe(100);
  });

  it('a single tier always applies', () => {
    expect(cancellationPercent([{ minNoticeHours: 24, percent: 30 }], start, before(HOUR))).toBe(30);
  });

  it('refuses an empty policy and a bad percent', () => {
    expect(() => cancellationPercent([], start, start)).toThrow(RangeError);
    expect(() => cancellationPercent([{ minNoticeHours: 0, percent: 120 }], start, start)).toThrow(RangeError);
  });
});

describe('vatOf', () => {
  it.each<[number, number, string]>([
    [123_459, 12_345, '12,345.9 truncated (원 미만 절사), not rounded'],
    [123_450, 12_345, 'exact'],
    [9, 0, '0.9 → 0'],
    [10, 1, 'exact'],
    [0, 0, 'nothing'],
    [-123_459, -12_345, 'a credit truncates toward zero'],
    [-9, 0, '−0.9 → 0'],
    [1_000_000_000_000_009, 100_000_000_000_000, 'large, exact'],
  ])('VAT of %p = %p (%s)', (supply, vat) => {
    expect(vatOf(supply)).toBe(vat);
    expect(Object.is(vatOf(supply), -0)).toBe(false);
  });

  it('refuses a non-integer supply', () => {
    expect(() => vatOf(10.5)).toThrow(RangeError);
  });
});

describe('totalsOf', () => {
  it('an invoice: track, add-on, non-taxable fee and a taxable funding discount', () => {
    const lines = [
      { amount: 300_000, taxable: true }, // track time
      { amount: 50_000, taxable: true }, // add-on
      { amount: 125_000, taxable: false }, // cancellation fee (non-taxable)
      { amount: -90_000, taxable: true }, // funding: 30 % of 300,000, lowers the VAT base
    ];
    // supply = 300,000 + 50,000 + 125,000 − 90,000 = 385,000
    // taxable = 300,000 + 50,000 − 90,000 = 260,000 → VAT 26,000; total 411,000
    expect(totalsOf(lines)).toEqual({ supplyAmount: 385_000, vat: 26_000, total: 411_000 });
  });

  it('VAT is taken once on the taxable sum, not per line: 5 + 5 → VAT 1 (per line would be 0 + 0)', () => {
    expect(totalsOf([{ amount: 5, taxable: true }, { amount: 5, taxable: true }])).toEqual({ supplyAmount: 10, vat: 1, total: 11 });
  });

  it('truncates the VAT: taxable 123,459 → 12,345', () => {
    expect(totalsOf([{ amount: 123_459, taxable: true }])).toEqual({ supplyAmount: 123_459, vat: 12_345, total: 135_804 });
  });

  it('a credit note mirrors its invoice', () => {
    const lines = [{ amount: 123_459, taxable: true }, { amount: 1_001, taxable: false }];
    const credit = lines.map((l) => ({ ...l, amount: -l.amount }));
    const t = totalsOf(lines);
    expect(totalsOf(credit)).toEqual({ supplyAmount: -t.supplyAmount, vat: -t.vat, total: -t.total });
  });

  it('no lines → zeros', () => {
    expect(totalsOf([])).toEqual({ supplyAmount: 0, vat: 0, total: 0 });
  });

  it('refuses a non-integer amount', () => {
    expect(() => totalsOf([{ amount: 0.5, taxable: true }])).toThrow(RangeError);
  });
});

describe('fundingAmount', () => {
  it.each<[number, number, number, number, string]>([
    [1_000_000, 30, 20_000_000, -300_000, '30 % of track fees, cap far away'],
    [1_000_000, 30, 100_000, -100_000, 'capped by the cap left'],
    [1_000_000, 30, 300_000, -300_000, 'exactly the cap left'],
    [1_000_000, 30, 0, 0, 'cap used up'],
    [1_000_000, 30, -5, 0, 'an overdrawn cap gives nothing, never a positive line'],
    [0, 30, 100, 0, 'nothing eligible'],
    [-1_000, 50, 100, 0, 'negative eligible supply never makes a positive line'],
    [3, 50, 100, -2, '1.5 → 2, so −2 (half up on the magnitude)'],
    [1, 30, 100, 0, '0.3 → 0'],
    [1_000_001, 50, 10_000_000, -500_001, 'Star voucher 50 %: 500,000.5 → 500,001'],
    [1_000_000, 100, 10_000_000, -1_000_000, 'full coverage'],
    [1_000_000, 0, 10_000_000, 0, 'no coverage'],
  ])('eligible %p × %p %%, cap left %p → %p (%s)', (eligible, coverage, capLeft, expected) => {
    const amount = fundingAmount(eligible, coverage, capLeft);
    expect(amount).toBe(expected);
    expect(Object.is(amount, -0)).toBe(false);
  });

  it('refuses coverage outside 0..100', () => {
    expect(() => fundingAmount(100, 101, 100)).toThrow(RangeError);
    expect(() => fundingAmount(100, -1, 100)).toThrow(RangeError);
  });
});
