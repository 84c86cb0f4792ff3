import { account, APP_URL } from './browser.js';

/** Direct API calls for a browser test's setup (what the test then looks at in the browser). */
export class ApiClient {
  private constructor(private readonly token: string) {}

  static async as(role: Parameters<typeof account>[0], email?: string): Promise<ApiClient> {
    const res = await fetch(`${APP_URL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account(role, email)) });
    if (!res.ok) throw new Error(`login as ${role}: ${res.status}`);
    return new ApiClient(((await res.json()) as { accessToken: string }).accessToken);
  }

  async call<T = any>(method: string, path: string, body?: unknown, expected = [200, 201]): Promise<T> {
    const res = await fetch(`${APP_URL}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  async segment(code: string): Promise<{ id: string; name: string }> {
    const { items } = await this.call<{ items: { id: string; code: string; name: string }[] }>('GET', '/segments?limit=500');
    return items.find((s) => s.code === code)!;
  }

  async organization(namePart: string): Promise<{ id: string; name: string }> {
    const { items } = await this.call<{ items: { id: string; name: string }[] }>('GET', '/organizations?limit=500');
    return items.find((o) => o.name.includes(namePart))!;
  }

  async drivers(organizationId: string): Promise<{ id: string; name: string; level: number }[]> {
    return (await this.call<{ items: { id: string; name: string; level: number }[] }>('GET', `/organizations/${organizationId}/drivers`)).items;
  }
}

/** An instant as the API takes it: facility-local (Asia/Seoul, UTC+9) wall-clock time on a local date. */
export function seoul(date: string, clock: string): string {
  return new Date(`${date}T${clock}:00+09:00`).toISOString();
}

/** The facility-local date `days` from today, and the local month `months` from this one (YYYY-MM). */
export function seoulDay(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
export function seoulMonth(months: number): string {
  const now = new Date(Date.now() + 9 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
  return d.toISOString().slice(0, 7);
}

/** The days (DD) of a local month that are Monday to Friday, when the demo tracks open. */
export function weekdays(month: string): string[] {
  return Array.from({ length: 28 }, (_, i) => String(i + 1).padStart(2, '0')).filter((day) => {
    const weekday = new Date(`${month}-${day}T12:00:00+09:00`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  });
}
