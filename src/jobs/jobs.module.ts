import { Module } from '@nestjs/common';
import { BillingModule } from '../billing/billing.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { LifecycleService } from './lifecycle.service.js';

@Module({ imports: [ReservationsModule, BillingModule], providers: [LifecycleService], exports: [LifecycleService] })
export class JobsModule {}
