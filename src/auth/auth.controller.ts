import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UserView } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { Access, CurrentActor, Public } from './access.decorators.js';
import { ANY_ROLE, type Actor } from './actor.js';
import { LoginDto, LoginResult } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: LoginResult })
  @ApiResponse({ status: 401, description: 'UNAUTHENTICATED: e-mail or password wrong' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest) {
    return this.auth.login(dto.email, dto.password, request.ip);
  }

  @Get('me')
  @Access(ANY_ROLE, 'scoped')
  @ApiOkResponse({ type: UserView })
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor.userId);
  }
}
