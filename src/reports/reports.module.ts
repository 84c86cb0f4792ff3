import { Module } from '@nestjs/common';
import { SegmentsModule } from '../segments/segments.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [SegmentsModule], controllers: [ReportsController], providers: [ReportsService, ReportsRepository] })
export class ReportsModule {}
