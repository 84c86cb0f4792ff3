import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditRecord {
  entityType: string;
  entityId: string;
  /** What happened: `create`, `approve`, `check_in`, ... */
  action: string;
  /** State before (absent for a creation: "from none"). */
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  /** The user who did it; absent for background jobs. */
  actorId?: string | null;
  data?: Record<string, unknown>;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiProperty() action: string;
  @ApiPropertyOptional({ nullable: true, type: String }) from: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) to: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) data: Record<string, unknown> | null;
  @ApiProperty() at: string;
}

interface AuditRow {
  id: string;
  entity_type: string;
  entity_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  actor_id: string | null;
  data: Record<string, unknown> | null;
  at: Date;
}

/** The audit log: every state change, written in the transaction that makes it. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, ...entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO audit_log (entity_type, entity_id, action, from_state, to_state, reason, actor_id, data)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::jsonb[])`,
      [
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => e.action),
        entries.map((e) => e.from ?? null),
        entries.map((e) => e.to ?? null),
        entries.map((e) => e.reason ?? null),
        entries.map((e) => e.actorId ?? null),
        entries.map((e) => (e.data ? JSON.stringify(e.data) : null)),
      ],
    );
  }

  async history(entityType: string, entityId: string): Promise<AuditEntryView[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    )) as AuditRow[];
    return rows.map((r) => ({
      id: String(r.id),
      entityType: r.entity_type,
      entityId: r.entity_id,
      action: r.action,
      from: r.from_state,
      to: r.to_state,
      reason: r.reason,
      actorId: r.actor_id,
      data: r.data,
      at: r.at.toISOString(),
    }));
  }
}
