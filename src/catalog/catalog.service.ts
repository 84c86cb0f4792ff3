import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Duplicate, ErrorCode, NotFound, RuleViolation, ValidationFailed } from '../common/errors.js';
import { DEFAULT_LIMIT, decodeCursor, pageByCreation, toPage, type ListQuery, type Page } from '../common/pagination.js';
import { UUID } from '../common/validation.js';
import { UNIQUE_VIOLATION, sqlState } from '../database/pg-errors.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { CatalogItem, FundingProgram } from './catalog.entities.js';
import type { CreateItemDto, CreateProgramDto, ItemQuery, UpdateItemDto } from './catalog.dto.js';
import { eligibilityProblems, type EligibleOrganization } from './eligibility.js';

/** An add-on as billing prices it for one organization. */
export interface PricedAddOn {
  itemCode: string;
  name: string;
  unit: string;
  quantity: number;
  unitPrice: number;
  taxable: boolean;
}

/** A funding programme an organization is enrolled in and eligible for. */
export interface Enrollment {
  programId: string;
  code: string;
  name: string;
  coveragePercent: number;
  annualCap: number;
  appliesTo: 'track' | 'all';
  validFrom: string;
  validTo: string;
}

const duplicate = (error: unknown, what: string, code: string) =>
  sqlState(error) === UNIQUE_VIOLATION ? new Duplicate(`A ${what} with code ${code} exists`, { field: 'code' }) : error;

/**
 * The support catalog: items (some ordered as reservation add-ons), funding programmes and
 * enrolments. Other modules ask it for add-on prices and the programmes that fund an organization.
 */
@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(CatalogItem) private readonly items: Repository<CatalogItem>,
    @InjectRepository(FundingProgram) private readonly programs: Repository<FundingProgram>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  // ------------------------------------------------------------ items

  async createItem(actor: Actor, dto: CreateItemDto): Promise<CatalogItem> {
    try {
      return await this.transactions.run(async (manager) => {
        const repo = manager.getRepository(CatalogItem);
        const item = await repo.save(repo.create({ ...dto, taxable: dto.taxable ?? true, addOn: dto.addOn ?? false, eligibility: { ...dto.eligibility }, active: dto.active ?? true }));
        await this.audit.record(manager, { entityType: 'catalog_item', entityId: item.id, action: 'create', to: item.active ? 'active' : 'inactive', actorId: actor.userId });
        await this.idempotency.record(manager, 201, item);
        return item;
      });
    } catch (error) {
      throw duplicate(error, 'catalog item', dto.code);
    }
  }

  async updateItem(actor: Actor, id: string, dto: UpdateItemDto): Promise<CatalogItem> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(CatalogItem);
      const item = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw new NotFound('catalog item');
      const before = item.active;
      const saved = await repo.save(repo.merge(item, { ...dto, eligibility: dto.eligibility ? { ...dto.eligibility } : item.eligibility }));
      await this.audit.record(manager, { entityType: 'catalog_item', entityId: id, action: 'update', from: before ? 'active' : 'inactive', to: saved.active ? 'active' : 'inactive', actorId: actor.userId, data: { changed: Object.keys(dto) } });
      return saved;
    });
  }

  listItems(query: ItemQuery): Promise<Page<CatalogItem>> {
    const qb = this.items.createQueryBuilder('i');
    if (query.category) qb.where('i.category = :category', { category: query.category });
    return pageByCreation(qb, query, (i) => i);
  }

  private async organization(manager: EntityManager, organizationId: string): Promise<EligibleOrganization & { id: string }> {
    const [org] = (await manager.query(`SELECT id, kind, membership, star_company AS "starCompany" FROM organizations WHERE id = $1`, [organizationId])) as (EligibleOrganization & { id: string })[];
    if (!org) throw new NotFound('organization');
    return org;
  }

  /**
   * The add-ons of a booking, priced for the organization (member or non-member price).
   * Unknown codes → 404; when ordering (`enforce`), an item that is not an active add-on, or that
   * the organization may not use → 422 NOT_ELIGIBLE. Billing what was ordered does not check again.
   */
  async priceAddOns(
    organizationId: string,
    addOns: { itemCode: string; quantity: number }[],
    manager: EntityManager = this.items.manager,
    enforce = true,
  ): Promise<PricedAddOn[]> {
    if (addOns.length === 0) return [];
    const codes = addOns.map((a) => a.itemCode.toLowerCase());
    if (new Set(codes).size !== codes.length) throw ValidationFailed.field('addOns', 'each item may appear once');
    const org = await this.organization(manager, organizationId);
    const items = await manager.getRepository(CatalogItem).createQueryBuilder('i').where('lower(i.code) = ANY(:codes)', { codes }).getMany();
    const found = addOns.map(({ itemCode, quantity }) => {
      const item = items.find((i) => i.code.toLowerCase() === itemCode.toLowerCase());
      if (!item) throw new NotFound(`catalog item ${itemCode}`);
      return { item, quantity };
    });
    // Every code is known (404) before any is judged (422): checks answer in the order 404, then 422.
    return found.map(({ item, quantity }) => {
      const problems = [
        ...(item.addOn ? [] : ['not an add-on to a reservation']),
        ...(item.active ? [] : ['no longer offered']),
        ...eligibilityProblems(item.eligibility, org),
      ];
      if (enforce && problems.length) throw new RuleViolation(ErrorCode.NOT_ELIGIBLE, `${item.code}: ${problems.join('; ')}`, { itemCode: item.code, problems });
      return {
        itemCode: item.code,
        name: item.name,
        unit: item.unit,
        quantity,
        unitPrice: org.membership === 'member' ? item.memberPrice : item.nonMemberPrice,
        taxable: item.taxable,
      };
    });
  }

  // ------------------------------------------------------------ funding programmes

  async createProgram(actor: Actor, dto: CreateProgramDto): Promise<FundingProgram> {
    if (dto.validTo < dto.validFrom) throw ValidationFailed.field('validTo', 'validTo must not be before validFrom');
    try {
      return await this.transactions.run(async (manager) => {
        const repo = manager.getRepository(FundingProgram);
        const program = await repo.save(repo.create({ ...dto, eligibility: { ...dto.eligibility } }));
        await this.audit.record(manager, { entityType: 'funding_program', entityId: program.id, action: 'create', to: 'active', actorId: actor.userId });
        await this.idempotency.record(manager, 201, program);
        return program;
      });
    } catch (error) {
      throw duplicate(error, 'funding programme', dto.code);
    }
  }

  listPrograms(query: ListQuery): Promise<Page<FundingProgram>> {
    return pageByCreation(this.programs.createQueryBuilder('p'), query, (p) => p);
  }

  /** Enrols an eligible organization (422 NOT_ELIGIBLE otherwise; 409 DUPLICATE when enrolled already). */
  async enroll(actor: Actor, programId: string, organizationId: string): Promise<{ programId: string; organizationId: string; createdAt: string }> {
    return this.transactions.run(async (manager) => {
      const program = await manager.getRepository(FundingProgram).findOneBy({ id: programId });
      if (!program) throw new NotFound('funding programme');
      const org = await this.organization(manager, organizationId);
      const problems = eligibilityProblems(program.eligibility, org);
      if (problems.length) throw new RuleViolation(ErrorCode.NOT_ELIGIBLE, `${program.code}: ${problems.join('; ')}`, { programCode: program.code, problems });
      const rows = (await manager.query(
        `INSERT INTO funding_enrollments (program_id, organization_id, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING created_at`,
        [programId, organizationId, actor.userId],
      )) as { created_at: Date }[];
      if (!rows.length) throw new Duplicate('The organization is enrolled in this programme already');
      await this.audit.record(manager, { entityType: 'funding_program', entityId: programId, action: 'enroll', to: organizationId, actorId: actor.userId });
      const enrollment = { programId, organizationId, createdAt: rows[0].created_at.toISOString() };
      await this.idempotency.record(manager, 201, enrollment);
      return enrollment;
    });
  }

  /** The organizations enrolled in a programme, in order of enrolment, a page at a time (api.md: lists page). */
  async enrollments(programId: string, query: ListQuery = {}): Promise<Page<{ programId: string; organizationId: string; createdAt: string }>> {
    if (!(await this.programs.existsBy({ id: programId }))) throw new NotFound('funding programme');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, 2);
    if (after && (typeof after[0] !== 'string' || Number.isNaN(Date.parse(after[0])) || !UUID.test(String(after[1])))) {
      throw ValidationFailed.field('cursor', 'cursor is not one this API issued');
    }
    // The cursor carries PostgreSQL's own text of created_at: a JS Date would lose the microseconds.
    const rows = (await this.programs.query(
      `SELECT organization_id, created_at, created_at::text AS cursor_at FROM funding_enrollments
        WHERE program_id = $1 AND ($2::timestamptz IS NULL OR (created_at, organization_id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, organization_id LIMIT $4`,
      [programId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as { organization_id: string; created_at: Date; cursor_at: string }[];
    return toPage(rows, limit, (r) => [r.cursor_at, r.organization_id], (r) => ({ programId, organizationId: r.organization_id, createdAt: r.created_at.toISOString() }));
  }

  /**
   * The programmes funding an organization in a local month: enrolled, valid on some day of it,
   * and (still) eligible. In code order, so the lines come out the same way every time.
   */
  async fundingFor(manager: EntityManager, organizationId: string, monthStart: string, monthEnd: string): Promise<Enrollment[]> {
    const org = await this.organization(manager, organizationId);
    const programs = await manager
      .getRepository(FundingProgram)
      .createQueryBuilder('p')
      .innerJoin('funding_enrollments', 'e', 'e.program_id = p.id AND e.organization_id = :organizationId', { organizationId })
      .where('p.valid_from <= :monthEnd AND p.valid_to >= :monthStart', { monthStart, monthEnd })
      .orderBy('p.code')
      .getMany();
    return programs
      .filter((p) => eligibilityProblems(p.eligibility, org).length === 0)
      .map((p) => ({ programId: p.id, code: p.code, name: p.name, coveragePercent: p.coveragePercent, annualCap: p.annualCap, appliesTo: p.appliesTo, validFrom: p.validFrom, validTo: p.validTo }));
  }
}
