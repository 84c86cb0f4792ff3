import { Module } from '@nestjs/common';
import { WebhookWorker } from './webhook-worker.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Organizations' webhooks: registration, delivery history and the worker that sends the outbox's deliveries. */
@Module({ controllers: [WebhooksController], providers: [WebhooksRepository, WebhooksService, WebhookWorker] })
export class WebhooksModule {}
