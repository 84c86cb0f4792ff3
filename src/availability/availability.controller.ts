import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorators.js';
import { ANY_ROLE, type Actor } from '../auth/actor.js';
import { AvailabilityQuery, AvailabilityView, SuggestionsQuery } from './availability.dto.js';
import { AvailabilityService } from './availability.service.js';

/** Free time shows that time is taken, never by whom: global data. */
@ApiTags('availability')
@Controller('api/v1/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @Access(ANY_ROLE, 'global')
  @ApiOkResponse({ type: AvailabilityView })
  get(@Query() query: AvailabilityQuery) {
    return this.availability.availability(query);
  }

  @Get('suggestions')
  @Access(ANY_ROLE, 'global')
  suggestions(@CurrentActor() actor: Actor, @Query() query: SuggestionsQuery) {
    return this.availability.suggestionsFor(actor, query);
  }
}
