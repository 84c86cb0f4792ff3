/**
 * Why a booking does not fit: pure functions over the occupancy rows that the
 * reservations repository read under its locks (product.md, "Reservations").
 */

export type ConflictType = 'reservation' | 'blackout' | 'capacity' | 'buffer';

export interface Conflict {
  type: ConflictType;
  start: Date;
  end: Date;
  /** The reservation in the way (reservation, buffer; capacity when one reservation is named). */
  reservationId?: string;
  /** Its organization: the service shows the id only to those who may see it. */
  organizationId?: string;
}

export interface Span {
  start: Date;
  end: Date;
}

/** What the new booking takes of one leaf. */
export interface LeafClaim {
  leafId: string;
  /** Exclusive leaf: any overlap is a conflict. Shared leaf: vehicles count against capacity. */
  exclusive: boolean;
  vehicles: number;
  capacity: number;
}

/** Time another holding reservation takes of one leaf. */
export interface OccupancyRow {
  reservationId: string;
  organizationId: string;
  createdAt: Date;
  leafId: string;
  /** [start, end + buffer) of that reservation. */
  during: Span;
  /** Its own [start, end), without buffer. */
  booked: Span;
  vehicles: number;
}

export interface LoadPiece extends Span {
  load: number;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const t = (d: Date) => d.getTime();

/**
 * The load at each instant of `window` (a sweep: +vehicles where a row starts, −vehicles where
 * it ends, running sum) as consecutive pieces covering the window. Peak, not sum over time.
 */
export function loadProfile(rows: { during: Span; vehicles: number }[], window: Span): LoadPiece[] {
  const deltas = new Map<number, number>([
    [t(window.start), 0],
    [t(window.end), 0],
  ]);
  for (const row of rows) {
    const start = Math.max(t(row.during.start), t(window.start));
    const end = Math.min(t(row.during.end), t(window.end));
    if (start >= end) continue;
    deltas.set(start, (deltas.get(start) ?? 0) + row.vehicles);
    deltas.set(end, (deltas.get(end) ?? 0) - row.vehicles);
  }
  const points = [...deltas.keys()].sort((a, b) => a - b);
  const pieces: LoadPiece[] = [];
  let load = 0;
  for (let i = 0; i < points.length - 1; i++) {
    load += deltas.get(points[i])!;
    pieces.push({ start: new Date(points[i]), end: new Date(points[i + 1]), load });
  }
  return pieces;
}

/** The highest load at any instant of the window. */
export const peakLoad = (rows: { during: Span; vehicles: number }[], window: Span): number =>
  Math.max(0, ...loadProfile(rows, window).map((p) => p.load));

export interface Obstacles {
  conflicts: Conflict[];
  /** Reservations that a priority booking would have to displace to fit. */
  inTheWay: Set<string>;
}

/**
 * The conflicts of a booking that occupies `occupied` = [start, end + buffer) and books
 * `booked` = [start, end), against the rows on the leaves it claims.
 */
export function reservationObstacles(claims: LeafClaim[], booked: Span, occupied: Span, rows: OccupancyRow[]): Obstacles {
  const conflicts: Conflict[] = [];
  const inTheWay = new Set<string>();
  const named = new Set<string>();
  for (const claim of claims) {
    const onLeaf = rows.filter((r) => r.leafId === claim.leafId && overlaps(r.during, occupied));
    if (claim.exclusive) {
      for (const row of onLeaf) {
        inTheWay.add(row.reservationId);
        if (named.has(row.reservationId)) continue;
        named.add(row.reservationId);
        const core = overlaps(row.booked, booked);
        conflicts.push({
          type: core ? 'reservation' : 'buffer',
          start: core ? row.booked.start : row.during.start,
          end: core ? row.booked.end : row.during.end,
          reservationId: row.reservationId,
          organizationId: row.organizationId,
        });
      }
      continue;
    }
    const over = loadProfile(onLeaf, occupied).filter((p) => p.load + claim.vehicles > claim.capacity);
    for (const piece of mergePieces(over)) conflicts.push({ type: 'capacity', start: piece.start, end: piece.end });
    for (const id of fewestToDisplace(onLeaf.filter((r) => over.some((p) => overlaps(r.during, p))), occupied, claim)) inTheWay.add(id);
  }
  return { conflicts, inTheWay };
}

function mergePieces(pieces: Span[]): Span[] {
  const merged: Span[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last && t(last.end) === t(p.start)) last.end = p.end;
    else merged.push({ start: p.start, end: p.end });
  }
  return merged;
}

/** On a shared leaf: the newest reservations first, until the claim fits. */
function fewestToDisplace(rows: OccupancyRow[], window: Span, claim: LeafClaim): string[] {
  const kept = [...rows].sort((a, b) => t(a.createdAt) - t(b.createdAt));
  const displaced: string[] = [];
  while (kept.length && peakLoad(kept, window) + claim.vehicles > claim.capacity) displaced.push(kept.pop()!.reservationId);
  return displaced;
}
