import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor, OwnedId } from '../auth/access.decorators.js';
import { ADMIN, ANY_ROLE, MONEY, STAFF, type Actor } from '../auth/actor.js';
import { ListQuery } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { CreateItemDto, CreateProgramDto, CreateSupportRequestDto, EnrollDto, ItemQuery, SupportRequestQuery, UpdateItemDto, UpdateSupportRequestDto } from './catalog.dto.js';
import { CatalogService } from './catalog.service.js';
import { SupportRequestsService } from './support-requests.service.js';

const REQUEST_HANDLERS = ['scheduler', 'finance', 'admin'] as const;

@ApiTags('catalog')
@Controller('api/v1')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly requests: SupportRequestsService,
  ) {}

  /** The catalog is the foundation's offer: every role may read it. */
  @Get('catalog/items')
  @Access(ANY_ROLE, 'global')
  items(@Query() query: ItemQuery) {
    return this.catalog.listItems(query);
  }

  @Post('catalog/items')
  @Access(ADMIN, 'staff')
  createItem(@CurrentActor() actor: Actor, @Body() dto: CreateItemDto) {
    return this.catalog.createItem(actor, dto);
  }

  @Patch('catalog/items/:id')
  @Access(ADMIN, 'staff')
  updateItem(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateItemDto) {
    return this.catalog.updateItem(actor, id, dto);
  }

  @Get('funding-programs')
  @Access(ANY_ROLE, 'global')
  programs(@Query() query: ListQuery) {
    return this.catalog.listPrograms(query);
  }

  @Post('funding-programs')
  @Access(MONEY, 'staff')
  createProgram(@CurrentActor() actor: Actor, @Body() dto: CreateProgramDto) {
    return this.catalog.createProgram(actor, dto);
  }

  @Post('funding-programs/:id/enrollments')
  @Access(MONEY, 'staff')
  enroll(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: EnrollDto) {
    return this.catalog.enroll(actor, id, dto.organizationId);
  }

  @Get('funding-programs/:id/enrollments')
  @Access(STAFF, 'staff')
  enrollments(@UuidParam() id: string, @Query() query: ListQuery) {
    return this.catalog.enrollments(id, query);
  }

  @Post('support-requests')
  @Access(ANY_ROLE, 'scoped')
  createRequest(@CurrentActor() actor: Actor, @Body() dto: CreateSupportRequestDto) {
    return this.requests.create(actor, dto);
  }

  @Get('support-requests')
  @Access(ANY_ROLE, 'scoped')
  listRequests(@CurrentActor() actor: Actor, @Query() query: SupportRequestQuery) {
    return this.requests.list(actor, query);
  }

  @Get('support-requests/:id')
  @Access(ANY_ROLE, 'owned', 'support_request')
  getRequest(@OwnedId() id: string) {
    return this.requests.get(id);
  }

  @Patch('support-requests/:id')
  @Access([...REQUEST_HANDLERS], 'owned', 'support_request')
  updateRequest(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: UpdateSupportRequestDto) {
    return this.requests.update(actor, id, dto);
  }
}
