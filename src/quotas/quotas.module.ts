import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { QuotasController } from './quotas.controller.js';
import { QuotasRepository } from './quotas.repository.js';
import { QuotasService } from './quotas.service.js';

/** Booking quotas per organization; ReservationsModule imports it to check bookings (never the other way round). */
@Module({
  imports: [SegmentsModule, OrganizationsModule],
  controllers: [QuotasController],
  providers: [QuotasService, QuotasRepository],
  exports: [QuotasService],
})
export class QuotasModule {}
