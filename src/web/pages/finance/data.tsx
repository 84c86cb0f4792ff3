/** What several finance screens read once per visit: the segments and the organizations. */
import { api } from '../../api.js';
import type { Organization, Page, Segment } from '../../model.js';
import { usePoll } from '../../usePoll.js';

/** Every segment (GET /segments), by code. */
export function useSegments() {
  return usePoll(async (signal) => {
    const page = await api.get<Page<Segment>>('/segments', { query: { limit: 500 }, signal });
    return [...page.items].sort((a, b) => a.code.localeCompare(b.code));
  }, null);
}

/** Every organization's name by id (GET /organizations). */
export function useOrganizationNames() {
  return usePoll(async (signal) => {
    const page = await api.get<Page<Organization>>('/organizations', { query: { limit: 500 }, signal });
    return new Map(page.items.map((o) => [o.id, o.name]));
  }, null);
}

export const segmentLabel = (segment: Pick<Segment, 'code' | 'name'>): string => `${segment.code} · ${segment.name}`;

/** The `<option>`s of a segment select, after the caller's first option (e.g. "all segments"). */
export function SegmentOptions({ segments }: { segments: readonly Segment[] | undefined }) {
  return (
    <>
      {segments?.map((s) => (
        <option key={s.id} value={s.id}>
          {segmentLabel(s)}
        </option>
      ))}
    </>
  );
}
