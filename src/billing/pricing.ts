/**
 * The pure pricing engine (product.md, "Billing"; api.md, "Billing"): no database, no Nest, no process time zone.
 *
 * Money rules, everywhere in this module:
 * - all money is whole Korean won, carried as safe integers (`number`) at the edges;
 * - inside, every computation is exact rational arithmetic on BigInt (one numerator over one denominator), never
 *   binary floats;
 * - a line is rounded ONCE, at the end, to a whole won, half up (`roundHalfUp`);
 * - VAT alone is truncated (원 미만 절사), see `vatOf`.
 *
 * Percentages are integers: discounts, coverage, fees and cancellation tiers 0..100, surcharges 0..1000.
 * Local-time questions (the weekday and wall-clock time an increment starts at) go through `segments/local-time.ts`
 * with the facility zone passed in.
 *
 * Invalid input (a rate card that validation should have refused, an unknown zone, non-integer money) is a programming
 * error here and throws `RangeError`.
 */
import { parseClock, WEEKDAYS, type Weekday } from '../segments/local-time.js';
import { wallClocksWithin } from './wall-clock.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const MAX_SURCHARGE_PERCENT = 1000;
/** quantityHours is shown with at most this many decimals. */
const QUANTITY_DECIMALS = 4;

// ---------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------

/**
 * A surcharge window in facility-local wall time: on each of `days`, from `from` (inclusive) to `to` (exclusive,
 * '24:00' = the end of the day), prices are raised by `percent` (integer 0..1000). A window must not wrap past
 * midnight (`from` < `to`); an overnight window is written as two windows (e.g. 22:00–24:00 and 00:00–06:00 of the
 * next day).
 */
export interface Surcharge {
  name: string;
  days: Weekday[];
  from: string /* 'HH:MM' */;
  to: string /* 'HH:MM' or '24:00' */;
  percent: number;
}

/**
 * A segment's rate card. `hourlyRate` prices exclusive segments and composites, `perVehicleHourlyRate` × vehicles
 * prices shared segments. `memberDiscountPercent` (0..100) applies to foundation members as a factor inside the
 * line. Billable time is rounded up to `billingIncrementMinutes` (≥ 1) and is at least `minimumBillableMinutes`.
 */
export interface RateCard {
  hourlyRate: number | null;
  perVehicleHourlyRate: number | null;
  memberDiscountPercent: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
  surcharges: Surcharge[];
}

/** What billing needs to know about a reservation's use of the track. */
export interface UsageInput {
  status: string;
  start: Date;
  end: Date;
  actualStart: Date | null;
  actualEnd: Date | null;
}

/** Everything that prices one reservation's track time. */
export interface TrackPricingInput {
  card: RateCard;
  /** A shared segment is priced per vehicle (`perVehicleHourlyRate` × `vehicles`). */
  shared: boolean;
  /** Vehicles booked; a positive integer, used only when `shared`. */
  vehicles: number;
  /** A foundation member organization: the card's member discount applies. */
  member: boolean;
  /** Where the increments start (the booked start). */
  start: Date;
  /** Billable minutes (see `billableMinutes`), a non-negative integer. */
  minutes: number /* billable */;
  /** The facility's IANA time zone. */
  zone: string;
}

/** A priced track-time line. */
export interface PricedTrack {
  /**
   * Billable hours as decimal text, minutes / 60: '1.5', '2', '0.25'. No trailing zeros, no exponent. Exact whenever
   * the minutes are a multiple of 3 (then at most 2 decimals); otherwise rounded half up to 4 decimals for display
   * (20 minutes → '0.3333', 1 minute → '0.0167'). The amount never uses this text.
   */
  quantityHours: string;
  /** The base hourly price for this booking (rate × vehicles for shared) after member discount, rounded half up. */
  unitPrice: number;
  /** The exact line amount with surcharges and discount, rounded once, half up. */
  amount: number;
  /** Names of the surcharge windows that priced at least one increment, in order of first use. */
  surchargeNames: string[];
}

/** A cancellation tier: notice of at least `minNoticeHours` hours costs `percent` (0..100) of the charge. */
export interface CancellationTier {
  minNoticeHours: number;
  percent: number;
}

/** An invoice line as far as totals are concerned. */
export interface Line {
  amount: number;
  taxable: boolean;
}

/** Invoice totals: supply amount, VAT, total. */
export interface Totals {
  supplyAmount: number;
  vat: number;
  total: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Rounding and exact numbers
// ---------------------------------------------------------------------------------------------------------------

/**
 * numerator / denominator rounded to an integer, half up:
 * - for a non-negative quotient, a fraction of exactly .5 goes up (toward +∞): 2.5 → 3, 2.4999 → 2;
 * - for a negative quotient, the magnitude is rounded the same way, i.e. half AWAY FROM ZERO: −2.5 → −3,
 *   −2.4999 → −2 (commercial rounding, Java's HALF_UP). So roundHalfUp(−n, d) = −roundHalfUp(n, d): a credit or a
 *   negative (funding) line mirrors the positive line exactly.
 * The denominator may be negative (the sign moves to the numerator); zero throws.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('roundHalfUp: division by zero');
  if (denominator < 0n) return roundHalfUp(-numerator, -denominator);
  if (numerator < 0n) return -roundHalfUp(-numerator, denominator);
  // floor(n/d + 1/2) for n ≥ 0, d > 0.
  return (2n * numerator + denominator) / (2n * denominator);
}

/** A BigInt from a safe integer, or RangeError naming the field. */
function big(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${String(value)}`);
  return BigInt(value);
}

/** A safe integer `number` from a BigInt result, or RangeError (an amount beyond 2^53 − 1 won is not representable). */
function toNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} exceeds the safe integer range: ${value}`);
  }
  return Number(value);
}

function nonNegative(value: number, what: string): bigint {
  const n = big(value, what);
  if (n < 0n) throw new RangeError(`${what} must not be negative, got ${value}`);
  return n;
}

function percentIn(value: number, max: number, what: string): bigint {
  const n = big(value, what);
  if (n < 0n || n > BigInt(max)) throw new RangeError(`${what} must be an integer 0..${max}, got ${value}`);
  return n;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * The exact rational value of a finite number taken at its shortest decimal text (JavaScript's `String(n)`), so
 * 0.1 is one tenth, not the nearest binary double. Used for non-money quantities (hours of notice, add-on
 * quantities); never for money.
 */
function decimalOf(value: number, what: string): { num: bigint; den: bigint } {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  const m = DECIMAL_TEXT.exec(String(value));
  if (!m) throw new RangeError(`${what} is not a decimal number: ${String(value)}`);
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let num = BigInt(whole + fraction);
  let den = 10n ** BigInt(fraction.length);
  const exp = Number(exponent);
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den *= 10n ** BigInt(-exp);
  return { num: sign === '-' ? -num : num, den };
}

// ---------------------------------------------------------------------------------------------------------------
// Billable minutes
// ---------------------------------------------------------------------------------------------------------------

/** Whole minutes from `from` to `to` (seconds dropped, like `localMinuteOfDay`); RangeError when `to` < `from`. */
function wholeMinutes(from: Date, to: Date, what: string): number {
  const ms = to.getTime() - from.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what}: invalid instant`);
  if (ms < 0) throw new RangeError(`${what}: the end is before the start`);
  return Math.floor(ms / MINUTE_MS);
}

function checkIncrementAndMinimum(card: RateCard): { increment: number; minimum: number } {
  const increment = card.billingIncrementMinutes;
  if (!Number.isSafeInteger(increment) || increment < 1) {
    throw new RangeError(`billingIncrementMinutes must be a positive integer, got ${String(increment)}`);
  }
  const minimum = card.minimumBillableMinutes;
  if (!Number.isSafeInteger(minimum) || minimum < 0) {
    throw new RangeError(`minimumBillableMinutes must be a non-negative integer, got ${String(minimum)}`);
  }
  return { increment, minimum };
}

/**
 * The billable minutes of a reservation (product.md, "Billable minutes"):
 * - `completed` → max(booked, actual) minutes, actual = actualEnd − actualStart (an overrun or an early check-in
 *   that lengthens the use is billed; a shorter use still pays the booking); a completed reservation missing an
 *   actual instant bills the booked time;
 * - `checked_in` (checked in, never checked out, even after `end`) → booked minutes;
 * - every other status (pending, confirmed, cancelled, no_show, … — a fee base) → booked minutes.
 * Durations are counted in whole real (elapsed) minutes, seconds dropped, so DST days are billed for the time that
 * really passed. Then rounded UP to the card's increment, then at least the card's minimum.
 */
export function billableMinutes(usage: UsageInput, card: RateCard): number {
  const { increment, minimum } = checkIncrementAndMinimum(card);
  const booked = wholeMinutes(usage.start, usage.end, 'booked interval');
  let used = booked;
  if (usage.status === 'completed' && usage.actualStart !== null && usage.actualEnd !== null) {
    used = Math.max(booked, wholeMinutes(usage.actualStart, usage.actualEnd, 'actual interval'));
  }
  const rounded = Math.ceil(used / increment) * increment;
  return Math.max(rounded, minimum);
}

// ---------------------------------------------------------------------------------------------------------------
// Track time
// ---------------------------------------------------------------------------------------------------------------

interface Window {
  name: string;
  days: ReadonlySet<Weekday>;
  from: number;
  to: number;
  percent: bigint;
  percentValue: number;
}

function windowsOf(surcharges: Surcharge[]): Window[] {
  return surcharges.map((s, i) => {
    const what = `surcharges[${i}]`;
    for (const day of s.days) {
      if (!(WEEKDAYS as readonly string[]).includes(day)) throw new RangeError(`${what}.days: unknown weekday "${day}"`);
    }
    const from = parseClock(s.from);
    const to = parseClock(s.to, true);
    if (from >= to) {
      throw new RangeError(`${what}: "from" ${s.from} must be before "to" ${s.to} (split an overnight window in two)`);
    }
    return {
      name: s.name,
      days: new Set(s.days),
      from,
      to,
      percent: percentIn(s.percent, MAX_SURCHARGE_PERCENT, `${what}.percent`),
      percentValue: s.percent,
    };
  });
}

/** Zones found valid: creating an Intl.DateTimeFormat to check one costs ~70 µs, once per priced reservation. */
const KNOWN_ZONES = new Set<string>();

function checkZone(zone: string): void {
  if (KNOWN_ZONES.has(zone)) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new RangeError(`Unknown time zone "${zone}"`);
  }
  KNOWN_ZONES.add(zone);
}

/** The base hourly rate of the booking before discount: hourlyRate, or perVehicleHourlyRate × vehicles when shared. */
function baseRate(input: TrackPricingInput): bigint {
  const { card } = input;
  if (input.shared) {
    if (card.perVehicleHourlyRate === null) throw new RangeError('A shared segment needs perVehicleHourlyRate');
    const vehicles = big(input.vehicles, 'vehicles');
    if (vehicles < 1n) throw new RangeError(`vehicles must be at least 1, got ${input.vehicles}`);
    return nonNegative(card.perVehicleHourlyRate, 'perVehicleHourlyRate') * vehicles;
  }
  if (card.hourlyRate === null) throw new RangeError('An exclusive or composite segment needs hourlyRate');
  return nonNegative(card.hourlyRate, 'hourlyRate');
}

/** minutes / 60 as decimal text, exact when it terminates, else half up to 4 decimals; no trailing zeros. */
function hoursText(minutes: number): string {
  const scale = 10n ** BigInt(QUANTITY_DECIMALS);
  const scaled = roundHalfUp(BigInt(minutes) * scale, 60n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(QUANTITY_DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * Prices one reservation's track time.
 *
 * The billable time is cut into increments of the card's `billingIncrementMinutes`, in real minutes, starting at
 * `start` (so it may run past the booked end for an overrun; the last increment is shorter when the minutes are not
 * a multiple of the increment). Each increment is priced by the surcharge window its START falls in: the local
 * weekday and wall-clock time of that instant in `zone`, `from` ≤ time < `to`. Where several windows apply the
 * highest percent counts (on a tie, the first listed on the card is named); a winning window of 0 % is not named.
 *
 * amount = Σ over increments  minutes/60 × rate × vehicles(if shared) × (100 + surcharge)/100
 *                              × (100 − memberDiscount)/100 (member discount only when member),
 * computed exactly and rounded ONCE, half up, to the won — never per increment.
 * unitPrice = rate × vehicles(if shared) × (100 − memberDiscount)/100, rounded half up (display; not used for amount).
 */
export function priceTrack(input: TrackPricingInput): PricedTrack {
  const { card, zone } = input;
  const { increment } = checkIncrementAndMinimum(card);
  const minutes = input.minutes;
  if (!Number.isSafeInteger(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a non-negative integer, got ${String(minutes)}`);
  }
  const startMs = input.start.getTime();
  if (!Number.isFinite(startMs)) throw new RangeError('start is an invalid instant');
  checkZone(zone);

  const rate = baseRate(input);
  const memberDiscount = percentIn(card.memberDiscountPercent, 100, 'memberDiscountPercent');
  const discount = input.member ? memberDiscount : 0n;
  const windows = windowsOf(card.surcharges);

  // Σ minutes_i × (100 + surcharge_i): the one sum the amount needs.
  let weightedMinutes = windows.length === 0 ? BigInt(minutes) * 100n : 0n;
  const used: string[] = [];
  // Without surcharge windows every increment weighs 100: no need to walk them (an overrun may be long).
  const clockAt = windows.length > 0 ? wallClocksWithin(input.start, new Date(startMs + minutes * MINUTE_MS), zone) : null;
  for (let offset = 0; clockAt !== null && offset < minutes; offset += increment) {
    const length = Math.min(increment, minutes - offset);
    let best: Window | null = null;
    const { weekday: day, minute: time } = clockAt(new Date(startMs + offset * MINUTE_MS));
    for (const w of windows) {
      if (w.days.has(day) && w.from <= time && time < w.to && (best === null || w.percent > best.percent)) best = w;
    }
    const surcharge = best === null ? 0n : best.percent;
    if (best !== null && best.percentValue > 0 && !used.includes(best.name)) used.push(best.name);
    weightedMinutes += BigInt(length) * (100n + surcharge);
  }

  // minutes/60 × rate × (100 + s)/100 × (100 − d)/100 over one denominator 60 × 100 × 100.
  const amount = roundHalfUp(rate * (100n - discount) * weightedMinutes, 60n * 100n * 100n);
  const unitPrice = roundHalfUp(rate * (100n - discount), 100n);
  return {
    quantityHours: hoursText(minutes),
    unitPrice: toNumber(unitPrice, 'unitPrice'),
    amount: toNumber(amount, 'amount'),
    surchargeNames: used,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Add-ons, fees, cancellation
// ---------------------------------------------------------------------------------------------------------------

/**
 * An add-on line: quantity × unit price, where the caller chose the member or non-member unit price. With an
 * integer quantity (the normal case: days, hours, each) the amount is the exact integer product. A fractional
 * quantity (1.5 hours of a test driver) is taken at its decimal text and the product is rounded once, half up.
 * Quantity ≥ 0; unit price a non-negative integer.
 */
export function priceAddOn(quantity: number, unitPrice: number): number {
  const price = nonNegative(unitPrice, 'unitPrice');
  const q = decimalOf(quantity, 'quantity');
  if (q.num < 0n) throw new RangeError(`quantity must not be negative, got ${quantity}`);
  return toNumber(roundHalfUp(q.num * price, q.den), 'add-on amount');
}

/**
 * A cancellation or no-show fee: `percent` (integer 0..100) of the charge the reservation would have cost (its
 * track line plus its add-on supply), exact, rounded once, half up.
 */
export function feeOf(charge: number, percent: number): number {
  const c = big(charge, 'charge');
  const p = percentIn(percent, 100, 'percent');
  return toNumber(roundHalfUp(c * p, 100n), 'fee');
}

/**
 * The cancellation percent of a policy. Tiers are taken in order of `minNoticeHours` descending (the order they
 * are given in does not matter); the first whose minNoticeHours ≤ the notice counts. Notice = start − cancelledAt,
 * exact to the millisecond (167 h 59 min 59.999 s is less than 168 h), and may be negative (cancelled after the
 * start). When no tier's threshold is reached, the lowest tier (the smallest minNoticeHours) counts.
 * Default policy: ≥ 168 h → 0 %, ≥ 48 h → 50 %, otherwise 100 %. An empty policy throws.
 */
export function cancellationPercent(tiers: CancellationTier[], start: Date, cancelledAt: Date): number {
  if (tiers.length === 0) throw new RangeError('A cancellation policy needs at least one tier');
  const noticeMs = start.getTime() - cancelledAt.getTime();
  if (!Number.isFinite(noticeMs)) throw new RangeError('cancellationPercent: invalid instant');
  const notice = BigInt(noticeMs);
  const ordered = tiers
    .map((tier, i) => {
      percentIn(tier.percent, 100, `tiers[${i}].percent`);
      const hours = decimalOf(tier.minNoticeHours, `tiers[${i}].minNoticeHours`);
      return { tier, hours };
    })
    // minNoticeHours descending, compared exactly (a/b > c/d ⇔ a·d > c·b with b, d > 0); stable on ties.
    .sort((x, y) => {
      const l = x.hours.num * y.hours.den;
      const r = y.hours.num * x.hours.den;
      return l > r ? -1 : l < r ? 1 : 0;
    });
  // minNoticeHours ≤ notice ⇔ num/den × 3,600,000 ≤ noticeMs ⇔ num × 3,600,000 ≤ noticeMs × den.
  const reached = ordered.find(({ hours }) => hours.num * BigInt(HOUR_MS) <= notice * hours.den);
  return (reached ?? ordered[ordered.length - 1]).tier.percent;
}

// ---------------------------------------------------------------------------------------------------------------
// VAT, totals, funding
// ---------------------------------------------------------------------------------------------------------------

/**
 * VAT: 10 % of the taxable supply, truncated to the won (원 미만 절사): 123,459 → 12,345. A negative supply
 * (a credit) truncates toward zero: −123,459 → −12,345, so a credit's VAT mirrors the invoice's.
 */
export function vatOf(taxableSupply: number): number {
  return toNumber(big(taxableSupply, 'taxableSupply') / 10n, 'vat'); // BigInt division truncates toward zero
}

/**
 * Invoice totals: supply = Σ line amounts (negative funding lines included); VAT = `vatOf`(Σ taxable line amounts),
 * computed once on the sum, never per line; total = supply + VAT.
 */
export function totalsOf(lines: Line[]): Totals {
  let supply = 0n;
  let taxable = 0n;
  lines.forEach((line, i) => {
    const amount = big(line.amount, `lines[${i}].amount`);
    supply += amount;
    if (line.taxable) taxable += amount;
  });
  const vat = BigInt(vatOf(toNumber(taxable, 'taxable supply')));
  return {
    supplyAmount: toNumber(supply, 'supplyAmount'),
    vat: toNumber(vat, 'vat'),
    total: toNumber(supply + vat, 'total'),
  };
}

/**
 * A funding programme line: −round_half_up(coveragePercent × Σ eligible amounts / 100), limited by the cap left for
 * the year: the result is never below −capLeft and never positive (a non-positive eligible supply or cap left gives
 * 0). Coverage is an integer 0..100. Returns the (≤ 0) amount; never −0.
 */
export function fundingAmount(eligibleSupply: number, coveragePercent: number, capLeft: number): number {
  const eligible = big(eligibleSupply, 'eligibleSupply');
  const coverage = percentIn(coveragePercent, 100, 'coveragePercent');
  const cap = big(capLeft, 'capLeft');
  let covered = roundHalfUp(eligible * coverage, 100n);
  if (covered < 0n) covered = 0n;
  const limit = cap < 0n ? 0n : cap;
  if (covered > limit) covered = limit;
  return toNumber(-covered, 'funding amount');
}
