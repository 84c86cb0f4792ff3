import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentActor, OwnedId, Public } from '../auth/access.decorators.js';
import { STAFF, type Actor } from '../auth/actor.js';
import { NotFound } from '../common/errors.js';
import { UUID } from '../common/validation.js';
import { CalendarService } from './calendar.service.js';

/** `<uuid>.ics` → the uuid; anything else names no calendar. */
function feedId(file: string): string {
  const id = file.endsWith('.ics') ? file.slice(0, -4) : '';
  if (!UUID.test(id)) throw new NotFound('calendar');
  return id.toLowerCase();
}

const ICS = 'text/calendar; charset=utf-8';

@ApiTags('calendar')
@Controller('api/v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('calendar/segments/:file')
  @Access(STAFF, 'staff')
  @ApiProduces(ICS)
  async segment(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-type', ICS);
    return this.calendar.segmentFeed(feedId(file));
  }

  /** Authenticated by the organization's feed token instead of a bearer token (calendar programs cannot send one). */
  @Get('calendar/organizations/:file')
  @Public()
  @ApiProduces(ICS)
  async organization(@Param('file') file: string, @Query('token') token: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const body = await this.calendar.organizationFeed(feedId(file), typeof token === 'string' ? token : undefined);
    void reply.header('content-type', ICS);
    return body;
  }

  @Post('organizations/:id/feed-token')
  @HttpCode(200)
  @Access(['customer', 'scheduler', 'admin'], 'owned', 'organization')
  async rotate(@CurrentActor() actor: Actor, @OwnedId() id: string, @Req() request: FastifyRequest) {
    const token = await this.calendar.rotateToken(actor, id);
    const path = `/api/v1/calendar/organizations/${id}.ics?token=${token}`;
    return { token, url: `${request.protocol}://${request.headers.host ?? 'localhost'}${path}` };
  }
}
