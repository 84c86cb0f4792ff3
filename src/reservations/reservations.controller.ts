import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor, OwnedId, StaffOnlyFields } from '../auth/access.decorators.js';
import { ANY_ROLE, SCHEDULING, type Actor } from '../auth/actor.js';
import {
  CancelDto,
  CancellationFeeView,
  CheckInDto,
  CheckOutDto,
  CreateReservationDto,
  ReasonDto,
  ReservationListQuery,
  ReservationView,
  RescheduleDto,
  ResolveDto,
} from './reservations.dto.js';
import { ReservationsService } from './reservations.service.js';

const BOOKERS = ['customer', ...SCHEDULING] as const;

@ApiTags('reservations')
@Controller('api/v1')
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post('reservations')
  @Access([...BOOKERS], 'scoped')
  @StaffOnlyFields('priority')
  @ApiCreatedResponse({ type: ReservationView })
  @ApiResponse({ status: 409, description: 'RESERVATION_CONFLICT with details.conflicts and details.suggestions' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReservationDto) {
    return this.reservations.create(actor, dto);
  }

  @Get('reservations')
  @Access(ANY_ROLE, 'scoped')
  list(@CurrentActor() actor: Actor, @Query() query: ReservationListQuery) {
    return this.reservations.list(actor, query);
  }

  @Get('reservations/:id')
  @Access(ANY_ROLE, 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  get(@OwnedId() id: string) {
    return this.reservations.get(id);
  }

  @Patch('reservations/:id')
  @Access([...BOOKERS], 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  reschedule(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: RescheduleDto) {
    return this.reservations.reschedule(actor, id, dto);
  }

  @Get('reservations/:id/cancellation-fee')
  @Access(ANY_ROLE, 'owned', 'reservation')
  @ApiOkResponse({ type: CancellationFeeView })
  cancellationFee(@OwnedId() id: string) {
    return this.reservations.cancellationFee(id);
  }

  @Post('reservations/:id/cancel')
  @HttpCode(200)
  @Access([...BOOKERS], 'owned', 'reservation')
  @StaffOnlyFields('waiveFee')
  cancel(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: CancelDto) {
    return this.reservations.cancel(actor, id, dto);
  }

  @Post('reservations/:id/approve')
  @HttpCode(200)
  @Access(SCHEDULING, 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  approve(@CurrentActor() actor: Actor, @OwnedId() id: string) {
    return this.reservations.approve(actor, id);
  }

  @Post('reservations/:id/reject')
  @HttpCode(200)
  @Access(SCHEDULING, 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  reject(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: ReasonDto) {
    return this.reservations.reject(actor, id, dto.reason);
  }

  @Post('reservations/:id/check-in')
  @HttpCode(200)
  @Access(SCHEDULING, 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  checkIn(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: CheckInDto) {
    return this.reservations.checkIn(actor, id, dto);
  }

  @Post('reservations/:id/check-out')
  @HttpCode(200)
  @Access(SCHEDULING, 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  checkOut(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: CheckOutDto) {
    return this.reservations.checkOut(actor, id, dto);
  }

  @Post('reservations/:id/resolve')
  @HttpCode(200)
  @Access(SCHEDULING, 'owned', 'reservation')
  @ApiOkResponse({ type: ReservationView })
  resolve(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: ResolveDto) {
    return this.reservations.resolve(actor, id, dto);
  }

  @Get('reservations/:id/audit')
  @Access(ANY_ROLE, 'owned', 'reservation')
  audit(@OwnedId() id: string) {
    return this.reservations.history(id);
  }

  @Get('conflicts')
  @Access(SCHEDULING, 'staff')
  conflicts(@CurrentActor() actor: Actor) {
    return this.reservations.conflictQueue(actor);
  }
}
