import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CONFLICT_POLICIES = ['all_or_nothing', 'skip_conflicts'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

@Entity('reservation_series')
export class ReservationSeries {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('uuid', { name: 'segment_id' }) segmentId: string;
  /** The first occurrence; its local wall-clock time is every occurrence's. */
  @Column('timestamptz', { name: 'first_start' }) firstStart: Date;
  @Column('integer', { name: 'duration_minutes' }) durationMinutes: number;
  @Column('text') rrule: string;
  @Column('integer') vehicles: number;
  @Column('uuid', { name: 'driver_ids', array: true }) driverIds: string[];
  @Column('text') purpose: string;
  @Column('text', { name: 'conflict_policy' }) conflictPolicy: ConflictPolicy;
  @Column('integer', { name: 'max_conflict_percent' }) maxConflictPercent: number;
  @Column('text') status: 'active' | 'cancelled';
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
