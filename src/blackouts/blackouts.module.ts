import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { Blackout } from './blackout.entity.js';
import { BlackoutsController } from './blackouts.controller.js';
import { BlackoutsService } from './blackouts.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Blackout]), ReservationsModule],
  controllers: [BlackoutsController],
  providers: [BlackoutsService],
})
export class BlackoutsModule {}
