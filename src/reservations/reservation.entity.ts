import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const RESERVATION_STATUSES = [
  'pending',
  'confirmed',
  'checked_in',
  'completed',
  'cancelled',
  'rejected',
  'expired',
  'no_show',
  'displaced',
  'waitlisted',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface AddOn {
  itemCode: string;
  quantity: number;
  /** The won per unit when booked: later price changes do not reach this reservation. */
  unitPrice?: number;
}

@Entity('reservations')
export class Reservation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('uuid', { name: 'segment_id' }) segmentId: string;
  @Column('timestamptz', { name: 'start_at' }) start: Date;
  @Column('timestamptz', { name: 'end_at' }) end: Date;
  /** The segment's buffer when booked: the reservation occupies [start, end + buffer). */
  @Column('integer', { name: 'buffer_minutes' }) bufferMinutes: number;
  @Column('integer') vehicles: number;
  @Column('uuid', { name: 'driver_ids', array: true }) driverIds: string[];
  @Column('text') purpose: string;
  @Column('text') status: ReservationStatus;
  @Column('uuid', { name: 'series_id', nullable: true }) seriesId: string | null;
  @Column('boolean') priority: boolean;
  @Column('boolean', { name: 'needs_approval' }) needsApproval: boolean;
  @Column('jsonb', { name: 'add_ons' }) addOns: AddOn[];
  @Column('timestamptz', { name: 'actual_start', nullable: true }) actualStart: Date | null;
  @Column('timestamptz', { name: 'actual_end', nullable: true }) actualEnd: Date | null;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
}
