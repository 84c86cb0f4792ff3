import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Duplicate, InvalidState, NotFound, ValidationFailed, type FieldProblem } from '../common/errors.js';
import { pageByCreation, type Page } from '../common/pagination.js';
import { UNIQUE_VIOLATION, sqlState } from '../database/pg-errors.js';
import { Transactions } from '../database/transactions.js';
import { validateOpeningHours } from './opening-hours.js';
import { Segment } from './segment.entity.js';
import { SegmentsRepository } from './segments.repository.js';
import { DEFAULT_OPENING_HOURS, SegmentView, type CreateSegmentDto, type SegmentListQuery, type UpdateSegmentDto } from './segments.dto.js';

type SegmentShape = Pick<
  Segment,
  'capacityMode' | 'maxVehicles' | 'bufferMinutes' | 'slotMinutes' | 'minDurationMinutes' | 'maxDurationMinutes' | 'openingHours'
>;

/** Rules that tie fields together (each field alone is checked by the DTO). */
export function shapeProblems(s: SegmentShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problems: [problem] });
  if (s.capacityMode === 'shared' && s.maxVehicles == null) add('maxVehicles', 'maxVehicles is required for a shared segment');
  if (s.capacityMode === 'exclusive' && s.maxVehicles != null) add('maxVehicles', 'maxVehicles is only for shared segments');
  if (s.capacityMode === 'shared' && s.bufferMinutes > 0) add('bufferMinutes', 'bufferMinutes applies to exclusive segments only');
  if (1440 % s.slotMinutes !== 0) add('slotMinutes', 'slotMinutes must divide a day (1440 minutes)');
  if (s.minDurationMinutes > s.maxDurationMinutes) add('minDurationMinutes', 'minDurationMinutes must not exceed maxDurationMinutes');
  const hours = validateOpeningHours(s.openingHours);
  if (hours.length) problems.push({ field: 'openingHours', problems: hours });
  return problems;
}

function refuseBadShape(shape: SegmentShape): void {
  const problems = shapeProblems(shape);
  if (problems.length) throw new ValidationFailed(problems, problems.flatMap((p) => p.problems).join('; '));
}

const duplicateCode = (error: unknown, code?: string) =>
  sqlState(error) === UNIQUE_VIOLATION ? new Duplicate(`A segment with code ${code} exists`, { field: 'code' }) : error;

@Injectable()
export class SegmentsService {
  constructor(
    @InjectRepository(Segment) private readonly segments: Repository<Segment>,
    private readonly tree: SegmentsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateSegmentDto): Promise<SegmentView> {
    const values = {
      code: dto.code,
      name: dto.name,
      nameEn: dto.nameEn ?? null,
      kind: dto.kind,
      capacityMode: dto.capacityMode,
      maxVehicles: dto.maxVehicles ?? null,
      parentId: dto.parentId ?? null,
      requiredDriverLevel: dto.requiredDriverLevel ?? 0,
      slotMinutes: dto.slotMinutes ?? 30,
      minDurationMinutes: dto.minDurationMinutes ?? 30,
      maxDurationMinutes: dto.maxDurationMinutes ?? 720,
      bufferMinutes: dto.bufferMinutes ?? 0,
      minNoticeMinutes: dto.minNoticeMinutes ?? 0,
      maxAdvanceDays: dto.maxAdvanceDays ?? 365,
      approvalRequired: dto.approvalRequired ?? false,
      openingHours: dto.openingHours ? dto.openingHours.map(({ days, open, close }) => ({ days, open, close })) : DEFAULT_OPENING_HOURS,
      active: dto.active ?? true,
    };
    refuseBadShape(values);
    try {
      return await this.transactions.run(async (manager) => {
        if (values.parentId) {
          // Lock the parent: no booking may start on its path while it becomes a composite.
          const parent = await manager.getRepository(Segment).findOne({ where: { id: values.parentId }, lock: { mode: 'pessimistic_write' } });
          if (!parent) throw new NotFound('parent segment');
          if (parent.capacityMode === 'shared') {
            throw new InvalidState('A shared segment cannot have children: a composite is always booked exclusively', { parentId: parent.id });
          }
          if (await this.tree.holdsReservationsOnPath(manager, parent.id)) {
            throw new InvalidState('The parent segment (or one above it) holds reservations; it cannot be given a child', { parentId: parent.id });
          }
        }
        const segment = await this.tree.insert(manager, values);
        await this.audit.record(manager, { entityType: 'segment', entityId: segment.id, action: 'create', to: segment.active ? 'active' : 'inactive', actorId: actor.userId });
        return SegmentView.of(segment, false);
      });
    } catch (error) {
      throw duplicateCode(error, dto.code);
    }
  }

  async update(actor: Actor, id: string, dto: UpdateSegmentDto): Promise<SegmentView> {
    try {
      return await this.transactions.run(async (manager) => {
        const repo = manager.getRepository(Segment);
        const segment = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!segment) throw new NotFound('segment');
        const before = { active: segment.active, capacityMode: segment.capacityMode, maxVehicles: segment.maxVehicles };
        const changes: Partial<Segment> = { ...dto } as Partial<Segment>;
        if (dto.openingHours) changes.openingHours = dto.openingHours.map(({ days, open, close }) => ({ days, open, close }));
        if (dto.capacityMode === 'exclusive' && dto.maxVehicles === undefined) changes.maxVehicles = null;
        const merged = repo.merge(repo.create({ ...segment }), changes);
        refuseBadShape(merged);
        const composite = (await this.tree.composites([id], manager)).has(id);
        if (merged.capacityMode !== segment.capacityMode) {
          if (composite) throw new InvalidState('A composite segment is always exclusive');
          // A booking of an ancestor (a composite) occupies this segment too, at full capacity.
          if (await this.tree.holdsReservationsOnPath(manager, id)) {
            throw new InvalidState('The segment (or a composite above it) holds reservations; its capacity mode cannot change');
          }
        }
        const saved = await repo.save(merged);
        if (saved.capacityMode === 'shared' && !composite && saved.maxVehicles !== null && saved.maxVehicles !== before.maxVehicles) {
          await this.tree.refillCompositeClaims(manager, id, saved.maxVehicles);
        }
        await this.audit.record(manager, {
          entityType: 'segment',
          entityId: id,
          action: 'update',
          from: before.active ? 'active' : 'inactive',
          to: saved.active ? 'active' : 'inactive',
          actorId: actor.userId,
          data: { changed: Object.keys(dto), before },
        });
        return SegmentView.of(saved, composite);
      });
    } catch (error) {
      throw duplicateCode(error, dto.code);
    }
  }

  async get(id: string): Promise<SegmentView> {
    const segment = await this.segments.findOneBy({ id });
    if (!segment) throw new NotFound('segment');
    return SegmentView.of(segment, (await this.tree.composites([id])).has(id));
  }

  async list(query: SegmentListQuery): Promise<Page<SegmentView>> {
    const qb = this.segments.createQueryBuilder('s');
    if (query.kind) qb.where('s.kind = :kind', { kind: query.kind });
    const page = await pageByCreation(qb, query, (s) => s);
    const composites = await this.tree.composites(page.items.map((s) => s.id));
    return { items: page.items.map((s) => SegmentView.of(s, composites.has(s.id))), nextCursor: page.nextCursor };
  }
}
