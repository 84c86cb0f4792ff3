import { ApiPropertyOptional } from '@nestjs/swagger';
import type { SelectQueryBuilder } from 'typeorm';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailed } from './errors.js';
import { QueryInt, UUID } from './validation.js';

/** `?limit=&cursor=` of every list (api.md, Conventions). */
export class ListQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional() @QueryInt() @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque cursor from a previous page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;

/** A keyset position: the sort key values of the last row of a page. */
export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && key.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return key as CursorKey;
    }
  } catch {
    // fall through
  }
  throw ValidationFailed.field('cursor', 'cursor is not one this API issued');
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that more exist.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), nextCursor: more ? encodeCursor(keyOf(kept[kept.length - 1])) : null };
}

/**
 * The keyset of a list in creation order: PostgreSQL's own text of `created_at` (a JS Date would
 * lose the microseconds) and the id of the last row of the previous page.
 */
export function creationCursor(cursor: string | undefined): [string, string] | undefined {
  const after = decodeCursor(cursor, 2);
  if (after && (typeof after[0] !== 'string' || Number.isNaN(Date.parse(after[0])) || !UUID.test(String(after[1])))) {
    throw ValidationFailed.field('cursor', 'cursor is not one this API issued');
  }
  return after as [string, string] | undefined;
}

/**
 * One page of rows in creation order (`created_at, id`), the order most lists use.
 * The query builder carries the caller's filters; this adds the keyset and the limit.
 */
export async function pageByCreation<E extends { id: string; createdAt: Date }, T>(
  qb: SelectQueryBuilder<E>,
  query: ListQuery,
  map: (row: E) => T,
): Promise<Page<T>> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = creationCursor(query.cursor);
  const alias = qb.alias;
  if (after) {
    qb.andWhere(`(${alias}.created_at, ${alias}.id) > (:afterAt::timestamptz, :afterId::uuid)`, { afterAt: after[0], afterId: after[1] });
  }
  // The cursor carries PostgreSQL's own text of created_at: a JS Date would lose the microseconds.
  const { entities, raw } = await qb
    .addSelect(`${alias}.created_at::text`, 'cursor_created_at')
    .orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1)
    .getRawAndEntities<{ cursor_created_at: string }>();
  const keys = new Map(entities.map((e, i) => [e, raw[i].cursor_created_at]));
  return toPage(entities, limit, (r) => [keys.get(r)!, r.id], map);
}

/**
 * One page in creation order from raw SQL: `fetch` answers up to `limit` rows after the keyset
 * (`(created_at, id) > (after[0]::timestamptz, after[1]::uuid)`), each with `created_at::text` as `cursorAt`.
 */
export async function pageRowsByCreation<R extends { id: string }, T>(
  query: ListQuery,
  fetch: (after: [string, string] | undefined, limit: number) => Promise<(R & { cursorAt: string })[]>,
  map: (row: R) => T,
): Promise<Page<T>> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await fetch(creationCursor(query.cursor), limit + 1);
  return toPage(rows, limit, (r) => [r.cursorAt, r.id], map);
}
