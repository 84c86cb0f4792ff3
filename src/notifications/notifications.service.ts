import { Injectable } from '@nestjs/common';
import { scopeOrganization, type Actor } from '../auth/actor.js';
import { pageByCreation, type Page } from '../common/pagination.js';
import { NotificationView, type NotificationListQuery } from './notifications.dto.js';
import { NotificationsRepository } from './notifications.repository.js';

@Injectable()
export class NotificationsService {
  constructor(private readonly repository: NotificationsRepository) {}

  /** Customers: their organization's e-mails; staff: everyone's, or one organization's. */
  list(actor: Actor, query: NotificationListQuery): Promise<Page<NotificationView>> {
    const qb = this.repository.query(scopeOrganization(actor, query.organizationId), query);
    return pageByCreation(qb, query, NotificationView.of);
  }
}
