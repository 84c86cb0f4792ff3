import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorators.js';
import { ANY_ROLE, SCHEDULING, type Actor } from '../auth/actor.js';
import { UuidParam } from '../common/validation.js';
import { BlackoutCreated, BlackoutListQuery, CreateBlackoutDto } from './blackouts.dto.js';
import { BlackoutsService } from './blackouts.service.js';

@ApiTags('blackouts')
@Controller('api/v1/blackouts')
export class BlackoutsController {
  constructor(private readonly blackouts: BlackoutsService) {}

  @Post()
  @Access(SCHEDULING, 'staff')
  @ApiCreatedResponse({ type: BlackoutCreated, description: '201 when created; 200 for a dryRun, which writes nothing' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateBlackoutDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { dryRun, ...result } = await this.blackouts.create(actor, dto);
    if (dryRun) void reply.status(200);
    return result;
  }

  /** Maintenance and closures are facility data: everyone may see when a track is closed. */
  @Get()
  @Access(ANY_ROLE, 'global')
  list(@Query() query: BlackoutListQuery) {
    return this.blackouts.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access(SCHEDULING, 'staff')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.blackouts.remove(actor, id);
  }
}
