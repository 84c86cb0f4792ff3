import { Base1764115200000 } from './1764115200000-Base.js';
import { Facility1764201600000 } from './1764201600000-Facility.js';
import { Series1764288000000 } from './1764288000000-Series.js';
import { Billing1764374400000 } from './1764374400000-Billing.js';
import { Catalog1764460800000 } from './1764460800000-Catalog.js';
import { BillingGuards1764547200000 } from './1764547200000-BillingGuards.js';
import { IdempotencyClaims1764633600000 } from './1764633600000-IdempotencyClaims.js';
import { FeedTokens1764720000000 } from './1764720000000-FeedTokens.js';
import { Notifications1764806400000 } from './1764806400000-Notifications.js';
import { Quotas1764892800000 } from './1764892800000-Quotas.js';
import { OccupancyVehiclesIndex1764979200000 } from './1764979200000-OccupancyVehiclesIndex.js';
import { BookingLocks1765065600000 } from './1765065600000-BookingLocks.js';

/** Every migration, in order. Given as classes so one config works from src/ (tests) and dist/. */
export const migrations = [Base1764115200000, Facility1764201600000, Series1764288000000, Billing1764374400000, Catalog1764460800000, BillingGuards1764547200000, IdempotencyClaims1764633600000, FeedTokens1764720000000, Notifications1764806400000, Quotas1764892800000, OccupancyVehiclesIndex1764979200000, BookingLocks1765065600000];
