import { createContext, useContext, type ReactNode } from 'react';
import { api } from './api.js';
import { ErrorBanner } from './components/ErrorBanner.js';
import { Loading } from './components/Loading.js';
import type { Facility } from './model.js';
import { usePoll } from './usePoll.js';

const FacilityContext = createContext<Facility | null>(null);

/** Loads the facility (GET /facility, no login needed) before anything shows a date. */
export function FacilityProvider({ children }: { children: ReactNode }) {
  const facility = usePoll((signal) => api.get<Facility>('/facility', { signal }), null);
  if (facility.data) return <FacilityContext.Provider value={facility.data}>{children}</FacilityContext.Provider>;
  return (
    <div className="splash">{facility.error ? <ErrorBanner error={facility.error} onRetry={facility.refresh} /> : <Loading />}</div>
  );
}

export function useFacility(): Facility {
  const facility = useContext(FacilityContext);
  if (!facility) throw new Error('useFacility() outside <FacilityProvider>');
  return facility;
}

/** The facility's IANA zone, for every function of time.ts: `formatDateTime(r.start, useZone())`. */
export const useZone = (): string => useFacility().timeZone;
