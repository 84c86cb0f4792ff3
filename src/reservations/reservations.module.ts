import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AvailabilityModule } from '../availability/availability.module.js';
import { BillingModule } from '../billing/billing.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { QuotasModule } from '../quotas/quotas.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { Reservation } from './reservation.entity.js';
import { ReservationsController } from './reservations.controller.js';
import { ReservationsRepository } from './reservations.repository.js';
import { ReservationsService } from './reservations.service.js';
import { SeriesController } from './series.controller.js';
import { ReservationSeries } from './series.entity.js';
import { SeriesService } from './series.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Reservation, ReservationSeries]), SegmentsModule, AvailabilityModule, BillingModule, CatalogModule, QuotasModule],
  controllers: [ReservationsController, SeriesController],
  providers: [ReservationsService, ReservationsRepository, SeriesService],
  exports: [ReservationsService, ReservationsRepository],
})
export class ReservationsModule {}
