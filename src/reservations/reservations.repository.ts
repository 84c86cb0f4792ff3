import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Conflict, LeafClaim, OccupancyRow, Span } from './conflicts.js';
import { HOLDING, canTake } from './lifecycle.js';
import { Reservation } from './reservation.entity.js';

export type LifecycleDue = 'pending_expiry' | 'no_show' | 'waitlist_expiry' | 'reminder';

export interface LifecycleSettings {
  pendingExpiryHours: number;
  noShowGraceMinutes: number;
  reminderHours: number;
}

/** Blackout creation takes this lock exclusively, bookings take it shared: see lockForBooking. */
export const BLACKOUT_LOCK = 'proving-ground:blackouts';

export interface Leaf {
  id: string;
  capacityMode: 'exclusive' | 'shared';
  maxVehicles: number | null;
}

/** A reservation's occupancy: [start, end + buffer). */
export const occupiedSpan = (r: { start: Date; end: Date; bufferMinutes: number }): Span => ({
  start: r.start,
  end: new Date(r.end.getTime() + r.bufferMinutes * 60_000),
});

/**
 * What a booking of `vehicles` on `segment` takes of each leaf below it: a composite takes
 * every leaf whole (a shared leaf at full capacity), a leaf takes itself.
 */
export function claimsOf(segmentId: string, leaves: Leaf[], vehicles: number): LeafClaim[] {
  const composite = leaves.some((leaf) => leaf.id !== segmentId);
  return leaves.map((leaf) => {
    const exclusive = leaf.capacityMode === 'exclusive';
    const capacity = exclusive ? 1 : leaf.maxVehicles!;
    return { leafId: leaf.id, exclusive, capacity, vehicles: composite && !exclusive ? capacity : vehicles };
  });
}

/**
 * The SQL of booking decisions. Every method takes the EntityManager of the caller's
 * transaction: a decision (lock, read, check, write) is one transaction.
 *
 * INVARIANTS
 * - No double booking: the exclusion constraint `reservation_occupancy_no_overlap` (migration
 *   Facility) on exclusive leaves; on shared leaves the peak-vehicle sweep (conflicts.ts) runs
 *   on rows read after `lockForBooking` locked the leaves, so two bookings of one leaf decide
 *   one after the other.
 * - A blackout and a booking never cross unseen: bookings hold BLACKOUT_LOCK shared, blackout
 *   creation holds it exclusively, so one of the two always sees the other.
 * - A segment does not gain a child while a booking on its path is being decided: the leaf
 *   locks here conflict with the parent lock taken by segment creation.
 */
@Injectable()
export class ReservationsRepository {
  async leavesOf(manager: EntityManager, segmentId: string): Promise<Leaf[]> {
    return (await manager.query(
      `SELECT s.id, s.capacity_mode AS "capacityMode", s.max_vehicles AS "maxVehicles"
         FROM segment_closure c JOIN segments s ON s.id = c.descendant_id
        WHERE c.ancestor_id = $1 AND NOT EXISTS (SELECT 1 FROM segments k WHERE k.parent_id = s.id)
        ORDER BY s.id`,
      [segmentId],
    )) as Leaf[];
  }

  /**
   * Locks taken before reading what is in the way (see the invariants above), and the leaves they
   * cover, in one round trip: `lock_booking_leaves` (migration BookingLocks) takes BLACKOUT_LOCK
   * shared, locks the leaves and reads them again under the locks until they are stable (a child
   * created meanwhile changes them, and then the new set is locked too).
   */
  async lockForBooking(manager: EntityManager, segmentId: string): Promise<Leaf[]> {
    return (await manager.query(`SELECT id, capacity_mode AS "capacityMode", max_vehicles AS "maxVehicles" FROM lock_booking_leaves($1)`, [segmentId])) as Leaf[];
  }

  async lockBlackouts(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [BLACKOUT_LOCK]);
  }

  /**
   * Everything in one round trip that may stand in the way of bookings at these times: blackout
   * occurrences over any of the `booked` spans on the segment, its ancestors, its descendants or the
   * whole facility; and holding reservations' rows on the leaves that overlap any of the `occupied`
   * spans (bookings with their buffers; one index probe per span), but those of `excludeIds`.
   */
  async obstaclesOver(
    manager: EntityManager,
    segmentId: string,
    leafIds: string[],
    times: { booked: Span; occupied: Span }[],
    excludeIds: string[] = [],
  ): Promise<{ blackouts: Conflict[]; rows: OccupancyRow[] }> {
    const rows = (await manager.query(
      `(SELECT DISTINCT true AS blackout, NULL::uuid AS reservation_id, NULL::uuid AS organization_id, NULL::timestamptz AS created_at,
               NULL::uuid AS leaf_id, lower(o.during) AS lo, upper(o.during) AS hi, NULL::timestamptz AS start_at, NULL::timestamptz AS end_at,
               NULL::int AS vehicles
          FROM unnest($2::timestamptz[], $3::timestamptz[]) AS s(lo, hi)
          JOIN blackout_occurrences o ON o.during && tstzrange(s.lo, s.hi)
         WHERE o.segment_id IS NULL OR o.segment_id IN (
                 SELECT ancestor_id FROM segment_closure WHERE descendant_id = $1
                 UNION ALL SELECT descendant_id FROM segment_closure WHERE ancestor_id = $1))
       UNION ALL
       (SELECT DISTINCT false, o.reservation_id, r.organization_id, r.created_at, o.leaf_id, lower(o.during), upper(o.during),
               r.start_at, r.end_at, o.vehicles
          FROM unnest($5::timestamptz[], $6::timestamptz[]) AS s(lo, hi)
          JOIN reservation_occupancy o ON o.leaf_id = ANY($4::uuid[]) AND o.during && tstzrange(s.lo, s.hi)
          JOIN reservations r ON r.id = o.reservation_id
         WHERE NOT (o.reservation_id = ANY($7::uuid[])))`,
      [
        segmentId,
        times.map((t) => t.booked.start),
        times.map((t) => t.booked.end),
        leafIds,
        times.map((t) => t.occupied.start),
        times.map((t) => t.occupied.end),
        excludeIds,
      ],
    )) as { blackout: boolean; reservation_id: string; organization_id: string; created_at: Date; leaf_id: string; lo: Date; hi: Date; start_at: Date; end_at: Date; vehicles: number }[];
    const blackouts: Conflict[] = rows
      .filter((r) => r.blackout)
      .sort((a, b) => a.lo.getTime() - b.lo.getTime() || a.hi.getTime() - b.hi.getTime())
      .map((r) => ({ type: 'blackout', start: r.lo, end: r.hi }));
    const occupancy = rows
      .filter((r) => !r.blackout)
      .map((r) => ({
        reservationId: r.reservation_id,
        organizationId: r.organization_id,
        createdAt: r.created_at,
        leafId: r.leaf_id,
        during: { start: r.lo, end: r.hi },
        booked: { start: r.start_at, end: r.end_at },
        vehicles: r.vehicles,
      }));
    return { blackouts, rows: occupancy };
  }

  /** Writes the occupancy of a reservation that (again) holds time. */
  async occupy(manager: EntityManager, reservation: Reservation, claims: LeafClaim[]): Promise<void> {
    await this.occupyMany(manager, [{ reservation, claims }]);
  }

  /** Writes the occupancy of many reservations in one statement (a series). */
  async occupyMany(manager: EntityManager, items: { reservation: Reservation; claims: LeafClaim[] }[]): Promise<void> {
    const rows = items.flatMap(({ reservation, claims }) => {
      const span = occupiedSpan(reservation);
      return claims.map((c) => ({ id: reservation.id, leaf: c.leafId, lo: span.start, hi: span.end, v: c.vehicles, x: c.exclusive }));
    });
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO reservation_occupancy (reservation_id, leaf_id, during, vehicles, exclusive)
       SELECT id, leaf, tstzrange(lo, hi), v, x FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::bool[]) AS c(id, leaf, lo, hi, v, x)`,
      [rows.map((r) => r.id), rows.map((r) => r.leaf), rows.map((r) => r.lo), rows.map((r) => r.hi), rows.map((r) => r.v), rows.map((r) => r.x)],
    );
  }

  /**
   * The reservations no longer hold time. Their leaves are locked first, as a booking locks them:
   * a booking decided meanwhile either sees the time still taken and is on the waitlist before the
   * release's promotion looks, or sees it free.
   */
  async release(manager: EntityManager, reservationIds: string[]): Promise<void> {
    if (reservationIds.length === 0) return;
    await manager.query(
      `SELECT id FROM segments WHERE id IN (SELECT leaf_id FROM reservation_occupancy WHERE reservation_id = ANY($1::uuid[])) ORDER BY id FOR UPDATE`,
      [reservationIds],
    );
    await manager.query(`DELETE FROM reservation_occupancy WHERE reservation_id = ANY($1::uuid[])`, [reservationIds]);
  }

  async findForUpdate(manager: EntityManager, id: string): Promise<Reservation | null> {
    return manager.getRepository(Reservation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async lockMany(manager: EntityManager, ids: string[]): Promise<Reservation[]> {
    if (ids.length === 0) return [];
    return manager
      .getRepository(Reservation)
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids)', { ids })
      .orderBy('r.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  async save(manager: EntityManager, reservation: Reservation): Promise<Reservation> {
    return manager.getRepository(Reservation).save(reservation);
  }

  /**
   * Waitlisted reservations that may fit into released time: on a segment sharing a leaf with
   * the released ones, overlapping a released span, not yet started. Oldest first, locked.
   */
  async waitlistedFor(manager: EntityManager, leafIds: string[], spans: Span[], now: Date): Promise<Reservation[]> {
    if (leafIds.length === 0 || spans.length === 0) return [];
    const ids = (await manager.query(
      `SELECT r.id FROM reservations r
        WHERE r.status = 'waitlisted' AND r.start_at > $4
          AND tstzrange(r.start_at, r.end_at + make_interval(mins => r.buffer_minutes)) && ANY (
                SELECT tstzrange(lo, hi) FROM unnest($2::timestamptz[], $3::timestamptz[]) AS s(lo, hi))
          AND EXISTS (SELECT 1 FROM segment_closure c WHERE c.ancestor_id = r.segment_id AND c.descendant_id = ANY($1::uuid[]))
        ORDER BY r.created_at, r.id
        FOR UPDATE`,
      [leafIds, spans.map((s) => s.start), spans.map((s) => s.end), now],
    )) as { id: string }[];
    if (ids.length === 0) return [];
    const rows = await manager.getRepository(Reservation).findBy(ids.map((r) => ({ id: r.id })));
    const order = new Map(ids.map((r, i) => [r.id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /**
   * Reservations a lifecycle sweep must move on, locked with SKIP LOCKED so that several
   * instances sweeping at once each take different rows and none is handled twice.
   * The no-show rule only takes reservations created before start + grace: back-office
   * entries recorded afterwards are never turned into no-shows. A reminder is due once
   * (`reminded_at`) for a held reservation starting within the reminder hours.
   */
  async dueForLifecycle(manager: EntityManager, due: LifecycleDue, settings: LifecycleSettings, limit: number): Promise<Reservation[]> {
    const where: Record<LifecycleDue, string> = {
      pending_expiry: `status = 'pending' AND (created_at <= now() - make_interval(hours => :hours) OR start_at <= now())`,
      no_show: `status = 'confirmed' AND start_at + make_interval(mins => :grace) <= now() AND created_at < start_at + make_interval(mins => :grace)`,
      waitlist_expiry: `status = 'waitlisted' AND start_at <= now()`,
      reminder: `status IN ('pending', 'confirmed') AND reminded_at IS NULL AND start_at > now() AND start_at <= now() + make_interval(hours => :reminderHours)`,
    };
    return manager
      .getRepository(Reservation)
      .createQueryBuilder('r')
      .where(where[due], { hours: settings.pendingExpiryHours, grace: settings.noShowGraceMinutes, reminderHours: settings.reminderHours })
      .orderBy('r.start_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markReminded(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE reservations SET reminded_at = now() WHERE id = $1`, [id]);
  }

  /** Holding reservations that a blackout over these occurrences would displace. */
  async displaceableUnder(manager: EntityManager, segmentIds: string[] | null, spans: Span[]): Promise<string[]> {
    if (spans.length === 0) return [];
    const rows = (await manager.query(
      `SELECT r.id FROM reservations r
        WHERE r.status = ANY($1::text[])
          AND tstzrange(r.start_at, r.end_at) && ANY (
                SELECT tstzrange(lo, hi) FROM unnest($2::timestamptz[], $3::timestamptz[]) AS s(lo, hi))
          AND ($4::uuid[] IS NULL OR r.segment_id IN (
                SELECT ancestor_id FROM segment_closure WHERE descendant_id = ANY($4::uuid[])
                UNION SELECT descendant_id FROM segment_closure WHERE ancestor_id = ANY($4::uuid[])))
        ORDER BY r.start_at, r.id`,
      [HOLDING.filter((s) => canTake('displace', s)), spans.map((s) => s.start), spans.map((s) => s.end), segmentIds],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
