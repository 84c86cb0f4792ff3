import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQuery } from '../common/pagination.js';
import { EVENT_TYPES, type EventType } from '../outbox/events.js';
import { NOTIFICATION_STATUSES, type Notification, type NotificationStatus } from './notification.entity.js';

export class NotificationListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES }) @IsOptional() @IsIn(NOTIFICATION_STATUSES) status?: NotificationStatus;
  @ApiPropertyOptional({ enum: EVENT_TYPES }) @IsOptional() @IsIn(EVENT_TYPES) kind?: EventType;
  @ApiPropertyOptional({ format: 'uuid', description: 'staff: one organization' }) @IsOptional() @IsUUID() organizationId?: string;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EVENT_TYPES }) kind: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) reservationId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) invoiceId: string | null;
  @ApiProperty() recipient: string;
  @ApiProperty({ enum: ['email'] }) channel: 'email';
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;

  static of(n: Notification): NotificationView {
    return {
      id: n.id,
      kind: n.kind,
      organizationId: n.organizationId,
      reservationId: n.reservationId,
      invoiceId: n.invoiceId,
      recipient: n.recipient,
      channel: n.channel,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
    };
  }
}
