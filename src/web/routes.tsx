/**
 * Every screen of the app, in one list: the router and the menu are made from it. To build a screen, replace its
 * placeholder file under pages/<area>/; to add one, add its file and one line here (and its `pages.<id>` texts).
 * A path with a parameter (':id') is routed but not put in the menu.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PageId } from './i18n/translate.js';
import type { Role } from './model.js';

/** The menu's groups, in order; each route appears under one. */
export const SECTIONS = ['customer', 'scheduling', 'finance', 'admin'] as const;
export type Section = (typeof SECTIONS)[number];

export interface AppRoute {
  path: string;
  /** Its texts' namespace: the title is `pages.<page>.title`. */
  page: PageId;
  section: Section;
  roles: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

const CUSTOMER: readonly Role[] = ['customer'];
const SCHEDULING: readonly Role[] = ['scheduler', 'admin'];
const MONEY: readonly Role[] = ['finance', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

export const ROUTES: AppRoute[] = [
  { path: '/find-time', page: 'findTime', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/FindTime.js')) },
  { path: '/reservations', page: 'myReservations', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/MyReservations.js')) },
  { path: '/series', page: 'series', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/Series.js')) },
  { path: '/invoices', page: 'invoices', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/Invoices.js')) },
  { path: '/support', page: 'support', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/Support.js')) },
  { path: '/notifications', page: 'notifications', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/Notifications.js')) },
  { path: '/quotas', page: 'quotas', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/Quotas.js')) },
  { path: '/webhooks', page: 'webhooks', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/Webhooks.js')) },
  { path: '/calendar-feed', page: 'calendarFeed', section: 'customer', roles: CUSTOMER, component: lazy(() => import('./pages/customer/CalendarFeed.js')) },

  { path: '/staff/schedule', page: 'schedule', section: 'scheduling', roles: SCHEDULING, component: lazy(() => import('./pages/staff/ScheduleBoard.js')) },
  { path: '/staff/approvals', page: 'approvals', section: 'scheduling', roles: SCHEDULING, component: lazy(() => import('./pages/staff/Approvals.js')) },
  { path: '/staff/conflicts', page: 'conflicts', section: 'scheduling', roles: SCHEDULING, component: lazy(() => import('./pages/staff/Conflicts.js')) },
  { path: '/staff/blackouts', page: 'blackouts', section: 'scheduling', roles: SCHEDULING, component: lazy(() => import('./pages/staff/Blackouts.js')) },
  { path: '/staff/gate', page: 'gate', section: 'scheduling', roles: SCHEDULING, component: lazy(() => import('./pages/staff/Gate.js')) },
  { path: '/staff/drivers', page: 'drivers', section: 'scheduling', roles: SCHEDULING, component: lazy(() => import('./pages/staff/Drivers.js')) },

  { path: '/finance/rates', page: 'rates', section: 'finance', roles: MONEY, component: lazy(() => import('./pages/finance/RateCards.js')) },
  { path: '/finance/invoices', page: 'financeInvoices', section: 'finance', roles: MONEY, component: lazy(() => import('./pages/finance/Invoices.js')) },
  { path: '/finance/reports', page: 'reports', section: 'finance', roles: MONEY, component: lazy(() => import('./pages/finance/Reports.js')) },

  { path: '/admin/users', page: 'users', section: 'admin', roles: ADMIN, component: lazy(() => import('./pages/staff/Users.js')) },
  { path: '/admin/organizations', page: 'organizations', section: 'admin', roles: ADMIN, component: lazy(() => import('./pages/staff/Organizations.js')) },
];

/** The menu of a role: its routes without parameters, by section. */
export function menuOf(role: Role): { section: Section; routes: AppRoute[] }[] {
  const mine = ROUTES.filter((route) => route.roles.includes(role) && !route.path.includes(':'));
  return SECTIONS.map((section) => ({ section, routes: mine.filter((route) => route.section === section) })).filter((group) => group.routes.length > 0);
}

/** Where a role lands after logging in: the first item of its menu. */
export const homeOf = (role: Role): string => menuOf(role)[0].routes[0].path;
