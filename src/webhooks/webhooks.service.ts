import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { NotFound } from '../common/errors.js';
import { pageRowsByCreation, type ListQuery, type Page } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { checkDestination } from './destination.js';
import { newSecret } from './signature.js';
import { DeliveryView, WebhookView, type CreatedWebhookView, type CreateWebhookDto } from './webhooks.dto.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Organizations' webhooks: registration (tenancy is checked by the routes' @OwnedId) and delivery history. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly repository: WebhooksRepository,
  ) {}

  async create(actor: Actor, organizationId: string, dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    const url = await checkDestination(dto.url, this.config.WEBHOOK_ALLOW_PRIVATE);
    return this.transactions.run(async (manager) => {
      if (!(await this.repository.organizationExists(organizationId, manager))) throw new NotFound('organization');
      const secret = newSecret();
      const hook = await this.repository.insert(manager, { organizationId, url: url.href, events: dto.events, secret, createdBy: actor.userId });
      await this.audit.record(manager, { entityType: 'webhook', entityId: hook.id, action: 'create', to: hook.url, actorId: actor.userId, data: { organizationId, events: hook.events } });
      const created = { ...WebhookView.of(hook), secret };
      // a retry with the same Idempotency-Key must get the secret too, or the webhook would be useless
      await this.idempotency.record(manager, 201, created);
      return created;
    });
  }

  async get(id: string): Promise<WebhookView> {
    const hook = await this.repository.find(id);
    if (!hook) throw new NotFound('webhook');
    return WebhookView.of(hook);
  }

  async list(organizationId: string, query: ListQuery): Promise<Page<WebhookView>> {
    if (!(await this.repository.organizationExists(organizationId))) throw new NotFound('organization');
    return pageRowsByCreation(query, (after, limit) => this.repository.list(organizationId, after, limit), WebhookView.of);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const hook = await this.repository.delete(manager, id);
      if (!hook) throw new NotFound('webhook');
      await this.audit.record(manager, { entityType: 'webhook', entityId: id, action: 'delete', from: hook.url, to: 'deleted', actorId: actor.userId, data: { organizationId: hook.organizationId } });
    });
  }

  async deliveries(webhookId: string, query: ListQuery): Promise<Page<DeliveryView>> {
    await this.get(webhookId);
    return pageRowsByCreation(query, (after, limit) => this.repository.deliveries(webhookId, after, limit), DeliveryView.of);
  }
}
