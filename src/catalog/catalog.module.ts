import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from './catalog.controller.js';
import { CatalogItem, FundingProgram, SupportRequest } from './catalog.entities.js';
import { CatalogService } from './catalog.service.js';
import { SupportRequestsService } from './support-requests.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CatalogItem, FundingProgram, SupportRequest])],
  controllers: [CatalogController],
  providers: [CatalogService, SupportRequestsService],
  exports: [CatalogService],
})
export class CatalogModule {}
