/**
 * Recurring series and recurring blackouts (product.md, "Reservations"; api.md, "Series"): an RFC 5545 RRULE
 * without DTSTART, expanded in the facility zone from a first occurrence `firstStart`.
 *
 * - `firstStart` is always the first occurrence and counts towards COUNT (RFC 5545 §3.8.5.3), even when it does
 *   not match the rule's BYxxx parts.
 * - Every occurrence starts at `firstStart`'s local wall-clock time, kept across DST: the rule runs on "floating"
 *   local dates and each one becomes an instant by the `fromWallClock` rule (a time in a spring-forward gap moves
 *   to the end of the gap, one in a fall-back overlap means its earlier instant). Hence only FREQ=DAILY, WEEKLY,
 *   MONTHLY or YEARLY, and no BYHOUR, BYMINUTE or BYSECOND.
 * - UNTIL is inclusive. With a trailing Z it is an instant; as a local date-time it is a facility wall clock; as a
 *   date (YYYYMMDD) it includes that whole local day.
 * - Expansion looks at least 100 (at most 500) local years past `firstStart`. This bounds the work of a rule that
 *   never matches, e.g. FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30, which rrule would otherwise scan until year 9999.
 */
import rrulePkg from 'rrule';
import type { Options } from 'rrule';
import { ValidationFailed } from '../common/errors.js';
import { fromWallClock, toWallClock } from './local-time.js';

const { RRule } = rrulePkg;

/** The most occurrence starts `occurrencesBetween` returns. */
export const OCCURRENCES_BETWEEN_CAP = 5000;

const DAY_MS = 86_400_000;
/** Within one zone two instants' UTC offsets differ by less than this (even Samoa's skipped day). */
const OFFSET_SPREAD_MS = 2 * DAY_MS;
/** The Gregorian calendar, weekdays included, repeats every 400 years. */
const CALENDAR_CYCLE_YEARS = 400;
const MIN_SCAN_YEARS = 100;
/** rrule stops iterating past this year. */
const RRULE_MAX_YEAR = 9999;

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const UNTIL = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;
const EXAMPLE = 'e.g. FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8';

/** An inclusive bound on occurrence starts: a floating wall clock, and the instant when the bound is absolute. */
interface Bound {
  wall: number;
  instant?: Date;
}

/** UNTIL as written: an instant (with Z) or a floating local wall clock. */
interface Until {
  at: Date;
  utc: boolean;
}

/** A parsed rule; COUNT and UNTIL are applied here, not by rrule, because `firstStart` always counts. */
interface RecurrenceRule {
  options: Partial<Options>;
  count?: number;
  until?: Until;
}

/** One occurrence: its floating local wall clock, and its instant on demand (the zone lookup is the costly part). */
interface Occurrence {
  wall: number;
  instant: () => Date;
}

/**
 * The starts of a series, ascending, at most `limit + 1` of them so the caller can tell "too many" (a series over
 * 500 is 422 TOO_MANY_OCCURRENCES; the caller decides). A rule with neither COUNT nor UNTIL stops at `until`
 * (inclusive) when given, else at `limit + 1`; `until` does not apply to a rule that has its own bound.
 * Throws ValidationFailed on field `rrule` for a malformed or unsupported rule, or one containing DTSTART.
 */
export function expandOccurrences(rrule: string, firstStart: Date, zone: string, limit: number, until?: Date): Date[] {
  const rule = parseRecurrenceRule(rrule);
  const unbounded = rule.count === undefined && rule.until === undefined;
  const last = unbounded && until ? { at: until, utc: true } : rule.until;
  const starts: Date[] = [];
  visitOccurrences(rule, firstStart, zone, last && boundOf(last, zone), (occurrence) => {
    starts.push(occurrence.instant());
    return starts.length <= limit;
  });
  return starts;
}

/**
 * The occurrence starts within [from, to), ascending, at most OCCURRENCES_BETWEEN_CAP (recurring blackouts).
 * To find occurrences overlapping a window, pass `from` moved back by the occurrence's duration.
 * Throws ValidationFailed as `expandOccurrences` does.
 */
export function occurrencesBetween(rrule: string, firstStart: Date, zone: string, from: Date, to: Date): Date[] {
  const rule = parseRecurrenceRule(rrule);
  const skipBefore = toWallClock(from, zone).getTime() - OFFSET_SPREAD_MS;
  const starts: Date[] = [];
  visitOccurrences(rule, firstStart, zone, rule.until && boundOf(rule.until, zone), (occurrence) => {
    if (occurrence.wall < skipBefore) return true;
    const start = occurrence.instant();
    if (start.getTime() >= to.getTime()) return false;
    if (start.getTime() >= from.getTime()) starts.push(start);
    return starts.length < OCCURRENCES_BETWEEN_CAP;
  });
  return starts;
}

/** Throws ValidationFailed on field `rrule` unless `rrule` is a rule this module expands (for request validation). */
export function assertValidRrule(rrule: string): void {
  parseRecurrenceRule(rrule);
}

/**
 * Offers the occurrences in order to `visit` until it returns false, the rule's COUNT is reached or `bound` is
 * passed. rrule runs on floating wall clocks moved forward by whole 400-year cycles, so that its year-9999 stop
 * falls 100–500 years after `firstStart`.
 */
function visitOccurrences(
  rule: RecurrenceRule,
  firstStart: Date,
  zone: string,
  bound: Bound | undefined,
  visit: (occurrence: Occurrence) => boolean,
): void {
  const first = toWallClock(firstStart, zone).getTime();
  let offered = 0;
  const offer = (occurrence: Occurrence): boolean => {
    if ((rule.count !== undefined && offered >= rule.count) || !withinBound(occurrence, bound)) return false;
    offered += 1;
    return visit(occurrence);
  };
  if (!offer({ wall: first, instant: () => firstStart })) return;
  const shift = cycleShiftYears(new Date(first).getUTCFullYear());
  new RRule({ ...rule.options, dtstart: shiftYears(first, shift) }).all((shifted) => {
    const wall = shiftYears(shifted.getTime(), -shift).getTime();
    return wall === first || offer({ wall, instant: () => fromWallClock(new Date(wall), zone) });
  });
}

function boundOf({ at, utc }: Until, zone: string): Bound {
  return utc ? { wall: toWallClock(at, zone).getTime(), instant: at } : { wall: at.getTime() };
}

function withinBound(occurrence: Occurrence, bound: Bound | undefined): boolean {
  if (!bound) return true;
  if (!bound.instant || Math.abs(occurrence.wall - bound.wall) > OFFSET_SPREAD_MS) return occurrence.wall <= bound.wall;
  return occurrence.instant().getTime() <= bound.instant.getTime();
}

function cycleShiftYears(year: number): number {
  return Math.max(0, Math.floor((RRULE_MAX_YEAR - MIN_SCAN_YEARS - year) / CALENDAR_CYCLE_YEARS)) * CALENDAR_CYCLE_YEARS;
}

function shiftYears(wall: number, years: number): Date {
  const shifted = new Date(wall);
  shifted.setUTCFullYear(shifted.getUTCFullYear() + years);
  return shifted;
}

/** Parses and checks an RRULE (an optional "RRULE:" prefix, parts separated by ';', names case-insensitive). */
function parseRecurrenceRule(text: string): RecurrenceRule {
  if (typeof text !== 'string' || text.trim() === '') invalid(`must be an RRULE, ${EXAMPLE}`);
  if (/DTSTART/i.test(text)) invalid('must not contain DTSTART: firstStart is the first occurrence');
  const body = text.trim().toUpperCase().replace(/^RRULE:/, '');
  if (/\s/.test(body)) invalid(`must be a single RRULE line, ${EXAMPLE}`);
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [name, value, ...rest] = part.split('=');
    if (!name || !value || rest.length > 0) invalid(`"${part}" is not NAME=VALUE; ${EXAMPLE}`);
    if (parts.has(name)) invalid(`${name} is given twice`);
    parts.set(name, value);
  }
  for (const [name, value] of parts) checkPart(name, value);
  checkCombination(parts);
  const ruleParts = [...parts].filter(([name]) => name !== 'COUNT' && name !== 'UNTIL');
  return {
    options: RRule.parseString(ruleParts.map(([name, value]) => `${name}=${value}`).join(';')),
    count: parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined,
    until: parts.has('UNTIL') ? parseUntil(parts.get('UNTIL') as string) : undefined,
  };
}

/** Checks one part's value (RFC 5545 §3.3.10 ranges). */
function checkPart(name: string, value: string): void {
  switch (name) {
    case 'FREQ':
      if (!FREQUENCIES.includes(value)) {
        invalid(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY (every occurrence starts at firstStart's local time)`);
      }
      return;
    case 'COUNT':
    case 'INTERVAL':
      if (!/^\d{1,6}$/.test(value) || Number(value) < 1) invalid(`${name} must be a positive integer`);
      return;
    case 'UNTIL':
      parseUntil(value);
      return;
    case 'BYDAY':
      for (const day of value.split(',')) {
        const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(day);
        if (!m || !DAY_CODES.includes(m[2]) || (m[1] !== undefined && !inRange(m[1], 53))) {
          invalid(`BYDAY must list days MO..SU, optionally numbered (+1MO, -1FR); got "${day}"`);
        }
      }
      return;
    case 'BYMONTHDAY':
      return checkIntegers(name, value, 31);
    case 'BYYEARDAY':
    case 'BYSETPOS':
      return checkIntegers(name, value, 366);
    case 'BYWEEKNO':
      return checkIntegers(name, value, 53);
    case 'BYMONTH':
      return checkIntegers(name, value, 12, false);
    case 'WKST':
      if (!DAY_CODES.includes(value)) invalid('WKST must be one of MO..SU');
      return;
    case 'BYHOUR':
    case 'BYMINUTE':
    case 'BYSECOND':
      return invalid(`${name} is not supported: every occurrence starts at firstStart's local time`);
    default:
      invalid(`unknown part ${name}`);
  }
}

/** The RFC 5545 rules that tie parts together. */
function checkCombination(parts: Map<string, string>): void {
  const freq = parts.get('FREQ');
  if (freq === undefined) invalid(`FREQ is required, ${EXAMPLE}`);
  if (parts.has('COUNT') && parts.has('UNTIL')) invalid('COUNT and UNTIL cannot both be given');
  if (parts.has('BYMONTHDAY') && freq === 'WEEKLY') invalid('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  if (parts.has('BYYEARDAY') && freq !== 'YEARLY') invalid('BYYEARDAY needs FREQ=YEARLY');
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') invalid('BYWEEKNO needs FREQ=YEARLY');
  const numberedDays = /\d/.test(parts.get('BYDAY') ?? '');
  if (numberedDays && freq !== 'MONTHLY' && freq !== 'YEARLY') invalid('numbered BYDAY (+1MO) needs FREQ=MONTHLY or YEARLY');
  if (numberedDays && parts.has('BYWEEKNO')) invalid('numbered BYDAY (+1MO) cannot be used with BYWEEKNO');
  const byParts = [...parts.keys()].filter((name) => name.startsWith('BY') && name !== 'BYSETPOS');
  if (parts.has('BYSETPOS') && byParts.length === 0) invalid('BYSETPOS needs another BYxxx part');
}

/** UNTIL: with Z an instant, as a date-time a local wall clock, as a date the end of that local day. */
function parseUntil(value: string): Until {
  const m = UNTIL.exec(value);
  const [, year, month, day, hours = '23', minutes = '59', seconds = '59', utc] = m ?? [];
  const iso = `${year}-${month}-${day}T${hours}:${minutes}:${seconds}${m?.[4] === undefined ? '.999' : ''}Z`;
  const at = new Date(iso);
  if (!m || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 19) !== iso.slice(0, 19)) {
    invalid('UNTIL must be a date YYYYMMDD or a date-time YYYYMMDDTHHMMSS, with Z for UTC');
  }
  return { at, utc: utc === 'Z' };
}

function checkIntegers(name: string, value: string, max: number, signed = true): void {
  for (const item of value.split(',')) {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,2}$/).test(item) || !inRange(item, max)) {
      invalid(`${name} values must be ${signed ? `±1..${max}` : `1..${max}`}; got "${item}"`);
    }
  }
}

function inRange(integer: string, max: number): boolean {
  const n = Math.abs(Number(integer));
  return n >= 1 && n <= max;
}

function invalid(problem: string): never {
  throw ValidationFailed.field('rrule', problem);
}
