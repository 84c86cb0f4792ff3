/**
 * Properties of the pricing engine (fast-check). Hand-worked examples are in pricing.spec.ts.
 */
import fc from 'fast-check';
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
} from '../../../src/billing/pricing.js';
import { formatClock, WEEKDAYS } from '../../../src/segments/local-time.js';

const MINUTE = 60_000;
const ZONES = ['Asia/Seoul', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];

const zones = fc.constantFrom(...ZONES);
/** Instants on whole minutes, 2026..2028 (covers DST switches in the zones above). */
const instants = fc
  .integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2028, 11, 31) / MINUTE })
  .map((m) => new Date(m * MINUTE));
const increments = fc.constantFrom(1, 5, 10, 15, 20, 30, 45, 60);

const windows: fc.Arbitrary<Surcharge> = fc
  .record({
    name: fc.constantFrom('night', 'weekend', 'holiday', 'peak', 'dawn'),
    days: fc.subarray([...WEEKDAYS]),
    a: fc.integer({ min: 0, max: 1440 }),
    b: fc.integer({ min: 0, max: 1440 }),
    percent: fc.integer({ min: 0, max: 1000 }),
  })
  .filter(({ a, b }) => a !== b)
  .map(({ name, days, a, b, percent }) => ({
    name,
    days,
    from: formatClock(Math.min(a, b)),
    to: formatClock(Math.max(a, b)),
    percent,
  }));

const cards = (over: { minimum?: fc.Arbitrary<number>; surcharges?: fc.Arbitrary<Surcharge[]> } = {}): fc.Arbitrary<RateCard> =>
  fc.record({
    hourlyRate: fc.integer({ min: 0, max: 5_000_000 }),
    perVehicleHourlyRate: fc.integer({ min: 0, max: 500_000 }),
    memberDiscountPercent: fc.integer({ min: 0, max: 100 }),
    billingIncrementMinutes: increments,
    minimumBillableMinutes: over.minimum ?? fc.integer({ min: 0, max: 240 }),
    surcharges: over.surcharges ?? fc.array(windows, { maxLength: 4 }),
  });

const inputs = (card: fc.Arbitrary<RateCard> = cards()): fc.Arbitrary<TrackPricingInput> =>
  fc.record({
    card,
    shared: fc.boolean(),
    vehicles: fc.integer({ min: 1, max: 6 }),
    member: fc.boolean(),
    start: instants,
    minutes: fc.integer({ min: 0, max: 1500 }),
    zone: zones,
  });

const amountOf = (input: TrackPricingInput) => priceTrack(input).amount;

describe('priceTrack properties', () => {
  it('splitting one reservation at an increment boundary into two changes the total by at most 1 won (no surcharges, minimum 0)', () => {
    fc.assert(
      fc.property(inputs(cards({ minimum: fc.constant(0), surcharges: fc.constant([]) })), fc.nat({ max: 40 }), fc.nat({ max: 600 }), (input, k, rest) => {
        const inc = input.card.billingIncrementMinutes;
        const first = k * inc;
        const end = new Date(input.start.getTime() + (first + rest) * MINUTE);
        const cut = new Date(input.start.getTime() + first * MINUTE);
        const status = 'confirmed';
        // billable minutes of the whole equal the sum of the parts' when the cut is on an increment boundary
        const whole = billableMinutes({ status, start: input.start, end, actualStart: null, actualEnd: null }, input.card);
        const a = billableMinutes({ status, start: input.start, end: cut, actualStart: null, actualEnd: null }, input.card);
        const b = billableMinutes({ status, start: cut, end, actualStart: null, actualEnd: null }, input.card);
        expect(a + b).toBe(whole);
        const together = amountOf({ ...input, minutes: whole });
        const apart = amountOf({ ...input, minutes: a }) + amountOf({ ...input, start: cut, minutes: b });
        expect(Math.abs(together - apart)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the same split bound holds with surcharge windows (increments start at the same instants)', () => {
    fc.assert(
      fc.property(inputs(cards({ minimum: fc.constant(0) })), fc.nat({ max: 20 }), fc.nat({ max: 300 }), (input, k, rest) => {
        const first = k * input.card.billingIncrementMinutes;
        const cut = new Date(input.start.getTime() + first * MINUTE);
        const together = amountOf({ ...input, minutes: first + rest });
        const apart = amountOf({ ...input, minutes: first }) + amountOf({ ...input, start: cut, minutes: rest });
        expect(Math.abs(together - apart)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('a member discount never raises a price', () => {
    fc.assert(
      fc.property(inputs(), (input) => {
        const member = priceTrack({ ...input, member: true });
        const other = priceTrack({ ...input, member: false });
        expect(member.amount).toBeLessThanOrEqual(other.amount);
        expect(member.unitPrice).toBeLessThanOrEqual(other.unitPrice);
      }),
    );
  });

  it('adding a surcharge window never lowers a price', () => {
    fc.assert(
      fc.property(inputs(), windows, fc.nat(), (input, extra, at) => {
        const list = [...input.card.surcharges];
        list.splice(at % (list.length + 1), 0, extra);
        const more = amountOf({ ...input, card: { ...input.card, surcharges: list } });
        expect(more).toBeGreaterThanOrEqual(amountOf(input));
      }),
    );
  });

  it('the amount is monotone in minutes', () => {
    fc.assert(
      fc.property(inputs(), fc.nat({ max: 600 }), (input, more) => {
        expect(amountOf({ ...input, minutes: input.minutes + more })).toBeGreaterThanOrEqual(amountOf(input));
      }),
    );
  });

  it('the amount lies between the unsurcharged price and the price at the highest window percent', () => {
    fc.assert(
      fc.property(inputs(), (input) => {
        const top = Math.max(0, ...input.card.surcharges.map((s) => s.percent));
        const everywhere = (percent: number): Surcharge[] => [{ name: 'all', days: [...WEEKDAYS], from: '00:00', to: '24:00', percent }];
        const low = amountOf({ ...input, card: { ...input.card, surcharges: [] } });
        const high = amountOf({ ...input, card: { ...input.card, surcharges: everywhere(top) } });
        const amount = amountOf(input);
        expect(amount).toBeGreaterThanOrEqual(low);
        expect(amount).toBeLessThanOrEqual(high);
      }),
    );
  });

  it('without surcharges: amount = round_half_up(minutes/60 × rate × (100 − d)/100), unit price = round_half_up(rate × (100 − d)/100)', () => {
    fc.assert(
      fc.property(inputs(cards({ surcharges: fc.constant([]) })), (input) => {
        const { card } = input;
        const rate = BigInt(input.shared ? card.perVehicleHourlyRate! * input.vehicles : card.hourlyRate!);
        const off = BigInt(100 - (input.member ? card.memberDiscountPercent : 0));
        const priced = priceTrack(input);
        expect(priced.amount).toBe(Number(roundHalfUp(BigInt(input.minutes) * rate * off, 6000n)));
        expect(priced.unitPrice).toBe(Number(roundHalfUp(rate * off, 100n)));
        // quantity text: exactly minutes/60 when terminating
        if (input.minutes % 3 === 0) expect(Number(priced.quantityHours) * 60).toBeCloseTo(input.minutes, 9);
        expect(priced.quantityHours).toMatch(/^\d+(\.\d{0,3}[1-9])?$/);
      }),
    );
  });

  it('names only windows of the card, each once, and none without surcharges', () => {
    fc.assert(
      fc.property(inputs(), (input) => {
        const { surchargeNames } = priceTrack(input);
        expect(new Set(surchargeNames).size).toBe(surchargeNames.length);
        for (const name of surchargeNames) expect(input.card.surcharges.some((s) => s.name === name && s.percent > 0)).toBe(true);
        if (surchargeNames.length === 0) expect(amountOf(input)).toBe(amountOf({ ...input, card: { ...input.card, surcharges: [] } }));
      }),
    );
  });
});

describe('billableMinutes properties', () => {
  it('is a multiple of the increment or the minimum, at least both booked minutes and the minimum, less than booked + increment', () => {
    fc.assert(
      fc.property(cards(), instants, fc.nat({ max: 2000 }), (card, start, booked) => {
        const end = new Date(start.getTime() + booked * MINUTE);
        const billable = billableMinutes({ status: 'confirmed', start, end, actualStart: null, actualEnd: null }, card);
        expect(billable).toBeGreaterThanOrEqual(Math.max(booked, card.minimumBillableMinutes));
        expect(billable % card.billingIncrementMinutes === 0 || billable === card.minimumBillableMinutes).toBe(true);
        expect(billable).toBeLessThan(Math.max(booked + card.billingIncrementMinutes, card.minimumBillableMinutes + 1));
      }),
    );
  });

  it('completed never bills less than booked, and bills the longer actual time', () => {
    fc.assert(
      fc.property(cards(), instants, fc.nat({ max: 600 }), fc.integer({ min: -120, max: 120 }), fc.nat({ max: 900 }), (card, start, booked, shift, actual) => {
        const end = new Date(start.getTime() + booked * MINUTE);
        const actualStart = new Date(start.getTime() + shift * MINUTE);
        const actualEnd = new Date(actualStart.getTime() + actual * MINUTE);
        const billed = billableMinutes({ status: 'completed', start, end, actualStart, actualEnd }, card);
        const asBooked = billableMinutes({ status: 'completed', start, end, actualStart: null, actualEnd: null }, card);
        const asActual = billableMinutes({ status: 'confirmed', start: actualStart, end: actualEnd, actualStart: null, actualEnd: null }, card);
        expect(billed).toBe(Math.max(asBooked, asActual));
      }),
    );
  });
});

describe('money helpers properties', () => {
  it('totalsOf: VAT ≤ 10 % of the taxable supply and > 10 % − 1; supply and total add up', () => {
    const lines = fc.array(fc.record({ amount: fc.integer({ min: -10_000_000, max: 100_000_000 }), taxable: fc.boolean() }), { maxLength: 12 });
    fc.assert(
      fc.property(lines, (ls) => {
        const t = totalsOf(ls);
        const supply = ls.reduce((s, l) => s + l.amount, 0);
        const taxable = ls.filter((l) => l.taxable).reduce((s, l) => s + l.amount, 0);
        expect(t.supplyAmount).toBe(supply);
        expect(t.total).toBe(t.supplyAmount + t.vat);
        // in integers: 10·vat ≤ taxable < 10·vat + 10 for a non-negative base; mirrored for a credit
        if (taxable >= 0) {
          expect(10 * t.vat).toBeLessThanOrEqual(taxable);
          expect(10 * t.vat).toBeGreaterThan(taxable - 10);
        } else {
          expect(10 * t.vat).toBeGreaterThanOrEqual(taxable);
          expect(10 * t.vat).toBeLessThan(taxable + 10);
        }
        expect(vatOf(-taxable)).toBe(-t.vat || 0);
      }),
    );
  });

  it('fundingAmount ∈ [−capLeft, 0] and equals −min(round(coverage × eligible), capLeft)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 50_000_000 }), (eligible, coverage, capLeft) => {
        const amount = fundingAmount(eligible, coverage, capLeft);
        expect(amount).toBeLessThanOrEqual(0);
        expect(amount).toBeGreaterThanOrEqual(-capLeft);
        const covered = eligible <= 0 ? 0 : Number(roundHalfUp(BigInt(eligible) * BigInt(coverage), 100n));
        expect(amount).toBe(-Math.min(covered, capLeft) || 0);
      }),
    );
  });

  it('feeOf is between the truncated and the ceiling percent, and half up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 100 }), (charge, percent) => {
        const fee = feeOf(charge, percent);
        const exact100 = charge * percent; // fee × 100 ≈ this; both safe integers here
        expect(Math.abs(fee * 100 - exact100) * 2).toBeLessThanOrEqual(100);
        if (Math.abs(fee * 100 - exact100) * 2 === 100) expect(fee * 100).toBeGreaterThan(exact100);
        expect(fee).toBeLessThanOrEqual(charge);
      }),
    );
  });

  it('priceAddOn with integer quantities is the exact product', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000_000 }), (quantity, unitPrice) => {
        expect(priceAddOn(quantity, unitPrice)).toBe(quantity * unitPrice);
      }),
    );
  });

  it('cancellationPercent: one of the tiers, and never more for longer notice under the default policy', () => {
    const DEFAULT: CancellationTier[] = [
      { minNoticeHours: 168, percent: 0 },
      { minNoticeHours: 48, percent: 50 },
      { minNoticeHours: 0, percent: 100 },
    ];
    const notice = fc.integer({ min: -100 * 3_600_000, max: 400 * 3_600_000 });
    fc.assert(
      fc.property(instants, notice, notice, (start, n1, n2) => {
        const [short, long] = n1 <= n2 ? [n1, n2] : [n2, n1];
        const pShort = cancellationPercent(DEFAULT, start, new Date(start.getTime() - short));
        const pLong = cancellationPercent(DEFAULT, start, new Date(start.getTime() - long));
        expect([0, 50, 100]).toContain(pShort);
        expect(pLong).toBeLessThanOrEqual(pShort);
      }),
    );
  });
});

describe('roundHalfUp properties', () => {
  /** A reference on decimal text: keep the integer digits, look at the first fractional digit, ≥ 5 → magnitude + 1. */
  const roundDecimalText = (text: string): bigint => {
    const negative = text.startsWith('-');
    const [whole, fraction = ''] = text.replace('-', '').split('.');
    const magnitude = BigInt(whole) + (fraction !== '' && fraction[0] >= '5' ? 1n : 0n);
    return negative ? -magnitude : magnitude;
  };

  it('agrees with an exact decimal reference on n / 10^k', () => {
    const decimals = fc.record({
      negative: fc.boolean(),
      whole: fc.bigInt({ min: 0n, max: 10n ** 20n }),
      fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(decimals, ({ negative, whole, fraction }) => {
        const text = `${negative ? '-' : ''}${whole}.${fraction}`;
        const numerator = (negative ? -1n : 1n) * BigInt(`${whole}${fraction}`);
        const denominator = 10n ** BigInt(fraction.length);
        expect(roundHalfUp(numerator, denominator)).toBe(roundDecimalText(text));
      }),
    );
  });

  it('is within one half of n / d, ties away from zero, and symmetric', () => {
    const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), nonZero, (n, d) => {
        const r = roundHalfUp(n, d);
        const abs = (x: bigint) => (x < 0n ? -x : x);
        // |n/d − r| ≤ 1/2  ⇔  2·|n − r·d| ≤ |d|
        const error2 = 2n * abs(n - r * d);
        expect(error2 <= abs(d)).toBe(true);
        if (error2 === abs(d)) expect(abs(r * d) > abs(n)).toBe(true); // a tie goes away from zero
        expect(roundHalfUp(-n, d)).toBe(-r);
        expect(roundHalfUp(n, -d)).toBe(-r);
      }),
    );
  });

  it('agrees with floor(n/d + 1/2) in doubles for small non-negative quotients', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 1000 }), (n, d) => {
        // n·2 and d·2 are exact in doubles; Math.round(x) = floor(x + 0.5) for x ≥ 0 — compare via integers
        expect(roundHalfUp(BigInt(n), BigInt(d))).toBe(BigInt(Math.floor((2 * n + d) / (2 * d))));
      }),
    );
  });
});
