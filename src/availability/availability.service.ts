import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isCustomer, type Actor } from '../auth/actor.js';
import { ErrorCode, NotFound, ValidationFailed } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { checkBookingRules } from '../segments/booking-rules.js';
import { atLocal, localDate, localMinuteOfDay, shiftLocalDays } from '../segments/local-time.js';
import { openIntervals, type Interval } from '../segments/opening-hours.js';
import { SegmentsRepository, type LoadedSegment } from '../segments/segments.repository.js';
import { AvailabilityRepository, type FreeInterval, type FreeTimeRequest } from './availability.repository.js';
import { MAX_AVAILABILITY_DAYS, type AvailabilityQuery, type AvailabilityView, type SuggestionView, type SuggestionsQuery } from './availability.dto.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far ahead suggestions look. */
const SUGGESTION_WINDOW_DAYS = 31;
/** Refusals that hold for every slot of a segment: it has nothing to suggest. */
const SEGMENT_WIDE_RULES = new Set<ErrorCode>([ErrorCode.SEGMENT_INACTIVE, ErrorCode.DURATION_OUT_OF_RANGE, ErrorCode.VEHICLES_EXCEED_CAPACITY]);
/** A walk through a free stretch gives up after this many refused slots in a row (e.g. a length off the grid). */
const MAX_MISSES = 48;

export interface SuggestionRequest {
  segment: LoadedSegment;
  durationMinutes: number;
  vehicles: number;
  /** Candidates start no earlier than this. */
  notBefore: Date;
  /** Rank by closeness to this instant; earliest first when absent. */
  around?: Date;
  limit: number;
  /** Whose rules apply (customers: notice, horizon, nothing in the past). */
  actor: Pick<Actor, 'role'>;
  /** Read inside this transaction (a booking decision's own), if any. */
  manager?: EntityManager;
}

@Injectable()
export class AvailabilityService {
  constructor(
    private readonly config: AppConfig,
    private readonly segments: SegmentsRepository,
    private readonly repository: AvailabilityRepository,
  ) {}

  private get zone(): string {
    return this.config.FACILITY_TIMEZONE;
  }

  async availability(query: AvailabilityQuery): Promise<AvailabilityView> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (from >= to) throw ValidationFailed.field('to', 'to must be after from');
    // 62 local calendar days: across a DST switch that is an hour more or less than 62 × 24 hours.
    if (to.getTime() > shiftLocalDays(from, MAX_AVAILABILITY_DAYS, this.zone).getTime()) {
      throw ValidationFailed.field('to', `at most ${MAX_AVAILABILITY_DAYS} days per call`);
    }
    const segments = await this.segments.load({ ids: query.segmentIds });
    if (query.segmentIds && segments.length !== new Set(query.segmentIds).size) throw new NotFound('segment');
    // straight from the rows (ordered by segment, then start) to the answer: a month of a busy facility is ~7,000
    // intervals, and every intermediate object per interval showed up as garbage-collection time
    const rows = await this.repository.freeRows(this.freeTimeRequest(segments, from, to, false));
    const iso = isoFormatter();
    const answer: AvailabilityView = { segments: segments.map((s) => ({ segmentId: s.id, free: [] })) };
    for (const r of rows) answer.segments[r.segment].free.push({ start: iso(r.start), end: iso(r.end), remainingVehicles: r.remainingVehicles });
    return answer;
  }

  /** Free intervals per segment (inactive segments have none); `forNewBooking` keeps room for each segment's buffer. */
  private async freeTime(segments: LoadedSegment[], from: Date, to: Date, forNewBooking: boolean, manager?: EntityManager) {
    const rows = await this.repository.freeTime(this.freeTimeRequest(segments, from, to, forNewBooking), manager);
    const bySegment = new Map<string, FreeInterval[]>();
    for (const row of rows) {
      const list = bySegment.get(row.segmentId);
      if (list) list.push(row);
      else bySegment.set(row.segmentId, [row]);
    }
    return bySegment;
  }

  private freeTimeRequest(segments: LoadedSegment[], from: Date, to: Date, forNewBooking: boolean): FreeTimeRequest {
    // Opening intervals once per distinct weekly schedule: most segments share one, and turning local hours into
    // instants (a zone lookup per opening and closing time) cost ~25 ms per request for 60 segments × 31 days.
    const bySchedule = new Map<string, Interval[]>();
    const openOf = (s: LoadedSegment): Interval[] => {
      if (!s.active) return [];
      const key = JSON.stringify(s.openingHours);
      let open = bySchedule.get(key);
      if (!open) bySchedule.set(key, (open = openIntervals(s.openingHours, from, to, this.zone)));
      return open;
    };
    return {
      segments: segments.map((s) => ({ id: s.id, open: openOf(s), leadInMinutes: forNewBooking ? s.bufferMinutes : 0 })),
      from,
      to,
    };
  }

  async suggestionsFor(actor: Actor, query: SuggestionsQuery): Promise<{ items: SuggestionView[] }> {
    const [segment] = await this.segments.load({ ids: [query.segmentId] });
    if (!segment) throw new NotFound('segment');
    const items = await this.suggest({
      segment,
      durationMinutes: query.durationMinutes,
      vehicles: query.vehicles ?? 1,
      notBefore: new Date(query.notBefore),
      limit: query.limit ?? 5,
      actor,
    });
    return { items };
  }

  /**
   * The nearest free slots of the requested length on the grid: on the same segment first, then on the other
   * segments of its kind. Earliest first, or nearest to `around` (a refused booking's start) when given; ties go to
   * the earlier slot. The slots of one segment never overlap one another, buffers included, so that every
   * suggestion can be booked even after the others were. Every slot passes the booking rules.
   */
  async suggest(request: SuggestionRequest): Promise<SuggestionView[]> {
    const { segment, actor } = request;
    const now = new Date();
    // Customers: nothing before now; each segment's own notice applies in slotsIn.
    const earliest = isCustomer(actor) ? new Date(Math.max(request.notBefore.getTime(), now.getTime())) : request.notBefore;
    const from = new Date(Math.floor(earliest.getTime() / MINUTE) * MINUTE);
    const to = new Date(from.getTime() + SUGGESTION_WINDOW_DAYS * DAY);
    const others = (await this.segments.load({ kind: segment.kind })).filter((s) => s.id !== segment.id && s.active);
    const candidates = [segment, ...others];
    const free = await this.freeTime(candidates, from, to, true, request.manager);
    const rank = (slot: Interval) => (request.around ? Math.abs(slot.start.getTime() - request.around.getTime()) : slot.start.getTime());
    const result: SuggestionView[] = [];
    for (const s of candidates) {
      if (result.length >= request.limit) break;
      const wanted = request.limit - result.length;
      const slots = this.slotsIn(s, free.get(s.id) ?? [], request, now, wanted).sort(
        (a, b) => rank(a) - rank(b) || a.start.getTime() - b.start.getTime(),
      );
      for (const slot of slots.slice(0, wanted)) {
        result.push({ segmentId: s.id, start: slot.start.toISOString(), end: slot.end.toISOString() });
      }
    }
    return result;
  }

  /**
   * Candidate slots on one segment, at most `wanted` from each side of each free stretch. Within a stretch they
   * are laid end to end with the segment's buffer between them (so they never overlap one another): forward from
   * the start of the stretch, or, around an instant, forward from it and backward before it.
   */
  private slotsIn(segment: LoadedSegment, free: FreeInterval[], request: SuggestionRequest, now: Date, wanted: number): Interval[] {
    const slots: Interval[] = [];
    const staff = !isCustomer(request.actor);
    // A customer cannot book this segment before its own notice (the segments of a kind may differ).
    const earliest = staff ? request.notBefore.getTime() : Math.max(request.notBefore.getTime(), now.getTime() + segment.minNoticeMinutes * MINUTE);
    const durationMs = request.durationMinutes * MINUTE;
    const stepMs = durationMs + segment.bufferMinutes * MINUTE;
    const grid = segment.slotMinutes;
    /** Set when a refusal holds for every slot of the segment. */
    let hopeless = false;
    /** The slot at `start`; 'skip' when the rules refuse it; 'stop' when no later slot can pass either. */
    const bookable = (start: Date): Interval | 'skip' | 'stop' => {
      const end = new Date(start.getTime() + durationMs);
      const refused = checkBookingRules(segment, { start, end, vehicles: request.vehicles }, { now, zone: this.zone, staff });
      if (!refused) return { start, end };
      if (SEGMENT_WIDE_RULES.has(refused.code)) hopeless = true;
      return hopeless || refused.code === ErrorCode.BEYOND_HORIZON ? 'stop' : 'skip';
    };
    /** Walks from `first` by `next` while `inside`, keeping up to `wanted` bookable slots. */
    const walk = (first: Date, next: (start: Date) => Date, inside: (start: Date) => boolean): boolean => {
      let taken = 0;
      let misses = 0;
      for (let start = first; inside(start) && taken < wanted && misses < MAX_MISSES; start = next(start)) {
        const slot = bookable(start);
        if (slot === 'stop') return false;
        if (slot === 'skip') {
          misses += 1;
        } else {
          slots.push(slot);
          taken += 1;
          misses = 0;
        }
      }
      return true;
    };
    // Only a shared leaf counts vehicles; an exclusive segment or a composite is held whole (remainingVehicles 1),
    // whatever number of vehicles comes.
    const needed = segment.capacityMode === 'shared' && !segment.isComposite ? request.vehicles : 1;
    const around = request.around?.getTime();
    for (const stretch of mergeStretches(free.filter((f) => f.remainingVehicles >= needed))) {
      // Earliest first: once enough slots are found, later stretches cannot come before them.
      if (around === undefined && slots.length >= wanted) break;
      const lo = Math.max(stretch.start.getTime(), earliest);
      const hi = stretch.end.getTime();
      if (hi - lo < durationMs) continue;
      const pivot = around === undefined ? lo : Math.min(Math.max(around, lo), hi);
      const firstForward = this.nextGridPoint(new Date(pivot), grid);
      const forward = walk(
        firstForward,
        (start) => this.nextGridPoint(new Date(start.getTime() + stepMs), grid),
        (start) => start.getTime() + durationMs <= hi,
      );
      if (hopeless || (!forward && around === undefined)) break;
      if (around === undefined || pivot <= lo) continue;
      // Backward from the pivot: the latest slot that ends (buffer included) before the first forward one.
      const latestStart = firstForward.getTime() + durationMs <= hi ? Math.min(firstForward.getTime() - stepMs, hi - durationMs) : hi - durationMs;
      walk(
        this.previousGridPoint(new Date(latestStart), grid),
        (start) => this.previousGridPoint(new Date(start.getTime() - stepMs), grid),
        (start) => start.getTime() >= lo,
      );
    }
    return slots;
  }

  /** The first instant at or after `t` on the segment's grid, counted from local midnight. */
  private nextGridPoint(t: Date, slotMinutes: number): Date {
    let probe = t;
    for (;;) {
      const minute = localMinuteOfDay(probe, this.zone) + (probe.getTime() % MINUTE === 0 ? 0 : 1);
      const candidate = atLocal(localDate(probe, this.zone), Math.min(Math.ceil(minute / slotMinutes) * slotMinutes, 1440), this.zone);
      // In a fall-back hour the grid point's earlier instant may lie behind t: look one slot on.
      if (candidate >= t) return candidate;
      probe = new Date(probe.getTime() + slotMinutes * MINUTE);
    }
  }

  /** The last instant at or before `t` on the segment's grid, counted from local midnight. */
  private previousGridPoint(t: Date, slotMinutes: number): Date {
    let probe = t;
    for (;;) {
      const minute = localMinuteOfDay(probe, this.zone);
      const candidate = atLocal(localDate(probe, this.zone), Math.floor(minute / slotMinutes) * slotMinutes, this.zone);
      // A grid point in a spring-forward gap moves to the end of the gap, which may lie after t: look one slot back.
      if (candidate <= t) return candidate;
      probe = new Date(probe.getTime() - slotMinutes * MINUTE);
    }
  }
}

/** Touching free intervals (they differ only in remaining capacity) as one stretch. */
function mergeStretches(free: FreeInterval[]): Interval[] {
  const stretches: Interval[] = [];
  for (const f of free) {
    const last = stretches[stretches.length - 1];
    if (last && last.end.getTime() === f.start.getTime()) last.end = f.end;
    else stretches.push({ start: f.start, end: f.end });
  }
  return stretches;
}

/**
 * `Date.prototype.toISOString` of epoch milliseconds, once per distinct instant of one availability answer. A month of
 * a busy facility has ~14,000 interval bounds but only a few thousand distinct instants (opening and closing times
 * shared by every segment, bookings on the slot grid). Formatting each bound anew was ~0.5 µs apiece, and building
 * the text by concatenation left ~300 bytes of string pieces per bound for the garbage collector.
 */
export function isoFormatter(): (ms: number) => string {
  const known = new Map<number, string>();
  return (ms) => {
    let text = known.get(ms);
    if (text === undefined) known.set(ms, (text = new Date(ms).toISOString()));
    return text;
  };
}
