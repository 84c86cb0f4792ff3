import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Duplicate, NotFound } from '../common/errors.js';
import { pageByCreation, type ListQuery, type Page } from '../common/pagination.js';
import { UNIQUE_VIOLATION, sqlState } from '../database/pg-errors.js';
import { Transactions } from '../database/transactions.js';
import { Driver, Organization } from './organization.entity.js';
import {
  DriverView,
  OrganizationView,
  type CertifyDriverDto,
  type CreateDriverDto,
  type CreateOrganizationDto,
  type UpdateOrganizationDto,
} from './organizations.dto.js';

const duplicateBusinessNumber = (error: unknown, businessNumber?: string) =>
  sqlState(error) === UNIQUE_VIOLATION
    ? new Duplicate(`An organization with business number ${businessNumber} exists`, { field: 'businessNumber' })
    : error;

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(Driver) private readonly drivers: Repository<Driver>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationView> {
    try {
      return await this.transactions.run(async (manager) => {
        const repo = manager.getRepository(Organization);
        const org = await repo.save(repo.create({ ...dto, starCompany: dto.starCompany ?? false }));
        await this.audit.record(manager, { entityType: 'organization', entityId: org.id, action: 'create', to: org.membership, actorId: actor.userId });
        return OrganizationView.of(org);
      });
    } catch (error) {
      throw duplicateBusinessNumber(error, dto.businessNumber);
    }
  }

  async update(actor: Actor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    try {
      return await this.transactions.run(async (manager) => {
        const repo = manager.getRepository(Organization);
        const org = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!org) throw new NotFound('organization');
        const before = { membership: org.membership, starCompany: org.starCompany };
        const saved = await repo.save(repo.merge(org, dto));
        await this.audit.record(manager, {
          entityType: 'organization',
          entityId: id,
          action: 'update',
          from: before.membership,
          to: saved.membership,
          actorId: actor.userId,
          data: { changed: dto as Record<string, unknown>, before },
        });
        return OrganizationView.of(saved);
      });
    } catch (error) {
      throw duplicateBusinessNumber(error, dto.businessNumber);
    }
  }

  async get(id: string): Promise<OrganizationView> {
    const org = await this.organizations.findOneBy({ id });
    if (!org) throw new NotFound('organization');
    return OrganizationView.of(org);
  }

  list(query: ListQuery): Promise<Page<OrganizationView>> {
    return pageByCreation(this.organizations.createQueryBuilder('o'), query, OrganizationView.of);
  }

  async addDriver(actor: Actor, organizationId: string, dto: CreateDriverDto): Promise<DriverView> {
    return this.transactions.run(async (manager) => {
      const [org] = (await manager.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId])) as unknown[];
      if (!org) throw new NotFound('organization');
      const repo = manager.getRepository(Driver);
      const driver = await repo.save(repo.create({ organizationId, name: dto.name, licenseNumber: dto.licenseNumber, level: 0, certifiedUntil: null }));
      await this.audit.record(manager, { entityType: 'driver', entityId: driver.id, action: 'create', to: 'level 0', actorId: actor.userId });
      return DriverView.of(driver);
    });
  }

  async listDrivers(organizationId: string, query: ListQuery): Promise<Page<DriverView>> {
    await this.get(organizationId);
    const qb = this.drivers.createQueryBuilder('d').where('d.organization_id = :organizationId', { organizationId });
    return pageByCreation(qb, query, DriverView.of);
  }

  async certifyDriver(actor: Actor, id: string, dto: CertifyDriverDto): Promise<DriverView> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(Driver);
      const driver = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!driver) throw new NotFound('driver');
      const from = `level ${driver.level}${driver.certifiedUntil ? ` until ${driver.certifiedUntil}` : ''}`;
      driver.level = dto.level;
      driver.certifiedUntil = dto.certifiedUntil;
      const saved = await repo.save(driver);
      await this.audit.record(manager, {
        entityType: 'driver',
        entityId: id,
        action: 'certify',
        from,
        to: `level ${dto.level} until ${dto.certifiedUntil}`,
        actorId: actor.userId,
      });
      return DriverView.of(saved);
    });
  }
}
