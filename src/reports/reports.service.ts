import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { NotFound, ValidationFailed } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { openIntervals } from '../segments/opening-hours.js';
import { SegmentsRepository } from '../segments/segments.repository.js';
import { buckets } from './buckets.js';
import type { UtilizationItem, UtilizationQuery } from './reports.dto.js';
import { ReportsRepository } from './reports.repository.js';

/** At most this many buckets × segments per report (a year of days over every demo segment fits). */
const MAX_CELLS = 100_000;

/** The longest a local day, ISO week or month can be (a 25-hour day in it): a lower bound on the number of buckets. */
const LONGEST_MS = { day: 25 * 3_600_000, week: (7 * 24 + 1) * 3_600_000, month: (31 * 24 + 1) * 3_600_000 } as const;

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

@Injectable()
export class ReportsService {
  constructor(
    private readonly config: AppConfig,
    private readonly segments: SegmentsRepository,
    private readonly reports: ReportsRepository,
  ) {}

  async utilization(query: UtilizationQuery): Promise<{ items: UtilizationItem[] }> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (from >= to) throw ValidationFailed.field('to', 'to must be after from');
    const zone = this.config.FACILITY_TIMEZONE;
    const granularity = query.granularity ?? 'day';
    // Refuse an absurd range before building its buckets (0001–9999 by day would be millions of them).
    if ((to.getTime() - from.getTime()) / LONGEST_MS[granularity] > MAX_CELLS) throw this.tooMany();
    const periods = buckets(from, to, granularity, zone);
    const segments = await this.segments.load(query.segmentId ? { ids: [query.segmentId] } : {});
    if (query.segmentId && segments.length === 0) throw new NotFound('segment');
    if (periods.length * Math.max(segments.length, 1) > MAX_CELLS) throw this.tooMany();
    const rows = await this.reports.utilization(
      periods,
      segments.map((s) => ({ id: s.id, open: s.active ? openIntervals(s.openingHours, from, to, zone) : [] })),
    );
    const codes = new Map(segments.map((s) => [s.id, s.code]));
    return {
      items: rows.map((r) => ({
        segmentId: r.segmentId,
        segmentCode: codes.get(r.segmentId)!,
        periodStart: periods[r.bucket].periodStart.toISOString(),
        openMinutes: round(r.openMinutes, 2),
        bookedMinutes: round(r.bookedMinutes, 2),
        utilization: r.openMinutes > 0 ? round(r.bookedMinutes / r.openMinutes, 4) : 0,
        revenue: r.revenue,
      })),
    };
  }

  private tooMany(): ValidationFailed {
    return ValidationFailed.field('to', `the report would have over ${MAX_CELLS} rows: choose a coarser granularity or a shorter range`);
  }

  /** The same rows as CSV for a spreadsheet: UTF-8 with BOM, RFC 4180. */
  static csv(items: UtilizationItem[]): Buffer {
    const columns = ['segmentId', 'segmentCode', 'periodStart', 'openMinutes', 'bookedMinutes', 'utilization', 'revenue'] as const;
    const text = stringify(
      items.map((i) => columns.map((c) => i[c])),
      { header: true, columns: [...columns], record_delimiter: 'windows' },
    );
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  }
}
