/** Data every customer screen shares: the organization, the segments, its drivers, the add-ons. */
import { api } from '../../api.js';
import type { Driver, Page, Segment } from '../../model.js';
import { useUser } from '../../session.js';
import { usePoll, type Poll } from '../../usePoll.js';
import type { CatalogItem } from './types.js';

const ALL = { limit: 500 };

/** The customer's organization (every customer has one). */
export function useOrganizationId(): string {
  const { organizationId } = useUser();
  if (!organizationId) throw new Error('a customer without an organization');
  return organizationId;
}

/** The active segments, loaded once per screen. */
export function useSegments(): Poll<Segment[]> {
  return usePoll(async (signal) => (await api.get<Page<Segment>>('/segments', { query: ALL, signal })).items.filter((s) => s.active), null);
}

/** The organization's drivers, loaded once per screen. */
export function useDrivers(): Poll<Driver[]> {
  const organizationId = useOrganizationId();
  return usePoll(async (signal) => (await api.get<Page<Driver>>(`/organizations/${organizationId}/drivers`, { query: ALL, signal })).items, null, [organizationId]);
}

/** The catalog items that can be ordered with a booking. */
export function useAddOnItems(): Poll<CatalogItem[]> {
  return usePoll(async (signal) => (await api.get<Page<CatalogItem>>('/catalog/items', { query: ALL, signal })).items.filter((i) => i.addOn && i.active), null);
}

/** `code · name` of a segment, or its id while the segments load. */
export function segmentLabel(segments: readonly Segment[] | undefined, id: string): string {
  const segment = segments?.find((s) => s.id === id);
  return segment ? `${segment.code} · ${segment.name}` : id;
}
