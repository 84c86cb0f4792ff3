import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../outbox/events.js';
import type { DeliveryRow, DeliveryStatus, WebhookRow } from './webhooks.repository.js';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.kr/hooks/proving-ground', description: 'http or https; by default it must resolve to public addresses only' })
  @IsString() @MinLength(1) @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['reservation.confirmed'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique() @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: WebhookEventType[];
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: WebhookEventType[];
  @ApiProperty() createdAt: string;

  /** Never the secret: it is shown once, when the webhook is created. */
  static of(w: WebhookRow): WebhookView {
    return { id: w.id, organizationId: w.organizationId, url: w.url, events: w.events, createdAt: w.createdAt.toISOString() };
  }
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'shown only in this answer; signs every delivery (Standard Webhooks)' })
  secret: string;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) webhookId: string;
  @ApiProperty({ format: 'uuid', description: 'also the Webhook-Id header and the id of the body' }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) type: WebhookEventType;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number, description: 'the HTTP status of the last answer' }) responseStatus: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when a pending delivery is tried next' }) nextAttemptAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;

  static of(d: DeliveryRow): DeliveryView {
    return {
      id: d.id,
      webhookId: d.webhookId,
      eventId: d.eventId,
      type: d.type,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.responseStatus,
      lastError: d.lastError,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    };
  }
}
