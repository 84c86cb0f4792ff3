import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OpeningHours } from './opening-hours.js';

export const CAPACITY_MODES = ['exclusive', 'shared'] as const;
export type CapacityMode = (typeof CAPACITY_MODES)[number];

@Entity('segments')
export class Segment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  /** Korean name (the facility's own language). */
  @Column('text') name: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn: string | null;
  @Column('text') kind: string;
  @Column('text', { name: 'capacity_mode' }) capacityMode: CapacityMode;
  @Column('integer', { name: 'max_vehicles', nullable: true }) maxVehicles: number | null;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('smallint', { name: 'required_driver_level' }) requiredDriverLevel: number;
  @Column('integer', { name: 'slot_minutes' }) slotMinutes: number;
  @Column('integer', { name: 'min_duration_minutes' }) minDurationMinutes: number;
  @Column('integer', { name: 'max_duration_minutes' }) maxDurationMinutes: number;
  @Column('integer', { name: 'buffer_minutes' }) bufferMinutes: number;
  @Column('integer', { name: 'min_notice_minutes' }) minNoticeMinutes: number;
  @Column('integer', { name: 'max_advance_days' }) maxAdvanceDays: number;
  @Column('boolean', { name: 'approval_required' }) approvalRequired: boolean;
  @Column('jsonb', { name: 'opening_hours' }) openingHours: OpeningHours;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
