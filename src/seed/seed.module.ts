import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { UsersModule } from '../users/users.module.js';
import { SeedService } from './seed.service.js';

@Module({ imports: [UsersModule, OrganizationsModule, SegmentsModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
