/** The lists every staff screen names things from: segments, organizations and drivers, loaded whole. */
import { useMemo, useRef } from 'react';
import { api, type Query } from '../../api.js';
import { useI18n } from '../../i18n/context.js';
import type { Driver, Organization, Page } from '../../model.js';
import { usePoll, type Poll } from '../../usePoll.js';
import { segmentLabel } from './segment-tree.js';
import type { StaffSegment } from './staff-model.js';

/** Every page of a list (the API gives at most 500 items a page). */
export async function fetchAll<T>(path: string, query: Query, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(path, { query: { ...query, limit: 500, cursor }, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export interface Directory {
  segments: StaffSegment[];
  organizations: Organization[];
  segment(id: string): StaffSegment | undefined;
  /** The segment's code and name in the user's language; the id itself for one this list lacks. */
  segmentName(id: string): string;
  organizationName(id: string): string;
}

const DIRECTORY_POLL_MS = 60_000;

/** The same object as last time while its content is the same, so that what is made from it is not made again. */
function useStable<T>(value: T): T {
  const last = useRef<{ json: string | undefined; value: T } | null>(null);
  const json = JSON.stringify(value);
  if (last.current === null || last.current.json !== json) last.current = { json, value };
  return last.current.value;
}

/** Segments and organizations, refreshed every minute (others add them rarely). */
export function useDirectory(): Poll<Directory> {
  const { language } = useI18n();
  const poll = usePoll(
    (signal) => Promise.all([fetchAll<StaffSegment>('/segments', {}, signal), fetchAll<Organization>('/organizations', {}, signal)]),
    DIRECTORY_POLL_MS,
  );
  const lists = useStable(poll.data);
  const data = useMemo(() => {
    if (!lists) return undefined;
    const [segments, organizations] = lists;
    const segmentsById = new Map(segments.map((s) => [s.id, s]));
    const organizationsById = new Map(organizations.map((o) => [o.id, o]));
    const named = (s: StaffSegment | undefined, id: string) => (s ? segmentLabel(s, language) : id);
    return {
      segments,
      organizations,
      segment: (id: string) => segmentsById.get(id),
      segmentName: (id: string) => named(segmentsById.get(id), id),
      organizationName: (id: string) => organizationsById.get(id)?.name ?? id,
    };
  }, [lists, language]);
  return { ...poll, data };
}

/** The drivers of some organizations, by id (reservations name drivers by id only). */
export function useDrivers(organizationIds: readonly string[], intervalMs: number | null = DIRECTORY_POLL_MS): Poll<Map<string, Driver>> {
  const key = [...new Set(organizationIds)].sort().join(',');
  return usePoll(
    async (signal) => {
      const lists = await Promise.all(
        key ? key.split(',').map((id) => fetchAll<Driver>(`/organizations/${id}/drivers`, {}, signal)) : [],
      );
      return new Map(lists.flat().map((d) => [d.id, d]));
    },
    intervalMs,
    [key],
  );
}
