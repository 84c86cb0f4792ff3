import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { owningOrganization, scopeOrganization, type Actor } from '../auth/actor.js';
import { InvalidState, NotFound } from '../common/errors.js';
import { pageByCreation, type Page } from '../common/pagination.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { SupportRequest, type RequestStatus } from './catalog.entities.js';
import type { CreateSupportRequestDto, SupportRequestQuery, UpdateSupportRequestDto } from './catalog.dto.js';

/** open → triaged → in_progress → resolved, or declined from any open state. */
const NEXT: Record<RequestStatus, RequestStatus[]> = {
  open: ['triaged', 'declined'],
  triaged: ['in_progress', 'declined'],
  in_progress: ['resolved', 'declined'],
  resolved: [],
  declined: [],
};

/** The demand-side window: companies file their difficulties; staff triage, assign and link catalog items. */
@Injectable()
export class SupportRequestsService {
  constructor(
    @InjectRepository(SupportRequest) private readonly requests: Repository<SupportRequest>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: Outbox,
  ) {}

  async create(actor: Actor, dto: CreateSupportRequestDto): Promise<SupportRequest> {
    const organizationId = owningOrganization(actor, dto.organizationId);
    return this.transactions.run(async (manager) => {
      const [org] = (await manager.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId])) as unknown[];
      if (!org) throw new NotFound('organization');
      const repo = manager.getRepository(SupportRequest);
      const request = await repo.save(
        repo.create({ organizationId, category: dto.category, title: dto.title, description: dto.description, status: 'open', assignee: null, linkedItemCodes: [], createdBy: actor.userId }),
      );
      await this.audit.record(manager, { entityType: 'support_request', entityId: request.id, action: 'create', from: null, to: 'open', actorId: actor.userId });
      // the answer to an Idempotency-Key, written with the creation: a concurrent retry replays it instead of filing again
      await this.idempotency.record(manager, 201, request);
      return request;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateSupportRequestDto): Promise<SupportRequest> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(SupportRequest);
      const request = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new NotFound('support request');
      const from = request.status;
      if (dto.status && dto.status !== from && !NEXT[from].includes(dto.status)) {
        throw new InvalidState(`A ${from} request cannot become ${dto.status}`, { status: from, allowed: NEXT[from] });
      }
      if (dto.linkedItemCodes !== undefined) {
        // Codes are matched regardless of case (as they are unique), kept as the catalog spells them, in the order
        // given, each once; an empty list unlinks every item.
        const wanted = [...new Set(dto.linkedItemCodes.map((c) => c.toLowerCase()))];
        const rows = (await manager.query(`SELECT code FROM catalog_items WHERE lower(code) = ANY($1::text[])`, [wanted])) as { code: string }[];
        const byCode = new Map(rows.map((r) => [r.code.toLowerCase(), r.code]));
        const missing = wanted.filter((c) => !byCode.has(c));
        if (missing.length) throw new NotFound(`catalog item ${missing.join(', ')}`);
        request.linkedItemCodes = wanted.map((c) => byCode.get(c)!);
      }
      if (dto.status) request.status = dto.status;
      if (dto.assignee !== undefined) request.assignee = dto.assignee;
      const saved = await repo.save(request);
      await this.audit.record(manager, {
        entityType: 'support_request',
        entityId: id,
        action: 'update',
        from,
        to: saved.status,
        actorId: actor.userId,
        data: { assignee: saved.assignee, linkedItemCodes: saved.linkedItemCodes },
      });
      // webhooks hear of every change; the requester is e-mailed when the status moves
      await this.outbox.emit(manager, {
        type: 'support_request.updated',
        organizationId: saved.organizationId,
        data: { supportRequest: saved, from, to: saved.status },
        ...(saved.status !== from ? { mailTo: { userId: saved.createdBy } } : {}),
      });
      return saved;
    });
  }

  async get(id: string): Promise<SupportRequest> {
    const request = await this.requests.findOneBy({ id });
    if (!request) throw new NotFound('support request');
    return request;
  }

  list(actor: Actor, query: SupportRequestQuery): Promise<Page<SupportRequest>> {
    const organizationId = scopeOrganization(actor, query.organizationId);
    const qb = this.requests.createQueryBuilder('r');
    if (organizationId) qb.andWhere('r.organization_id = :organizationId', { organizationId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.category) qb.andWhere('r.category = :category', { category: query.category });
    return pageByCreation(qb, query, (r) => r);
  }
}
