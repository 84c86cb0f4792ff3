import { Module } from '@nestjs/common';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { LifecycleService } from './lifecycle.service.js';

@Module({ imports: [ReservationsModule], providers: [LifecycleService], exports: [LifecycleService] })
export class JobsModule {}
