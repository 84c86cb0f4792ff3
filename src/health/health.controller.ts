import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';

@ApiTags('system')
@Controller()
export class HealthController {
  constructor(private readonly db: TypeOrmHealthIndicator) {}

  @Get('health')
  @Public()
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiResponse({ status: 503, schema: { example: { status: 'error', database: 'down' } } })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const up = await Promise.resolve(this.db.pingCheck('database', { timeout: 1500 })).then(
      (r) => r.database?.status === 'up',
      () => false,
    );
    if (!up) void reply.status(503);
    return up ? { status: 'ok', database: 'up' } : { status: 'error', database: 'down' };
  }
}
