import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor, OwnedId } from '../auth/access.decorators.js';
import { ANY_ROLE, SCHEDULING, type Actor } from '../auth/actor.js';
import { QuotaListView, QuotaUseListView, ReplaceQuotasDto } from './quotas.dto.js';
import { QuotasService } from './quotas.service.js';

@ApiTags('quotas')
@Controller('api/v1')
export class QuotasController {
  constructor(private readonly quotas: QuotasService) {}

  @Put('organizations/:id/quotas')
  @Access(SCHEDULING, 'owned', 'organization')
  @ApiOkResponse({ type: QuotaListView })
  replace(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: ReplaceQuotasDto) {
    return this.quotas.replace(actor, id, dto);
  }

  @Get('organizations/:id/quotas')
  @Access(ANY_ROLE, 'owned', 'organization')
  @ApiOkResponse({ type: QuotaUseListView })
  list(@OwnedId() id: string) {
    return this.quotas.list(id);
  }
}
