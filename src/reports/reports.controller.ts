import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorators.js';
import { MONEY } from '../auth/actor.js';
import { UtilizationQuery } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('utilization')
  @Access(MONEY, 'staff')
  @ApiProduces('application/json', 'text/csv')
  async utilization(@Query() query: UtilizationQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.utilization(query);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="utilization.csv"');
    return ReportsService.csv(report.items);
  }
}
