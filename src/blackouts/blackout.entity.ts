import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('blackouts')
export class Blackout {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** null: the whole facility. A blackout on a composite covers everything below it. */
  @Column('uuid', { name: 'segment_ids', array: true, nullable: true }) segmentIds: string[] | null;
  /** The first occurrence; a recurring blackout repeats it by `rrule` in facility local time. */
  @Column('timestamptz', { name: 'start_at' }) start: Date;
  @Column('timestamptz', { name: 'end_at' }) end: Date;
  @Column('text', { nullable: true }) rrule: string | null;
  @Column('text') reason: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
