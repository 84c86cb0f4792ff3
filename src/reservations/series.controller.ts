import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor, OwnedId } from '../auth/access.decorators.js';
import { ANY_ROLE, SCHEDULING, type Actor } from '../auth/actor.js';
import { CancelSeriesDto, CreateSeriesDto } from './series.dto.js';
import { SeriesService } from './series.service.js';

const BOOKERS = ['customer', ...SCHEDULING] as const;

@ApiTags('reservations')
@Controller('api/v1/reservation-series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @Access([...BOOKERS], 'scoped')
  @ApiResponse({ status: 201, description: '{ series, created: [reservation], skipped: [{ start, end, conflicts }] }' })
  @ApiResponse({ status: 409, description: 'RESERVATION_CONFLICT with details.occurrences' })
  @ApiResponse({ status: 422, description: 'TOO_MANY_OCCURRENCES (over 500) or a booking rule of an occurrence' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSeriesDto) {
    return this.series.create(actor, dto);
  }

  @Get(':id')
  @Access(ANY_ROLE, 'owned', 'reservation_series')
  get(@OwnedId() id: string) {
    return this.series.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access([...BOOKERS], 'owned', 'reservation_series')
  cancel(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: CancelSeriesDto) {
    return this.series.cancel(actor, id, dto);
  }
}
