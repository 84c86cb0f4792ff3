import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Eligibility } from './eligibility.js';

export const CATEGORIES = ['rnd', 'funding', 'workforce', 'site', 'market', 'shared_service', 'equipment'] as const;
export type Category = (typeof CATEGORIES)[number];
export const UNITS = ['hour', 'day', 'each'] as const;
export type Unit = (typeof UNITS)[number];

@Entity('catalog_items')
export class CatalogItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') category: Category;
  @Column('text') unit: Unit;
  @Column('bigint', { name: 'member_price', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) memberPrice: number;
  @Column('bigint', { name: 'non_member_price', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) nonMemberPrice: number;
  @Column('boolean') taxable: boolean;
  @Column('text') provider: string;
  /** Ordered with a reservation and billed with it. */
  @Column('boolean', { name: 'add_on' }) addOn: boolean;
  @Column('jsonb') eligibility: Eligibility;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('funding_programs')
export class FundingProgram {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('integer', { name: 'coverage_percent' }) coveragePercent: number;
  @Column('bigint', { name: 'annual_cap', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) annualCap: number;
  /** `track`: track-time lines only; `all`: track time and add-ons. */
  @Column('text', { name: 'applies_to' }) appliesTo: 'track' | 'all';
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to' }) validTo: string;
  @Column('jsonb') eligibility: Eligibility;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const REQUEST_STATUSES = ['open', 'triaged', 'in_progress', 'resolved', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

@Entity('support_requests')
export class SupportRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('text') category: Category;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text') status: RequestStatus;
  @Column('text', { nullable: true }) assignee: string | null;
  @Column('text', { name: 'linked_item_codes', array: true }) linkedItemCodes: string[];
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
