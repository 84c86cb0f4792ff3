/**
 * The booking rules of a segment (product.md, "The facility"; api.md 422 codes): the ONE validator behind single
 * bookings, series occurrences, reschedules, relocations and quotes. Pure: availability (other reservations,
 * blackouts, buffers, peak capacity) and driver certification are checked elsewhere, against the database.
 */
import { ErrorCode, RuleViolation } from '../common/errors.js';
import { localDate, localDayRange, localMinuteOfDay, shiftLocalDays } from './local-time.js';
import { openIntervals, withinOneOpening, type OpeningHours } from './opening-hours.js';

export interface SegmentRules {
  active: boolean;
  capacityMode: 'exclusive' | 'shared';
  /** Vehicles at once on a shared segment; null for exclusive ones. */
  maxVehicles: number | null;
  /** A segment with children: always booked exclusively, whole. */
  isComposite: boolean;
  slotMinutes: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  openingHours: OpeningHours;
}

export interface BookingRequest {
  start: Date;
  end: Date;
  vehicles: number;
}

export interface RuleContext {
  now: Date;
  /** The facility's IANA time zone. */
  zone: string;
  /** Schedulers and admins: exempt from the past, notice and horizon rules (back-office entry). */
  staff: boolean;
}

type Rule = (segment: SegmentRules, request: BookingRequest, ctx: RuleContext) => RuleViolation | null;

const MINUTE_MS = 60_000;

/** The segment must be active. */
const segmentActive: Rule = (segment) =>
  segment.active ? null : new RuleViolation(ErrorCode.SEGMENT_INACTIVE, 'The segment is not active and cannot be booked');

/** Customers cannot book a start before now; this wins over the notice rule. */
const notInThePast: Rule = (_segment, { start }, { now, staff }) =>
  !staff && start.getTime() < now.getTime()
    ? new RuleViolation(ErrorCode.IN_THE_PAST, 'The reservation would start in the past', {
        start: start.toISOString(),
        now: now.toISOString(),
      })
    : null;

/** Customers must book at least `minNoticeMinutes` ahead of the start. */
const enoughNotice: Rule = ({ minNoticeMinutes }, { start }, { now, staff }) => {
  if (staff) return null;
  const earliestStart = new Date(now.getTime() + minNoticeMinutes * MINUTE_MS);
  return start.getTime() < earliestStart.getTime()
    ? new RuleViolation(ErrorCode.NOTICE_TOO_SHORT, `This segment needs ${minNoticeMinutes} minutes' notice`, {
        minNoticeMinutes,
        earliestStart: earliestStart.toISOString(),
      })
    : null;
};

/**
 * Customers cannot book a start later than `maxAdvanceDays` local calendar days from now, at now's local wall-clock
 * time (so the horizon keeps its clock time across a DST switch).
 */
const withinHorizon: Rule = ({ maxAdvanceDays }, { start }, { now, zone, staff }) => {
  if (staff) return null;
  const latestStart = shiftLocalDays(now, maxAdvanceDays, zone);
  return start.getTime() > latestStart.getTime()
    ? new RuleViolation(ErrorCode.BEYOND_HORIZON, `This segment is bookable at most ${maxAdvanceDays} days ahead`, {
        maxAdvanceDays,
        latestStart: latestStart.toISOString(),
      })
    : null;
};

/** The duration must be positive and within [minDurationMinutes, maxDurationMinutes], counted in real minutes. */
const durationInRange: Rule = ({ minDurationMinutes, maxDurationMinutes }, { start, end }) => {
  const minutes = (end.getTime() - start.getTime()) / MINUTE_MS;
  return minutes > 0 && minutes >= minDurationMinutes && minutes <= maxDurationMinutes
    ? null
    : new RuleViolation(
        ErrorCode.DURATION_OUT_OF_RANGE,
        `The duration must be between ${minDurationMinutes} and ${maxDurationMinutes} minutes`,
        { durationMinutes: Number.isFinite(minutes) ? minutes : null, minDurationMinutes, maxDurationMinutes },
      );
};

/**
 * Start and end must fall on the slot grid counted from LOCAL midnight in wall-clock minutes (on a DST switch day
 * 03:00 is minute 180 although only two hours have passed), with no seconds.
 */
const onSlotGrid: Rule = ({ slotMinutes }, { start, end }, { zone }) => {
  const offGrid = (['start', 'end'] as const).find((field) => !onGrid({ start, end }[field], slotMinutes, zone));
  return offGrid
    ? new RuleViolation(
        ErrorCode.SLOT_MISALIGNED,
        `The ${offGrid} must fall on the ${slotMinutes}-minute grid counted from local midnight`,
        { slotMinutes, field: offGrid },
      )
    : null;
};

/** [start, end) must lie inside one opening interval; the details list the open intervals of the local days touched. */
const withinOpeningHours: Rule = ({ openingHours }, { start, end }, { zone }) => {
  if (withinOneOpening(openingHours, start, end, zone)) return null;
  const from = localDayRange(localDate(start, zone), zone).start;
  const to = localDayRange(localDate(new Date(end.getTime() - 1), zone), zone).end;
  return new RuleViolation(ErrorCode.OUTSIDE_OPENING_HOURS, 'The reservation must lie inside one opening interval', {
    timeZone: zone,
    openIntervals: openIntervals(openingHours, from, to, zone).map((i) => ({
      start: i.start.toISOString(),
      end: i.end.toISOString(),
    })),
  });
};

/**
 * A shared segment takes at most `maxVehicles` vehicles per reservation. Exclusive and composite segments hold the
 * whole track, so any number of vehicles may come.
 */
const vehiclesFit: Rule = ({ capacityMode, isComposite, maxVehicles }, { vehicles }) =>
  capacityMode !== 'shared' || isComposite || maxVehicles === null || vehicles <= maxVehicles
    ? null
    : new RuleViolation(ErrorCode.VEHICLES_EXCEED_CAPACITY, `This segment takes at most ${maxVehicles} vehicles`, {
        maxVehicles,
        vehicles,
      });

/** Checked in this order; the first violation wins. */
const RULES: readonly Rule[] = [
  segmentActive,
  notInThePast,
  enoughNotice,
  withinHorizon,
  durationInRange,
  onSlotGrid,
  withinOpeningHours,
  vehiclesFit,
];

/**
 * The first booking rule `request` breaks on `segment`, or null. Order: SEGMENT_INACTIVE, IN_THE_PAST, NOTICE_TOO_SHORT,
 * BEYOND_HORIZON (those three for customers only), DURATION_OUT_OF_RANGE, SLOT_MISALIGNED, OUTSIDE_OPENING_HOURS,
 * VEHICLES_EXCEED_CAPACITY. Malformed instants (400 before this is called) surface as DURATION_OUT_OF_RANGE, never
 * as an exception.
 */
export function checkBookingRules(segment: SegmentRules, request: BookingRequest, ctx: RuleContext): RuleViolation | null {
  for (const rule of RULES) {
    const violation = rule(segment, request, ctx);
    if (violation) return violation;
  }
  return null;
}

function onGrid(instant: Date, slotMinutes: number, zone: string): boolean {
  return instant.getTime() % MINUTE_MS === 0 && localMinuteOfDay(instant, zone) % slotMinutes === 0;
}
