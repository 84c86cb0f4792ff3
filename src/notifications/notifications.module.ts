import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingModule } from '../billing/billing.module.js';
import { MailWorker } from './mail-worker.js';
import { Notification } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/** E-mail from the outbox: the sending worker, and the list of what was sent to whom. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification]), BillingModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, MailWorker],
  exports: [MailWorker],
})
export class NotificationsModule {}
