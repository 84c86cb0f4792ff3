import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isCustomer, type Actor } from '../auth/actor.js';
import { NotFound, ValidationFailed } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { checkBookingRules } from '../segments/booking-rules.js';
import { atLocal, localDate, localMinuteOfDay } from '../segments/local-time.js';
import { openIntervals, type Interval } from '../segments/opening-hours.js';
import { SegmentsRepository, type LoadedSegment } from '../segments/segments.repository.js';
import { AvailabilityRepository, type FreeInterval } from './availability.repository.js';
import { MAX_AVAILABILITY_DAYS, type AvailabilityQuery, type AvailabilityView, type SuggestionView, type SuggestionsQuery } from './availability.dto.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far ahead suggestions look. */
const SUGGESTION_WINDOW_DAYS = 31;

export interface SuggestionRequest {
  segment: LoadedSegment;
  durationMinutes: number;
  vehicles: number;
  /** Candidates start no earlier than this. */
  notBefore: Date;
  /** Rank by closeness to this instant; earliest first when absent. */
  around?: Date;
  limit: number;
  actor: Actor;
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
    if (to.getTime() - from.getTime() > MAX_AVAILABILITY_DAYS * DAY) {
      throw ValidationFailed.field('to', `at most ${MAX_AVAILABILITY_DAYS} days per call`);
    }
    const segments = await this.segments.load({ ids: query.segmentIds });
    if (query.segmentIds && segments.length !== new Set(query.segmentIds).size) throw new NotFound('segment');
    const free = await this.freeTime(segments, from, to, false);
    return {
      segments: segments.map((s) => ({
        segmentId: s.id,
        free: (free.get(s.id) ?? []).map((f) => ({ start: f.start.toISOString(), end: f.end.toISOString(), remainingVehicles: f.remainingVehicles })),
      })),
    };
  }

  /** Free intervals per segment (inactive segments have none); `forNewBooking` keeps room for each segment's buffer. */
  private async freeTime(segments: LoadedSegment[], from: Date, to: Date, forNewBooking: boolean, manager?: EntityManager) {
    const rows = await this.repository.freeTime(
      {
        segments: segments.map((s) => ({
          id: s.id,
          open: s.active ? openIntervals(s.openingHours, from, to, this.zone) : [],
          leadInMinutes: forNewBooking ? s.bufferMinutes : 0,
        })),
        from,
        to,
      },
      manager,
    );
    const bySegment = new Map<string, FreeInterval[]>();
    for (const row of rows) bySegment.set(row.segmentId, [...(bySegment.get(row.segmentId) ?? []), row]);
    return bySegment;
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
   * The nearest free slots of the requested length on the grid: on the same segment first,
   * then on the other segments of its kind. One slot per free stretch, so suggestions spread
   * over the days instead of stacking up in the first gap. Every slot passes the booking rules.
   */
  async suggest(request: SuggestionRequest): Promise<SuggestionView[]> {
    const { segment, actor } = request;
    const now = new Date();
    const earliest = isCustomer(actor) ? new Date(Math.max(request.notBefore.getTime(), now.getTime() + segment.minNoticeMinutes * MINUTE)) : request.notBefore;
    const from = new Date(Math.floor(earliest.getTime() / MINUTE) * MINUTE);
    const to = new Date(from.getTime() + SUGGESTION_WINDOW_DAYS * DAY);
    const others = (await this.segments.load({ kind: segment.kind })).filter((s) => s.id !== segment.id && s.active);
    const candidates = [segment, ...others];
    const free = await this.freeTime(candidates, from, to, true, request.manager);
    const rank = (slot: Interval) => (request.around ? Math.abs(slot.start.getTime() - request.around.getTime()) : slot.start.getTime());
    const result: SuggestionView[] = [];
    for (const s of candidates) {
      if (result.length >= request.limit) break;
      const slots = this.slotsIn(s, free.get(s.id) ?? [], earliest, request, now).sort((a, b) => rank(a) - rank(b));
      for (const slot of slots.slice(0, request.limit - result.length)) {
        result.push({ segmentId: s.id, start: slot.start.toISOString(), end: slot.end.toISOString() });
      }
    }
    return result;
  }

  /** The first grid-aligned slot of each stretch where enough vehicles fit. */
  private slotsIn(segment: LoadedSegment, free: FreeInterval[], earliest: Date, request: SuggestionRequest, now: Date): Interval[] {
    const slots: Interval[] = [];
    const durationMs = request.durationMinutes * MINUTE;
    for (const stretch of mergeStretches(free.filter((f) => f.remainingVehicles >= request.vehicles))) {
      const start = this.nextGridPoint(new Date(Math.max(stretch.start.getTime(), earliest.getTime())), segment.slotMinutes);
      const end = new Date(start.getTime() + durationMs);
      if (end > stretch.end) continue;
      const refused = checkBookingRules(segment, { start, end, vehicles: request.vehicles }, { now, zone: this.zone, staff: !isCustomer(request.actor) });
      if (!refused) slots.push({ start, end });
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
