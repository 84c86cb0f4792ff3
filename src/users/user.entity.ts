import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../auth/actor.js';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'organization_id', nullable: true }) organizationId: string | null;
  @Column('text') locale: 'ko' | 'en';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
