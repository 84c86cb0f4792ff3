import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorators.js';
import { ANY_ROLE, type Actor } from '../auth/actor.js';
import { NotificationListQuery } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('api/v1')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Access(ANY_ROLE, 'scoped')
  list(@CurrentActor() actor: Actor, @Query() query: NotificationListQuery) {
    return this.notifications.list(actor, query);
  }
}
