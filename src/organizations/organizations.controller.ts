import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor, OwnedId } from '../auth/access.decorators.js';
import { ADMIN, ANY_ROLE, SCHEDULING, STAFF, type Actor } from '../auth/actor.js';
import { ListQuery } from '../common/pagination.js';
import {
  CertifyDriverDto,
  CreateDriverDto,
  CreateOrganizationDto,
  DriverView,
  OrganizationView,
  UpdateOrganizationDto,
} from './organizations.dto.js';
import { OrganizationsService } from './organizations.service.js';

const DRIVER_MANAGERS = ['customer', ...SCHEDULING] as const;

@ApiTags('organizations')
@Controller('api/v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post('organizations')
  @Access(ADMIN, 'staff')
  @ApiCreatedResponse({ type: OrganizationView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganizationDto) {
    return this.organizations.create(actor, dto);
  }

  @Get('organizations')
  @Access(STAFF, 'staff')
  list(@Query() query: ListQuery) {
    return this.organizations.list(query);
  }

  @Get('organizations/:id')
  @Access(ANY_ROLE, 'owned', 'organization')
  @ApiOkResponse({ type: OrganizationView })
  get(@OwnedId() id: string) {
    return this.organizations.get(id);
  }

  @Patch('organizations/:id')
  @Access(ADMIN, 'owned', 'organization')
  @ApiOkResponse({ type: OrganizationView })
  update(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(actor, id, dto);
  }

  @Post('organizations/:orgId/drivers')
  @Access([...DRIVER_MANAGERS], 'owned', 'organization', 'orgId')
  @ApiCreatedResponse({ type: DriverView })
  addDriver(@CurrentActor() actor: Actor, @OwnedId() orgId: string, @Body() dto: CreateDriverDto) {
    return this.organizations.addDriver(actor, orgId, dto);
  }

  @Get('organizations/:orgId/drivers')
  @Access(ANY_ROLE, 'owned', 'organization', 'orgId')
  listDrivers(@OwnedId() orgId: string, @Query() query: ListQuery) {
    return this.organizations.listDrivers(orgId, query);
  }

  @Post('drivers/:id/certify')
  @HttpCode(200)
  @Access(SCHEDULING, 'owned', 'driver')
  @ApiOkResponse({ type: DriverView })
  certify(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: CertifyDriverDto) {
    return this.organizations.certifyDriver(actor, id, dto);
  }
}
