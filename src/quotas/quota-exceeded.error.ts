import { DomainError, ErrorCode } from '../common/errors.js';
import { PeriodView, QuotaView } from './quotas.dto.js';
import type { QuotaUsage } from './quotas.repository.js';

/** 422 QUOTA_EXCEEDED: a customer's booking would take the organization over one of its quotas in one period. */
export class QuotaExceeded extends DomainError {
  constructor({ quota, period, usedMinutes, requestedMinutes }: QuotaUsage) {
    super(
      ErrorCode.QUOTA_EXCEEDED,
      `The organization may book ${quota.maxMinutes} minutes per ${quota.period} here: ${usedMinutes} are used and ${requestedMinutes} requested`,
      { quota: QuotaView.of(quota), usedMinutes, requestedMinutes, period: PeriodView.of(period) },
    );
  }
}
