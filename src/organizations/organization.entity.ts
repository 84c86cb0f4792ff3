import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ORGANIZATION_KINDS = ['oem', 'supplier', 'research', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const MEMBERSHIPS = ['member', 'non_member'] as const;
export type Membership = (typeof MEMBERSHIPS)[number];

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: OrganizationKind;
  @Column('text', { name: 'business_number' }) businessNumber: string;
  @Column('text') membership: Membership;
  @Column('boolean', { name: 'star_company' }) starCompany: boolean;
  @Column('text', { name: 'billing_email' }) billingEmail: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('drivers')
export class Driver {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('text') name: string;
  @Column('text', { name: 'license_number' }) licenseNumber: string;
  @Column('smallint') level: number;
  /** Local date `YYYY-MM-DD`, valid up to and including that day. */
  @Column('date', { name: 'certified_until', nullable: true }) certifiedUntil: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
