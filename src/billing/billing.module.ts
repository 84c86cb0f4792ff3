import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { BillingController } from './billing.controller.js';
import { BillingRepository } from './billing.repository.js';
import { ChargesService } from './charges.service.js';
import { InvoicesService } from './invoices.service.js';
import { RatesService } from './rates.service.js';

@Module({
  imports: [SegmentsModule, CatalogModule],
  controllers: [BillingController],
  providers: [BillingRepository, ChargesService, RatesService, InvoicesService],
  exports: [ChargesService, InvoicesService],
})
export class BillingModule {}
