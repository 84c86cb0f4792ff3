import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Segment } from './segment.entity.js';

/** The statuses whose reservations hold time (product.md, "Reservations"). */
export const HOLDING_STATUSES = ['pending', 'confirmed', 'checked_in'] as const;

/**
 * The segment tree's SQL. The tree lives in `segment_closure` (ancestor, descendant, depth),
 * written once when a segment is created; a segment never changes parent.
 */
@Injectable()
export class SegmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, values: Partial<Segment>): Promise<Segment> {
    const repo = manager.getRepository(Segment);
    const segment = await repo.save(repo.create(values));
    await manager.query(
      `INSERT INTO segment_closure (ancestor_id, descendant_id, depth)
       SELECT $1::uuid, $1::uuid, 0
       UNION ALL
       SELECT ancestor_id, $1::uuid, depth + 1 FROM segment_closure WHERE descendant_id = $2::uuid`,
      [segment.id, segment.parentId],
    );
    return segment;
  }

  /** The ids among `ids` that have children (composites). */
  async composites(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await manager.query(`SELECT DISTINCT parent_id AS id FROM segments WHERE parent_id = ANY($1::uuid[])`, [ids])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** Whether a held reservation sits on any of these segments or their ancestors. */
  async holdsReservationsOnPath(manager: EntityManager, segmentId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM reservations r
         JOIN segment_closure c ON c.ancestor_id = r.segment_id AND c.descendant_id = $1
        WHERE r.status = ANY($2::text[])
        LIMIT 1`,
      [segmentId, HOLDING_STATUSES],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * A booking of a composite holds every shared leaf below it at full capacity: its occupancy rows there carry the
   * leaf's maxVehicles. When that capacity changes, those rows follow, so the composite booking stays whole.
   * The leaf's own bookings keep their vehicles. Call under the leaf's row lock (the lock bookings take).
   */
  async refillCompositeClaims(manager: EntityManager, leafId: string, capacity: number): Promise<void> {
    await manager.query(
      `UPDATE reservation_occupancy o SET vehicles = $2
         FROM reservations r
        WHERE o.leaf_id = $1 AND NOT o.exclusive AND r.id = o.reservation_id AND r.segment_id <> $1`,
      [leafId, capacity],
    );
  }

  /** Segments with their composite flag: by ids, by kind, or all (in creation order). */
  async load(filter: { ids?: string[]; kind?: string }, manager: EntityManager = this.dataSource.manager): Promise<LoadedSegment[]> {
    const qb = manager.getRepository(Segment).createQueryBuilder('s').orderBy('s.created_at').addOrderBy('s.id');
    if (filter.ids) qb.andWhere('s.id = ANY(:ids)', { ids: filter.ids });
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    // one round trip: whether each segment has children comes with it
    const { entities, raw } = await qb
      .addSelect('EXISTS (SELECT 1 FROM segments k WHERE k.parent_id = s.id)', 'is_composite')
      .getRawAndEntities<{ is_composite: boolean }>();
    return entities.map((s, i) => Object.assign(s, { isComposite: raw[i].is_composite }));
  }
}

export interface LoadedSegment extends Segment {
  isComposite: boolean;
}
