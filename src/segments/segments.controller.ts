import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorators.js';
import { ANY_ROLE, SCHEDULING, type Actor } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { CreateSegmentDto, SegmentListQuery, SegmentView, UpdateSegmentDto } from './segments.dto.js';
import { SegmentsService } from './segments.service.js';

@ApiTags('segments')
@Controller('api/v1/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Post()
  @Access(SCHEDULING, 'staff')
  @ApiCreatedResponse({ type: SegmentView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSegmentDto) {
    return this.segments.create(actor, dto);
  }

  @Get()
  @Access(ANY_ROLE, 'global')
  list(@Query() query: SegmentListQuery) {
    return this.segments.list(query);
  }

  @Get(':id')
  @Access(ANY_ROLE, 'global')
  @ApiOkResponse({ type: SegmentView })
  get(@UuidParam() id: string) {
    return this.segments.get(id);
  }

  @Patch(':id')
  @Access(SCHEDULING, 'staff')
  @ApiOkResponse({ type: SegmentView })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateSegmentDto) {
    return this.segments.update(actor, id, dto);
  }
}
