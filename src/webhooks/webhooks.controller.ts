import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor, OwnedId } from '../auth/access.decorators.js';
import { ANY_ROLE, type Actor, type Role } from '../auth/actor.js';
import { ListQuery } from '../common/pagination.js';
import { CreatedWebhookView, CreateWebhookDto, WebhookView } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

/** Who may register and remove an organization's webhooks: the organization's own people, and admins. */
const HOOK_MANAGERS: Role[] = ['customer', 'admin'];

@ApiTags('webhooks')
@Controller('api/v1')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('organizations/:id/webhooks')
  @Access(HOOK_MANAGERS, 'owned', 'organization')
  @ApiCreatedResponse({ type: CreatedWebhookView })
  create(@CurrentActor() actor: Actor, @OwnedId() organizationId: string, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, organizationId, dto);
  }

  @Get('organizations/:id/webhooks')
  @Access(ANY_ROLE, 'owned', 'organization')
  list(@OwnedId() organizationId: string, @Query() query: ListQuery) {
    return this.webhooks.list(organizationId, query);
  }

  @Get('webhooks/:id')
  @Access(ANY_ROLE, 'owned', 'webhook')
  @ApiOkResponse({ type: WebhookView })
  get(@OwnedId() id: string) {
    return this.webhooks.get(id);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @Access(HOOK_MANAGERS, 'owned', 'webhook')
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @OwnedId() id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Get('webhooks/:id/deliveries')
  @Access(ANY_ROLE, 'owned', 'webhook')
  deliveries(@OwnedId() id: string, @Query() query: ListQuery) {
    return this.webhooks.deliveries(id, query);
  }
}
