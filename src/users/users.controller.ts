import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorators.js';
import { ADMIN, type Actor } from '../auth/actor.js';
import { ListQuery } from '../common/pagination.js';
import { CreateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Access(ADMIN, 'staff')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @Access(ADMIN, 'staff')
  list(@Query() query: ListQuery) {
    return this.users.list(query);
  }
}
